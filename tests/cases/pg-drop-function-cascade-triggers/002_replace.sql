-- Lemmy's replaceable schema: DROP FUNCTION ... CASCADE takes the triggers that execute it.
DROP FUNCTION post_aggregates_post() CASCADE;
