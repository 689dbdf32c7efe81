"""Rules are data (S2, S4): a bank's own files load, change behaviour, and typos fail clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greenchannel_sdk.domain import Category
from greenchannel_sdk.errors import ConfigurationError
from greenchannel_sdk.triage.classifier import RuleClassifier
from greenchannel_sdk.triage.priority import PriorityRules
from greenchannel_sdk.triage.rules import RuleSet


def write(tmp_path: Path, document: object, name: str = "rules.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def bank_rules(**rule: object) -> dict[str, object]:
    entry: dict[str, object] = {"name": "wealth_promise", "category": "staff_service",
                                "cause": "sales_practice", "keywords": ["穩賺不賠", "sure thing"]}
    entry.update(rule)
    return {"business_lines": [{"name": "wealth", "keywords": ["基金"]}], "rules": [entry]}


def test_a_banks_own_rules_file_replaces_the_defaults(tmp_path: Path) -> None:
    classifier = RuleClassifier(RuleSet.from_file(write(tmp_path, bank_rules())))
    vote = classifier.classify_text("理财经理说这个基金稳赚不赔")
    assert vote is not None
    assert vote.category is Category.STAFF_SERVICE
    assert vote.subcategory == "wealth/sales_practice"
    assert vote.reasons[0] == "rule wealth_promise (staff_service): matched '穩賺不賠'"
    # The packaged rules are gone: a default-rule keyword no longer counts.
    assert classifier.classify_text("my card was stolen") is None


def test_weight_from_the_file_is_used(tmp_path: Path) -> None:
    light = RuleClassifier(RuleSet.from_file(write(tmp_path, bank_rules(weight=0.2))))
    heavy = RuleClassifier(RuleSet.from_file(write(tmp_path, bank_rules(weight=3.0), "b.json")))
    light_vote = light.classify_text("a sure thing")
    heavy_vote = heavy.classify_text("a sure thing")
    assert light_vote is not None
    assert heavy_vote is not None
    assert light_vote.confidence < 0.5 < heavy_vote.confidence


def test_a_copy_of_the_packaged_file_loads_as_the_defaults(tmp_path: Path) -> None:
    packaged = Path(__file__).parents[2] / "src/greenchannel_sdk/triage/data"
    copy = tmp_path / "copy.json"
    copy.write_bytes((packaged / "classification_rules.json").read_bytes())
    assert RuleSet.from_file(copy) == RuleSet.default()


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (bank_rules(category="fees"), r"rules\[0\]\.category: unknown category 'fees'"),
        (bank_rules(keywords=[]), r"rules\[0\]\.keywords: must be a non-empty list"),
        (bank_rules(keywords=["ok", "bad*word"]), r"rules\[0\]\.keywords: keyword 'bad\*word'"),
        (bank_rules(weight=0), r"rules\[0\]\.weight: must be greater than 0"),
        (bank_rules(weight="high"), r"rules\[0\]\.weight: must be a number"),
        (bank_rules(name=""), r"rules\[0\]\.name: must be a non-empty string"),
        ({"rules": []}, r"rules: must contain at least one rule"),
        ({"rules": [bank_rules()["rules"][0]] * 2},  # type: ignore[index]
         r"rule names must be unique; repeated: \['wealth_promise'\]"),
        ([], r"top level: must be a JSON object"),
    ],
)
def test_mistakes_in_a_rules_file_name_file_entry_and_field(
        tmp_path: Path, document: object, message: str) -> None:
    path = write(tmp_path, document)
    with pytest.raises(ConfigurationError, match=message) as caught:
        RuleSet.from_file(path)
    assert str(path) in str(caught.value)


def test_invalid_json_reports_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"rules": [\n  {"name": "x",}\n]}', encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"not valid JSON: .* at line 2"):
        RuleSet.from_file(path)


def test_a_missing_file_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"cannot read rules file .*absent\.json"):
        RuleSet.from_file(tmp_path / "absent.json")


def test_priority_rules_file_errors_are_located(tmp_path: Path) -> None:
    document = json.loads(
        (Path(__file__).parents[2] / "src/greenchannel_sdk/triage/data/priority_rules.json")
        .read_text(encoding="utf-8"))
    document["group"]["group_at"] = 50
    with pytest.raises(ConfigurationError, match=r"group\.group_at: need 2 <= group_at"):
        PriorityRules.from_file(write(tmp_path, document))
