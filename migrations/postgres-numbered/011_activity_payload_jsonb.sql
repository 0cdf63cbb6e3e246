-- 011: the admin page now filters activity by payload fields ("all logins from this
-- integration"), which needs jsonb and a GIN index. ip_address becomes a real inet so we can
-- match subnets; rows with garbage addresses were cleaned up by hand beforehand.

ALTER TABLE activity_logs
    ALTER COLUMN payload TYPE jsonb USING payload::jsonb,
    ALTER COLUMN ip_address TYPE inet USING ip_address::inet;

CREATE INDEX activity_logs_payload_idx ON activity_logs USING gin (payload jsonb_path_ops);
