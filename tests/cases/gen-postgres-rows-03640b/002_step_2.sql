ALTER TABLE payload_1 RENAME COLUMN invoice_3 TO title_9;
