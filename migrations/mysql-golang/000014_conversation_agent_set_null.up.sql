-- Deleting an agent deleted its users' conversations. Keep them and clear agent_id instead.
-- The original foreign key was unnamed; conversations_ibfk_2 is the name MariaDB gave it, and
-- `agent_id` the name of the index it generated for it. Both go; the new constraint gets an
-- index generated under its own name, fk_conversations_agent.
ALTER TABLE conversations
    DROP FOREIGN KEY conversations_ibfk_2,
    DROP INDEX agent_id;
ALTER TABLE conversations
    ADD CONSTRAINT fk_conversations_agent FOREIGN KEY (agent_id)
        REFERENCES agents (id) ON DELETE SET NULL;
