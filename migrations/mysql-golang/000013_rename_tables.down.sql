ALTER TABLE workflow_connections RENAME TO workflow_edges;
RENAME TABLE audit_events TO activity_logs;
