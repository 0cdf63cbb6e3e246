CREATE TABLE contacts (
    id int PRIMARY KEY,
    email varchar(100),
    kind varchar(10),
    CONSTRAINT kind_ok CHECK (kind IN ('email', 'sms')),
    CONSTRAINT email_ok CHECK (email <> 'it''s email')
);
