"""Configuration from code or ``GREENCHANNEL_WEBHOOK_*`` variables (S20: https, a real secret)."""

from __future__ import annotations

import pytest
from greenchannel_sdk.errors import ConfigurationError

from greenchannel_webhook import WebhookNotifier, WebhookSettings

SECRET = "0123456789abcdef0123"


def test_not_configured_without_a_url() -> None:
    assert WebhookSettings.from_env({}) is None
    assert WebhookSettings.from_env({"GREENCHANNEL_WEBHOOK_SECRET": SECRET}) is None


def test_every_variable_is_read() -> None:
    settings = WebhookSettings.from_env({
        "GREENCHANNEL_WEBHOOK_URL": "https://hub.bank.example/notices",
        "GREENCHANNEL_WEBHOOK_SECRET": SECRET,
        "GREENCHANNEL_WEBHOOK_TIMEOUT": "2.5",
        "GREENCHANNEL_WEBHOOK_INCLUDE_RECIPIENT": "0",
        "GREENCHANNEL_WEBHOOK_CA_FILE": "/etc/bank/ca.pem",
        "GREENCHANNEL_WEBHOOK_TEMPLATES": "/etc/bank/notices",
        "GREENCHANNEL_WEBHOOK_LANGUAGE": "en",
    })
    assert settings == WebhookSettings(
        url="https://hub.bank.example/notices", secret=SECRET, timeout=2.5,
        include_recipient=False, ca_file="/etc/bank/ca.pem", templates="/etc/bank/notices",
        default_language="en")


def test_url_without_secret_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="GREENCHANNEL_WEBHOOK_SECRET is not"):
        WebhookSettings.from_env({"GREENCHANNEL_WEBHOOK_URL": "https://hub.bank.example/n"})


def test_bad_timeout_is_named() -> None:
    with pytest.raises(ConfigurationError, match="TIMEOUT must be a number of seconds, not 'x'"):
        WebhookSettings.from_env({"GREENCHANNEL_WEBHOOK_URL": "https://hub.bank.example/n",
                                  "GREENCHANNEL_WEBHOOK_SECRET": SECRET,
                                  "GREENCHANNEL_WEBHOOK_TIMEOUT": "x"})


@pytest.mark.parametrize("url", ["http://hub.bank.example/notices", "ftp://hub/x", "/notices"])
def test_only_https_leaves_the_machine(url: str) -> None:
    with pytest.raises(ConfigurationError, match="https://"):
        WebhookSettings(url=url, secret=SECRET)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/n", "http://localhost/n",
                                 "http://[::1]:8080/n"])
def test_plain_http_to_this_machine_is_allowed(url: str) -> None:
    assert WebhookSettings(url=url, secret=SECRET).url == url


def test_short_secret_is_refused_when_the_notifier_is_built() -> None:
    settings = WebhookSettings(url="https://hub.bank.example/n", secret="short")
    with pytest.raises(ConfigurationError, match="at least 16 random bytes"):
        WebhookNotifier(settings)


def test_secret_never_shown() -> None:
    settings = WebhookSettings(url="https://hub.bank.example/n", secret=SECRET)
    assert SECRET not in repr(settings)
    assert SECRET not in repr(WebhookNotifier(settings))
