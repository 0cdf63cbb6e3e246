DROP TABLE invoice_1;
