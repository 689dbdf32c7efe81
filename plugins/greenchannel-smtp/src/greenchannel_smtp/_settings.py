"""Where and how the SMTP notifier sends, from code or from ``GREENCHANNEL_SMTP_*`` variables."""

from __future__ import annotations

import os
from collections.abc import Mapping

import attrs
from greenchannel_sdk.errors import ConfigurationError

__all__ = ["ENV_PREFIX", "SECURITY_MODES", "SmtpSettings"]

ENV_PREFIX = "GREENCHANNEL_SMTP_"

#: ``starttls`` upgrades a plain connection (port 587), ``ssl`` is TLS from the
#: first byte (port 465), ``none`` is for a relay on the bank's own network.
SECURITY_MODES = ("starttls", "ssl", "none")
_DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def _addresses(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return tuple(value)


def _security(_instance: object, _attribute: attrs.Attribute[str], value: str) -> None:
    if value not in SECURITY_MODES:
        raise ConfigurationError(f"SMTP security must be one of {', '.join(SECURITY_MODES)}, "
                                 f"not {value!r}")


def _has_at(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if "@" not in value:
        raise ConfigurationError(f"SMTP {attribute.name} must be an email address")


@attrs.frozen(kw_only=True)
class SmtpSettings:
    """Everything the SMTP notifier needs to know about the bank's mail server.

    ``sender`` is the From address customers see and reply to (unless
    ``reply_to`` is set); ``staff_recipients`` receive SLA notices (a team
    mailbox).  ``port`` defaults by ``security``.  ``message_id_domain``
    (default: the sender's domain) ends every Message-ID.  ``ca_file`` trusts
    a private certificate authority.  ``templates`` is a directory of the
    bank's own notice templates layered over the built-in ones.
    """

    host: str = attrs.field(validator=attrs.validators.min_len(1))
    sender: str = attrs.field(validator=_has_at)
    security: str = attrs.field(default="starttls", validator=_security)
    port: int | None = None
    username: str | None = None
    password: str | None = attrs.field(default=None, repr=False)
    reply_to: str | None = None
    staff_recipients: tuple[str, ...] = attrs.field(default=(), converter=_addresses)
    timeout: float = attrs.field(default=30.0, validator=attrs.validators.gt(0))
    message_id_domain: str | None = None
    ca_file: str | None = None
    templates: str | None = None
    default_language: str = "zh-Hans"

    @property
    def effective_port(self) -> int:
        return self.port if self.port is not None else _DEFAULT_PORTS[self.security]

    @property
    def id_domain(self) -> str:
        return self.message_id_domain or self.sender.rpartition("@")[2]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SmtpSettings | None:
        """Settings from ``GREENCHANNEL_SMTP_*``, or ``None`` when ``..._HOST`` is unset.

        ``HOST``, ``FROM`` (required with HOST), ``PORT``, ``SECURITY``,
        ``USERNAME``, ``PASSWORD``, ``REPLY_TO``, ``STAFF_TO`` (comma
        separated), ``TIMEOUT`` (seconds), ``MESSAGE_ID_DOMAIN``,
        ``CA_FILE``, ``TEMPLATES`` (a directory), ``LANGUAGE`` (default
        notice language).
        """
        env = os.environ if environ is None else environ
        host = env.get(f"{ENV_PREFIX}HOST", "").strip()
        if not host:
            return None
        sender = env.get(f"{ENV_PREFIX}FROM", "").strip()
        if not sender:
            raise ConfigurationError(f"{ENV_PREFIX}HOST is set but {ENV_PREFIX}FROM is not: "
                                     "say which address notices come from")
        values: dict[str, object] = {"host": host, "sender": sender}
        text = {"SECURITY": "security", "USERNAME": "username", "PASSWORD": "password",
                "REPLY_TO": "reply_to", "STAFF_TO": "staff_recipients",
                "MESSAGE_ID_DOMAIN": "message_id_domain", "CA_FILE": "ca_file",
                "TEMPLATES": "templates", "LANGUAGE": "default_language"}
        for var, field in text.items():
            if env.get(f"{ENV_PREFIX}{var}"):
                values[field] = env[f"{ENV_PREFIX}{var}"].strip()
        for var, field, kind in (("PORT", "port", int), ("TIMEOUT", "timeout", float)):
            raw = env.get(f"{ENV_PREFIX}{var}")
            if raw:
                try:
                    values[field] = kind(raw)
                except ValueError:
                    raise ConfigurationError(f"{ENV_PREFIX}{var} must be a number, "
                                             f"not {raw!r}") from None
        return cls(**values)  # type: ignore[arg-type]
