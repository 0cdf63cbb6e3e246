DROP TABLE agent_capabilities;
DROP TABLE capabilities;
