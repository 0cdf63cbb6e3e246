CREATE TABLE event (uuid char(36) NOT NULL PRIMARY KEY, n int, UNIQUE (uuid));
CREATE TABLE named (id int PRIMARY KEY, CONSTRAINT named_only UNIQUE (id));
CREATE TABLE pairs (id int, a int, UNIQUE (a), UNIQUE (a), CONSTRAINT pairs_x UNIQUE (a, id), UNIQUE (a, id));
