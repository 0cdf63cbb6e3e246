-- 004: background tasks.

CREATE TABLE tasks (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id        INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    conversation_id INTEGER,
    title           TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
    priority        INTEGER NOT NULL DEFAULT 0,
    started_at      TEXT,
    finished_at     TEXT,
    created_at      TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- The worker only looks at live tasks.
CREATE INDEX tasks_pending_idx ON tasks (agent_id, priority DESC) WHERE state IN ('queued', 'running');
