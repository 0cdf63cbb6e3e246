-- 009: "Alice@Example.com" and "alice@example.com" were two accounts. Make email uniqueness
-- case-insensitive with an expression index, replacing the plain unique constraint.

-- Refuse to run (rather than fail halfway) if production already has case-duplicates;
-- support merges those by hand first.
DO $$
DECLARE
    dupes integer;
BEGIN
    SELECT count(*) INTO dupes
    FROM (SELECT lower(email) FROM users GROUP BY 1 HAVING count(*) > 1) AS d;
    IF dupes > 0 THEN
        RAISE EXCEPTION '% email addresses differ only by case; merge them before migrating', dupes;
    END IF;
END
$$;

-- The constraint was created unnamed in 001; this is the name PostgreSQL generated for it.
ALTER TABLE users DROP CONSTRAINT users_email_key;

CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
