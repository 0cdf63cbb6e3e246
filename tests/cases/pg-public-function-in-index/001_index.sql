-- Lemmy: an index on `public.f(col)` reads back as `f(col)`; `public` is on the default
-- search path, so PostgreSQL prints the function unqualified.
CREATE FUNCTION public.reverse_timestamp_sort(t timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (-1000000 * EXTRACT(EPOCH FROM t))::bigint $$;
CREATE TABLE post (id int PRIMARY KEY, published timestamptz NOT NULL DEFAULT now());
CREATE INDEX idx_post_published_asc ON post ((public.reverse_timestamp_sort(published)) DESC);
ALTER TABLE post ADD CONSTRAINT post_sort_positive CHECK (public.reverse_timestamp_sort(published) < 0);
