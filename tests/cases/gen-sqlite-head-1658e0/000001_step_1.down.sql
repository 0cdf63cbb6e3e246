DROP TABLE project_7;
