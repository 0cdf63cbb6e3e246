-- 009: agents can be paused, and "retired" is called "archived". The allowed values live in a
-- CHECK constraint, which SQLite cannot alter: rebuild the table (the procedure from the
-- SQLite ALTER TABLE documentation). Foreign keys are switched off for the swap so that
-- dropping the old table does not cascade into agent_capabilities, conversations, tasks, ...
-- The PRAGMA has no effect inside a transaction, hence outside BEGIN/COMMIT.
PRAGMA foreign_keys = OFF;

BEGIN;

CREATE TABLE new_agents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'active', 'paused', 'archived')),
    model       TEXT NOT NULL DEFAULT 'gpt-4o-mini',
    temperature REAL NOT NULL DEFAULT 0.7 CHECK (temperature BETWEEN 0 AND 2),
    config      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config)),
    created_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at  TEXT,
    UNIQUE (owner_id, name)
);

INSERT INTO new_agents (id, owner_id, name, status, model, temperature, config, created_at)
SELECT id, owner_id, name,
       CASE status WHEN 'retired' THEN 'archived' ELSE status END,
       model, temperature, config, created_at
FROM agents;

DROP TABLE agents;
ALTER TABLE new_agents RENAME TO agents;

-- Indexes went with the old table (the UNIQUE one is recreated by the table definition).
CREATE INDEX agents_status_idx ON agents (status) WHERE status <> 'archived';

PRAGMA foreign_key_check;
COMMIT;

PRAGMA foreign_keys = ON;
