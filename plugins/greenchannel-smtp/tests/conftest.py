"""Fixtures: a TLS certificate for 127.0.0.1 and SMTP servers stopped after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smtp_testkit import Certificate, MailServers, make_certificate


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def mail_servers(certificate: Certificate) -> Iterator[MailServers]:
    servers = MailServers(certificate)
    try:
        yield servers
    finally:
        servers.stop_all()
