CREATE TYPE task_state AS ENUM ('queued', 'running', 'done');

CREATE TABLE tasks (
    id serial PRIMARY KEY,
    state task_state NOT NULL DEFAULT 'queued',
    CONSTRAINT tasks_not_done CHECK (state <> 'done')
);

CREATE INDEX tasks_open_idx ON tasks (id) WHERE state IN ('queued', 'running');
