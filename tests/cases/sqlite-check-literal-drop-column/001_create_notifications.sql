CREATE TABLE notifications (
    id integer PRIMARY KEY,
    kind text NOT NULL,
    email text,
    CHECK (kind IN ('email', 'sms'))
);
