CREATE TABLE title_1 (
  id bigserial NOT NULL
);
