-- Agents belong to a user; the name is unique per owner.
CREATE TABLE agents (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    owner_id    BIGINT UNSIGNED NOT NULL,
    name        VARCHAR(100) NOT NULL,
    description TEXT NULL,
    status      ENUM('draft', 'active', 'retired') NOT NULL DEFAULT 'draft',
    model       VARCHAR(100) NOT NULL DEFAULT 'gpt-4o-mini',
    -- Column-level CHECK: MariaDB names it after the column, `temperature`.
    temperature DECIMAL(3, 2) NOT NULL DEFAULT 0.70 CHECK (temperature BETWEEN 0 AND 2),
    -- JSON is LONGTEXT plus a json_valid() check named `config` in MariaDB.
    config      JSON NULL,
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    -- Also serves the foreign key below (owner_id is its first column): no extra index.
    UNIQUE KEY uq_agents_owner_name (owner_id, name),
    INDEX idx_agents_status (status),
    CONSTRAINT fk_agents_owner FOREIGN KEY (owner_id) REFERENCES users (id)
        ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
