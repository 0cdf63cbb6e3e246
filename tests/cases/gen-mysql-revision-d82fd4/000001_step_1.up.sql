CREATE TABLE label_1 (
  id int NOT NULL PRIMARY KEY,
  ticket_2 datetime,
  kind_5 varchar(150) COLLATE utf8mb4_bin
);
RENAME TABLE label_1 TO item_12;
