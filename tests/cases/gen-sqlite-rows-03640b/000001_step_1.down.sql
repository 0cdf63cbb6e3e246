DROP TABLE score_1;
