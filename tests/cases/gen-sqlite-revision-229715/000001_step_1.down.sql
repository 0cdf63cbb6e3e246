ALTER TABLE score_1 RENAME COLUMN invoice_9 TO ticket_5;
DROP TABLE score_1;
