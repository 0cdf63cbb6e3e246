-- 016: sharing agents. Visibility is a checked text column rather than an enum: the product
-- team expects to add levels often and wants that to be a one-line change.

ALTER TABLE agents
    ADD COLUMN visibility text NOT NULL DEFAULT 'private'
        CHECK (visibility IN ('private', 'shared', 'public')),
    ADD COLUMN published_at timestamptz;

-- Public agents had been marked by a config flag; move them over.
UPDATE agents
SET visibility = 'public', published_at = created_at
WHERE config ->> 'public' = 'true';

-- Agent pickers list agents that can still run (active or paused, see 015).
CREATE INDEX agents_runnable_idx ON agents (owner_id, name)
    WHERE status IN ('active', 'paused');

CREATE INDEX agents_public_idx ON agents (published_at DESC) WHERE visibility = 'public';
