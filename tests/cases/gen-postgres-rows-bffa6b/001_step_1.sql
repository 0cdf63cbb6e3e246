CREATE TABLE item_1 (
  id bigint NOT NULL
);
