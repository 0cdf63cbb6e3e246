CREATE TABLE owner_1 (
  event_2 text COLLATE NOCASE DEFAULT 'draft',
  UNIQUE (event_2)
);
ALTER TABLE owner_1 RENAME COLUMN event_2 TO score_4;
