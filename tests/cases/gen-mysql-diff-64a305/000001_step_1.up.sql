CREATE TABLE invoice_1 (
  id int NOT NULL
);
