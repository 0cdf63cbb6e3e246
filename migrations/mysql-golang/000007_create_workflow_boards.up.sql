-- Workflow builder: boards of nodes joined by directed edges.

CREATE TABLE workflow_boards (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    owner_id   BIGINT UNSIGNED NOT NULL,
    name       VARCHAR(150) NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    CONSTRAINT fk_workflow_boards_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE workflow_nodes (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    board_id   BIGINT UNSIGNED NOT NULL,
    kind       ENUM('agent', 'condition', 'input', 'output') NOT NULL,
    agent_id   BIGINT UNSIGNED NULL,
    label      VARCHAR(150) NULL,
    position_x INT NOT NULL DEFAULT 0,
    position_y INT NOT NULL DEFAULT 0,
    KEY idx_workflow_nodes_board (board_id),
    CONSTRAINT fk_workflow_nodes_board FOREIGN KEY (board_id) REFERENCES workflow_boards (id) ON DELETE CASCADE,
    CONSTRAINT fk_workflow_nodes_agent FOREIGN KEY (agent_id) REFERENCES agents (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Edges. The unique key also serves the source_node_id foreign key; InnoDB creates indexes
-- for the other two (board_id, target_node_id). Foreign keys are unnamed: workflow_edges_ibfk_1..3.
CREATE TABLE workflow_edges (
    id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    board_id       BIGINT UNSIGNED NOT NULL,
    source_node_id BIGINT UNSIGNED NOT NULL,
    target_node_id BIGINT UNSIGNED NOT NULL,
    UNIQUE KEY uq_workflow_edges_pair (source_node_id, target_node_id),
    CONSTRAINT chk_workflow_edges_no_loop CHECK (source_node_id <> target_node_id),
    FOREIGN KEY (board_id) REFERENCES workflow_boards (id) ON DELETE CASCADE,
    FOREIGN KEY (source_node_id) REFERENCES workflow_nodes (id) ON DELETE CASCADE,
    FOREIGN KEY (target_node_id) REFERENCES workflow_nodes (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
