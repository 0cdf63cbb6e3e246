-- 008: session tokens are stored hashed now (the app rehashed existing rows at startup);
-- the column name says so. RENAME COLUMN also rewrites the column inside the UNIQUE
-- constraint and the indexes.

ALTER TABLE sessions RENAME COLUMN token TO token_hash;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
