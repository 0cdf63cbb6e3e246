ALTER TABLE price_1 DROP COLUMN ticket_7;
ALTER TABLE price_1 DROP INDEX uq_account_6;
