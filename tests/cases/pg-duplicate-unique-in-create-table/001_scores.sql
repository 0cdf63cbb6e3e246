CREATE TABLE scores (
  id int PRIMARY KEY UNIQUE,
  tags int[] DEFAULT '{}' UNIQUE,
  CONSTRAINT uq_tags UNIQUE (tags),
  code int,
  UNIQUE (code),
  UNIQUE (code)
);
