-- 011: the dashboard view, and timestamps maintained by triggers.

CREATE VIEW agent_overview AS
SELECT a.id,
       a.name,
       a.status,
       u.email AS owner_email,
       count(ac.capability_id) AS capability_count
FROM agents a
JOIN users u ON u.id = a.owner_id
LEFT JOIN agent_capabilities ac ON ac.agent_id = a.id
GROUP BY a.id;

-- ADD COLUMN cannot take a non-constant default such as CURRENT_TIMESTAMP, so these start NULL.
ALTER TABLE conversations ADD COLUMN last_message_at TEXT;
ALTER TABLE users ADD COLUMN updated_at TEXT;

CREATE TRIGGER messages_touch_conversation
AFTER INSERT ON messages
BEGIN
    UPDATE conversations SET last_message_at = NEW.created_at WHERE id = NEW.conversation_id;
END;

-- Older desktop builds created this trigger at startup, so it may already exist.
CREATE TRIGGER IF NOT EXISTS users_set_updated_at
AFTER UPDATE OF email, username, password_hash ON users
FOR EACH ROW
BEGIN
    UPDATE users SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;

CREATE TRIGGER IF NOT EXISTS agents_set_updated_at
AFTER UPDATE ON agents
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE agents SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
