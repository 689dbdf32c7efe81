"""The branch box channel passes the SDK's channel conformance kit (S1, P2).

Rows are typed in by staff, so there is no signature: the authenticity rule
is reported as skipped.
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

from branchbox_samples import ENGLISH, good_row
from greenchannel_branchbox import BranchBoxChannel, encode_row


def _row(**cells: str) -> Sample:
    values = dict(zip(ENGLISH, good_row(1), strict=True))
    values.update(cells)
    return Sample(encode_row(values), {"file": "box.csv", "row": "2"})


class TestBranchBoxConformance(ChannelConformance):
    def make_channel(self, clock: FrozenClock) -> Channel:
        return BranchBoxChannel()

    def samples(self, clock: FrozenClock) -> ChannelSamples:
        return ChannelSamples(
            valid=_row(),
            malformed=[_row(received_date="someday"), _row(complaint_text=""),
                       Sample(b'{"branch_code": 7}')],
            unicode=_row(complaint_text=UNICODE_TEXT, form_serial="U1"),
            oversize=_row(complaint_text="字" * 60_000),
        )
