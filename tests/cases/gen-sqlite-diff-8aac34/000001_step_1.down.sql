CREATE VIEW v_title_4 AS SELECT team_2 FROM payload_1;
DROP VIEW v_title_4;
DROP TABLE payload_1;
