ALTER TABLE title_1 RENAME TO amount_7;
