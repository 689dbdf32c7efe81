"""Masks for personal data shown to actors without personal_data.read (S20)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenchannel_sdk.domain import PERSONAL_FIELDS, CustomerIdentity
from greenchannel_sdk.security import (
    MASKERS,
    mask_account_number,
    mask_address,
    mask_email,
    mask_id_number,
    mask_name,
    mask_openid,
    mask_phone,
    masked_identity,
)


@pytest.mark.parametrize(("phone", "masked"), [
    ("13800138000", "138****8000"),
    ("+86 138-0013-8000", "138****8000"),
    ("010-12345678", "010****5678"),
    ("12345678", "****5678"),
    ("+852 9123 4567", "+852****4567"),
    ("not a phone", "****"),
])
def test_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(("id_number", "masked"), [
    ("11010519491231002x", "110***********002X"),
    ("A123456789", "*******789"),
    ("身份证", "****"),
])
def test_id_number(id_number: str, masked: str) -> None:
    assert mask_id_number(id_number) == masked


@pytest.mark.parametrize(("number", "masked"), [
    ("6222 0212 3456 7890", "************7890"),
    ("6222-0212-3456-7890-123", "***************0123"),
    ("123", "**3"),
])
def test_account_and_card_numbers_keep_last_four(number: str, masked: str) -> None:
    assert mask_account_number(number) == masked


@pytest.mark.parametrize(("name", "masked"), [
    ("张三", "张*"),
    ("张三丰", "张**"),
    ("欧阳娜娜", "欧***"),
    ("John Smith", "J*** S****"),
    ("买买提·艾力", "买**·艾*"),
    ("张", "*"),
    ("J Smith", "* S****"),
    ("", "****"),
    (" · ", "****"),
])
def test_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(("email", "masked"), [
    ("Zhang.San@Example.com", "z****@example.com"),
    ("a@b.cn", "a****@b.cn"),
    ("broken", "****"),
])
def test_email_hides_local_part_and_its_length(email: str, masked: str) -> None:
    assert mask_email(email) == masked


@pytest.mark.parametrize(("address", "masked"), [
    ("北京市朝阳区建国路88号", "北京市朝阳区****"),
    ("臺北市大安區忠孝東路四段1號", "臺北市大安區****"),
    ("221B Baker Street, London", "****, London"),
    ("Somewhere 12", "****"),
])
def test_address_keeps_only_the_region(address: str, masked: str) -> None:
    assert mask_address(address) == masked


def test_openid_keeps_last_four() -> None:
    assert mask_openid("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o") == "*" * 24 + "eS6o"


def test_every_personal_field_has_a_mask() -> None:
    assert set(MASKERS) == set(PERSONAL_FIELDS)


def test_masked_identity_masks_every_personal_field_and_keeps_the_rest() -> None:
    identity = CustomerIdentity(
        customer_ref="CUST-1", name="张三", phone="13800138000", id_number="11010519491231002X",
        account_number="6222021234567890", card_number="6222021234567891",
        email="zhang@example.com", address="北京市朝阳区建国路88号",
        wechat_openid="oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", vulnerabilities={"elderly"})

    masked = masked_identity(identity)

    for field in PERSONAL_FIELDS:
        assert getattr(masked, field) != getattr(identity, field), field
        assert "*" in getattr(masked, field), field
    assert masked.phone == "138****8000"
    assert masked.customer_ref == "CUST-1"
    assert masked.vulnerabilities == frozenset({"elderly"})


def test_absent_fields_stay_absent() -> None:
    masked = masked_identity(CustomerIdentity(phone="13800138000"))
    assert masked.name is None
    assert masked.phone == "138****8000"


@pytest.mark.parametrize("field", PERSONAL_FIELDS)
@given(value=st.text(min_size=1).filter(lambda v: bool(v.strip()) and "*" not in v))
def test_every_mask_hides_something_and_never_raises(field: str, value: str) -> None:
    """Whatever a channel delivered, a masked screen shows neither an error nor the clear value."""
    masked = MASKERS[field](value)
    assert "*" in masked
    assert masked != value

