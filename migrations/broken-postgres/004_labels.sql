-- 004: labels that can be attached to projects.
-- BROKEN ON PURPOSE (see README.md): a typo in the middle statement; the statements around
-- it are fine.

CREATE TABLE labels (
    id      serial PRIMARY KEY,
    team_id bigint NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name    text NOT NULL
);

ALTER TABLE labels
    ADD COLUMN color varchar(7) NOT NULL DEFALT '#888888';

CREATE INDEX labels_team_id_idx ON labels (team_id);
