ALTER TABLE project_7 RENAME COLUMN payload_1_id TO invoice_16;
