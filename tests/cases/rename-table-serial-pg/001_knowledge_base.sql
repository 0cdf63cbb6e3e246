CREATE TABLE authors (
    id serial PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE knowledge_base (
    id serial PRIMARY KEY,
    slug varchar(150) NOT NULL UNIQUE,
    author_id integer REFERENCES authors (id) ON DELETE SET NULL
);

CREATE INDEX ix_knowledge_base_author ON knowledge_base (author_id);
