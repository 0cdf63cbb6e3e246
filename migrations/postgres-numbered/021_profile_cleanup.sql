-- 021: profiles. Every profile now has a display name (backfilled from the username), and
-- the timezone is optional: NULL means "use the browser's".

UPDATE profiles p
SET display_name = u.username
FROM users u
WHERE u.id = p.user_id AND p.display_name IS NULL;

ALTER TABLE profiles ALTER COLUMN display_name SET NOT NULL;

ALTER TABLE profiles ALTER COLUMN timezone DROP DEFAULT;
ALTER TABLE profiles ALTER COLUMN timezone DROP NOT NULL;
UPDATE profiles SET timezone = NULL WHERE timezone = 'UTC';

-- Avatars moved to the user_files service; the URL is computed from the user id now.
ALTER TABLE profiles DROP COLUMN avatar_url;
ALTER TABLE profiles ADD COLUMN pronouns varchar(32);
