-- Only small_a uses column a; big_a uses "A", another column.
ALTER TABLE t DROP COLUMN a;
