-- Emoji in usernames were being mangled: users was created with the 3-byte utf8 charset.
-- Convert the table and its text columns. (Only VARCHAR and ENUM columns here, so the
-- conversion does not widen any column type and the down migration restores it exactly.)
ALTER TABLE users CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
