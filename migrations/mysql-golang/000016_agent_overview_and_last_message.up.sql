-- Dashboard view, and conversations remember when they were last active (maintained by a
-- trigger so that every writer, including the import job, keeps it right).

CREATE VIEW agent_overview AS
SELECT a.id,
       a.name,
       a.status,
       u.email AS owner_email,
       COUNT(ac.capability_id) AS capability_count
FROM agents a
JOIN users u ON u.id = a.owner_id
LEFT JOIN agent_capabilities ac ON ac.agent_id = a.id
GROUP BY a.id, a.name, a.status, u.email;

ALTER TABLE conversations ADD COLUMN last_message_at DATETIME(3) NULL AFTER title;

CREATE TRIGGER messages_after_insert AFTER INSERT ON messages
FOR EACH ROW
    UPDATE conversations SET last_message_at = NEW.created_at WHERE id = NEW.conversation_id;
