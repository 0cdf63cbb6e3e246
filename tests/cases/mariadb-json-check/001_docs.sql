CREATE TABLE docs (
  id int PRIMARY KEY,
  body json,
  n int CHECK (n > 0),
  CONSTRAINT positive CHECK (id > 0)
) DEFAULT CHARSET=latin1;
