CREATE TABLE payload_1 (
  team_2 REAL
);
CREATE VIEW v_title_4 AS SELECT team_2 FROM payload_1;
DROP VIEW v_title_4;
