ALTER TABLE communities ADD COLUMN parent ltree DEFAULT '0';
ALTER TABLE communities ALTER COLUMN state SET DEFAULT 'disabled';
ALTER TABLE communities ADD CONSTRAINT communities_path_check CHECK (path <> '1'::ltree);
