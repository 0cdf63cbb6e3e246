-- Settings can now be overridden per workspace. The scope leads the primary key, so it goes
-- first in the table as well; existing rows become the instance-wide defaults.
ALTER TABLE settings
    ADD COLUMN scope VARCHAR(64) NOT NULL DEFAULT 'global' FIRST,
    DROP PRIMARY KEY,
    ADD PRIMARY KEY (scope, `key`);

INSERT INTO settings (scope, `key`, `value`) VALUES ('global', 'workflow.max_nodes_per_board', '200');
