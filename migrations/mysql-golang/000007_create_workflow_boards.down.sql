DROP TABLE workflow_edges;
DROP TABLE workflow_nodes;
DROP TABLE workflow_boards;
