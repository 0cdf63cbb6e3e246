-- 020: task durations for the usage dashboard, wider priorities, planner statistics.

-- The duration is derived; a stored generated column keeps dashboard queries trivial.
ALTER TABLE tasks
    ADD COLUMN duration interval GENERATED ALWAYS AS (finished_at - started_at) STORED;

-- smallint was fine until the scheduler started computing priorities (-100..100).
ALTER TABLE tasks DROP CONSTRAINT tasks_priority_range;
ALTER TABLE tasks ALTER COLUMN priority TYPE integer;
ALTER TABLE tasks
    ADD CONSTRAINT tasks_priority_range CHECK (priority BETWEEN -100 AND 100);

-- Tasks without input used to be stored as NULL; the worker prefers an empty object.
UPDATE tasks SET input = '{}' WHERE input IS NULL;
ALTER TABLE tasks ALTER COLUMN input SET DEFAULT '{}'::jsonb;
ALTER TABLE tasks ALTER COLUMN input SET NOT NULL;

-- agent_id and state are strongly correlated (most agents only ever have finished tasks);
-- without this the planner badly underestimates "pending tasks of agent X".
CREATE STATISTICS IF NOT EXISTS tasks_agent_state_stats (dependencies, ndistinct)
    ON agent_id, state FROM tasks;
