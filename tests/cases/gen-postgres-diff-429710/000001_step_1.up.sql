CREATE TABLE kind_1 (
  account_5 timestamp DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (account_5)
);
