ALTER TYPE mode RENAME VALUE 'require_application' TO 'RequireApplication';
ALTER TYPE mode RENAME VALUE 'closed' TO 'Closed';
