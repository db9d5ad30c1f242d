"""Clarification questions on the pages: the ask form on a requirement's page (or why
there is none), the team's list and answer form, bad input that loses nothing typed, and
who sees a question before and after it is answered."""

import pytest

from openbuy.opportunities.models import ClarificationQuestion, TeamMember
from tests import helpers
from tests.frameworks import factories as fw
from tests.visibility import answer, client_of

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked():
    market = f.market(suppliers=2)
    requirement = f.published(market["buyer"], market["body"], lot=market["lot"])
    question = f.ask(requirement, market["suppliers"][0], "We at our firm ask: is Glasgow fine?")
    return {**market, "requirement": requirement, "question": question}


def _text(response) -> str:
    return response.content.decode()


def test_an_eligible_supplier_sees_the_form_and_others_why_not(asked):
    requirement = asked["requirement"]
    path = f"/opportunities/{requirement.pk}/"
    owner = fw.supplier_owner(asked["suppliers"][1])
    page = _text(client_of(owner).get(path))
    assert f'action="/opportunities/{requirement.pk}/questions/ask/"' in page
    assert "Ask the buyer about this requirement until the end of" in page
    assert "Sign in as an eligible supplier to ask a question." in _text(client_of(None).get(path))
    outsider = helpers.supplier(helpers.user("owner@outsider.example"), name="Outsider Ltd")
    refused = _text(client_of(outsider.memberships.get().user).get(path))
    assert "Only eligible suppliers can ask questions" in refused
    with f.clock(requirement.questions_close_at):
        closed = _text(client_of(owner).get(path))
    assert "Clarification questions closed at the end of" in closed
    assert "/questions/ask/" not in closed


def test_asking_on_the_page_shows_the_question_as_the_suppliers_own(asked):
    requirement = asked["requirement"]
    client = client_of(fw.supplier_owner(asked["suppliers"][1]))
    sent = client.post(
        f"/opportunities/{requirement.pk}/questions/ask/",
        {"supplier": asked["suppliers"][1].slug, "question": "Is there a budget for travel?"},
    )
    assert sent.status_code == 302
    page = _text(client.get(sent.url.split("#")[0]))
    assert "Your question is sent." in page
    assert "Is there a budget for travel?" in page
    assert "Waiting for an answer" in page


def test_a_supplier_finds_its_questions_and_their_answers_across_requirements(asked):
    f.answer(asked["question"], asked["buyer"], "Yes.", worded="Is Glasgow fine?")
    other = f.published_with(asked["buyer"], asked["body"], title="Payroll")
    f.ask(other, asked["suppliers"][0], "Which payroll system?")
    path = "/opportunities/questions/"
    mine = _text(client_of(fw.supplier_owner(asked["suppliers"][0])).get(path))
    assert mine.index("Which payroll system?") < mine.index("is Glasgow fine?")
    assert "Published as:</strong> Is Glasgow fine?" in mine
    assert "Answer:</strong> Yes." in mine
    theirs = _text(client_of(fw.supplier_owner(asked["suppliers"][1])).get(path))
    assert "Glasgow" not in theirs
    assert "Your organisations have not asked any questions." in theirs
    assert answer(client_of(None).get(path)) == "sign in"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your question"),
        ("Why? " * 1001, "Your question must be 5,000 characters or fewer"),
    ],
)
def test_bad_input_on_the_ask_form_loses_nothing_typed(asked, typed, message):
    requirement = asked["requirement"]
    client = client_of(fw.supplier_owner(asked["suppliers"][1]))
    response = client.post(
        f"/opportunities/{requirement.pk}/questions/ask/",
        {"supplier": asked["suppliers"][1].slug, "question": typed},
    )
    assert response.status_code == 200
    page = _text(response)
    assert "govuk-error-summary" in page
    assert message in page
    assert typed.strip()[:200] in page
    assert ClarificationQuestion.objects.count() == 1


def test_a_lone_surrogate_is_refused_and_nothing_is_stored(asked):
    requirement, question = asked["requirement"], asked["question"]
    forms = [
        (
            fw.supplier_owner(asked["suppliers"][1]),
            f"/opportunities/{requirement.pk}/questions/ask/",
            f"supplier={asked['suppliers'][1].slug}&question=Bad%ED%A0%80text",
        ),
        (
            asked["buyer"],
            f"/opportunities/{requirement.pk}/questions/{question.pk}/answer/",
            "published_question=Glasgow%3F&answer=Bad%ED%A0%80text",
        ),
    ]
    for person, path, body in forms:
        response = client_of(person).post(
            path, body.encode(), content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 400
        assert "not valid UTF-8 text" in _text(response)
    assert ClarificationQuestion.objects.count() == 1
    assert ClarificationQuestion.objects.get().answered_at is None


def test_the_team_lists_unanswered_first_and_answers(asked):
    requirement, question = asked["requirement"], asked["question"]
    f.answer(f.ask(requirement, asked["suppliers"][1], "An earlier one?"), asked["buyer"])
    client = client_of(asked["buyer"])
    listed = _text(client.get(f"/opportunities/{requirement.pk}/questions/"))
    assert listed.index("We at our firm ask: is Glasgow fine?") < listed.index("An earlier one?")
    path = f"/opportunities/{requirement.pk}/questions/{question.pk}/answer/"
    form = _text(client.get(path))
    assert "We at our firm ask: is Glasgow fine?</textarea>" in form  # to reword
    empty = client.post(path, {"published_question": "Is Glasgow fine?", "answer": ""})
    assert "Enter the answer" in _text(empty)
    assert "Is Glasgow fine?</textarea>" in _text(empty)
    huge = client.post(path, {"published_question": "Is Glasgow fine?", "answer": "No. " * 2501})
    assert "The answer must be 10,000 characters or fewer" in _text(huge)
    assert ("No. " * 2501).strip()[:500] in _text(huge)
    done = client.post(path, {"published_question": "Is Glasgow fine?", "answer": "Yes."})
    assert done.status_code == 302
    question.refresh_from_db()
    assert (question.published_question, question.answer) == ("Is Glasgow fine?", "Yes.")
    # Published and e-mailed: the page shows the answer, says how to correct it, no form.
    again = _text(client.get(path))
    assert "This question is already answered" in again
    assert "Yes." in again
    assert "amend the requirement" in again
    assert "<textarea" not in again
    refused = client.post(path, {"published_question": "Is Glasgow fine?", "answer": "No."})
    assert "<textarea" not in _text(refused)
    question.refresh_from_db()
    assert question.answer == "Yes."


def test_the_answer_page_is_for_team_members_who_may_answer(asked):
    requirement, question = asked["requirement"], asked["question"]
    path = f"/opportunities/{requirement.pk}/questions/{question.pk}/answer/"
    colleague, _body = f.buyer("ailsa@sepa.org.uk", body=asked["body"])
    assert answer(client_of(None).get(path)) == "sign in"
    assert answer(client_of(colleague).get(path)) == "hidden"  # the question is not theirs
    assert answer(client_of(fw.supplier_owner(asked["suppliers"][0])).get(path)) == "answered 403"
    TeamMember.objects.create(  # the team's pages come with drafting
        requirement=requirement, user=colleague, permissions=["draft"], added_by=asked["buyer"]
    )
    refused = client_of(colleague).get(path)
    assert answer(refused) == "answered 403"
    assert "who may answer questions" in _text(refused)


PEOPLE = ["anyone", "another supplier", "the asker's colleague", "the team", "another buyer"]


def _people(asked) -> dict:
    colleague = helpers.member(asked["suppliers"][0], "kirsty@supplier0.example")
    other_buyer, _body = f.buyer("ailsa@sepa.org.uk", body=asked["body"])
    return {
        "anyone": None,
        "another supplier": fw.supplier_owner(asked["suppliers"][1]),
        "the asker's colleague": colleague,
        "the team": asked["buyer"],
        "another buyer": other_buyer,
    }


def test_a_question_is_private_until_answered_and_never_names_the_asker(asked):
    requirement = asked["requirement"]
    people = _people(asked)
    pages = f"/opportunities/{requirement.pk}/questions/"
    api = f"/api/v1/opportunities/{requirement.pk}/questions"
    seen = {}
    for name, person in people.items():
        client = client_of(person)
        seen[name] = (
            "is Glasgow fine?" in _text(client.get(pages)),
            [q["question"] for q in client.get(api).json()],
        )
    assert seen == {
        "anyone": (False, []),
        "another supplier": (False, []),
        "the asker's colleague": (True, ["We at our firm ask: is Glasgow fine?"]),
        "the team": (True, ["We at our firm ask: is Glasgow fine?"]),
        "another buyer": (False, []),
    }
    f.answer(asked["question"], asked["buyer"], "Yes.", worded="Can the work be in Glasgow?")
    as_asked = set()
    for name, person in people.items():
        client = client_of(person)
        for where, path in (
            ("questions", pages),
            ("page", f"/opportunities/{requirement.pk}/"),
            ("api", api),
        ):
            shown = _text(client.get(path))
            assert "Can the work be in Glasgow?" in shown, (name, path)
            assert asked["suppliers"][0].name not in shown, (name, path)
            assert fw.supplier_owner(asked["suppliers"][0]).email not in shown, (name, path)
            if "We at our firm" in shown:
                as_asked.add((name, where))
    # The question as asked: to the asker's people and the team only.
    assert as_asked == {
        ("the asker's colleague", "questions"),
        ("the asker's colleague", "page"),
        ("the asker's colleague", "api"),
        ("the team", "questions"),
        ("the team", "api"),
    }
