"""The application package the revisions import their column types from."""
