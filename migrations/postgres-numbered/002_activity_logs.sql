-- 002: an append-only activity log for the admin "recent activity" page.
--
-- Identity instead of serial: new tables follow the SQL standard form. ALWAYS means the
-- application can never pick ids itself, which keeps log ordering honest.
-- The payload starts as json (the logging library emitted pre-formatted JSON text);
-- 011 converts it to jsonb once we need to query inside it.
CREATE TABLE activity_logs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint REFERENCES users (id) ON DELETE SET NULL,
    action      varchar(64) NOT NULL,
    payload     json,
    ip_address  text,
    occurred_at timestamptz NOT NULL DEFAULT now()
);

-- "What did this user do lately" is the only query the page runs.
CREATE INDEX activity_logs_user_id_occurred_at_idx ON activity_logs (user_id, occurred_at DESC);
