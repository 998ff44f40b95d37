"""Which language a message is written in, and which language a conversation is in."""
