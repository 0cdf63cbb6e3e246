ALTER TABLE amount_7 RENAME TO title_1;
