-- 004: chat. Both tables go in together, so the file is one explicit transaction: a half-created
-- chat schema would break the API at startup.
BEGIN;

CREATE TABLE conversations (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Deleting an agent keeps the transcript; the conversation just loses its agent.
    agent_id   bigint REFERENCES agents (id) ON DELETE SET NULL,
    title      text,
    archived   boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE messages (
    id              bigserial PRIMARY KEY,
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role            text NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    content         text NOT NULL,
    token_count     integer CHECK (token_count >= 0),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX conversations_user_id_idx ON conversations (user_id) WHERE NOT archived;
-- Unnamed: PostgreSQL names it messages_created_at_idx.
CREATE INDEX ON messages (created_at);

COMMIT;
