"""The claim database: tables, engines/sessions, migrations and the repository the pipeline uses."""
