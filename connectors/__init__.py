"""Rasa input channels for the helpline assistant: Rasa's own REST channel (credentials.yml `rest:`)
and the website chat (website.py: Rasa's socket.io protocol with server-signed session ids)."""
