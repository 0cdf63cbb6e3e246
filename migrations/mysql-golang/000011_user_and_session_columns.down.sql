ALTER TABLE profiles ADD COLUMN bio TEXT NULL AFTER display_name;

ALTER TABLE sessions
    DROP COLUMN user_agent,
    CHANGE COLUMN token_hash token CHAR(64) NOT NULL;

ALTER TABLE users
    DROP COLUMN locale,
    DROP COLUMN last_login_at,
    MODIFY COLUMN username VARCHAR(40) NOT NULL;
