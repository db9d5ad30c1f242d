"""Question sets as data: one document gives validation, forms, summaries, exports, filters."""

import datetime
import json
import re

import pytest
from django.utils import timezone, translation

from openbuy.core.errors import Invalid
from openbuy.questions import answers as content
from openbuy.questions.document import load_document
from openbuy.questions.forms import SectionForm
from tests.frameworks.factories import SETS, service_answers

HOSTING = load_document(SETS / "g-cloud-hosting.json")
DECLARATION = load_document(SETS / "g-cloud-declaration.json")


def check(answers, document=HOSTING, **kwargs):
    return content.check(document, answers, currency="GBP", **kwargs)


def test_the_shipped_question_sets_are_valid_and_cover_both_framework_shapes():
    names = sorted(p.stem for p in SETS.glob("*.json"))
    assert names == [
        "dos-declaration",
        "dos-outcomes",
        "dos-outcomes-requirement",
        "dos-outcomes-response",
        "dos-specialists",
        "dos-user-research",
        "g-cloud-declaration",
        "g-cloud-hosting",
        "g-cloud-software",
        "g-cloud-support",
        "responsible-checklist",
    ]
    for name in names:
        document = load_document(SETS / f"{name}.json")
        assert document.sections
        if document.purpose == "service":
            assert document.category_question is not None
            assert document.filters


def test_complete_valid_answers_are_kept_in_canonical_form():
    checked = check(
        {**service_answers(), "serviceFeatures": "Fast\n\nAccessible\n", "responseTimeHours": 4},
        complete=True,
    )
    assert checked.errors == {}
    assert checked.answers["serviceFeatures"] == ["Fast", "Accessible"]
    assert checked.answers["responseTimeHours"] == "4"
    assert checked.answers["price"] == {
        "min": "10",
        "max": None,
        "unit": "user",
        "interval": "month",
    }


@pytest.mark.parametrize(
    ("change", "question", "message"),
    [
        ({"serviceDescription": "word " * 51}, "serviceDescription", "Answer in 50 words or fewer"),
        ({"serviceName": "x" * 101}, "serviceName", "Answer in 100 characters or fewer"),
        (
            {"serviceFeatures": [f"f{n}" for n in range(11)]},
            "serviceFeatures",
            "Enter 10 items or fewer",
        ),
        (
            {"serviceFeatures": ["one two three four five six seven eight nine ten eleven"]},
            "serviceFeatures",
            "Each item must be 10 words or fewer",
        ),
        ({"responseTimeHours": "73"}, "responseTimeHours", "Enter 72 or less"),
        ({"responseTimeHours": "-1"}, "responseTimeHours", "Enter 0 or more"),
        ({"responseTimeHours": "2.5"}, "responseTimeHours", "Enter a whole number"),
        ({"responseTimeHours": "four"}, "responseTimeHours", "Enter a number, like 12"),
        ({"responseTimeHours": 4.0}, "responseTimeHours", "Give numbers as whole numbers"),
        (
            {"deploymentModel": "on-premises"},
            "deploymentModel",
            "on-premises is not one of the options",
        ),
        ({"serviceCategories": []}, "serviceCategories", "Answer this question"),
        (
            {"serviceCategories": ["compute", "gone"]},
            "serviceCategories",
            "gone is not one of the options",
        ),
        ({"api": "yes"}, "api", "Answer yes or no"),
        (
            {"price": {"min": "20", "max": "10", "unit": "user", "interval": "month"}},
            "price",
            "The maximum price must be at least the minimum price",
        ),
        (
            {"price": {"min": "1,00", "unit": "user", "interval": "month"}},
            "price",
            "Enter an amount in figures",
        ),
        (
            {"price": {"min": "10", "unit": "parsec", "interval": "month"}},
            "price",
            "Select a pricing unit",
        ),
        ({"penetrationTestDate": "2026-02-30"}, "penetrationTestDate", "Enter a real date"),
        ({"serviceName": None}, "serviceName", "Answer this question"),
    ],
)
def test_answers_outside_limits_or_of_the_wrong_type_are_refused(change, question, message):
    checked = check({**service_answers(), **change}, complete=True)
    assert message in checked.errors[question]
    assert question not in checked.answers


def test_unknown_questions_are_refused():
    assert check({"notAQuestion": "x"}).errors == {"notAQuestion": "This is not a question here"}


def test_a_required_value_stops_the_declaration():
    answers = {"convictedOfFraud": True, "acceptTerms": False}
    checked = check(answers, DECLARATION)
    assert checked.errors["convictedOfFraud"].startswith("Organisations convicted of fraud")
    assert checked.errors["acceptTerms"] == "You must accept the terms to apply"


def test_follow_up_questions_apply_only_when_their_condition_holds():
    yes = check({**service_answers(), "openSource": True}, complete=True)
    assert yes.errors == {"openSourceLicence": "Answer this question"}
    no = check(
        {**service_answers(), "openSource": False, "openSourceLicence": "MIT"}, complete=True
    )
    assert no.errors == {}
    assert "openSourceLicence" not in no.answers


def test_sections_can_be_saved_partly_and_report_their_status():
    section = HOSTING.section("technical")
    partial = check({"api": True}, section=section)
    assert partial.errors == {}
    assert (
        content.section_status(HOSTING, section, partial.answers, currency="GBP") == "in-progress"
    )
    done = check(
        {k: v for k, v in service_answers().items() if k in {q.id for q in section.questions}},
        section=section,
    )
    assert content.section_status(HOSTING, section, done.answers, currency="GBP") == "completed"
    assert (
        content.section_status(HOSTING, HOSTING.section("pricing"), {}, currency="GBP")
        == "not-started"
    )


def test_summaries_exports_search_text_and_facets_come_from_the_document():
    answers = check(
        service_answers(serviceCategories=["compute", "storage"]), complete=True
    ).answers
    summary = content.summary(HOSTING, answers, currency="GBP")
    pricing = next(part for part in summary if part["section"].slug == "pricing")
    assert pricing["rows"][0]["lines"] == ["£10 per user per month"]
    header = content.export_header(HOSTING)
    row = content.export_row(HOSTING, answers, currency="GBP")
    assert row[header.index("Which categories does the service fit?")] == (
        "Compute and virtual machines, Storage and backup"
    )
    assert "Secure hosting" in content.search_text(HOSTING, answers)
    facets = content.facets(HOSTING, answers)
    assert facets["serviceCategories"] == ["compute", "storage"]
    assert facets["api"] == ["yes"]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["sections"][0]["questions"].append(d["sections"][0]["questions"][0]),
            "is used twice",
        ),
        (lambda d: d["sections"][0]["questions"][0].update(type="essay"), "type"),
        (
            lambda d: d["sections"][3]["questions"][4].update(
                depends_on={"question": "nope", "values": [True]}
            ),
            "must be an earlier question",
        ),
        (
            lambda d: d["sections"][3]["questions"][4].update(
                depends_on={"question": "nope", "values": [True], "optional_values": [False]}
            ),
            "optional_values .False. are not among values .True.",
        ),
        (lambda d: d.update(title_question="price"), "must name a text question"),
        (
            lambda d: d["sections"][0]["questions"][0].update(filter=True),
            "only choices and yes/no can be filters",
        ),
        # The catalogue's address carries ?lot= and ?q= beside the filters.
        (lambda d: d["sections"][0]["questions"][0].update(id="lot"), "“lot” is reserved"),
        (lambda d: d["sections"][0]["questions"][0].update(hint="a\x00b"), "NUL character"),
    ],
)
def test_a_broken_document_is_refused_with_where_it_is_wrong(mutate, message):
    document = json.loads((SETS / "g-cloud-hosting.json").read_text())
    mutate(document)
    with pytest.raises(Invalid, match=message):
        load_document(document)


def test_invalid_json_is_refused():
    with pytest.raises(Invalid, match="not valid JSON"):
        load_document("{oops")


def test_section_forms_render_govuk_fields_and_apply_the_same_rules():
    section = HOSTING.section("pricing")
    form = SectionForm(
        {
            "price_0": "30",
            "price_1": "20",
            "price_2": "user",
            "price_3": "month",
            "freeVersionOrTrial": "yes",
        },
        document=HOSTING,
        section=section,
        currency="GBP",
    )
    assert not form.is_valid()
    assert form.errors["price"] == ["The maximum price must be at least the minimum price"]
    html = form.render()
    assert 'class="govuk-fieldset"' in html
    assert 'id="id_price_0"' in html
    assert "govuk-radios__input" in html
    good = SectionForm(
        {
            "price_0": "20",
            "price_2": "user",
            "price_3": "month",
            "freeVersionOrTrial": "no",
            "educationPricing": "yes",
        },
        document=HOSTING,
        section=section,
        currency="GBP",
    )
    assert good.is_valid(), good.errors
    assert good.answers["freeVersionOrTrial"] is False
    assert good.answers["price"]["min"] == "20"


def test_date_inputs_read_day_month_year():
    section = HOSTING.section("security")
    form = SectionForm(
        {
            "penetrationTestDate_0": "31",
            "penetrationTestDate_1": "2",
            "penetrationTestDate_2": "2026",
        },
        document=HOSTING,
        section=section,
        currency="GBP",
    )
    assert not form.is_valid()
    assert form.errors["penetrationTestDate"] == ["Enter a real date, like 31 3 2027"]
    ok = SectionForm(
        {
            "penetrationTestDate_0": "28",
            "penetrationTestDate_1": "2",
            "penetrationTestDate_2": "2026",
        },
        document=HOSTING,
        section=section,
        currency="GBP",
    )
    assert ok.is_valid()
    assert ok.answers["penetrationTestDate"] == "2026-02-28"


def test_date_answers_need_four_digit_years_and_stay_within_the_days_the_question_allows():
    today = timezone.localdate()
    next_year = f"Enter the year as 4 digits, like {today.year + 1}"
    form = SectionForm(
        {"penetrationTestDate_0": "1", "penetrationTestDate_1": "2", "penetrationTestDate_2": "26"},
        document=HOSTING,
        section=HOSTING.section("security"),
        currency="GBP",
    )
    assert not form.is_valid()
    assert form.errors["penetrationTestDate"] == [next_year]
    assert check({"penetrationTestDate": "0026-02-01"}).errors == {"penetrationTestDate": next_year}
    assert check({"penetrationTestDate": "2201-01-01"}).errors == {
        "penetrationTestDate": "Enter a year from 1900 to 2200"
    }
    # "When was the last penetration test?" allows no day after today.
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    assert check({"penetrationTestDate": tomorrow}).errors == {
        "penetrationTestDate": f"The date must be on or before {today:%-d %B %Y}"
    }
    recent = {
        "title": "Recent",
        "kind": "service",
        "sections": [
            {
                "slug": "s",
                "name": "S",
                "questions": [
                    {"id": "when", "type": "date", "question": "When?", "max_days_ago": 30}
                ],
            }
        ],
    }
    document = load_document(recent)
    old = (today - datetime.timedelta(days=31)).isoformat()
    earliest = today - datetime.timedelta(days=30)
    assert check({"when": old}, document=document).errors == {
        "when": f"The date must be on or after {earliest:%-d %B %Y}"
    }
    assert check({"when": earliest.isoformat()}, document=document).answers == {
        "when": earliest.isoformat()
    }


def test_the_insurance_minimum_the_declarations_promise_is_enforced_by_their_own_limits():
    for name in ("dos-declaration", "g-cloud-declaration"):
        document = load_document(SETS / f"{name}.json")
        held = {"indemnityInsuranceHeld": "held", "indemnityInsurance": "500000"}
        assert check(held, document=document).errors == {
            "indemnityInsurance": "Enter an amount of £1,000,000 or more"
        }
        later = check({"indemnityInsuranceHeld": "on-award"}, document=document, complete=True)
        assert "indemnityInsurance" not in later.errors
        question = document.questions["indemnityInsurance"]
        # The document gives the number; the jurisdiction, the currency (finding 10).
        assert question.min == 1_000_000
        assert question.limits_hint("GBP") == "At least £1,000,000"
        assert question.limits_hint("AUD") == "At least A$1,000,000"


def test_a_broken_document_is_explained_in_the_pages_language():
    document = json.loads((SETS / "g-cloud-hosting.json").read_text())
    document["sections"][0]["questions"][1]["max_words"] = 0
    document["purpose"] = "essay"
    broken = (
        "purpose: “essay” is not allowed here (see docs/question-sets.md); "
        "sections.0.questions.1.textarea.max_words: must be 1 or more"
    )
    with pytest.raises(Invalid, match=f"^{re.escape(broken)}$"):
        load_document(document)
    with translation.override("fr"), pytest.raises(Invalid, match="doit être supérieur ou égal"):
        load_document(document)
