CREATE TABLE item_24 (
  title_26 integer NOT NULL,
  gen_owner_27 bigint GENERATED ALWAYS AS (title_26 * 2) STORED
);
