ALTER TABLE docs MODIFY n bigint;
