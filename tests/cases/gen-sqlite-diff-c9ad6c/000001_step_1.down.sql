ALTER TABLE owner_1 RENAME COLUMN score_4 TO event_2;
DROP TABLE owner_1;
