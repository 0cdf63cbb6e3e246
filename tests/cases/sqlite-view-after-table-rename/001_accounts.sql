CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  name text
);
CREATE VIEW account_names AS SELECT id, name FROM accounts;
