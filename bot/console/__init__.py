"""The counsellor console: an aiohttp web app over the handoff database (see bot/console/app.py)."""
