DROP INDEX ix_invoice_29 ON item_12;
