DROP TABLE sessions;
DROP TABLE profiles;
