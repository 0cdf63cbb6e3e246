ALTER TABLE events MODIFY touched datetime(3) NULL;
ALTER TABLE events ADD COLUMN seen datetime NULL ON UPDATE now() AFTER id;
