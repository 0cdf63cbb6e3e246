ALTER TABLE items RENAME TO items_old;
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    title TEXT,
    old_id INTEGER REFERENCES items_old (id)
);
ALTER TABLE orders ADD COLUMN new_item_id INTEGER REFERENCES items (id);
