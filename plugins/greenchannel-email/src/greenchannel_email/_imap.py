"""Fetching complaint mail from an IMAP mailbox (optional; the host schedules it).

The poller never loses mail: it reads each unseen message with
``BODY.PEEK[]`` (which leaves it unseen), hands the raw bytes to ``submit``
and only then flags it ``\\Seen``.  When ``submit`` raises (the database is
down, say) the message stays unseen and the next poll offers it again; when
the connection drops between ``submit`` and the flag, the next poll submits
it twice and intake recognises the redelivery by its Message-ID.  Malformed
mail is *not* a submit failure: the SDK quarantines it and ``submit``
returns, so it is flagged like any other message.

Logs name IMAP UIDs only, never senders or subjects (S20).
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import re
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol

import attrs

__all__ = ["ImapConnection", "ImapPoller", "PollResult", "Submit"]

logger = logging.getLogger(__name__)

#: ``submit(channel_name, payload, metadata)``: the SDK's intake entry point.
Submit = Callable[[str, bytes, Mapping[str, str]], object]

_INTERNALDATE = re.compile(
    rb'INTERNALDATE "\s?(\d{1,2})-([A-Za-z]{3})-(\d{4}) '
    rb'(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})"'
)
_MONTHS = {name: index for index, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


class ImapConnection(Protocol):
    """The part of :class:`imaplib.IMAP4` the poller uses (so tests can pass a fake)."""

    def login(self, user: str, password: str) -> tuple[str, Any]: ...

    def select(self, mailbox: str = ..., readonly: bool = ...) -> tuple[str, Any]: ...

    def uid(self, command: str, *args: str) -> tuple[str, Any]: ...

    def logout(self) -> tuple[str, Any]: ...


@attrs.frozen
class PollResult:
    """UIDs handed to intake (and flagged seen) and UIDs left unseen for the next poll."""

    submitted: tuple[str, ...]
    failed: tuple[str, ...]


def _expect_ok(response: tuple[str, Any], step: str) -> Any:
    status, data = response
    if status != "OK":
        raise imaplib.IMAP4.error(f"IMAP {step} failed with status {status}")
    return data


def _internaldate(header: bytes) -> datetime | None:
    match = _INTERNALDATE.search(header)
    if not match:
        return None
    day, month, year, hour, minute, second, sign, off_h, off_m = match.groups()
    month_number = _MONTHS.get(month.decode().lower())
    if month_number is None:
        return None
    offset = timedelta(hours=int(off_h), minutes=int(off_m)) * (-1 if sign == b"-" else 1)
    try:
        return datetime(int(year), month_number, int(day), int(hour), int(minute), int(second),
                        tzinfo=timezone(offset))
    except ValueError:
        return None


def _message(data: Any) -> tuple[bytes, datetime | None] | None:
    """The raw message and INTERNALDATE out of a FETCH response, or None if absent."""
    for item in data or ():
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1], _internaldate(item[0])
    return None


@attrs.define
class ImapPoller:
    """Polls one mailbox and submits its unseen messages to the named channel.

    ``connect`` opens the connection (default: IMAPS on ``port``); pass your
    own for STARTTLS or a test double.  ``batch_size`` bounds one poll, so a
    backlog drains over several polls instead of one long session.
    """

    host: str
    user: str
    password: str = attrs.field(repr=False)
    mailbox: str
    channel: str
    submit: Submit
    port: int = 993
    batch_size: int = attrs.field(default=50, validator=attrs.validators.gt(0))
    connect: Callable[[], ImapConnection] | None = None

    def _open(self) -> ImapConnection:
        if self.connect is not None:
            return self.connect()
        return imaplib.IMAP4_SSL(self.host, self.port)

    def poll_once(self) -> PollResult:
        """Submit up to ``batch_size`` unseen messages; flag each seen once submitted."""
        connection = self._open()
        try:
            _expect_ok(connection.login(self.user, self.password), "login")
            _expect_ok(connection.select(self.mailbox), "select")
            found = _expect_ok(connection.uid("SEARCH", "UNSEEN"), "search")
            uids = b" ".join(part for part in found if isinstance(part, bytes)).split()
            submitted: list[str] = []
            failed: list[str] = []
            for uid in (raw.decode("ascii") for raw in uids[: self.batch_size]):
                if self._deliver(connection, uid):
                    submitted.append(uid)
                else:
                    failed.append(uid)
            return PollResult(tuple(submitted), tuple(failed))
        finally:
            with contextlib.suppress(imaplib.IMAP4.error, OSError):
                connection.logout()

    def _deliver(self, connection: ImapConnection, uid: str) -> bool:
        fetched = _message(_expect_ok(connection.uid("FETCH", uid, "(INTERNALDATE BODY.PEEK[])"),
                                      "fetch"))
        if fetched is None:
            logger.warning("IMAP uid %s returned no message body; left unseen", uid)
            return False
        raw, internal_date = fetched
        metadata = {"mailbox": self.mailbox, "imap_uid": uid}
        if internal_date is not None:
            metadata["received_at"] = internal_date.isoformat()
        try:
            self.submit(self.channel, raw, metadata)
        except Exception as exc:  # any intake failure: keep the mail for the next poll
            logger.warning("submitting IMAP uid %s failed (%s); left unseen for the next poll",
                           uid, type(exc).__name__)
            return False
        _expect_ok(connection.uid("STORE", uid, "+FLAGS", "(\\Seen)"), "store")
        return True
