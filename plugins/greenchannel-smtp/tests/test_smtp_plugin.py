"""Registration through the entry-point hook only when the environment configures SMTP (P2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from greenchannel_sdk.testing import make_sdk, using_plugin

import greenchannel_smtp


def test_not_registered_without_configuration(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.delenv("GREENCHANNEL_SMTP_HOST", raising=False)
    sdk = make_sdk(tmp_path)
    with using_plugin(sdk, greenchannel_smtp):
        assert "smtp" not in sdk.registry.notifiers


def test_registered_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    monkeypatch.setenv("GREENCHANNEL_SMTP_HOST", "mail.bank.example")
    monkeypatch.setenv("GREENCHANNEL_SMTP_FROM", "complaints@bank.example")
    sdk = make_sdk(tmp_path)
    with using_plugin(sdk, greenchannel_smtp):
        notifier = sdk.registry.notifiers["smtp"]
    assert isinstance(notifier, greenchannel_smtp.SmtpNotifier)
    assert notifier.settings.host == "mail.bank.example"
