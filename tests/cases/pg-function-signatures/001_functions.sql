-- Lemmy: a function is known by its input types (pg_get_function_identity_arguments), also when
-- sqlparser cannot read the whole statement (COST, VOLATILE); RETURNS TABLE as PostgreSQL prints it.
CREATE SCHEMA utils;
CREATE OR REPLACE FUNCTION utils.save_and_drop_views (p_view_schema name, p_view_name name)
    RETURNS void
    LANGUAGE plpgsql
    COST 100
    VOLATILE
    AS $$
BEGIN
END;
$$;
CREATE FUNCTION community_aggregates_activity (i text)
    RETURNS TABLE (count_ bigint, community_id_ integer)
    LANGUAGE plpgsql
    AS $$
BEGIN
    RETURN QUERY SELECT 1::bigint, 1;
END;
$$;
CREATE FUNCTION sum_all (VARIADIC c integer[]) RETURNS integer AS $$ SELECT 1 $$ LANGUAGE sql;
