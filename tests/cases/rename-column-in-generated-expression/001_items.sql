CREATE TABLE items (
  id integer PRIMARY KEY,
  price integer NOT NULL,
  double_price bigint GENERATED ALWAYS AS (price * 2) STORED
);
