DROP TABLE activity_logs;
