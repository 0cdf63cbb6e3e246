ALTER TABLE account_12 RENAME COLUMN amount_15 TO label_1_id;
DROP TABLE account_12;
