ALTER TABLE tags CHANGE label name varchar(100) NOT NULL;
ALTER TABLE tags RENAME INDEX uq_tags_label TO uq_tags_name;
