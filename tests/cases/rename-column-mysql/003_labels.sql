RENAME TABLE tags TO labels;
