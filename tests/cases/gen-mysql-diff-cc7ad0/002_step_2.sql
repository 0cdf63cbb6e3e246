ALTER TABLE price_1 ADD CONSTRAINT uq_account_6 UNIQUE (label_2);
ALTER TABLE price_1 ADD COLUMN ticket_7 int;
