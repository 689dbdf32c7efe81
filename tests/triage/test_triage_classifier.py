"""The default rule-based classifier (S2): every rule in English, Simplified and Traditional."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from greenchannel_sdk.domain import Category, ChannelDraft
from greenchannel_sdk.triage.classifier import SOURCE, RuleClassifier
from greenchannel_sdk.triage.rules import RuleSet

CLASSIFIER = RuleClassifier()

# rule name -> (English, Simplified Chinese, Traditional Chinese) complaints whose
# only evidence is that rule's.
EXAMPLES: dict[str, tuple[str, str, str]] = {
    "staff_attitude": ("The teller was rude and shouted at me.",
                       "柜员态度恶劣，还骂人。", "櫃員態度惡劣，還罵人。"),
    "staff_competence": ("He was incompetent and gave me wrong information.",
                         "这个人一问三不知，业务不熟。", "這個人一問三不知，業務不熟。"),
    "misleading_sales": ("She said it was risk-free and I was misled.",
                         "说是保本的，根本是误导。", "說是保本的，根本是誤導。"),
    "staff_mentioned": ("I want to talk about one of your tellers.",
                        "关于你们的一位柜员。", "關於你們的一位櫃員。"),
    "fees": ("Why is there an annual fee now?",
             "为什么收手续费？", "為什麼收手續費？"),
    "contract_terms": ("You changed the terms and conditions.",
                       "合同里有霸王条款。", "合約裡有霸王條款。"),
    "disclosure": ("I was never told about this.",
                   "事先没有告知我。", "事先沒有告知我。"),
    "product_returns": ("The yield is far below the benchmark.",
                        "到期收益率太低。", "到期收益率太低。"),
    "systems": ("Online banking keeps crashing.",
                "手机银行闪退，登录不了。", "手機銀行閃退，登錄不了。"),
    "free_choice": ("I was forced to buy a bundled product.",
                    "要求捆绑搭售。", "要求捆綁搭售。"),
    "process": ("I waited in the queue for hours for the paperwork.",
                "手续太繁琐，排队等了很久。", "手續太繁瑣，排隊等了很久。"),
    "operational_error": ("There is a mistake on my credit report.",
                          "征信上有不良记录。", "徵信上有不良記錄。"),
    "account_restrictions": ("My account has been frozen.",
                             "账户被冻结了。", "帳戶被凍結了。"),
    "debt_collection": ("The debt collector calls me every day.",
                        "催收天天打电话。", "催收天天打電話。"),
    "unauthorised_transaction": ("There is an unauthorised payment on my card.",
                                 "我的卡被盗刷了。", "我的卡被盜刷了。"),
    "fraud_scam": ("I lost money to a phishing scam.",
                   "我被骗了，是电信诈骗。", "我被騙了，是電信詐騙。"),
    "transaction_error": ("I was charged twice.",
                          "重复扣款，扣了两次。", "重複扣款，扣了兩次。"),
    "merchant_dispute": ("The merchant refuses a refund.",
                         "商家不给退款。", "商家不給退款。"),
    "information_security": ("My personal data was leaked.",
                             "我的个人信息被泄露了。", "我的個人信息被洩露了。"),
    "facilities": ("There is no parking at the branch.",
                   "网点没有停车位，洗手间也不开放。", "網點沒有停車位，洗手間也不開放。"),
    "suggestion": ("I would suggest longer hours.",
                   "我有个建议。", "我有個建議。"),
}


def test_every_default_rule_has_examples() -> None:
    assert {rule.name for rule in RuleSet.default().rules} == set(EXAMPLES)


@pytest.mark.parametrize("language", [0, 1, 2], ids=["en", "zh-Hans", "zh-Hant"])
@pytest.mark.parametrize("rule", RuleSet.default().rules, ids=lambda rule: rule.name)
def test_each_rule_classifies_in_each_language(rule: object, language: int) -> None:
    name = rule.name  # type: ignore[attr-defined]
    vote = CLASSIFIER.classify_text(EXAMPLES[name][language])
    assert vote is not None
    assert vote.category is rule.category  # type: ignore[attr-defined]
    assert vote.reasons[0].startswith(f"rule {name} ({vote.category.value}): matched ")
    assert vote.subcategory is not None
    assert vote.subcategory.endswith("/" + rule.cause)  # type: ignore[attr-defined]
    assert vote.source == SOURCE


def test_traditional_and_simplified_give_the_same_vote() -> None:
    simplified = CLASSIFIER.classify_text("我的信用卡被盗刷了，钱被转走")
    traditional = CLASSIFIER.classify_text("我的信用卡被盜刷了，錢被轉走")
    assert simplified is not None
    assert traditional is not None
    assert (simplified.category, simplified.confidence, simplified.subcategory) == (
        traditional.category, traditional.confidence, traditional.subcategory)


def test_reasons_name_the_matched_words_and_the_business_line() -> None:
    vote = CLASSIFIER.classify_text("信用卡有一笔盗刷")
    assert vote is not None
    assert vote.reasons == ("rule unauthorised_transaction (transaction_dispute): matched '盗刷'",
                            "business line bank_cards: matched '信用卡'")
    assert vote.subcategory == "bank_cards/funds_security"


def test_without_a_business_line_the_default_line_is_used() -> None:
    vote = CLASSIFIER.classify_text("The teller was rude.")
    assert vote is not None
    assert vote.subcategory == "other/service_attitude"


def test_no_evidence_at_all_abstains() -> None:
    assert CLASSIFIER.classify_text("Hello, I would like to speak to someone.") is None


def test_more_evidence_means_more_confidence() -> None:
    one = CLASSIFIER.classify_text("The teller was rude.")
    three = CLASSIFIER.classify_text("The teller was rude, arrogant and shouted at me.")
    assert one is not None
    assert three is not None
    assert one.category is three.category is Category.STAFF_SERVICE
    assert three.confidence > one.confidence


def test_evidence_for_two_categories_lowers_confidence_below_review() -> None:
    clear = CLASSIFIER.classify_text("My account has been frozen.")
    mixed = CLASSIFIER.classify_text("My account has been frozen and there is a parking problem.")
    assert clear is not None
    assert mixed is not None
    assert mixed.confidence < clear.confidence
    assert mixed.confidence < 0.5


def test_classify_reads_subject_and_text(make_draft: Callable[..., ChannelDraft]) -> None:
    vote = CLASSIFIER.classify(make_draft("Please look into this.", subject="Card stolen"))
    assert vote is not None
    assert vote.category is Category.TRANSACTION_DISPUTE
