"""Test kit: a real HTTP receiver on 127.0.0.1 that verifies signatures as a bank's would.

It runs :class:`http.server.ThreadingHTTPServer` in a thread and checks
each request with :class:`WebhookVerifier` and a replay guard, exactly as
the receiving side is told to in the docs.  The module name is unique
across every plugin's tests, so they can all run in one pytest session.
"""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import attrs
from greenchannel_sdk import GreenChannel
from greenchannel_sdk.domain import ChannelDraft, Complaint, CustomerIdentity
from greenchannel_sdk.errors import ChannelAuthenticationError
from greenchannel_sdk.security.signing import MemoryReplayGuard, WebhookVerifier

HOST = "127.0.0.1"
SECRET = "test-secret-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@attrs.frozen
class Delivery:
    """One accepted request; header names in lower case (HTTP ignores their case)."""

    body: bytes
    headers: dict[str, str]

    @property
    def document(self) -> dict[str, Any]:
        value = json.loads(self.body.decode("utf-8"))
        assert isinstance(value, dict)
        return value


class Receiver:
    """A webhook endpoint: 401 for a bad or replayed signature, else ``answer``."""

    def __init__(self, secret: str = SECRET, port: int | None = None) -> None:
        self.verifier = WebhookVerifier(secret, replay_guard=MemoryReplayGuard())
        self.accepted: list[Delivery] = []
        self.refusals: list[str] = []
        self.answer = 204
        self.extra_headers: dict[str, str] = {}
        #: Cleared, the handler waits until it is set again (to make a client time out).
        self.respond = threading.Event()
        self.respond.set()
        self._server = ThreadingHTTPServer((HOST, port or 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self._server.server_address[1]}/greenchannel/notices"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                headers = {name.lower(): value for name, value in self.headers.items()}
                receiver.respond.wait()
                try:
                    receiver.verifier.verify(body, headers)
                except ChannelAuthenticationError as exc:
                    receiver.refusals.append(str(exc))
                    self._reply(401)
                    return
                receiver.accepted.append(Delivery(body, headers))
                self._reply(receiver.answer)

            def _reply(self, status: int) -> None:
                self.send_response(status)
                for name, value in receiver.extra_headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args: Any) -> None:  # keep test output quiet
                return

        return Handler

    def start(self) -> Receiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.respond.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


class CustomerBook(dict[str, CustomerIdentity]):
    """A fake recipient lookup: complaint id -> identity, filled as the test registers."""

    def lookup(self, complaint_id: str) -> CustomerIdentity:
        return self[complaint_id]

    def intake(self, sdk: GreenChannel, draft: ChannelDraft) -> Complaint:
        complaint = sdk.intake(draft).complaint
        assert complaint is not None
        self[complaint.id] = draft.customer
        return complaint
