DROP TABLE settings;
DROP TABLE notifications;
