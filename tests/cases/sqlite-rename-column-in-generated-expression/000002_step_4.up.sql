ALTER TABLE account_12 ADD COLUMN gen_project_17 bigint GENERATED ALWAYS AS (amount_15 * 2) VIRTUAL;
ALTER TABLE account_12 RENAME COLUMN amount_15 TO status_19;
