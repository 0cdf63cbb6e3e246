CREATE TABLE tmp_account_18 (
  id INTEGER PRIMARY KEY,
  owner_9 json,
  event_10 timestamp,
  status_11 INTEGER DEFAULT 56,
  title_12 boolean NOT NULL DEFAULT 1,
  kind_13 text COLLATE NOCASE DEFAULT 'x',
  invoice_1_id INTEGER,
  gen_code_14 bigint GENERATED ALWAYS AS (status_11 * 2) STORED,
  rating_16 INTEGER DEFAULT 3,
  gen_score_17 bigint GENERATED ALWAYS AS (rating_16 * 2) VIRTUAL,
  UNIQUE (owner_9)
);
DROP TABLE created_8;
ALTER TABLE tmp_account_18 RENAME TO created_8;
