SET SESSION foreign_key_checks = OFF;
DROP TABLE parent;
CREATE TABLE parent (id int PRIMARY KEY, name text);
SET foreign_key_checks = ON;
