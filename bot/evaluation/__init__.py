"""Measuring the bot on data it never trained on."""
