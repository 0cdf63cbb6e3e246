-- One profile per user, and browser sessions.

CREATE TABLE profiles (
    user_id      BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    display_name VARCHAR(100) NULL,
    bio          TEXT NULL,
    avatar_url   VARCHAR(500) NULL,
    -- Unnamed foreign key: MariaDB calls it profiles_ibfk_1.
    FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sessions (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id    BIGINT UNSIGNED NOT NULL,
    token      CHAR(64) NOT NULL,
    expires_at DATETIME NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE KEY (token),
    -- Named, and no index on user_id: InnoDB creates one, named like the constraint.
    CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
