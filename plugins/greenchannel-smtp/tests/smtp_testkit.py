"""Test kit: a real SMTP server (aiosmtpd on 127.0.0.1), optionally with TLS and login.

Nothing is mocked: the notifier talks SMTP over a socket to a server the
test starts, stops and starts again.  The module name is unique across
every plugin's tests, so they can all run in one pytest session.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import attrs
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from greenchannel_sdk import GreenChannel
from greenchannel_sdk.domain import ChannelDraft, Complaint, CustomerIdentity

HOST = "127.0.0.1"
USER, PASSWORD = "notifier", "s3cret-pass"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@attrs.frozen
class Received:
    sender: str
    recipients: tuple[str, ...]
    email: EmailMessage

    @property
    def text(self) -> str:
        body = self.email.get_body(("plain",))
        assert isinstance(body, EmailMessage)
        return str(body.get_content())


class Recorder:
    """aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        #: Addresses the server answers 550 to at RCPT TO.
        self.unknown: set[str] = set()

    async def handle_RCPT(self, _server: Any, _session: Any, envelope: Any, address: str,
                          _options: Any) -> str:
        if address in self.unknown:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        email = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
        assert isinstance(email, EmailMessage)
        self.received.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), email))
        return "250 Message accepted for delivery"


def _accept_test_login(_server: Any, _session: Any, _envelope: Any, _mechanism: str,
                       data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(), PASSWORD.encode())
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535


@attrs.frozen
class Certificate:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))


def make_certificate(folder: Path) -> Certificate:
    """A self-signed certificate for 127.0.0.1, so TLS is verified for real."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "greenchannel test")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(HOST))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    paths = Certificate(folder / "cert.pem", folder / "key.pem")
    paths.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths.key.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                            serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()))
    return paths


class MailServers:
    """Starts SMTP servers on demand and stops them all when the test ends."""

    def __init__(self, certificate: Certificate) -> None:
        self.certificate = certificate
        self._running: list[Controller] = []

    def start(self, port: int | None = None, *, security: str = "none",
              login: bool = False) -> tuple[Recorder, int]:
        recorder = Recorder()
        options: dict[str, Any] = {}
        if security == "starttls":
            options.update(tls_context=self.certificate.server_context(), require_starttls=True)
        elif security == "ssl":
            options["ssl_context"] = self.certificate.server_context()
        if login:
            options.update(authenticator=_accept_test_login, auth_required=True)
        controller = Controller(recorder, hostname=HOST, port=port or free_port(), **options)
        controller.start()
        self._running.append(controller)
        return recorder, controller.port

    def stop_all(self) -> None:
        while self._running:
            self._running.pop().stop()


class CustomerBook(dict[str, CustomerIdentity]):
    """A fake recipient lookup: complaint id -> identity, filled as the test registers."""

    def lookup(self, complaint_id: str) -> CustomerIdentity:
        return self[complaint_id]

    def intake(self, sdk: GreenChannel, draft: ChannelDraft) -> Complaint:
        complaint = sdk.intake(draft).complaint
        assert complaint is not None
        self[complaint.id] = draft.customer
        return complaint
