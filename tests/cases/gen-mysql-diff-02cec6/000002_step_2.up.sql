ALTER TABLE invoice_1 RENAME COLUMN event_2 TO note_6;
