"""The webhook's signature and headers, and the worker's configuration and backoff."""

from __future__ import annotations

import hashlib
import hmac
import random

import pytest

from bot.delivery.webhook import encode, headers, sign, verify
from bot.delivery.worker import DeliveryConfig, RetryPolicy


def test_the_signature_is_hex_hmac_sha256_of_the_exact_body():
    body = encode({"reference": "HO-7K2M9Q", "narrative": "café"})
    assert body == '{"narrative":"café","reference":"HO-7K2M9Q"}'.encode()
    assert sign(body, "s3cret") == hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert headers(body, "s3cret", "HO-7K2M9Q:handoff.created", "handoff.created") == {
        "Content-Type": "application/json",
        "X-Helpline-Signature": "sha256=" + sign(body, "s3cret"),
        "Idempotency-Key": "HO-7K2M9Q:handoff.created",
        "X-Helpline-Event": "handoff.created",
    }


def test_verify_refuses_a_changed_body_a_wrong_secret_or_a_missing_prefix():
    body = encode({"a": 1})
    good = "sha256=" + sign(body, "k")
    assert verify(body, "k", good)
    assert not verify(encode({"a": 2}), "k", good)
    assert not verify(body, "other", good)
    assert not verify(body, "k", sign(body, "k"))
    assert not verify(body, "k", None)


def test_backoff_doubles_from_base_up_to_the_cap_with_jitter_below_it():
    policy = RetryPolicy(base=1.0, cap=300.0, max_attempts=12)

    class Highest(random.Random):
        def uniform(self, a, b):
            return b

    assert [policy.delay(n, Highest()) for n in range(1, 12)] == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
    rng = random.Random(7)
    for attempts in range(1, 12):
        full = min(2 ** (attempts - 1), 300)
        assert full / 2 <= policy.delay(attempts, rng) <= full


def test_configuration_comes_from_the_environment_with_delivery_off_by_default():
    assert DeliveryConfig.from_env({}).enabled is False
    config = DeliveryConfig.from_env({"HANDOFF_WEBHOOK_URL": "https://cases.example/hook", "HANDOFF_WEBHOOK_SECRET": "k"})
    assert config.enabled and config.url == "https://cases.example/hook" and config.secret == "k"
    assert config.retry == RetryPolicy(base=1.0, cap=300.0, max_attempts=12)
    with pytest.raises(ValueError, match="HANDOFF_WEBHOOK_SECRET"):
        DeliveryConfig.from_env({"HANDOFF_WEBHOOK_URL": "https://cases.example/hook"})
