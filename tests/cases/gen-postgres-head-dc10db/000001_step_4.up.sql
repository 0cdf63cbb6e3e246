CREATE TABLE score_17 (
  invoice_20 integer[] DEFAULT '{}' UNIQUE,
  CONSTRAINT uq_account_22 UNIQUE (invoice_20)
);
