ALTER TABLE hosts ALTER COLUMN ip_address TYPE inet USING ip_address::inet;
ALTER TABLE hosts ALTER COLUMN port DROP DEFAULT;
ALTER TABLE hosts ALTER COLUMN port TYPE integer USING port::integer;
ALTER TABLE hosts ALTER COLUMN port SET DEFAULT '80';
