"""Registration through the entry-point hook only when the environment configures it (P2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from greenchannel_sdk.testing import make_sdk, using_plugin

import greenchannel_webhook


def test_not_registered_without_configuration(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.delenv("GREENCHANNEL_WEBHOOK_URL", raising=False)
    sdk = make_sdk(tmp_path)
    with using_plugin(sdk, greenchannel_webhook):
        assert "webhook" not in sdk.registry.notifiers


def test_registered_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    monkeypatch.setenv("GREENCHANNEL_WEBHOOK_URL", "https://hub.bank.example/notices")
    monkeypatch.setenv("GREENCHANNEL_WEBHOOK_SECRET", "0123456789abcdef0123")
    sdk = make_sdk(tmp_path)
    with using_plugin(sdk, greenchannel_webhook):
        notifier = sdk.registry.notifiers["webhook"]
    assert isinstance(notifier, greenchannel_webhook.WebhookNotifier)
    assert notifier.settings.url == "https://hub.bank.example/notices"
