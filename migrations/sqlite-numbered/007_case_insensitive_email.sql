-- 007: email uniqueness ignores case, and we track the last login.
-- The inline UNIQUE on email (sqlite_autoindex_users_1) stays; it cannot be dropped without a
-- rebuild, and it is harmless next to the stricter expression index.

CREATE UNIQUE INDEX users_email_lower_idx ON users (lower(email));

ALTER TABLE users ADD COLUMN last_login_at TEXT;
