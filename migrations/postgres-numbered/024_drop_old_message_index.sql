-- 024: messages_created_at_idx (004) is unused since 014 added the per-conversation index;
-- drop it without blocking writes. Like CREATE INDEX CONCURRENTLY, this cannot run inside a
-- transaction block, so the file has no BEGIN/COMMIT.

DROP INDEX CONCURRENTLY IF EXISTS messages_created_at_idx;

-- The history index bloated badly during the import of old transcripts.
REINDEX INDEX messages_conversation_id_created_at_idx;
REINDEX TABLE workflow.connections;
