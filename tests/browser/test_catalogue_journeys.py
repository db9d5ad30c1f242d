"""Applying to a framework, running it, and buying from its catalogue, in a real browser
with axe-core on every page visited."""

import datetime

import pytest
from django.utils import timezone

from openbuy.catalogue.models import Outcome
from openbuy.frameworks import actions
from openbuy.frameworks.models import Application
from tests import helpers
from tests.browser.helpers import sign_in
from tests.frameworks import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supplier_applies_a_manager_runs_the_framework_and_a_buyer_awards(new_page):
    manager, authority = f.manager()
    framework = f.gcloud(authority, manager)
    (supplier,) = f.suppliers(1)
    owner = f.supplier_owner(supplier)

    page = new_page()
    sign_in(page, owner.email)
    page.goto(f"/frameworks/{framework.slug}/clarifications/")
    page.get_by_label("Your question").fill("Is this allowed? " * 295)  # pasted: too long
    status = page.locator(".govuk-character-count__status")
    assert status.inner_text() == "You have 2,015 characters too many"
    page.submit("Send question")  # the browser kept it all; the server says what is wrong
    assert page.get_by_role("alert").get_by_text("3,000 characters or fewer").is_visible()
    page.goto(f"/frameworks/{framework.slug}/")
    page.submit(f"Apply as {supplier.name}")
    application = Application.objects.get()
    page.click(page.get_by_role("link", name="Essentials"))
    page.get_by_role("group", name="Do you accept the framework agreement").get_by_label(
        "No"
    ).check()
    page.submit("Save and continue")  # a refused required value: errors on the page, axe-checked
    assert page.get_by_role("alert").get_by_text("You must accept the terms to apply").is_visible()
    f_declaration = f.DECLARATION
    for section in framework.declaration.doc.sections:
        actions.declaration_save(
            actor=owner,
            application=application,
            section=section.slug,
            submitted={
                q.id: f_declaration[q.id] for q in section.questions if q.id in f_declaration
            },
        )
    page.goto(f"/frameworks/{framework.slug}/apply/{supplier.slug}/")
    page.submit("Add a service to Cloud hosting")
    page.get_by_label("Service name").fill("Secure hosting")
    page.get_by_label("Service description").fill("Hosting for public bodies")
    page.get_by_label("Service features").fill("Fast\nAccessible")
    page.get_by_label("Service benefits").fill("Saves time")
    page.submit("Save and continue")
    page.get_by_label("Compute and virtual machines").check()
    page.submit("Save and continue")
    page.get_by_label("Minimum price").fill("400")
    page.get_by_label("Per", exact=True).select_option("user")
    page.get_by_label("Every").select_option("month")
    page.get_by_role("group", name="Is there a free version or trial?").get_by_label("No").check()
    page.get_by_role("group", name="Do you offer education pricing?").get_by_label("Yes").check()
    page.submit("Save and continue")
    draft = application.services.get()
    answers = f.service_answers("Secure hosting")
    for section in ("technical", "support", "security"):
        questions = draft.lot.questions.doc.section(section).questions
        actions.draft_save(
            actor=owner,
            draft=draft,
            section=section,
            submitted={q.id: answers[q.id] for q in questions if q.id in answers},
        )
    page.goto(f"/frameworks/{framework.slug}/apply/{supplier.slug}/services/{draft.pk}/")
    page.submit("Mark as complete")
    page.submit("Submit application")  # first: check your answers and what happens
    assert page.get_by_role("heading", name="Check your application to G Cloud 14").is_visible()
    assert (
        page.locator("#consequences")
        .get_by_text("Your declaration and 1 service will be submitted.")
        .is_visible()
    )
    assert page.locator("#statement").inner_text().startswith("By submitting this application")
    assert Application.objects.get().status == "draft"
    page.submit("Accept and submit")
    assert page.get_by_role("heading", name="Application submitted").is_visible()

    framework = f.close(framework, manager)
    admin = new_page()
    sign_in(admin, manager.email)
    admin.goto(f"/frameworks/{framework.slug}/")
    admin.click(admin.get_by_role("link", name="Applications and results"))
    admin.click(admin.get_by_role("link", name=str(application.pk), exact=True))
    admin.get_by_role("group", name="Declaration").get_by_label("Pass").check()
    admin.get_by_role("group", name="Service: Secure hosting").get_by_label("Pass").check()
    admin.submit("Save results")
    admin.goto(f"/frameworks/{framework.slug}/")
    admin.submit("Announce results")  # a page says who will be told, before anything happens
    assert (
        admin.locator("#consequences")
        .get_by_text("1 supplier will be told their results by e-mail.")
        .is_visible()
    )
    admin.submit("Yes, announce results")
    page.goto(f"/frameworks/{framework.slug}/apply/{supplier.slug}/")
    page.click(page.get_by_role("link", name="Sign the framework agreement"))
    page.get_by_label("Full name of the person signing").fill(owner.name)
    page.get_by_label("Their role").fill("Director")
    page.get_by_label("I confirm I have the authority").check()
    page.submit("Sign agreement")
    admin.goto(f"/frameworks/{framework.slug}/agreements/")
    admin.click(admin.get_by_role("button", name="Countersign"))
    assert (
        admin.locator("#consequences")
        .get_by_text(f"{owner.name}, Director, signed it for {supplier.name} on")
        .is_visible()
    )
    admin.submit("Yes, countersign")
    page.goto(f"/frameworks/{framework.slug}/apply/{supplier.slug}/agreement/")
    assert "Not yet" not in page.locator("#agreement-state").inner_text()
    assert page.get_by_role("button", name="Sign agreement").count() == 0
    admin.goto(f"/frameworks/{framework.slug}/")
    admin.submit("Go live")
    assert (
        admin.locator("#consequences")
        .get_by_text("1 service will be published and found in search.")
        .is_visible()
    )
    admin.submit("Yes, go live")
    assert admin.locator("#framework-status").inner_text() == "Live"
    admin.goto("/question-sets/")

    buyer_person = helpers.user("morag@gov.scot", purpose="buyer")
    buyer = new_page()
    sign_in(buyer, buyer_person.email)
    buyer.goto("/services/")
    buyer.click(buyer.get_by_role("link", name="Cloud hosting"))
    buyer.get_by_label("Keywords").fill("hosting")
    buyer.get_by_label("Public cloud").check()
    buyer.submit("Apply filters")
    assert buyer.locator("#result-count").inner_text() == "1 service found"
    buyer.click(buyer.get_by_role("link", name="Save this search as a direct-award project"))
    buyer.get_by_label("Project name").fill("Council hosting")
    buyer.submit("Save search")
    buyer.submit("End search")
    assert buyer.get_by_text(
        "The 1 service the search finds now becomes your shortlist"
    ).is_visible()
    buyer.submit("Yes, end the search")
    buyer.click(buyer.get_by_role("link", name="Secure hosting"))
    buyer.go_back()
    buyer.get_by_label("Awarded").check()
    buyer.get_by_label("Secure hosting").check()
    buyer.get_by_role("group", name="Contract start date").get_by_label("Day").fill("1")
    buyer.get_by_role("group", name="Contract start date").get_by_label("Month").fill("4")
    buyer.get_by_role("group", name="Contract start date").get_by_label("Year").fill("2027")
    buyer.get_by_role("group", name="Contract end date").get_by_label("Day").fill("31")
    buyer.get_by_role("group", name="Contract end date").get_by_label("Month").fill("3")
    buyer.get_by_role("group", name="Contract end date").get_by_label("Year").fill("2028")
    buyer.get_by_label("Total contract value").fill("48,000")
    buyer.submit("Record outcome")
    assert buyer.locator("#outcome").get_by_text("£48,000").is_visible()
    assert Outcome.objects.get().result == "awarded"
    buyer.click(buyer.get_by_role("link", name="Français"))
    assert buyer.locator("html").get_attribute("lang") == "fr"


def fill_date(page, legend, day):
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_manager_closes_applications_early_and_a_refused_step_says_why(new_page):
    """B5: once open, the opening day is shown, not asked; the closing dates follow it, so
    they can be brought forward; "Close applications" closes now, behind a page that says
    how early; a refusal on that page (another manager closed it meanwhile) stays there
    with the reason."""
    manager, authority = f.manager()
    framework = f.gcloud(authority, manager, open_it=False)
    today = timezone.localdate()
    actions.framework_update(
        actor=manager, framework=framework, **f.dates(opens=today + datetime.timedelta(days=9))
    )
    framework = actions.framework_open(actor=manager, framework=framework)  # 9 days early
    (supplier,) = f.suppliers(1)
    f.apply(framework, supplier)
    page = new_page()
    sign_in(page, manager.email)
    page.goto(f"/frameworks/{framework.slug}/")
    page.click(page.get_by_role("link", name="Change dates and questions"))
    page.submit("Save")
    assert page.get_by_text("You did not change anything").is_visible()
    page.click(page.get_by_role("link", name="Change dates and questions"))
    assert page.get_by_role("group", name="Applications open", exact=True).count() == 0
    assert "Opened for applications" in page.locator("#opened").inner_text()
    fill_date(page, "Clarification questions close", today)
    fill_date(page, "Applications close", today + datetime.timedelta(days=1))
    page.submit("Save")
    assert page.get_by_text("Your changes are saved").is_visible()

    assert "You can close them sooner" in page.locator("#close-early").inner_text()
    page.click(page.get_by_role("button", name="Close applications"))
    assert page.locator("#consequences").inner_text().splitlines()[1:] == [
        "1 application will be closed.",
        "1 submitted application will be evaluated.",
    ]
    assert "They close now instead" in page.locator("#consequences").inner_text()
    actions.framework_close(actor=manager, framework=framework)  # another manager was quicker
    page.submit("Yes, close applications now")
    summary = page.get_by_role("alert")
    assert summary.get_by_text("G Cloud 14 is closed for evaluation").is_visible()
    page.click(page.get_by_role("link", name="Go back"))
    assert page.locator("#framework-status").inner_text() == "Evaluating applications"
    assert "Applications closed" in page.locator("#dates").inner_text()
