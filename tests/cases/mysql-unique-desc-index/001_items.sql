CREATE TABLE items (
  id int NOT NULL PRIMARY KEY,
  code varchar(150),
  rank_no int
);
CREATE UNIQUE INDEX items_code_desc ON items (code DESC);
CREATE UNIQUE INDEX items_rank ON items (rank_no);
