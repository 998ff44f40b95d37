"""Privacy: what personal data the service keeps, for how long, and what it never writes down.

- `redact` (bot/privacy/redact.py): personal data in free text replaced by placeholders, for logs.
- `retention` (bot/privacy/retention.py): how many days personal data is kept (HELPLINE_RETENTION_DAYS).
- `purge` (bot/privacy/purge.py): deletes conversations and closed handoffs older than that.
- `purge_cli` (bot/privacy/purge_cli.py): `helpline purge`.
"""
