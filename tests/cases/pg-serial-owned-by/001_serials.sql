CREATE SCHEMA app;
CREATE TABLE "Accounts" (id serial PRIMARY KEY, name text);
CREATE TABLE app.boards (id bigserial PRIMARY KEY);
CREATE SEQUENCE counters_seq;
CREATE TABLE counters (n integer NOT NULL DEFAULT nextval('counters_seq'));
ALTER SEQUENCE counters_seq OWNED BY counters.n;
