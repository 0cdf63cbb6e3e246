CREATE TABLE post (id int PRIMARY KEY, score int NOT NULL DEFAULT 0);
CREATE TABLE post_aggregates (post_id int PRIMARY KEY, score int NOT NULL DEFAULT 0);
CREATE FUNCTION post_aggregates_post() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO post_aggregates (post_id) VALUES (NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER post_aggregates_post AFTER INSERT ON post FOR EACH ROW EXECUTE FUNCTION post_aggregates_post();
CREATE TRIGGER post_aggregates_post_again AFTER UPDATE ON post FOR EACH ROW EXECUTE PROCEDURE public.post_aggregates_post();
