RENAME TABLE item_12 TO label_1;
DROP TABLE label_1;
