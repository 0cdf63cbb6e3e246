CREATE TABLE child (
  id int PRIMARY KEY,
  target_Id int,
  note varchar(20),
  FOREIGN KEY (target_id) REFERENCES parent (ID),
  KEY (NOTE),
  CHECK (Target_id > 0)
);
