"""Settings: everything a bank configures, in one immutable object.

Built in code (``Settings(database_url=...)``) or from the environment
(:meth:`Settings.from_env`), so the same application can run in a test, on
a developer's laptop with SQLite and in production on PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from .domain import NumberFormat
from .errors import ConfigurationError

__all__ = ["ENV_PREFIX", "Settings"]

#: Environment variables read by :meth:`Settings.from_env` start with this.
ENV_PREFIX = "GREENCHANNEL_"


def _zone(_instance: object, _attribute: attrs.Attribute[str], value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigurationError(f"unknown time zone {value!r}: use an IANA name "
                                 "such as 'Asia/Shanghai'") from exc


def _at_least_one_year(_instance: object, _attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or value < 1:
        raise ConfigurationError(f"retention_years must be a whole number of years, at least 1 "
                                 f"(got {value!r}): a shorter period would purge archived "
                                 "complaints the bank must still keep")


def _names(value: str | Sequence[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return tuple(value)


@attrs.frozen
class Settings:
    """Configuration of one SDK instance.

    ``plugins`` are extra plugin objects or importable module names loaded
    besides those installed under the ``greenchannel`` entry point;
    ``blocked_plugins`` are names never loaded (also from
    ``GREENCHANNEL_BLOCK_PLUGINS``); with ``strict_plugins`` a plugin that
    fails to load stops the SDK instead of being skipped with a warning.
    ``load_entry_points`` can be turned off for fully controlled setups
    (tests, the demo).  ``survey_reply_reopens``: a dissatisfied survey answer
    (score 1-2 or not solved) arriving through a channel reopens the complaint (S15).
    """

    database_url: str = "sqlite:///greenchannel.db"
    timezone: str = attrs.field(default="Asia/Shanghai", validator=_zone)
    plugins: tuple[object, ...] = attrs.field(default=(), converter=tuple)
    blocked_plugins: tuple[str, ...] = attrs.field(default=(), converter=_names)
    strict_plugins: bool = False
    load_entry_points: bool = True
    number_format: NumberFormat = attrs.field(factory=NumberFormat)
    sla_policy: str = "scheme-default"
    key_provider: str = "settings"
    keys: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    classification_review_below: float = 0.5
    priority_threshold: float = 1.0
    large_amount: Decimal = Decimal("50000")
    repeat_window_days: int = 30
    duplicate_similarity: float = 0.5
    outbox_max_attempts: int = 12
    customer_notifier: str = "log"
    deemed_acceptance_days: int = 14
    reopen_window_days: int = 90
    staff_notifier: str = "log"
    exclude_subject_team: bool = False
    survey_reply_reopens: bool = True
    retention_years: int = attrs.field(default=5, validator=_at_least_one_year)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from ``GREENCHANNEL_*`` environment variables, then ``overrides``.

        Reads ``DATABASE_URL``, ``TIMEZONE``, ``BLOCK_PLUGINS`` (comma
        separated), ``STRICT_PLUGINS`` (``1``/``true``), ``SLA_POLICY`` and
        ``KEYS`` (``id=base64key,id2=...``; the last one is current) and
        ``RETENTION_YEARS`` (how long archived complaints are kept before the
        retention purge erases their personal data).
        """
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        simple = {"DATABASE_URL": "database_url", "TIMEZONE": "timezone",
                  "SLA_POLICY": "sla_policy", "BLOCK_PLUGINS": "blocked_plugins"}
        for var, field in simple.items():
            if f"{ENV_PREFIX}{var}" in env:
                values[field] = env[f"{ENV_PREFIX}{var}"]
        if f"{ENV_PREFIX}STRICT_PLUGINS" in env:
            values["strict_plugins"] = env[f"{ENV_PREFIX}STRICT_PLUGINS"].lower() in {"1", "true",
                                                                                 "yes"}
        if f"{ENV_PREFIX}RETENTION_YEARS" in env:
            text = env[f"{ENV_PREFIX}RETENTION_YEARS"]
            if not text.strip().isdigit():
                raise ConfigurationError(f"{ENV_PREFIX}RETENTION_YEARS must be a whole number "
                                         f"of years, not {text!r}")
            values["retention_years"] = int(text)
        if f"{ENV_PREFIX}KEYS" in env:
            values["keys"] = _parse_keys(env[f"{ENV_PREFIX}KEYS"])
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]


def _parse_keys(text: str) -> dict[str, str]:
    keys: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key_id, sep, material = item.partition("=")
        if not sep or not key_id:
            raise ConfigurationError(
                f"{ENV_PREFIX}KEYS must look like 'id=base64key,id2=base64key'; "
                f"an entry has no '=' (key material not shown)")
        keys[key_id] = material
    return keys
