-- 002: teams, and a summary view for the team page.
-- BROKEN ON PURPOSE (see README.md): users was already created by 001.

CREATE TABLE teams (
    id   bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE
);

-- Copied from 001 while prototyping, and never removed.
CREATE TABLE users (
    id         bigserial PRIMARY KEY,
    email      text NOT NULL UNIQUE,
    team_id    bigint REFERENCES teams (id)
);

CREATE VIEW project_summaries AS
SELECT p.id, p.name, p.description, u.email AS owner_email
FROM projects p
JOIN users u ON u.id = p.owner_id;
