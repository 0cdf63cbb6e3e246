ALTER SEQUENCE "Accounts_id_seq" RENAME TO "Accounts_Id_seq";
ALTER TABLE counters ADD COLUMN id serial;
CREATE TABLE movers (id serial PRIMARY KEY);
ALTER TABLE movers SET SCHEMA app;
