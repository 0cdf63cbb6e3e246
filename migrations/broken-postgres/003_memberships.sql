-- 003: team memberships with a role.
-- BROKEN ON PURPOSE (see README.md): there is no roles table (it was planned for 003 but
-- never written).

CREATE INDEX teams_name_lower_idx ON teams (lower(name));

CREATE TABLE memberships (
    team_id    bigint NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id    integer NOT NULL REFERENCES roles (id),
    joined_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, user_id)
);
