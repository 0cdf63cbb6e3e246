-- Naming cleanup: "activity logs" are audit events now, and the builder calls edges
-- connections. MariaDB renames the generated foreign key names (<table>_ibfk_N) along with
-- the table; named constraints and indexes keep their names.
RENAME TABLE activity_logs TO audit_events;
ALTER TABLE workflow_edges RENAME workflow_connections;
