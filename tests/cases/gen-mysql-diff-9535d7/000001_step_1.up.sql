CREATE TABLE kind_1 (
  id int NOT NULL,
  code_2 json DEFAULT ('{}')
);
ALTER TABLE kind_1 RENAME COLUMN code_2 TO status_7;
