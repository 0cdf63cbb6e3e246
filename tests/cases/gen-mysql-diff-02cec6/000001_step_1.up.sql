CREATE TABLE invoice_1 (
  id int NOT NULL AUTO_INCREMENT,
  event_2 text NOT NULL,
  PRIMARY KEY (id),
  CHECK (char_length(event_2) > 0)
);
