"""Configuration from code or ``GREENCHANNEL_SMTP_*`` variables.

Mistakes are named precisely; the password never shows.
"""

from __future__ import annotations

import pytest
from greenchannel_sdk.errors import ConfigurationError

from greenchannel_smtp import SmtpSettings


def test_not_configured_without_a_host() -> None:
    assert SmtpSettings.from_env({}) is None
    assert SmtpSettings.from_env({"GREENCHANNEL_SMTP_FROM": "x@bank.example"}) is None


def test_every_variable_is_read() -> None:
    settings = SmtpSettings.from_env({
        "GREENCHANNEL_SMTP_HOST": "mail.bank.example",
        "GREENCHANNEL_SMTP_FROM": "complaints@bank.example",
        "GREENCHANNEL_SMTP_PORT": "2525",
        "GREENCHANNEL_SMTP_SECURITY": "ssl",
        "GREENCHANNEL_SMTP_USERNAME": "svc-gc",
        "GREENCHANNEL_SMTP_PASSWORD": "pa55word",
        "GREENCHANNEL_SMTP_REPLY_TO": "replies@bank.example",
        "GREENCHANNEL_SMTP_STAFF_TO": "a@bank.example, b@bank.example",
        "GREENCHANNEL_SMTP_TIMEOUT": "7.5",
        "GREENCHANNEL_SMTP_MESSAGE_ID_DOMAIN": "gc.bank.example",
        "GREENCHANNEL_SMTP_CA_FILE": "/etc/bank/ca.pem",
        "GREENCHANNEL_SMTP_TEMPLATES": "/etc/bank/notices",
        "GREENCHANNEL_SMTP_LANGUAGE": "en",
    })
    assert settings == SmtpSettings(
        host="mail.bank.example", sender="complaints@bank.example", port=2525, security="ssl",
        username="svc-gc", password="pa55word", reply_to="replies@bank.example",
        staff_recipients=("a@bank.example", "b@bank.example"), timeout=7.5,
        message_id_domain="gc.bank.example", ca_file="/etc/bank/ca.pem",
        templates="/etc/bank/notices", default_language="en")
    assert settings.id_domain == "gc.bank.example"


@pytest.mark.parametrize(("security", "port"), [("starttls", 587), ("ssl", 465), ("none", 25)])
def test_port_follows_security_unless_given(security: str, port: int) -> None:
    settings = SmtpSettings(host="h", sender="s@bank.example", security=security)
    assert settings.effective_port == port
    assert settings.id_domain == "bank.example"


def test_host_without_sender_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="GREENCHANNEL_SMTP_FROM is not"):
        SmtpSettings.from_env({"GREENCHANNEL_SMTP_HOST": "mail.bank.example"})


@pytest.mark.parametrize(("variable", "value", "problem"), [
    ("GREENCHANNEL_SMTP_PORT", "smtp", "GREENCHANNEL_SMTP_PORT must be a number, not 'smtp'"),
    ("GREENCHANNEL_SMTP_SECURITY", "tls", "must be one of starttls, ssl, none, not 'tls'"),
])
def test_bad_values_are_named(variable: str, value: str, problem: str) -> None:
    env = {"GREENCHANNEL_SMTP_HOST": "h", "GREENCHANNEL_SMTP_FROM": "s@bank.example",
           variable: value}
    with pytest.raises(ConfigurationError) as caught:
        SmtpSettings.from_env(env)
    assert problem in str(caught.value)


def test_sender_must_be_an_address() -> None:
    with pytest.raises(ConfigurationError, match="sender must be an email address"):
        SmtpSettings(host="h", sender="complaints")


def test_password_never_shown() -> None:
    settings = SmtpSettings(host="h", sender="s@bank.example", username="u", password="pa55word")
    assert "pa55word" not in repr(settings)
