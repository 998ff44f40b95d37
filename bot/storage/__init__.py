"""Handoff storage: SQLAlchemy models, sessions, Alembic migrations; the only place that writes SQL."""
