ALTER TABLE payload_1 RENAME COLUMN event_22 TO team_2;
