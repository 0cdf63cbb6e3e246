-- 005: descriptions moved to the project README; drop the column.
-- BROKEN ON PURPOSE (see README.md): the view project_summaries (002) still selects it.

ALTER TABLE projects ADD COLUMN readme_path text;

UPDATE projects
SET readme_path = 'projects/' || id || '/README.md'
WHERE description IS NOT NULL;

ALTER TABLE projects
    DROP COLUMN description;
