CREATE TABLE tags (
    id int NOT NULL AUTO_INCREMENT,
    label varchar(50) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_tags_label (label)
) ENGINE=InnoDB;
