CREATE TABLE prices (
    id integer PRIMARY KEY,
    ratio numeric(3,2) DEFAULT 0.70,
    plain numeric(3,2) DEFAULT 0.7,
    quoted numeric(4,2) DEFAULT '1.50',
    negative numeric(5,2) DEFAULT -0.70,
    half numeric DEFAULT .5,
    weight real DEFAULT 1.50,
    CONSTRAINT prices_ratio_check CHECK (ratio <= 1.00)
);
