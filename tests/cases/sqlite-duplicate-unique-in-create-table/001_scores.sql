CREATE TABLE scores (
  id INTEGER PRIMARY KEY UNIQUE,
  rating REAL UNIQUE,
  code int,
  CONSTRAINT uq_rating UNIQUE (rating),
  UNIQUE (code)
);
