CREATE TABLE score_1 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  label_3 timestamp
);
