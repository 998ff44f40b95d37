"""rasa-sdk actions, thin: read the tracker, decide with plain functions, return events."""
