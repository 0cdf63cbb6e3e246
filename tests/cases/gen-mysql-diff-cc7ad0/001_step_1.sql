CREATE TABLE price_1 (
  label_2 int NOT NULL
);
