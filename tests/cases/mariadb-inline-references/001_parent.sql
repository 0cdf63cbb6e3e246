CREATE TABLE parent (id int PRIMARY KEY);
