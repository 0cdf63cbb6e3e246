ALTER TABLE kind_1 ADD CONSTRAINT uq_account_9 UNIQUE (account_5);
