-- 012: naming cleanup and dead columns.

-- "Activity" is called "audit events" everywhere else now. Renaming keeps the table's
-- indexes (with their old names) and rewrites references in other tables, views and triggers.
ALTER TABLE activity_logs RENAME TO audit_events;
DROP INDEX IF EXISTS activity_logs_user_id_idx;
CREATE INDEX audit_events_user_id_occurred_at_idx ON audit_events (user_id, occurred_at);

-- Bios moved to the sync service; avatars are read from the user folder.
ALTER TABLE profiles DROP COLUMN bio;
ALTER TABLE profiles RENAME COLUMN avatar_path TO avatar_file;

-- Admin status lives in the server account now. The column's own CHECK goes with it.
ALTER TABLE users DROP COLUMN is_admin;

DELETE FROM settings WHERE key = 'ui.theme';
INSERT INTO settings (key, value) VALUES ('workflow.snap_to_grid', 'true');
