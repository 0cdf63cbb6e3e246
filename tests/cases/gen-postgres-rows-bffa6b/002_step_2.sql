ALTER TABLE item_1 RENAME TO account_8;
