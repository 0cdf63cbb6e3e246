-- The check now reads "Bee" > 0, quoted: unquoted it would name column bee.
ALTER TABLE t RENAME COLUMN b TO "Bee";
