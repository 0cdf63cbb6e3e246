CREATE EXTENSION IF NOT EXISTS ltree;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE TYPE status AS ENUM ('active', 'disabled');
CREATE TABLE communities (
    id integer PRIMARY KEY,
    path ltree NOT NULL DEFAULT '0'::ltree,
    config jsonb NOT NULL DEFAULT '{}'::jsonb,
    handle citext DEFAULT 'x'::citext,
    state status NOT NULL DEFAULT 'active'::status,
    tags integer[] DEFAULT '{}',
    zip text DEFAULT 0,
    rank integer DEFAULT '5',
    open boolean DEFAULT 'true',
    flag boolean DEFAULT 1::boolean
);
