ALTER TABLE items RENAME COLUMN price TO amount;
