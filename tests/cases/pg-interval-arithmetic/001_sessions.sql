CREATE TABLE sessions (
    id integer PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz DEFAULT (now() + '1 day'::interval),
    purge_after timestamptz DEFAULT now() - INTERVAL '7 days',
    ttl interval DEFAULT '30 days'::interval,
    scopes text[] NOT NULL DEFAULT ARRAY[]::text[],
    roles text[] DEFAULT ARRAY['reader', 'writer'],
    weight numeric DEFAULT 1.50e1,
    CONSTRAINT sessions_expiry_check CHECK (expires_at > created_at + '1 day'::interval)
);
