CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE docs (
    id integer PRIMARY KEY,
    title text NOT NULL,
    slug varchar(100),
    config jsonb NOT NULL DEFAULT '{}',
    score numeric
);
CREATE INDEX docs_config_idx ON docs USING gin (config jsonb_path_ops);
CREATE INDEX docs_title_pattern_idx ON docs (title text_pattern_ops);
CREATE INDEX docs_slug_idx ON docs (slug varchar_pattern_ops, score DESC NULLS LAST) INCLUDE (id);
CREATE INDEX docs_title_c_idx ON docs (title COLLATE "C", score NULLS FIRST);
CREATE INDEX docs_lower_idx ON docs (lower(title) COLLATE "C" DESC);
CREATE INDEX docs_trgm_idx ON docs USING gin (title gin_trgm_ops);
CREATE INDEX docs_default_ops_idx ON docs USING gin (config jsonb_ops);
CREATE INDEX docs_paren_idx ON docs ((title));
