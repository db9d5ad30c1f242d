"""After applications close: results (one by one and from CSV), clarifications, agreements."""

import re

import pytest

from openbuy.core.errors import Conflict, Forbidden, Invalid
from openbuy.core.models import OutboxMessage
from openbuy.frameworks import actions
from openbuy.frameworks.models import Application, ClarificationQuestion, DraftService
from tests import helpers
from tests.api_client import api_for, send
from tests.frameworks import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed():
    person, authority = f.manager()
    a, b = f.suppliers(2)
    framework = f.gcloud(authority, person)
    applications = [f.apply(framework, a), f.apply(framework, b)]
    return f.close(framework, person), applications, person


def test_results_are_recorded_and_every_applicant_is_told(
    closed, django_capture_on_commit_callbacks
):
    framework, (good, bad), person = closed
    actions.result_record(
        actor=person,
        application=good,
        declaration=("pass", ""),
        services={good.services.get().pk: ("pass", "")},
    )
    actions.result_record(
        actor=person,
        application=bad,
        declaration=("fail", "No insurance"),
        services={bad.services.get().pk: ("fail", "Too vague")},
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.framework_announce(actor=person, framework=framework)
    assert Application.objects.get(pk=good.pk).passed
    assert not Application.objects.get(pk=bad.pk).passed
    message = helpers.last_email(f.supplier_owner(bad.supplier).email)
    assert message.subject == "Your results for G Cloud 14"
    assert "No insurance" in message.body
    assert "Too vague" in message.body


def test_results_from_csv_apply_all_or_nothing(closed):
    framework, (a, b), person = closed
    service_a, service_b = a.services.get().pk, b.services.get().pk
    broken = (
        f"application,service,result,reason\n{a.pk},,pass,\n{a.pk},{service_a},pass,\n"
        f"{b.pk},{service_b},maybe\n"
    )
    with pytest.raises(Invalid, match="Row 4: A result is pass or fail"):
        actions.results_import(actor=person, framework=framework, text=broken)
    assert Application.objects.get(pk=a.pk).declaration_result == ""
    good = broken.replace("maybe", "fail,Too vague") + f"{b.pk},,fail,Late tax returns\n"
    assert actions.results_import(actor=person, framework=framework, text=good) == 4
    assert DraftService.objects.get(pk=service_b).result == "fail"
    assert Application.objects.get(pk=b.pk).declaration_reason == "Late tax returns"
    assert helpers.events("application.results_imported").get().payload == {"rows": 4}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("wrong,header\n", "The first row must be: application,service,result,reason"),
        ("application,service,result,reason\n", "The file has no results in it"),
        ("application,service,result,reason\n99999,,pass,\n", "Row 2: unknown application"),
        ("application,service,result,reason\n{a}\n", "Row 2: A result is pass or fail"),
        ("application,service,result,reason\n{a},,pass,,x\n", "Row 2 has more than 4 columns"),
        ("application,service,result,reason\n{a},,pass,ok\x00\n", "NUL character"),
        ('application,service,result,reason\n{a},,pass,"open\n', "not valid CSV"),
        ("application,service,result,reason\n{a},,pass,{long}\n", "2,000 characters or fewer"),
        ("application,service,result,reason\n{a},,fail, \n", "Row 2: Give the reason the decl"),
    ],
)
def test_bad_results_files_are_refused(closed, text, message):
    framework, (a, _b), person = closed
    text = text.replace("{a}", str(a.pk)).replace("{long}", "x" * 2001)
    with pytest.raises(Invalid, match=message):
        actions.results_import(actor=person, framework=framework, text=text)
    assert not Application.objects.exclude(declaration_result="").exists()


def test_a_fail_needs_its_reason_in_the_action_the_page_and_the_api(closed, client):
    framework, (a, _b), person = closed
    draft = a.services.get()
    with pytest.raises(Invalid, match="Give the reason the declaration failed") as refused:
        actions.result_record(
            actor=person,
            application=a,
            declaration=("fail", " "),
            services={draft.pk: ("fail", "")},
        )
    assert refused.value.errors == {
        "declaration.reason": ["Give the reason the declaration failed: the supplier will read it"],
        f"services.{draft.pk}.reason": [
            "Give the reason Secure hosting failed: the supplier will read it"
        ],
    }
    client.force_login(person)
    url = f"/frameworks/{framework.slug}/applications/{a.pk}/"
    page = client.post(
        url,
        {"declaration": "fail", f"service_{draft.pk}": "pass", f"reason_{draft.pk}": "Good"},
    ).content.decode()
    assert 'href="#id_declaration_reason"' in page
    assert 'id="id_declaration_reason_error"' in page
    assert "Results saved" not in page
    response = send(
        api_for(person),
        "post",
        f"/api/v1/applications/{a.pk}/result",
        {"declaration": {"result": "fail"}},
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["declaration.reason"]
    assert not Application.objects.exclude(declaration_result="").exists()
    assert not DraftService.objects.exclude(result="").exists()


def test_an_empty_results_form_is_refused_and_an_unchanged_one_says_so(closed, client):
    framework, (a, _b), person = closed
    client.force_login(person)
    url = f"/frameworks/{framework.slug}/applications/{a.pk}/"
    # What a browser sends when nothing is chosen: the empty reasons.
    draft = a.services.get()
    empty = client.post(url, {"declaration_reason": "", f"reason_{draft.pk}": ""}).content.decode()
    assert "Choose pass or fail for the declaration or at least one service" in empty
    assert 'href="#id_declaration_0"' in empty
    assert "Results saved" not in empty
    with pytest.raises(Invalid, match="Choose pass or fail for the declaration or at least one"):
        actions.result_record(actor=person, application=a)
    actions.result_record(actor=person, application=a, declaration=("pass", ""))
    again = client.post(url, {"declaration": "pass"}, follow=True).content.decode()
    assert "You did not change any result" in again
    assert "Results saved" not in again
    assert helpers.events("application.result_recorded").count() == 1


def test_a_clarification_question_shows_its_limit_and_too_long_is_refused_not_cut(client):
    person, authority = f.manager()
    (supplier,) = f.suppliers(1)
    framework = f.gcloud(authority, person)
    client.force_login(f.supplier_owner(supplier))
    url = f"/frameworks/{framework.slug}/clarifications/"
    form = client.get(url).content.decode()
    textarea = re.search(r"<textarea[^>]*>", form).group(0)
    assert "maxlength" not in textarea  # the browser would cut a long paste short, silently
    assert "govuk-js-character-count" in textarea
    assert 'aria-describedby="id_question_helptext id_question-info"' in textarea
    assert 'data-module="govuk-character-count" data-maxlength="3000"' in form
    assert '<div id="id_question-info" class="govuk-hint govuk-character-count__message">' in form
    assert "You can enter up to 3,000 characters" in form
    long = "Is this allowed? " * 295  # 5,015 characters
    refused = client.post(url, {"question": long}).content.decode()
    assert "Your question must be 3,000 characters or fewer" in refused
    assert long.strip() in refused  # kept in the box to shorten, not lost
    assert not ClarificationQuestion.objects.exists()
    with pytest.raises(Invalid, match="Your question must be 3,000 characters or fewer"):
        actions.clarification_ask(
            actor=f.supplier_owner(supplier), framework=framework, supplier=supplier, question=long
        )


def test_results_are_recorded_only_while_evaluating(closed):
    framework, (a, _b), person = closed
    f.pass_all(framework, person, [a, _b])
    with pytest.raises(Conflict, match="Results are recorded after applications close"):
        actions.result_record(actor=person, application=a, declaration=("fail", ""))


def test_clarification_answers_go_to_every_applicant(django_capture_on_commit_callbacks):
    person, authority = f.manager()
    a, b = f.suppliers(2)
    framework = f.gcloud(authority, person)
    f.apply(framework, a, submit=False)
    f.apply(framework, b, submit=False)
    asked = actions.clarification_ask(
        actor=f.supplier_owner(a), framework=framework, supplier=a, question="Can lots be combined?"
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.clarification_publish(actor=person, clarification=asked, answer="No.")
    recipients = set(OutboxMessage.objects.values_list("to", flat=True))
    assert {f.supplier_owner(a).email, f.supplier_owner(b).email} <= recipients
    assert ClarificationQuestion.objects.get().answer == "No."
    with pytest.raises(Conflict, match="already published"):
        actions.clarification_publish(actor=person, clarification=asked, answer="Yes.")
    with pytest.raises(Invalid, match="Enter your question"):
        actions.clarification_ask(
            actor=f.supplier_owner(a), framework=framework, supplier=a, question="  "
        )


def test_clarification_pages_show_answers_to_all_but_never_who_asked(client):
    person, authority = f.manager()
    a, b = f.suppliers(2)
    framework = f.gcloud(authority, person)
    # Seen by another applicant, signed in: the unanswered question is not theirs to see.
    client.force_login(f.supplier_owner(b))
    asked = actions.clarification_ask(
        actor=f.supplier_owner(a),
        framework=framework,
        supplier=a,
        question="Is pricing per user allowed?",
    )
    assert (
        "Is pricing per user allowed?"
        not in client.get(f"/frameworks/{framework.slug}/clarifications/").content.decode()
    )
    actions.clarification_publish(actor=person, clarification=asked, answer="Yes, it is.")
    page = client.get(f"/frameworks/{framework.slug}/clarifications/").content.decode()
    assert "Is pricing per user allowed?" in page
    assert "Yes, it is." in page
    assert a.name not in page


def test_only_passed_suppliers_sign_and_only_managers_countersign(closed):
    framework, (good, bad), person = closed
    actions.result_record(
        actor=person,
        application=good,
        declaration=("pass", ""),
        services={good.services.get().pk: ("pass", "")},
    )
    actions.result_record(
        actor=person,
        application=bad,
        declaration=("fail", "No insurance"),
        services={bad.services.get().pk: ("pass", "")},
    )
    actions.framework_announce(actor=person, framework=framework)
    with pytest.raises(Conflict, match="Only suppliers who passed"):
        actions.agreement_sign(
            actor=f.supplier_owner(bad.supplier),
            application=bad,
            signer_name="B",
            signer_role="CEO",
            authority_confirmed=True,
        )
    owner = f.supplier_owner(good.supplier)
    with pytest.raises(Invalid, match="Enter the full name of the person signing") as error:
        actions.agreement_sign(
            actor=owner,
            application=good,
            signer_name="",
            signer_role="x",
            authority_confirmed=False,
        )
    assert set(error.value.errors) == {"signer_name", "authority_confirmed"}
    agreement = actions.agreement_sign(
        actor=owner,
        application=good,
        signer_name="Ann Owner",
        signer_role="Director",
        authority_confirmed=True,
    )
    with pytest.raises(Forbidden, match="Only the authority's framework managers countersign"):
        actions.agreement_countersign(actor=owner, agreement=agreement)
    actions.agreement_countersign(actor=person, agreement=agreement)
    with pytest.raises(Conflict, match="already countersigned"):
        actions.agreement_countersign(actor=person, agreement=agreement)
