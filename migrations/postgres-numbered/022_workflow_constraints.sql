-- 022: the board editor now also saves connections before their source nodes, so make the
-- source-node reference deferred like the target one (006). Only foreign keys can be altered
-- this way; the constraint keeps its generated name.

ALTER TABLE workflow.connections
    ALTER CONSTRAINT connections_source_node_id_fkey DEFERRABLE INITIALLY DEFERRED;

-- The trigger names from 013 read like verbs on a table; use the function's name instead.
ALTER TRIGGER users_touch ON users RENAME TO users_set_updated_at;
ALTER TRIGGER agents_touch ON agents RENAME TO agents_set_updated_at;
ALTER TRIGGER boards_touch ON workflow.boards RENAME TO boards_set_updated_at;

-- Nodes are always fetched per board, sorted top to bottom for the layout pass.
DROP INDEX IF EXISTS workflow.nodes_board_id_idx;
CREATE INDEX nodes_board_id_position_idx ON workflow.nodes (board_id, position_y, position_x);

-- Board search in the sidebar matches names case-insensitively (PostgreSQL names this
-- unnamed expression index boards_lower_idx).
CREATE INDEX ON workflow.boards (lower(name));
