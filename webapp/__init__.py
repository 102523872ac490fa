"""The claimflow web app: field-staff intake with instant photo feedback, reviewer queues, family status lookup,
payment batches. Server-rendered pages on FastAPI; it composes ``pipeline`` stages with ``storage``."""
