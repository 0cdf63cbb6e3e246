-- 025: a role column replaces the is_admin flag (moderators are coming), and usernames get a
-- stricter format now that they appear in share URLs.

ALTER TABLE users ADD COLUMN role text NOT NULL DEFAULT 'member';
UPDATE users SET role = 'admin' WHERE is_admin;
ALTER TABLE users
    ADD CONSTRAINT users_role_check CHECK (role IN ('member', 'moderator', 'admin'));
ALTER TABLE users DROP COLUMN is_admin;

-- 001 left this check unnamed; users_username_check is the name PostgreSQL gave it.
ALTER TABLE users DROP CONSTRAINT users_username_check;
ALTER TABLE users
    ADD CONSTRAINT users_username_format CHECK (username::text ~ '^[a-z0-9_]{3,40}$');

-- The notifications "link" column was never populated.
ALTER TABLE notifications DROP COLUMN IF EXISTS link;

-- A leftover from the prototype that some developer databases still have.
DROP TABLE IF EXISTS user_preferences;
