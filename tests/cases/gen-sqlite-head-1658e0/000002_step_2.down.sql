ALTER TABLE project_7 RENAME COLUMN invoice_16 TO payload_1_id;
