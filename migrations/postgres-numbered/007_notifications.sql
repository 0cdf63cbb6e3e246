-- 007: in-app notifications ("your task finished", "agent X was shared with you").

CREATE TABLE notifications (
    id         bigint GENERATED ALWAYS AS IDENTITY (START WITH 1000 INCREMENT BY 1) PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       varchar(32) NOT NULL,
    title      text NOT NULL,
    body       text,
    link       text,
    read_at    timestamptz,
    -- Derived so the badge query and the API never disagree about what "read" means.
    is_read    boolean GENERATED ALWAYS AS (read_at IS NOT NULL) STORED,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The unread badge: tiny partial index, since almost everything ends up read.
CREATE INDEX notifications_unread_idx ON notifications (user_id, created_at)
    WHERE read_at IS NULL;
