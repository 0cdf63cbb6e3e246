CREATE TABLE project_7 (
  payload_1_id INTEGER NOT NULL,
  gen_payload_10 bigint GENERATED ALWAYS AS (payload_1_id * 2) VIRTUAL
);
