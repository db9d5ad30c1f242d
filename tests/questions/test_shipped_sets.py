"""The shipped sets issue 9 builds on: the responsible-procurement checklist, a DOS-like
requirement whose weightings must total 100, and the response to it; and the `totals` rule."""

import datetime

import pytest
from django.utils import timezone, translation

from openbuy.core.errors import Invalid
from openbuy.questions import interface as qs
from openbuy.questions.document import load_document
from tests.frameworks.factories import SETS

CHECKLIST = load_document(SETS / "responsible-checklist.json")
REQUIREMENT = load_document(SETS / "dos-outcomes-requirement.json")
RESPONSE = load_document(SETS / "dos-outcomes-response.json")


def requirement_answers(**changes) -> dict:
    return {
        "title": "Redesign the permit service",
        "problem": "People give up applying for a permit.",
        "users": "Residents and small businesses.",
        "location": "london",
        "budgetMin": "50,000",
        "budgetMax": "100,000",
        "startDate": "2026-12-20",
        "lengthMonths": "6",
        "essentialCriteria": ["Have built a public service", "Have run user research"],
        "weightTechnical": "60",
        "weightCultural": "20",
        "weightPrice": "20",
        "shortlist": "3",
        "assessmentMethods": ["written-proposal", "presentation"],
        **changes,
    }


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    ("document", "purpose"),
    [(CHECKLIST, "checklist"), (REQUIREMENT, "requirement"), (RESPONSE, "response")],
)
def test_each_new_set_is_valid_and_complete_in_both_languages(document, purpose, language):
    assert document.purpose == purpose
    assert document.languages == ["en", "fr"]
    shown = document.in_language(language)
    assert all(q.question for q in shown.questions.values())


def test_the_checklist_has_the_28_items_in_7_groups_each_yes_no_or_not_applicable():
    assert len(CHECKLIST.sections) == 7
    items = [q for q in CHECKLIST.questions.values() if q.type == "radios"]
    assert len(items) == 28
    assert all([o.value for o in q.options] == ["yes", "no", "not-applicable"] for q in items)
    assert [len(s.questions) // 2 for s in CHECKLIST.sections] == [4, 6, 4, 3, 5, 4, 2]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_checklist_asks_for_an_explanation_only_after_the_answers_that_need_it(language):
    everything_yes = {f"item{n}": "yes" for n in range(1, 29)}
    with translation.override(language):
        document = qs.validate(SETS / "responsible-checklist.json").in_language(language)
        assert qs.problems(document, everything_yes, currency="GBP") == {}
        missing = qs.problems(
            document,
            {**everything_yes, "item5": "no", "item6": "not-applicable", "item18": "no"},
            currency="GBP",
        )
        assert set(missing) == {"item5Explanation", "item18Explanation"}
        # Item 6 ("if it is split") and the AI items need no reason for "not applicable".
        assert (
            set(
                qs.problems(
                    document, {**everything_yes, "item19": "not-applicable"}, currency="GBP"
                )
            )
            == set()
        )
        # ... but one given after "not applicable" is kept, to be published.
        said = qs.check(
            document,
            {**everything_yes, "item19": "not-applicable", "item19Explanation": "No AI is used"},
            currency="GBP",
        )
        assert said.answers["item19Explanation"] == "No AI is used"
        explained = {**everything_yes, "item5": "no", "item5Explanation": "One team must do it."}
        assert qs.problems(document, explained, currency="GBP") == {}
        unasked = qs.check(
            document, {**everything_yes, "item1Explanation": "Why not"}, currency="GBP"
        )
        assert "item1Explanation" not in unasked.answers


def test_a_complete_requirement_is_accepted():
    assert qs.problems(REQUIREMENT, requirement_answers(), currency="GBP") == {}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The weightings must add up to 100; they add up to 90"),
        ("fr", "Les pondérations : le total doit être de 100 ; il est de 90"),
    ],
)
def test_weightings_that_do_not_total_100_are_refused(language, message):
    with translation.override(language):
        ninety = requirement_answers(weightPrice="10")
        assert qs.problems(REQUIREMENT, ninety, currency="GBP") == {"weightTechnical": message}
        section = REQUIREMENT.section("evaluation")
        fields = {q.id: ninety[q.id] for q in section.questions if q.id != "assessmentMethods"}
        form = qs.section_form(
            REQUIREMENT,
            "evaluation",
            currency="GBP",
            data={**fields, "assessmentMethods": ["presentation"]},
        )
        assert not form.is_valid()
        assert form.errors["weightTechnical"] == [message]
        with pytest.raises(Invalid, match=message):
            qs.check(REQUIREMENT, ninety, currency="GBP").raise_if_invalid()
        hundred = {**fields, "weightPrice": "20", "assessmentMethods": ["presentation"]}
        form = qs.section_form(REQUIREMENT, "evaluation", currency="GBP", data=hundred)
        assert form.is_valid(), form.errors
        assert form.answers["weightPrice"] == "20"


def test_a_half_done_section_is_saved_and_its_total_checked_once_complete():
    half = {"weightTechnical": "60", "shortlist": "3"}
    section = REQUIREMENT.section("evaluation")
    assert qs.check(REQUIREMENT, half, currency="GBP", section=section).errors == {}
    assert "weightTechnical" not in qs.problems(REQUIREMENT, requirement_answers(), currency="GBP")
    missing = qs.problems(REQUIREMENT, requirement_answers(weightPrice=None), currency="GBP")
    assert missing == {"weightPrice": "Answer this question"}


def _with_totals(totals, second_type="number"):
    return {
        "title": "Weights",
        "purpose": "scorecard",
        "sections": [
            {
                "slug": "weights",
                "name": "Weights",
                "totals": totals,
                "questions": [
                    {"id": "a", "type": "number", "question": "A"},
                    {"id": "b", "type": second_type, "question": "B"},
                ],
            }
        ],
    }


@pytest.mark.parametrize(
    ("totals", "message"),
    [
        ([{"questions": ["a", "c"], "equals": 1}], "not “c”"),
        ([{"questions": ["a", "a"], "equals": 1}], "names each question once"),
        ([{"questions": ["a"], "equals": 1}], "at least 2"),
    ],
)
def test_a_total_names_distinct_number_questions_of_its_section(totals, message):
    with pytest.raises(Invalid, match=message):
        load_document(_with_totals(totals))


def test_a_total_of_text_questions_is_refused_and_unnamed_totals_have_a_plain_message():
    with pytest.raises(Invalid, match="number or money questions"):
        load_document(_with_totals([{"questions": ["a", "b"], "equals": 1}], "text"))
    document = load_document(_with_totals([{"questions": ["a", "b"], "equals": 10}]))
    errors = qs.problems(document, {"a": "3", "b": "4"}, currency="GBP")
    assert errors == {"a": "These answers must add up to 10; they add up to 7"}


def test_the_response_stops_a_supplier_who_does_not_meet_the_essential_criteria():
    answers = {
        "meetsEssential": False,
        "essentialEvidence": ["Built the permits service in 2024"],
        "culturalFit": "We pair with your developers from the first day",
        "dayRate": "650",
        "availability": (timezone.localdate() + datetime.timedelta(days=19)).isoformat(),
    }
    errors = qs.problems(RESPONSE, answers, currency="GBP")
    assert errors == {
        "meetsEssential": "You can respond only if you meet every essential criterion"
    }
    assert qs.problems(RESPONSE, {**answers, "meetsEssential": True}, currency="GBP") == {}
