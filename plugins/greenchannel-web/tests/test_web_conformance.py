"""The web channel passes the SDK's channel conformance kit (S1, P2).

Signed, so the kit's authenticity rule applies: a form whose signature
does not match is refused and quarantined with its raw bytes.
"""

from __future__ import annotations

from greenchannel_sdk.interfaces import Channel
from greenchannel_sdk.testing import FrozenClock
from greenchannel_sdk.testing.channels import (
    UNICODE_TEXT,
    ChannelConformance,
    ChannelSamples,
    Sample,
)

from web_samples import body, form, signed_channel, signed_headers


def _signed(payload: bytes, clock: FrozenClock) -> Sample:
    return Sample(payload, {"Content-Type": "application/json",
                            **signed_headers(payload, clock)})


class TestWebConformance(ChannelConformance):
    def make_channel(self, clock: FrozenClock) -> Channel:
        return signed_channel(clock)

    def samples(self, clock: FrozenClock) -> ChannelSamples:
        valid = body(form())
        return ChannelSamples(
            valid=_signed(valid, clock),
            malformed=[_signed(b'{"text": ', clock), _signed(body(form(text=None)), clock),
                       _signed(body([form()]), clock)],
            unicode=_signed(body(form(text=UNICODE_TEXT, idempotency_key="unicode-form-1")),
                            clock),
            unauthentic=Sample(valid, {**_signed(valid, clock).metadata,
                                       "X-GreenChannel-Signature": "v1=" + "0" * 64}),
            oversize=_signed(body(form(text="字" * 100_000)), clock),
        )
