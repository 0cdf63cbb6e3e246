-- 012: stop storing session tokens in clear. Existing tokens are hashed in place (the
-- application now hashes the cookie value before lookup), and the column is renamed so any
-- code still reading it as a plain token fails loudly instead of silently.

UPDATE sessions SET token = encode(digest(token, 'sha256'), 'hex');

ALTER TABLE sessions RENAME COLUMN token TO token_hash;
-- Renaming a column keeps the constraint's old name; rename it too so it says what it is.
ALTER TABLE sessions RENAME CONSTRAINT sessions_token_key TO sessions_token_hash_key;

ALTER TABLE sessions ADD COLUMN user_agent text;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS last_seen_at timestamptz;

-- New sessions last 30 days unless the login flow says otherwise.
ALTER TABLE sessions ALTER COLUMN expires_at SET DEFAULT now() + interval '30 days';
