"""How much field encryption costs per complaint, next to a baseline in the same process (S20).

Run: ``PYTHONPATH=src python benchmarks/bench_encryption.py [rounds]``

Encrypts and decrypts the personal and free-text fields of a typical
complaint (each field its own AES-256-GCM token, as storage does), computes
its blind indexes, and compares with serialising the same fields to JSON and
back, which every store does anyway.  Prints complaints per second for each.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

from greenchannel_sdk.domain import CustomerIdentity
from greenchannel_sdk.security import (
    BlindIndexer,
    FieldCipher,
    SettingsKeyProvider,
    generate_key,
)

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


def main(rounds: int) -> None:
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


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
