-- 013: updated_at columns maintained by the database, so that bulk SQL fixes made by hand
-- bump them too.

CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

ALTER TABLE users ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE agents ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE workflow.boards ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

CREATE TRIGGER users_touch
    BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER agents_touch
    BEFORE UPDATE ON agents
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Moving nodes around should not count as editing the board, hence the column list.
CREATE TRIGGER boards_touch
    BEFORE UPDATE OF name, description ON workflow.boards
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
