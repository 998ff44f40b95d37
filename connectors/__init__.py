"""Rasa input channels for the helpline assistant.

The foundation uses Rasa's built-in REST channel (credentials.yml: `rest:`). The
website's own channel, which the handoff to a counsellor needs, is added here by a
later issue and registered in credentials.yml by its module path.
"""
