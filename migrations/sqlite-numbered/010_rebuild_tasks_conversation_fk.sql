-- 010: tasks.conversation_id never had a foreign key (SQLite cannot add one to an existing
-- table), and tasks can now be cancelled. Both need a rebuild.
PRAGMA foreign_keys = OFF;

BEGIN;

CREATE TABLE new_tasks (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id        INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    conversation_id INTEGER REFERENCES conversations (id) ON DELETE SET NULL,
    title           TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    priority        INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN -100 AND 100),
    started_at      TEXT,
    finished_at     TEXT,
    created_at      TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK (finished_at IS NULL OR started_at IS NOT NULL)
);

-- Orphaned conversation ids (the app deleted conversations without touching tasks) become NULL.
INSERT INTO new_tasks (id, agent_id, conversation_id, title, state, priority,
                       started_at, finished_at, created_at)
SELECT t.id, t.agent_id, c.id, t.title, t.state, max(-100, min(100, t.priority)),
       t.started_at, t.finished_at, t.created_at
FROM tasks t
LEFT JOIN conversations c ON c.id = t.conversation_id;

DROP TABLE tasks;
ALTER TABLE new_tasks RENAME TO tasks;

CREATE INDEX tasks_pending_idx ON tasks (agent_id, priority DESC) WHERE state IN ('queued', 'running');
CREATE INDEX tasks_conversation_id_idx ON tasks (conversation_id);

PRAGMA foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;
