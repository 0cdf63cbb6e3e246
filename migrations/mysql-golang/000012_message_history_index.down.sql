-- The foreign key needs an index on conversation_id at all times: recreate the one InnoDB had
-- generated (same name as the constraint) in the statement that drops the composite one.
ALTER TABLE messages ADD INDEX idx_messages_created_at (created_at);
ALTER TABLE messages
    ADD INDEX fk_messages_conversation (conversation_id),
    DROP INDEX idx_messages_conversation_created;
