"""SQLAlchemy models, sessions and migrations (no Qt)."""
