CREATE TABLE account_12 (
  label_1_id INTEGER
);
ALTER TABLE account_12 RENAME COLUMN label_1_id TO amount_15;
