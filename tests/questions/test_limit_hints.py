"""A question's limits (words, characters, items, options) are in its hint before anyone
types, in the page's language, once: not again where the set's own hint gives them."""

import json
import re

from django.utils import translation

from openbuy.questions.document import load_document
from openbuy.questions.forms import SectionForm
from tests.frameworks.factories import SETS


def _document(*questions):
    """The requirement set with one section: its title question and these."""
    data = json.loads((SETS / "dos-outcomes-requirement.json").read_text())
    title = data["sections"][0]["questions"][0]
    problem = data["sections"][0]["questions"][1]
    data["sections"] = [{"slug": "only", "name": "Only", "questions": [title, problem, *questions]}]
    return load_document(data)


def _hints(document) -> dict[str, str]:
    """Each field's hint as the page shows it (its HTML)."""
    form = SectionForm(document=document, section=document.sections[0], currency="GBP")
    html = form.render()
    found = {}
    for name in form.fields:
        hint = re.search(rf'id="id_{name}_helptext"[^>]*>(.*?)</div>', html)
        found[name] = hint.group(1) if hint else ""
    return found


LIMITED = [
    {"id": "summary", "type": "textarea", "question": "Summary", "max_words": 100},
    {"id": "notes", "type": "textarea", "question": "Notes", "max_length": 2000},
    {"id": "name", "type": "text", "question": "Name", "max_length": 80},
    {"id": "motto", "type": "text", "question": "Motto", "max_words": 1},
    {"id": "steps", "type": "list", "question": "Steps", "max_items": 5, "max_words_per_item": 20},
    {"id": "codes", "type": "list", "question": "Codes", "max_length_per_item": 1200},
    {
        "id": "regions",
        "type": "checkboxes",
        "question": "Regions",
        "max_selections": 2,
        "options": [{"value": v, "label": v.title()} for v in ("north", "south", "west")],
    },
]


def test_every_limited_type_says_its_limit_in_its_hint():
    hints = _hints(_document(*LIMITED))
    assert hints["summary"] == "You can enter up to 100 words."
    assert hints["notes"] == "You can enter up to 2,000 characters."
    assert hints["name"] == ""  # a one-line box's size says enough
    assert hints["motto"] == "You can enter up to 1 word."
    assert hints["steps"] == (
        "Put each item on its own line.<br>You can enter up to 5 items. "
        "Each can have up to 20 words."
    )
    assert hints["codes"] == (
        "Put each item on its own line.<br>You can enter up to 10 items. "
        "Each can have up to 1,200 characters."
    )
    assert hints["regions"] == "You can select up to 2 options."
    # The set's own hint comes first, the limit after it.
    assert hints["problem"] == (
        "Describe the problem or the outcome, not a solution<br>You can enter up to 500 words."
    )


def test_a_limit_the_sets_hint_gives_already_is_not_said_twice():
    given = [
        {
            "id": "criteria",
            "type": "list",
            "question": "Criteria",
            "max_items": 20,
            "max_words_per_item": 50,
            "hint": "One a line, up to 20, each in 50 words or fewer",
        },
        {
            "id": "story",
            "type": "textarea",
            "question": "Story",
            "max_words": 1000,
            "hint": "Tell it in 1,000 words at most",
        },
        {
            "id": "features",
            "type": "list",
            "question": "Features",
            "max_items": 10,
            "max_words_per_item": 12,
            "hint": "Up to 10 features",
        },
    ]
    hints = _hints(_document(*given))
    assert hints["criteria"] == "One a line, up to 20, each in 50 words or fewer"
    assert hints["story"] == "Tell it in 1,000 words at most"
    assert hints["features"] == "Up to 10 features<br>Each can have up to 12 words."


def test_the_sets_hint_keeps_its_language_and_the_limits_are_the_pages():
    """A set not translated to French, on a French page: its hint is marked as English,
    the limits openbuy writes are not (they are in the page's language)."""
    with translation.override("fr"):
        document = _document(*LIMITED[:1])
        form = SectionForm(document=document, section=document.sections[0], currency="GBP")
        html = form.render()
    hint = re.search(r'<div id="id_problem_helptext" class="govuk-hint">(.*?)</div>', html)
    assert hint.group(1).startswith(
        '<span lang="en">Describe the problem or the outcome, not a solution</span><br>'
    )
    assert re.search(r'<div id="id_summary_helptext" class="govuk-hint">[^<]', html)
