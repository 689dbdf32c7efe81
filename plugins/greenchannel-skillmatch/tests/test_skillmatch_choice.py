"""Who ``skill_match`` picks and what it says about it (S7 skills-based assignment, S21).

Every decision must explain itself: the reason names the skills that
matched, the score, the person's load and, when several scored the same,
what broke the tie.
"""

from __future__ import annotations

from collections.abc import Callable

from greenchannel_sdk import AssignmentStrategy, Category, Complaint, StaffMember

from greenchannel_skillmatch import SkillMatch

ComplaintBuilder = Callable[..., Complaint]  # the ``complaint`` fixture of conftest.py
StaffBuilder = Callable[..., StaffMember]  # the ``staff`` fixture


def test_it_satisfies_the_sdk_protocol() -> None:
    assert isinstance(SkillMatch(), AssignmentStrategy)
    assert SkillMatch().name == "skill_match"


def test_card_fraud_goes_to_the_card_fraud_specialist_even_when_busier(
        complaint: ComplaintBuilder, staff: StaffBuilder) -> None:
    specialist = staff("fan", skills={"bank_cards", "funds_security"})
    generalist = staff("gao", skills={"transaction_dispute"})
    newcomer = staff("he")

    decision = SkillMatch().choose(complaint(), [newcomer, generalist, specialist],
                                   {"fan": 3, "gao": 0, "he": 0})

    assert decision is not None
    assert (decision.team, decision.assignee) == ("cards", "fan")
    assert decision.reason == (
        "skill match: matched subcategory bank_cards, subcategory funds_security, language zh, "
        "score 5 of 6; 3 open of capacity 20")


def test_equal_skills_go_to_whoever_holds_fewer_open_complaints(
        complaint: ComplaintBuilder, staff: StaffBuilder) -> None:
    busy = staff("a-busy", skills={"funds_security"})
    free = staff("b-free", skills={"funds_security"})

    decision = SkillMatch().choose(complaint(), [busy, free], {"a-busy": 4, "b-free": 1})

    assert decision is not None
    assert decision.assignee == "b-free"
    assert decision.reason.endswith(
        "; 1 open of capacity 20; fewest open complaints of 2 with this score")


def test_equal_skills_and_load_go_to_the_lowest_id_whatever_the_order(
        complaint: ComplaintBuilder, staff: StaffBuilder) -> None:
    team = [staff(name, skills={"bank_cards"}) for name in ("wu", "li", "qian")]
    strategy = SkillMatch()

    for order in (team, team[::-1], team[1:] + team[:1]):
        decision = strategy.choose(complaint(), order, {})
        assert decision is not None
        assert decision.assignee == "li"
        assert decision.reason.endswith("; ahead of 2 with the same score and load (by id)")


def test_the_customers_language_counts(complaint: ComplaintBuilder, staff: StaffBuilder) -> None:
    chinese = staff("a-zh", skills={"bank_cards"}, languages={"zh"})
    english = staff("b-en", skills={"bank_cards"}, languages={"zh", "en"})

    decision = SkillMatch().choose(complaint(language="en"), [chinese, english], {})

    assert decision is not None
    assert decision.assignee == "b-en"
    assert "matched subcategory bank_cards, language en" in decision.reason


def test_languages_match_on_the_primary_subtag(
        complaint: ComplaintBuilder, staff: StaffBuilder) -> None:
    """Complaints arrive in Traditional and Simplified Chinese; a ``zh`` reader handles both."""
    english = staff("a-en", languages={"en"})
    chinese = staff("b-zh", languages={"ZH"})

    for tag in ("zh-Hant", "zh_TW", "zh-Hans"):
        decision = SkillMatch().choose(complaint(language=tag), [english, chinese], {})
        assert decision is not None
        assert decision.assignee == "b-zh"
        assert "language zh" in decision.reason


def test_skills_are_compared_without_regard_to_case_or_spaces(
        complaint: ComplaintBuilder, staff: StaffBuilder) -> None:
    typed_by_hand = staff("b-hr", skills={" Bank_Cards ", "FUNDS_SECURITY"})
    other = staff("a-other")

    decision = SkillMatch().choose(complaint(), [other, typed_by_hand], {})

    assert decision is not None
    assert decision.assignee == "b-hr"
    assert "subcategory bank_cards, subcategory funds_security" in decision.reason


def test_category_counts_when_nobody_has_the_specialism(
        complaint: ComplaintBuilder, staff: StaffBuilder) -> None:
    service = staff("a-service", skills={"staff_service"})
    disputes = staff("b-disputes", skills={"transaction_dispute"})

    decision = SkillMatch().choose(complaint(language=None), [service, disputes], {})

    assert decision is not None
    assert decision.assignee == "b-disputes"
    assert decision.reason.startswith(
        "skill match: matched category transaction_dispute, score 1 of 5;")


def test_without_subcategory_or_language_only_the_category_is_wanted(
        complaint: ComplaintBuilder, staff: StaffBuilder) -> None:
    member = staff("a", skills={"other"})

    decision = SkillMatch().choose(
        complaint(category=Category.OTHER, subcategory=None, language=None), [member], {})

    assert decision is not None
    assert decision.reason == "skill match: matched category other, score 1 of 1; " \
                              "0 open of capacity 20"


def test_when_no_skill_matches_the_least_loaded_is_chosen_and_the_reason_says_so(
        complaint: ComplaintBuilder, staff: StaffBuilder) -> None:
    busy, free = staff("a", languages={"en"}), staff("b", languages={"en"})

    decision = SkillMatch().choose(complaint(), [busy, free], {"a": 2})

    assert decision is not None
    assert decision.assignee == "b"
    assert decision.reason.startswith(
        "skill match: no skill matched (wanted category transaction_dispute, "
        "subcategory bank_cards, subcategory funds_security, language zh), score 0 of 6; "
        "0 open of capacity 20")


def test_require_match_leaves_unmatched_complaints_to_the_sdk_fallback(
        complaint: ComplaintBuilder, staff: StaffBuilder) -> None:
    strict = SkillMatch(require_match=True)
    unskilled = staff("a", languages={"en"})

    assert strict.choose(complaint(), [unskilled], {}) is None
    assert strict.choose(complaint(), [unskilled, staff("b", skills={"bank_cards"})],
                         {}) is not None


def test_no_candidates_means_no_decision(complaint: ComplaintBuilder) -> None:
    """The SDK then gives the complaint to the team's green-channel lead (S8)."""
    assert SkillMatch().choose(complaint(), [], {}) is None


def test_the_decision_names_the_team_of_the_person_chosen(
        complaint: ComplaintBuilder, staff: StaffBuilder) -> None:
    decision = SkillMatch().choose(
        complaint(), [staff("a", team="cards"), staff("b", skills={"bank_cards"}, team="risk")],
        {})

    assert decision is not None
    assert (decision.team, decision.assignee) == ("risk", "b")
