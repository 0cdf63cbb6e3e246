CREATE TABLE t (
    a int,
    "A" int,
    b int CHECK (b > 0),
    CONSTRAINT big_a CHECK ("A" > 0),
    CONSTRAINT small_a CHECK (a < 10)
);
