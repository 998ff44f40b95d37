"""Rasa graph components of our own. No I/O: they only read and annotate messages."""
