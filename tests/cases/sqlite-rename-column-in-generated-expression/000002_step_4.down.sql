ALTER TABLE account_12 RENAME COLUMN status_19 TO amount_15;
ALTER TABLE account_12 DROP COLUMN gen_project_17;
