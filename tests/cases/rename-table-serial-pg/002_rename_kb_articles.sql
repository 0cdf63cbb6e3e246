ALTER TABLE knowledge_base RENAME TO kb_articles;
ALTER TABLE kb_articles ADD COLUMN summary varchar(300);
