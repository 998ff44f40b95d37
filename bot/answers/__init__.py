"""Answering a question: which topic's facet the professional asked for, in this conversation."""
