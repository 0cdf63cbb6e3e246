CREATE TABLE score_1 (
  ticket_5 INTEGER,
  gen_title_6 bigint GENERATED ALWAYS AS (ticket_5 * 2) STORED
);
ALTER TABLE score_1 RENAME COLUMN ticket_5 TO invoice_9;
