CREATE TABLE payload_1 (
  invoice_3 timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
