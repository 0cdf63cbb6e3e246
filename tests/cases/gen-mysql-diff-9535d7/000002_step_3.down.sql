ALTER TABLE kind_1 ADD COLUMN status_7 json DEFAULT ('{}') AFTER id;
