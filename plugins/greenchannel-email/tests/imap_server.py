"""A tiny IMAP server on localhost, speaking just enough IMAP4rev1 for the poller.

It answers CAPABILITY, LOGIN, SELECT, UID SEARCH UNSEEN, UID FETCH (with the
message as a literal), UID STORE +FLAGS and LOGOUT, so the poller is
exercised through the real :mod:`imaplib` client and its response parsing.
"""

from __future__ import annotations

import re
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_INTERNALDATE = "30-Nov-2026 10:00:00 +0800"


class Mailbox:
    def __init__(self, messages: dict[int, bytes], password: str) -> None:
        self.messages = messages
        self.password = password
        self.seen: set[int] = set()
        self.commands: list[str] = []


class _Handler(socketserver.StreamRequestHandler):
    mailbox: Mailbox

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("* OK fake IMAP ready")
        for raw in self.rfile:
            tag, _, rest = raw.decode().rstrip("\r\n").partition(" ")
            self.mailbox.commands.append(rest.upper())
            if not self.answer(tag, rest):
                return

    def answer(self, tag: str, rest: str) -> bool:
        command = rest.upper()
        box = self.mailbox
        if command.startswith("CAPABILITY"):
            self.reply("* CAPABILITY IMAP4rev1")
        elif command.startswith("LOGIN"):
            password = rest.split(" ", 2)[2].strip('"')
            if password != box.password:
                self.reply(f"{tag} NO [AUTHENTICATIONFAILED] invalid credentials")
                return True
        elif command.startswith("SELECT"):
            self.reply(f"* {len(box.messages)} EXISTS")
            self.reply(f"{tag} OK [READ-WRITE] SELECT completed")
            return True
        elif command.startswith("UID SEARCH UNSEEN"):
            unseen = " ".join(str(uid) for uid in sorted(box.messages) if uid not in box.seen)
            self.reply(f"* SEARCH {unseen}".rstrip())
        elif command.startswith("UID FETCH"):
            uid = int(rest.split(" ")[2])
            assert "BODY.PEEK[]" in command  # fetching must not set \Seen by itself
            body = box.messages[uid]
            self.wfile.write(f'* 1 FETCH (UID {uid} INTERNALDATE "{_INTERNALDATE}" '
                             f"BODY[] {{{len(body)}}}\r\n".encode() + body + b")\r\n")
        elif command.startswith("UID STORE"):
            uid = int(rest.split(" ")[2])
            assert re.search(r"\+FLAGS \(\\SEEN\)", command)
            box.seen.add(uid)
            self.reply(f"* 1 FETCH (UID {uid} FLAGS (\\Seen))")
        elif command.startswith("LOGOUT"):
            self.reply("* BYE logging out")
            self.reply(f"{tag} OK LOGOUT completed")
            return False
        else:
            self.reply(f"{tag} BAD unknown command")
            return True
        self.reply(f"{tag} OK done")
        return True


@contextmanager
def serving(mailbox: Mailbox) -> Iterator[int]:
    """Serve ``mailbox`` on a free localhost port for the block; yields the port."""
    handler = type("Handler", (_Handler,), {"mailbox": mailbox})
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield server.server_address[1]
        finally:
            server.shutdown()
