-- 'email' in the CHECK is a string literal, not the column: SQLite drops the column and keeps the CHECK.
ALTER TABLE notifications DROP COLUMN email;
