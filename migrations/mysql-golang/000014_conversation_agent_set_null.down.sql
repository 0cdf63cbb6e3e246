-- Restore the old key under its generated name, and its index under the old name (created
-- explicitly first, otherwise InnoDB would generate one named after the constraint).
ALTER TABLE conversations
    DROP FOREIGN KEY fk_conversations_agent,
    DROP INDEX fk_conversations_agent;
ALTER TABLE conversations ADD INDEX agent_id (agent_id);
ALTER TABLE conversations
    ADD CONSTRAINT conversations_ibfk_2 FOREIGN KEY (agent_id)
        REFERENCES agents (id) ON DELETE CASCADE;
