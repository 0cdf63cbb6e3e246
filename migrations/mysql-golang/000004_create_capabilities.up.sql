-- Capabilities (tools) and which agent may use which.

CREATE TABLE capabilities (
    id          INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    slug        VARCHAR(64) NOT NULL UNIQUE,
    description VARCHAR(255) NULL,
    dangerous   TINYINT(1) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The composite primary key serves agent_id; InnoDB adds an index for capability_id.
CREATE TABLE agent_capabilities (
    agent_id      BIGINT UNSIGNED NOT NULL,
    capability_id INT UNSIGNED NOT NULL,
    granted_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (agent_id, capability_id),
    FOREIGN KEY (agent_id) REFERENCES agents (id) ON DELETE CASCADE,
    FOREIGN KEY (capability_id) REFERENCES capabilities (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO capabilities (slug, description, dangerous) VALUES
    ('web_search', 'Search the public web', 0),
    ('code_exec', 'Run code in a sandbox', 1),
    ('file_read', 'Read files the user uploaded', 0);
