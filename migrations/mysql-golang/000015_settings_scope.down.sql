DELETE FROM settings WHERE scope <> 'global' OR `key` = 'workflow.max_nodes_per_board';

ALTER TABLE settings
    DROP PRIMARY KEY,
    DROP COLUMN scope,
    ADD PRIMARY KEY (`key`);
