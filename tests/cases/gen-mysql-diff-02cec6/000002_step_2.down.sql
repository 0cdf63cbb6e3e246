ALTER TABLE invoice_1 RENAME COLUMN note_6 TO event_2;
