-- 014: loading a conversation reads its messages in order; on a big messages table this was a
-- sequential scan. Built CONCURRENTLY so chat keeps working while it builds.
--
-- CREATE INDEX CONCURRENTLY cannot run inside a transaction block: this file must not be
-- wrapped in BEGIN/COMMIT (each statement runs on its own).

CREATE INDEX CONCURRENTLY IF NOT EXISTS messages_conversation_id_created_at_idx
    ON messages (conversation_id, created_at);

-- Token accounting sums per conversation; include the column to allow index-only scans.
CREATE INDEX CONCURRENTLY messages_conversation_tokens_idx
    ON messages (conversation_id) INCLUDE (token_count);
