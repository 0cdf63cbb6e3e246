-- 002: agents and the capabilities they may use.

CREATE TABLE agents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'retired')),
    model       TEXT NOT NULL DEFAULT 'gpt-4o-mini',
    temperature REAL NOT NULL DEFAULT 0.7 CHECK (temperature BETWEEN 0 AND 2),
    config      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config)),
    created_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (owner_id, name)
);

CREATE TABLE capabilities (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    description TEXT,
    dangerous   INTEGER NOT NULL DEFAULT 0
);

-- A pure join table: the composite key is the only access path, so store the rows in the
-- key's b-tree directly.
CREATE TABLE agent_capabilities (
    agent_id      INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    capability_id INTEGER NOT NULL REFERENCES capabilities (id) ON DELETE CASCADE,
    granted_at    TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (agent_id, capability_id)
) WITHOUT ROWID;

CREATE INDEX agent_capabilities_capability_id_idx ON agent_capabilities (capability_id);

INSERT INTO capabilities (id, slug, description, dangerous) VALUES
    (1, 'web_search', 'Search the public web', 0),
    (2, 'code_exec', 'Run code in a sandbox', 1),
    (3, 'file_read', 'Read files the user opened', 0);
