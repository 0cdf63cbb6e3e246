CREATE TABLE notes (
  id integer PRIMARY KEY,
  title varchar(130) COLLATE "C",
  body varchar(50) COLLATE "C"
);
