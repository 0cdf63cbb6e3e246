-- 001: users and their projects.
-- BROKEN ON PURPOSE (see README.md): the index below names a column that does not exist.

CREATE TABLE users (
    id         bigserial PRIMARY KEY,
    email      text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE projects (
    id          bigserial PRIMARY KEY,
    owner_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        text NOT NULL,
    description text,
    archived    boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The project list shows a user's projects, newest first.
CREATE INDEX projects_owner_id_created_at_idx ON projects (owner_id, created_at DESC);

-- The sidebar hides archived projects; the "Archive" page lists them per owner.
CREATE INDEX projects_owner_active_idx ON projects (owner_id) WHERE NOT archived;
CREATE INDEX projects_archived_idx
    ON projects (owner_id, archived_at);

COMMENT ON TABLE projects IS 'A user''s project; archived ones stay for a year.';
