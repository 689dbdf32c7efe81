"""Whatever arrives, the channel answers with drafts or ValidationError, never a crash (S1).

Property tests: arbitrary bytes, and valid samples with bytes flipped,
inserted or cut, must never raise anything but ``ValidationError``.
"""

from __future__ import annotations

from greenchannel_sdk.errors import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenchannel_email import EmailChannel

from .conftest import FIXTURES, FixedClock

SAMPLES = sorted(path.read_bytes() for path in FIXTURES.glob("*.eml"))
CHANNEL = EmailChannel(clock=FixedClock())


def parse_or_refuse(payload: bytes) -> None:
    """A draft with a sender address, or a ValidationError naming at least one problem."""
    try:
        drafts = CHANNEL.parse(payload, {})
    except ValidationError as exc:
        problems = exc.problems
        assert problems
    else:
        assert len(drafts) == 1
        assert drafts[0].customer.email


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_arbitrary_bytes(payload: bytes) -> None:
    parse_or_refuse(payload)


@st.composite
def mutated_samples(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "insert", "cut"]))
        chunk = draw(st.binary(min_size=1, max_size=16))
        if action == "insert":
            data[position:position] = chunk
        elif action == "cut":
            del data[position:position + len(chunk)]
        elif position < len(data):
            data[position] ^= chunk[0] or 1
    return bytes(data)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_samples())
def test_mutated_valid_messages(payload: bytes) -> None:
    parse_or_refuse(payload)


MIME_SYNTAX = st.sampled_from([
    b"=?", b"?=", b"=?gb2312?B?", b"=?big5?Q?", b"<", b">", b"@", b"\r\n", b"\r\n ", b"--",
    b"boundary=", b"charset=", b"filename*=", b"Content-Type: multipart/mixed; boundary=x\r\n",
    b"Content-Transfer-Encoding: base64\r\n", b"Date: ", b"From: ", b"<![", b"<p>", b"\"", b";",
    b"\x80", b"\xff", b"'", b"*0*=",
])


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(MIME_SYNTAX, st.binary(max_size=8)), max_size=60))
def test_messages_built_from_mime_syntax_fragments(fragments: list[bytes]) -> None:
    parse_or_refuse(b"From: a@example.cn\r\n" + b"".join(fragments))
