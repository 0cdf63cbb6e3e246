ALTER TABLE invoice_1 ADD COLUMN note_6 json NOT NULL DEFAULT ('{}');
