"""The hotline channel keeps the intake contract, checked by the SDK's conformance kit (S1)."""

from __future__ import annotations

from greenchannel_sdk.testing import FrozenClock
from greenchannel_sdk.testing.channels import (
    UNICODE_TEXT,
    ChannelConformance,
    ChannelSamples,
    Sample,
)

from greenchannel_callcentre import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    CallCentreChannel,
    HmacVerifier,
    sign,
)

from .conftest import NOW, body, record

SECRET = b"conformance-shared-secret"
LIMIT = 16 * 1024


class TestSignedHotlineConformance(ChannelConformance):
    start = NOW

    def make_channel(self, clock: FrozenClock) -> CallCentreChannel:
        return CallCentreChannel(clock=clock, max_bytes=LIMIT,
                                 verifier=HmacVerifier(SECRET, clock=clock))

    def samples(self, clock: FrozenClock) -> ChannelSamples:
        stamp = int(clock.now().timestamp())

        def signed(payload: bytes) -> Sample:
            return Sample(payload, {SIGNATURE_HEADER: sign(SECRET, stamp, payload),
                                    TIMESTAMP_HEADER: str(stamp)})

        valid = body(record())
        return ChannelSamples(
            valid=signed(valid),
            malformed=[signed(b"{not json"), signed(body(record(notes=" "))),
                       signed(body([record(), record()]))],  # the same call twice
            unicode=signed(body(record(call_id="CALL-U", notes=UNICODE_TEXT))),
            unauthentic=Sample(valid, {SIGNATURE_HEADER: "0" * 64, TIMESTAMP_HEADER: str(stamp)}),
            oversize=signed(body(record(notes="长" * LIMIT))),
        )
