-- 013: tool-call messages carry no text, only a payload. content becomes nullable (but still
-- required for other roles) and a payload column is added: another rebuild.
-- Dropping the old table also drops its trigger (011); it is recreated below.
PRAGMA foreign_keys = OFF;

BEGIN;

CREATE TABLE new_messages (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    content         TEXT,
    tool_payload    TEXT CHECK (tool_payload IS NULL OR json_valid(tool_payload)),
    token_count     INTEGER CHECK (token_count >= 0),
    created_at      TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT messages_content_required CHECK (content IS NOT NULL OR role = 'tool')
);

INSERT INTO new_messages (id, conversation_id, role, content, token_count, created_at)
SELECT id, conversation_id, role, content, token_count, created_at FROM messages;

DROP TABLE messages;
ALTER TABLE new_messages RENAME TO messages;

CREATE INDEX messages_conversation_id_created_at_idx ON messages (conversation_id, created_at);

CREATE TRIGGER messages_touch_conversation
AFTER INSERT ON messages
BEGIN
    UPDATE conversations SET last_message_at = NEW.created_at WHERE id = NEW.conversation_id;
END;

PRAGMA foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;
