-- 005: background tasks an agent works on (tool calls, scheduled runs).

CREATE TYPE task_state AS ENUM ('queued', 'running', 'succeeded', 'failed');

CREATE TABLE tasks (
    id              bigserial PRIMARY KEY,
    agent_id        bigint NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    conversation_id bigint REFERENCES conversations (id) ON DELETE SET NULL,
    -- The column-level constraint name is accepted and discarded by PostgreSQL 15
    -- (NOT NULL is not a named catalog constraint before 18).
    title           text CONSTRAINT tasks_title_not_null NOT NULL,
    state           task_state NOT NULL DEFAULT 'queued',
    priority        smallint NOT NULL DEFAULT 0,
    input           jsonb,
    output          jsonb,
    started_at      timestamptz,
    finished_at     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- Two columns, unnamed: PostgreSQL calls it tasks_check.
    CHECK (finished_at IS NULL OR started_at IS NOT NULL),
    CONSTRAINT tasks_priority_range CHECK (priority BETWEEN -10 AND 10)
);

-- The scheduler only ever scans live work; finished tasks are the vast majority of rows.
CREATE INDEX tasks_pending_idx ON tasks (agent_id, priority DESC, created_at)
    WHERE state IN ('queued', 'running');
