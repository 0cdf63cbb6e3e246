-- Accounts. This table predates the utf8mb4 convention (see 000010), hence the old charset.
CREATE TABLE users (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    email         VARCHAR(255) NOT NULL,
    username      VARCHAR(40) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    status        ENUM('active', 'suspended', 'deleted') NOT NULL DEFAULT 'active',
    created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE KEY uq_users_email (email),
    -- Unnamed: MariaDB names the index after its first column, `username`.
    UNIQUE (username),
    KEY idx_users_created_at (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;
