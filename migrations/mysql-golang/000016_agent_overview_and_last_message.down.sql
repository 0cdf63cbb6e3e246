DROP TRIGGER messages_after_insert;
ALTER TABLE conversations DROP COLUMN last_message_at;
DROP VIEW agent_overview;
