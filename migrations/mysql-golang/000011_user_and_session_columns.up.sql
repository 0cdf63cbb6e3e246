-- Longer usernames (imported from SSO), last login tracking, and session tokens are now
-- stored hashed (same length, sha256 hex) under a name that says so.

ALTER TABLE users
    MODIFY COLUMN username VARCHAR(64) NOT NULL,
    ADD COLUMN last_login_at DATETIME NULL AFTER password_hash,
    ADD COLUMN locale VARCHAR(16) NOT NULL DEFAULT 'en' AFTER username;

-- CHANGE renames and redefines in one go. The unique index keeps its old name, `token`.
ALTER TABLE sessions
    CHANGE COLUMN token token_hash CHAR(64) NOT NULL,
    ADD COLUMN user_agent VARCHAR(255) NULL;

-- The bio moved to the CMS.
ALTER TABLE profiles DROP COLUMN bio;
