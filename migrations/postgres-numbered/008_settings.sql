-- 008: instance-wide settings, editable by admins. Every write takes a new revision number
-- from a sequence so the admin UI can detect concurrent edits.
-- (The sequence is written the way pg_dump prints it: it came from a dump of the prototype.)
CREATE SEQUENCE settings_revision_seq
    AS bigint
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

CREATE TABLE settings (
    key        text PRIMARY KEY,
    value      jsonb NOT NULL,
    revision   bigint NOT NULL DEFAULT nextval('settings_revision_seq'),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT settings_key_format CHECK (key ~ '^[a-z][a-z0-9_.]*$')
);

ALTER SEQUENCE settings_revision_seq OWNED BY settings.revision;

-- Defaults; the application reads these at startup.
INSERT INTO settings (key, value) VALUES
    ('agents.default_model', '"gpt-4o-mini"'),
    ('agents.max_per_user', '25'),
    ('chat.max_message_tokens', '8192'),
    ('signup.enabled', 'true'),
    ('legacy.beta_banner', 'false');
