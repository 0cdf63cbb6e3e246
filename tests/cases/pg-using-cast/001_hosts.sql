CREATE TABLE hosts (
    id integer PRIMARY KEY,
    ip_address text NOT NULL,
    port text DEFAULT '80'
);
INSERT INTO hosts (id, ip_address, port) VALUES (1, '10.0.0.1', '8080');
