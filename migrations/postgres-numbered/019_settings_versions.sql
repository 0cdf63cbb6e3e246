-- 019: the admin UI calls it "version", so does the API; align the column and its sequence.
-- The column default refers to the sequence by OID, so it follows the rename by itself.

ALTER TABLE settings RENAME COLUMN revision TO version;
ALTER SEQUENCE settings_revision_seq RENAME TO settings_version_seq;

-- The beta banner was removed from the frontend in the last release.
DELETE FROM settings WHERE key = 'legacy.beta_banner';

INSERT INTO settings (key, value) VALUES ('workflow.max_nodes_per_board', '200')
ON CONFLICT (key) DO NOTHING;
