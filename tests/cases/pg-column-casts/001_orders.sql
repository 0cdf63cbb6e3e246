CREATE TYPE order_state AS ENUM ('new', 'paid');
CREATE TABLE orders (
    id integer PRIMARY KEY,
    email varchar(200) NOT NULL,
    status varchar(20) NOT NULL DEFAULT 'new',
    state order_state NOT NULL DEFAULT 'new',
    qty integer NOT NULL DEFAULT 1,
    unit_price numeric(10,2) NOT NULL DEFAULT 0,
    total numeric GENERATED ALWAYS AS (qty * unit_price) STORED,
    client_ip text,
    CONSTRAINT orders_email_check CHECK (email <> ''),
    CONSTRAINT orders_status_check CHECK (status IN ('new', 'paid', 'void')),
    CONSTRAINT orders_state_check CHECK (length(state::text) > 1),
    CONSTRAINT orders_ip_check CHECK (client_ip IS NULL OR client_ip::inet << '10.0.0.0/8'::inet)
);
CREATE INDEX orders_email_lower_idx ON orders (lower(email));
CREATE INDEX orders_big_idx ON orders ((qty::bigint * 2)) WHERE unit_price > qty;
