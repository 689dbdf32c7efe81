"""Where the webhook notifier posts, from code or from ``GREENCHANNEL_WEBHOOK_*`` variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

import attrs
from greenchannel_sdk.errors import ConfigurationError

__all__ = ["ENV_PREFIX", "WebhookSettings"]

ENV_PREFIX = "GREENCHANNEL_WEBHOOK_"

_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
_TRUE = frozenset({"1", "true", "yes"})


def _url(_instance: object, _attribute: attrs.Attribute[str], value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ConfigurationError(f"webhook url must be an absolute https:// URL, not {value!r}")
    if parts.scheme == "http" and parts.hostname not in _LOOPBACK:
        raise ConfigurationError(
            "webhook url must use https:// (plain http is allowed only to this machine): "
            "notices and recipients must be encrypted in transit (S20)")


@attrs.frozen(kw_only=True)
class WebhookSettings:
    """What the webhook notifier needs.

    ``secret`` signs every request (at least 16 bytes; share it with the
    receiver).  ``include_recipient`` adds the customer's contact details
    (``customer_ref``, ``email``, ``phone``, ``wechat_openid``) to customer
    notices, for a receiver that delivers them (an SMS or WeChat gateway);
    turn it off when the receiver looks customers up itself.  ``ca_file``
    trusts a private certificate authority; ``templates`` is a directory of
    the bank's own notice templates layered over the built-in ones.
    """

    url: str = attrs.field(validator=_url)
    secret: str = attrs.field(repr=False)
    timeout: float = attrs.field(default=10.0, validator=attrs.validators.gt(0))
    include_recipient: bool = True
    ca_file: str | None = None
    templates: str | None = None
    default_language: str = "zh-Hans"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> WebhookSettings | None:
        """Settings from ``GREENCHANNEL_WEBHOOK_*``, or ``None`` when ``..._URL`` is unset.

        ``URL``, ``SECRET`` (required with URL), ``TIMEOUT`` (seconds),
        ``INCLUDE_RECIPIENT`` (``1``/``0``, default ``1``), ``CA_FILE``,
        ``TEMPLATES`` (a directory), ``LANGUAGE`` (default notice language).
        """
        env = os.environ if environ is None else environ
        url = env.get(f"{ENV_PREFIX}URL", "").strip()
        if not url:
            return None
        secret = env.get(f"{ENV_PREFIX}SECRET", "")
        if not secret:
            raise ConfigurationError(f"{ENV_PREFIX}URL is set but {ENV_PREFIX}SECRET is not: "
                                     "every webhook request is signed")
        values: dict[str, object] = {"url": url, "secret": secret}
        for var, field in (("CA_FILE", "ca_file"), ("TEMPLATES", "templates"),
                           ("LANGUAGE", "default_language")):
            if env.get(f"{ENV_PREFIX}{var}"):
                values[field] = env[f"{ENV_PREFIX}{var}"].strip()
        if env.get(f"{ENV_PREFIX}INCLUDE_RECIPIENT"):
            values["include_recipient"] = env[f"{ENV_PREFIX}INCLUDE_RECIPIENT"].lower() in _TRUE
        if env.get(f"{ENV_PREFIX}TIMEOUT"):
            raw = env[f"{ENV_PREFIX}TIMEOUT"]
            try:
                values["timeout"] = float(raw)
            except ValueError:
                raise ConfigurationError(f"{ENV_PREFIX}TIMEOUT must be a number of seconds, "
                                         f"not {raw!r}") from None
        return cls(**values)  # type: ignore[arg-type]
