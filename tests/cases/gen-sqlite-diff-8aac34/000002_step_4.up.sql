ALTER TABLE payload_1 RENAME COLUMN team_2 TO event_22;
