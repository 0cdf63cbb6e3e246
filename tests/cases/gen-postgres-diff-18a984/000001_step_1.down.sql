DROP TABLE title_1;
