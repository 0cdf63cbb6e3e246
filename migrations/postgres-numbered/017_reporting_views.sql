-- 017: views for the dashboard.

-- One row per agent with its owner and how many capabilities it was granted.
CREATE VIEW agent_overview AS
SELECT a.id,
       a.name,
       a.status,
       u.email AS owner_email,
       count(ac.capability_id) AS capability_count
FROM agents a
JOIN users u ON u.id = a.owner_id
LEFT JOIN agent_capabilities ac ON ac.agent_id = a.id
GROUP BY a.id, a.name, a.status, u.email;

-- Messages per conversation per day. Too slow to compute live; refreshed nightly with
-- REFRESH MATERIALIZED VIEW CONCURRENTLY, which needs the unique index below.
CREATE MATERIALIZED VIEW conversation_daily_stats AS
SELECT m.conversation_id,
       date_trunc('day', m.created_at) AS day,
       count(*) AS message_count,
       coalesce(sum(m.token_count), 0) AS token_count
FROM messages m
GROUP BY m.conversation_id, date_trunc('day', m.created_at);

CREATE UNIQUE INDEX conversation_daily_stats_key ON conversation_daily_stats (conversation_id, day);
