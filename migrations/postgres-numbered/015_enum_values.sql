-- 015: agents can be paused (kept, but not answering), "retired" is renamed "archived" to match
-- the UI, and tasks can be cancelled.
--
-- ALTER TYPE ... ADD VALUE: a new value cannot be used in the transaction that adds it, so this
-- file has no BEGIN/COMMIT and nothing here uses the new values; 016 does.

ALTER TYPE agent_status ADD VALUE IF NOT EXISTS 'paused' AFTER 'active';
ALTER TYPE agent_status RENAME VALUE 'retired' TO 'archived';

ALTER TYPE task_state ADD VALUE 'cancelled';
