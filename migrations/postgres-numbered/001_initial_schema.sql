-- 001: accounts, the core everything else hangs off.
--
-- citext makes usernames case-insensitive without lower() everywhere; pgcrypto provides
-- digest() for hashing tokens in SQL (see 012).
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- Users authenticate with email + password. The UNIQUE on email is left unnamed on purpose
-- (PostgreSQL calls it users_email_key); 009 replaces it with an expression index.
CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    email         varchar(320) NOT NULL UNIQUE,
    username      citext NOT NULL,
    password_hash text NOT NULL,
    is_admin      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (username),
    CHECK (char_length(username) >= 3)
);

-- One profile per user; the profile lives and dies with its user.
CREATE TABLE profiles (
    user_id      bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    display_name text,
    bio          text,
    avatar_url   text,
    timezone     text NOT NULL DEFAULT 'UTC'
);

-- Browser sessions. The token is stored as sent for now; 012 switches to a hash.
CREATE TABLE sessions (
    id         serial PRIMARY KEY,
    user_id    bigint NOT NULL,
    token      text NOT NULL,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sessions_token_key UNIQUE (token),
    CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX sessions_user_id_idx ON sessions (user_id);
