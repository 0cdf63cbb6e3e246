CREATE TABLE title_23 (
  payload_25 varchar(40) CHECK (char_length(payload_25) > 0),
  UNIQUE (payload_25)
);
