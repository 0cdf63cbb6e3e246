-- Loading a conversation sorts its messages by time. The composite index replaces both the
-- index InnoDB generated for fk_messages_conversation (named after the constraint) and the
-- lone created_at index. Dropping them in the same statement that adds the composite keeps
-- the foreign key covered at every moment. (Left alone, InnoDB would drop its generated
-- index by itself, but not an index the down migration recreated: be explicit.)
ALTER TABLE messages
    ADD INDEX idx_messages_conversation_created (conversation_id, created_at),
    DROP INDEX fk_messages_conversation;
DROP INDEX idx_messages_created_at ON messages;
