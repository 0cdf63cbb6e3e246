CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id));
ALTER TABLE child ADD COLUMN other_id int REFERENCES parent (id);
