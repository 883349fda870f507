"""The question bank as YAML files: validation (pure), loading into and exporting from the database."""
