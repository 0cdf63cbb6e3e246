-- Lemmy: PostgreSQL coerces a column argument to the parameter type of the called function and
-- the index definition shows the cast (`hot_rank(score::numeric, published)` for an integer
-- score); a column of the parameter's own type (a varchar(n) for varchar, a timestamp) gets none.
CREATE FUNCTION hot_rank(score numeric, published timestamp without time zone) RETURNS integer
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
    RETURN floor(10000 * log(greatest(1, score + 3)) / power(((EXTRACT(EPOCH FROM (timezone('utc', now()) - published)) / 3600) + 2), 1.8))::integer;
END;
$$;
CREATE FUNCTION label_of(l varchar) RETURNS varchar LANGUAGE sql IMMUTABLE AS $$ SELECT l $$;
CREATE TABLE post_aggregates (
    id serial PRIMARY KEY,
    score bigint NOT NULL DEFAULT 0,
    rating numeric(10, 2) NOT NULL DEFAULT 0,
    label varchar(20),
    published timestamp NOT NULL DEFAULT now()
);
CREATE INDEX idx_post_aggregates_hot ON post_aggregates (hot_rank(score, published) DESC, published DESC);
CREATE INDEX idx_post_aggregates_rating ON post_aggregates (hot_rank(rating, published) DESC);
CREATE INDEX idx_post_aggregates_label ON post_aggregates (label_of(label));
