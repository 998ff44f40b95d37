"""The handoff to a counsellor: the summary contract in code (pure functions, no I/O)."""
