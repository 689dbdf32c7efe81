"""The IMAP poller never loses mail: seen only after submit succeeded (S1, S16).

Tested two ways: against an in-memory stand-in for :class:`imaplib.IMAP4`
(fast, for the poller's own logic), and through the real ``imaplib`` client
talking to a tiny IMAP server on localhost (``imap_server.py``), so the
parsing of real FETCH responses is covered too.
"""

from __future__ import annotations

import imaplib
from collections.abc import Mapping
from typing import Any

import pytest

from greenchannel_email import ImapPoller

from .conftest import sample
from .imap_server import Mailbox, serving


class FakeMailbox:
    """Answers login/select/uid/logout the way imaplib does, for one mailbox."""

    def __init__(self, messages: dict[str, bytes], *, login_ok: bool = True) -> None:
        self.messages = messages
        self.seen: set[str] = set()
        self.login_ok = login_ok
        self.logged_out = False
        self.selected: str | None = None

    def login(self, user: str, password: str) -> tuple[str, Any]:
        return ("OK", [b"welcome"]) if self.login_ok else ("NO", [b"bad credentials"])

    def select(self, mailbox: str = "INBOX", readonly: bool = False) -> tuple[str, Any]:
        self.selected = mailbox
        return "OK", [str(len(self.messages)).encode()]

    def uid(self, command: str, *args: str) -> tuple[str, Any]:
        if command == "SEARCH":
            assert args == ("UNSEEN",)
            unseen = [uid for uid in sorted(self.messages, key=int) if uid not in self.seen]
            return "OK", [" ".join(unseen).encode()]
        if command == "FETCH":
            uid, items = args
            assert "BODY.PEEK[]" in items  # must not set \Seen by itself
            header = f'1 (UID {uid} INTERNALDATE "30-Nov-2026 10:00:00 +0800" BODY[] {{9}}'
            return "OK", [(header.encode(), self.messages[uid]), b")"]
        if command == "STORE":
            uid, action, flags = args
            assert (action, flags) == ("+FLAGS", "(\\Seen)")
            self.seen.add(uid)
            return "OK", [b""]
        raise AssertionError(f"unexpected command {command}")

    def logout(self) -> tuple[str, Any]:
        self.logged_out = True
        return "BYE", [b""]


class Intake:
    def __init__(self, fail_on: frozenset[bytes] = frozenset()) -> None:
        self.calls: list[tuple[str, bytes, Mapping[str, str]]] = []
        self.fail_on = fail_on

    def __call__(self, channel: str, payload: bytes, metadata: Mapping[str, str]) -> None:
        if payload in self.fail_on:
            raise ConnectionError("database unavailable")
        self.calls.append((channel, payload, dict(metadata)))


def poller(mailbox: FakeMailbox, intake: Intake, batch_size: int = 50) -> ImapPoller:
    return ImapPoller("imap.bank.example", "complaints", "secret", "Complaints", "email",
                      intake, batch_size=batch_size, connect=lambda: mailbox)


def test_unseen_messages_are_submitted_then_flagged_seen() -> None:
    first, second = sample("utf8_plain.eml"), sample("big5_traditional.eml")
    mailbox = FakeMailbox({"7": first, "9": second})
    intake = Intake()
    result = poller(mailbox, intake).poll_once()
    assert result.submitted == ("7", "9")
    assert result.failed == ()
    assert mailbox.seen == {"7", "9"}
    assert mailbox.selected == "Complaints"
    assert mailbox.logged_out
    channel, payload, metadata = intake.calls[0]
    assert (channel, payload) == ("email", first)
    assert metadata == {"mailbox": "Complaints", "imap_uid": "7",
                        "received_at": "2026-11-30T10:00:00+08:00"}
    # nothing is submitted twice once flagged
    assert poller(mailbox, intake).poll_once().submitted == ()


def test_failed_submit_leaves_the_message_unseen_for_the_next_poll() -> None:
    good, bad = sample("utf8_plain.eml"), sample("gbk_qp.eml")
    mailbox = FakeMailbox({"1": bad, "2": good})
    intake = Intake(fail_on=frozenset({bad}))
    result = poller(mailbox, intake).poll_once()
    assert result.failed == ("1",)
    assert result.submitted == ("2",)
    assert mailbox.seen == {"2"}
    intake.fail_on = frozenset()
    assert poller(mailbox, intake).poll_once().submitted == ("1",)


def test_batch_size_bounds_one_poll() -> None:
    mailbox = FakeMailbox({str(uid): sample("utf8_plain.eml") for uid in range(1, 6)})
    result = poller(mailbox, Intake(), batch_size=2).poll_once()
    assert result.submitted == ("1", "2")


def test_refused_login_raises_and_still_logs_out() -> None:
    mailbox = FakeMailbox({}, login_ok=False)
    with pytest.raises(imaplib.IMAP4.error, match="login"):
        poller(mailbox, Intake()).poll_once()
    assert mailbox.logged_out


def test_password_is_not_in_the_repr() -> None:
    assert "secret" not in repr(poller(FakeMailbox({}), Intake()))


def test_poller_works_through_the_real_imaplib_client_over_a_socket() -> None:
    first, second = sample("utf8_plain.eml"), sample("multipart_attachments.eml")
    mailbox = Mailbox({7: first, 9: second}, password="s3cret pass")
    intake = Intake(fail_on=frozenset({second}))
    with serving(mailbox) as port:
        poller = ImapPoller("127.0.0.1", "complaints", "s3cret pass", "INBOX", "email", intake,
                            connect=lambda: imaplib.IMAP4("127.0.0.1", port))
        result = poller.poll_once()
    assert result.submitted == ("7",)
    assert result.failed == ("9",)
    assert mailbox.seen == {7}
    assert intake.calls == [("email", first, {"mailbox": "INBOX", "imap_uid": "7",
                                              "received_at": "2026-11-30T10:00:00+08:00"})]
    assert mailbox.commands[-1] == "LOGOUT"
    assert not any(command.startswith("UID STORE 9") for command in mailbox.commands)


def test_wrong_password_over_a_socket_raises_the_imaplib_error() -> None:
    mailbox = Mailbox({}, password="right")
    with serving(mailbox) as port:
        poller = ImapPoller("127.0.0.1", "complaints", "wrong", "INBOX", "email", Intake(),
                            connect=lambda: imaplib.IMAP4("127.0.0.1", port))
        with pytest.raises(imaplib.IMAP4.error):
            poller.poll_once()
