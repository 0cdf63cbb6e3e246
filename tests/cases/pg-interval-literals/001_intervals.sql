-- Lemmy: PostgreSQL stores an interval literal in its own spelling ('12 months' is '1 year').
CREATE TABLE local_user (
    id int PRIMARY KEY,
    last_donation_notification timestamptz NOT NULL DEFAULT now() - random() * '12 months'::interval,
    reminder timestamptz DEFAULT now() + '90 minutes'::interval,
    expires timestamptz DEFAULT now() + interval '1 week',
    grace timestamptz DEFAULT now() - '2 years 3 months 4 days 36 hours'::interval,
    CONSTRAINT reminder_soon CHECK (reminder < now() + '14 months'::interval)
);
