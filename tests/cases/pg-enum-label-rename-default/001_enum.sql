CREATE TYPE mode AS ENUM ('closed', 'require_application');
CREATE TABLE site (id int PRIMARY KEY, mode mode NOT NULL DEFAULT 'require_application', other mode DEFAULT 'closed'::mode);
