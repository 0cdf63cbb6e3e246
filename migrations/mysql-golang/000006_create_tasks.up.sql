-- Background work items for agents.
CREATE TABLE tasks (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    agent_id    BIGINT UNSIGNED NOT NULL,
    title       VARCHAR(200) NOT NULL,
    state       ENUM('queued', 'running', 'succeeded', 'failed') NOT NULL DEFAULT 'queued',
    priority    SMALLINT NOT NULL DEFAULT 0,
    input       JSON NULL,
    started_at  DATETIME NULL,
    finished_at DATETIME NULL,
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- The scheduler's scan; its first column also serves the foreign key.
    INDEX idx_tasks_agent_state (agent_id, state, priority),
    -- Unnamed table-level CHECK: MariaDB names it CONSTRAINT_1.
    CHECK (finished_at IS NULL OR started_at IS NOT NULL),
    CONSTRAINT fk_tasks_agent FOREIGN KEY (agent_id) REFERENCES agents (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
