-- 010: catalog comments, so psql \d+ and the generated API docs explain the less obvious bits.

COMMENT ON TABLE agents IS 'An AI agent configured by a user: model, prompt and granted capabilities.';
COMMENT ON COLUMN agents.temperature IS 'Sampling temperature passed to the model, 0.00 to 2.00.';
COMMENT ON COLUMN agents.config IS $$Free-form model options, e.g. {"top_p": 0.9, "stop": ["\n\n"]}.
Keys the runtime does not know are ignored, so it's safe to experiment.$$;
COMMENT ON TABLE workflow.connections IS 'Directed edge from one node''s output port to another node''s input port.';
COMMENT ON COLUMN notifications.is_read IS 'Generated from read_at; never write it directly.';
