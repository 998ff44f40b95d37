"""Delivery of outbox events to the case system: signed webhooks, retried until they land."""
