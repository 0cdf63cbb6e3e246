-- 006: visual workflow builder. Boards hold nodes (an agent step, a condition, an output) and
-- connections (directed edges between nodes). It gets its own schema so the builder team can
-- own it and the API role can be granted it as a unit.
CREATE SCHEMA IF NOT EXISTS workflow;

CREATE TABLE workflow.boards (
    id          bigserial PRIMARY KEY,
    owner_id    bigint NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    name        text NOT NULL,
    description text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT boards_name_not_blank CHECK (btrim(name) <> '')
);

CREATE TABLE workflow.nodes (
    id         bigserial PRIMARY KEY,
    board_id   bigint NOT NULL REFERENCES workflow.boards (id) ON DELETE CASCADE,
    kind       text NOT NULL CHECK (kind IN ('agent', 'condition', 'input', 'output')),
    agent_id   bigint REFERENCES public.agents (id) ON DELETE SET NULL,
    label      text,
    position_x integer NOT NULL DEFAULT 0,
    position_y integer NOT NULL DEFAULT 0,
    settings   jsonb NOT NULL DEFAULT '{}'
);

-- The editor saves a whole board at once and may insert an edge before its target node
-- within the same transaction, so the target-node reference is checked at COMMIT
-- (022 does the same for the source node).
CREATE TABLE workflow.connections (
    id             bigserial PRIMARY KEY,
    board_id       bigint NOT NULL,
    source_node_id bigint NOT NULL,
    target_node_id bigint NOT NULL,
    source_port    text NOT NULL DEFAULT 'out',
    target_port    text NOT NULL DEFAULT 'in',
    FOREIGN KEY (board_id) REFERENCES workflow.boards (id) ON DELETE CASCADE,
    FOREIGN KEY (source_node_id) REFERENCES workflow.nodes (id) ON DELETE CASCADE,
    FOREIGN KEY (target_node_id) REFERENCES workflow.nodes (id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    CHECK (source_node_id <> target_node_id),
    UNIQUE (source_node_id, source_port, target_node_id, target_port)
);

CREATE INDEX IF NOT EXISTS nodes_board_id_idx ON workflow.nodes (board_id);
CREATE INDEX IF NOT EXISTS connections_board_id_idx ON workflow.connections (board_id);
