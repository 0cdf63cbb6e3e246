-- 023: the dashboard wants visibility and the last update in the agent overview, and the
-- read-only reporting tool connects as a role with no privileges of its own.

-- CREATE OR REPLACE VIEW may only append columns, so the new ones go at the end.
CREATE OR REPLACE VIEW agent_overview AS
SELECT a.id,
       a.name,
       a.status,
       u.email AS owner_email,
       count(ac.capability_id) AS capability_count,
       a.visibility,
       a.updated_at
FROM agents a
JOIN users u ON u.id = a.owner_id
LEFT JOIN agent_capabilities ac ON ac.agent_id = a.id
GROUP BY a.id, a.name, a.status, u.email, a.visibility, a.updated_at;

COMMENT ON VIEW agent_overview IS 'Dashboard: one row per agent.';

GRANT SELECT ON agent_overview, conversation_daily_stats TO PUBLIC;
GRANT USAGE ON SCHEMA workflow TO PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA workflow TO PUBLIC;
-- Session hashes and settings are never readable outside the application role.
REVOKE ALL ON TABLE sessions, settings FROM PUBLIC;
