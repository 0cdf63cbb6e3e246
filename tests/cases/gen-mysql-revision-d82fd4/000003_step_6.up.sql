CREATE UNIQUE INDEX ix_invoice_29 ON item_12 (payload_21 DESC);
