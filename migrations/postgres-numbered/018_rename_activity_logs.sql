-- 018: "activity log" became "audit events" once compliance started reading it. Renaming a
-- table keeps the names of its constraints, indexes and identity sequence, so rename those
-- as well to keep \d readable.

ALTER TABLE activity_logs RENAME TO audit_events;

ALTER TABLE audit_events RENAME CONSTRAINT activity_logs_pkey TO audit_events_pkey;
ALTER TABLE audit_events RENAME CONSTRAINT activity_logs_user_id_fkey TO audit_events_user_id_fkey;
ALTER INDEX activity_logs_user_id_occurred_at_idx RENAME TO audit_events_user_id_occurred_at_idx;
ALTER INDEX IF EXISTS activity_logs_payload_idx RENAME TO audit_events_payload_idx;
ALTER SEQUENCE activity_logs_id_seq RENAME TO audit_events_id_seq;

ALTER TABLE audit_events RENAME COLUMN action TO event_type;
