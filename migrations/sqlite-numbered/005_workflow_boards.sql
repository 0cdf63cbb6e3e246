-- 005: the workflow builder: boards, nodes, and connections between nodes.

CREATE TABLE workflow_boards (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE workflow_nodes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id   INTEGER NOT NULL REFERENCES workflow_boards (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('agent', 'condition', 'input', 'output')),
    agent_id   INTEGER REFERENCES agents (id) ON DELETE SET NULL,
    label      TEXT,
    position_x INTEGER NOT NULL DEFAULT 0,
    position_y INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE workflow_connections (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id       INTEGER NOT NULL REFERENCES workflow_boards (id) ON DELETE CASCADE,
    source_node_id INTEGER NOT NULL REFERENCES workflow_nodes (id) ON DELETE CASCADE,
    target_node_id INTEGER NOT NULL REFERENCES workflow_nodes (id) ON DELETE CASCADE,
    CHECK (source_node_id <> target_node_id),
    UNIQUE (source_node_id, target_node_id)
);

CREATE INDEX workflow_nodes_board_id_idx ON workflow_nodes (board_id);
CREATE INDEX workflow_connections_board_id_idx ON workflow_connections (board_id);

-- Board names are unique per owner (the sidebar lists them by name).
CREATE UNIQUE INDEX workflow_boards_owner_id_name_idx ON workflow_boards (owner_id, name);
