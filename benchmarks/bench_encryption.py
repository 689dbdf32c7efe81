"""How much field encryption costs per complaint, next to a baseline in the same process (S20).

Run: ``PYTHONPATH=src python benchmarks/bench_encryption.py [rounds] [--intake N]``

Two parts:

* the primitives: encrypts and decrypts the personal and free-text fields
  of a typical complaint (each field its own AES-256-GCM token), computes
  its blind indexes, and compares with serialising the same fields to JSON
  and back, which every store does anyway;
* intake through the facade on each backend (an SQLite file; PostgreSQL
  when ``GREENCHANNEL_BENCH_POSTGRES_URL`` or ``GREENCHANNEL_TEST_POSTGRES_URL``
  is set), one complaint per transaction, with encryption **off** (no keys:
  stored in clear), **master key only** (every value sealed directly under
  the master key, as before per-complaint data keys) and **on** (a data key
  per complaint, wrapped by the master key, plus blind indexes).  The three
  run interleaved in rounds in the same process, so machine load hits
  them alike; the ratio on/off is the figure to watch (target: under 1.2).
"""

from __future__ import annotations

import json
import logging
import sys
import tempfile
import time
from collections.abc import Callable

from _databases import backends
from _timing import Stopwatch, load_note

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.domain import CustomerIdentity
from greenchannel_sdk.security import (
    BlindIndexer,
    FieldCipher,
    SettingsKeyProvider,
    generate_key,
)
from greenchannel_sdk.security.codec import EncryptingCodec
from greenchannel_sdk.store import DataKeyStore
from greenchannel_sdk.testing import make_draft, make_sdk

FIELDS = {
    "text": "本人于2026年1月3日在贵行网点办理理财产品时，客户经理未充分揭示风险，"
            "称产品保本保息，实际到期后出现亏损约人民币五万元。多次致电客服未获答复，"
            "要求银行说明销售过程并赔偿损失。" * 3,
    "subject": "理财产品销售误导，要求赔偿",
    "name": "张三",
    "phone": "13800138000",
    "id_number": "11010519491231002X",
    "account_number": "6222021234567890123",
    "email": "zhang.san@example.com",
    "address": "北京市朝阳区建国路88号SOHO现代城5号楼1201室",
}
IDENTITY = CustomerIdentity(name=FIELDS["name"], phone=FIELDS["phone"],
                            id_number=FIELDS["id_number"],
                            account_number=FIELDS["account_number"], email=FIELDS["email"])


def _rate(label: str, rounds: int, work: Callable[[int], None]) -> float:
    start = time.perf_counter()
    for i in range(rounds):
        work(i)
    elapsed = time.perf_counter() - start
    per_second = rounds / elapsed
    print(f"{label:<44} {per_second:>12,.0f} complaints/s  {elapsed / rounds * 1e6:>8.1f} µs each")
    return per_second


def primitives(rounds: int) -> None:
    cipher = FieldCipher(SettingsKeyProvider({"k1": generate_key()}))
    indexer = BlindIndexer(b"i" * 32)

    def baseline(i: int) -> None:
        json.loads(json.dumps(FIELDS, ensure_ascii=False))

    def encrypt_decrypt(i: int) -> None:
        row = f"c-{i}"
        for field, value in FIELDS.items():
            token = cipher.encrypt(value, row_id=row, field=field)
            cipher.decrypt(token, row_id=row, field=field)

    def encrypt_decrypt_index(i: int) -> None:
        encrypt_decrypt(i)
        indexer.index_identity(IDENTITY)

    print(f"{len(FIELDS)} fields, {sum(len(v) for v in FIELDS.values())} characters, "
          f"{rounds} rounds")
    base = _rate("baseline: json dumps + loads", rounds, baseline)
    enc = _rate("encrypt + decrypt every field", rounds, encrypt_decrypt)
    full = _rate("encrypt + decrypt + blind indexes", rounds, encrypt_decrypt_index)
    print(f"encryption costs {base / enc:.1f}x the JSON baseline; with indexes {base / full:.1f}x")


class MasterKeyOnly(EncryptingCodec):
    """The scheme before data keys: every value sealed directly under the master key."""

    def bind(self, keys: DataKeyStore) -> MasterKeyOnly:  # type: ignore[override]
        return self

    def seal(self, document: str, *, row_id: str, field: str, owner: str | None = None) -> str:
        return self.cipher.encrypt(document, row_id=row_id, field=field)


VARIANTS = ("off", "master key only", "on (data keys)")


def _sdk(variant: str, url: str) -> GreenChannel:
    keys = {} if variant == "off" else {"blind-index": generate_key(), "k1": generate_key()}
    sdk = make_sdk(tempfile.mkdtemp(prefix="gc-bench-"), database_url=url, keys=keys)
    if variant == "master key only":
        codec = sdk.store.codec
        assert isinstance(codec, EncryptingCodec)
        sdk.store.codec = MasterKeyOnly(codec.cipher)  # type: ignore[attr-defined]
    return sdk


def _identity(tag: str, i: int, r: int = 0) -> CustomerIdentity:
    """A new customer each time: a shared identifier would make intake link repeats
    instead of registering, which is less work, and skew the comparison."""
    return CustomerIdentity(customer_ref=f"{tag}-{i}", name=FIELDS["name"],
                            phone=f"139{r:02d}{i:06d}", email=f"{tag}.{i}@example.com",
                            address=FIELDS["address"])


def intake(count: int, rounds: int = 6) -> None:
    """Facade intake per backend with encryption off, master key only and on, interleaved."""
    logging.getLogger("greenchannel_sdk").setLevel(logging.ERROR)  # "no key" warnings
    print(f"\nintake through the facade, {count} complaints per variant in {rounds} "
          f"interleaved rounds ({load_note()})")
    print(f"{'backend':<12}{'variant':<18}{'c/s wall':>10}{'c/s cpu':>10}"
          f"{'time/off wall':>15}{'time/off cpu':>14}")
    per_round = max(count // rounds, 1)
    for name, database in backends("encryption"):
        if database is None:
            print(f"{name:<12}skipped: set GREENCHANNEL_BENCH_POSTGRES_URL to include it")
            continue
        urls = [database] + [dict(backends(f"encryption-{i}"))[name] for i in (1, 2)]
        with urls[0] as u0, urls[1] as u1, urls[2] as u2:  # type: ignore[union-attr]
            sdks = {v: _sdk(v, u) for v, u in zip(VARIANTS, (u0, u1, u2), strict=True)}
            watches = {v: Stopwatch() for v in VARIANTS}
            for sdk in sdks.values():  # warm up: compile statements, fill caches
                for i in range(30):
                    sdk.intake(make_draft(FIELDS["text"], external_id=f"warm-{i}",
                                          customer=_identity("warm", i, 99)))
            for r in range(rounds):
                order = VARIANTS[r % 3:] + VARIANTS[:r % 3]  # nobody always goes first
                for variant in order:
                    sdk = sdks[variant]
                    drafts = [make_draft(FIELDS["text"], subject=FIELDS["subject"],
                                         external_id=f"r{r}-{i}",
                                         customer=_identity(f"r{r}", i, r))
                              for i in range(per_round)]
                    with watches[variant]:
                        outcomes = {sdk.intake(draft).outcome for draft in drafts}
                    assert outcomes == {"registered"}, outcomes
            for sdk in sdks.values():
                sdk.close()
        done = per_round * rounds
        off = watches["off"].rates(done)
        for variant in VARIANTS:
            wall, cpu = watches[variant].rates(done)
            print(f"{name:<12}{variant:<18}{wall:>10,.0f}{cpu:>10,.0f}"
                  f"{off[0] / wall:>14.2f}x{off[1] / cpu:>13.2f}x")


def main(argv: list[str]) -> None:
    numbers = [int(a) for a in argv if a.isdigit()]
    primitives(numbers[0] if numbers else 5000)
    intake(int(argv[argv.index("--intake") + 1]) if "--intake" in argv else 2000)


if __name__ == "__main__":
    main(sys.argv[1:])
