"""Every section page of every shipped question set, opened in a real browser with full
answers and saved unchanged, keeps the answers exactly: as a draft, in the declaration,
and on a live service (where an unchanged save makes no new version)."""

import pytest

from openbuy.catalogue.models import Service
from openbuy.frameworks.models import Application, DraftService
from openbuy.questions import answers as content
from tests.browser.helpers import sign_in
from tests.frameworks import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FRAMEWORKS = {
    "g-cloud": (
        "g-cloud-declaration",
        {
            "cloud-hosting": "g-cloud-hosting",
            "cloud-software": "g-cloud-software",
            "cloud-support": "g-cloud-support",
        },
    ),
    "dos": (
        "dos-declaration",
        {
            "outcomes": "dos-outcomes",
            "specialists": "dos-specialists",
            "user-research": "dos-user-research",
        },
    ),
}


def _no_errors(page, where):
    errors = page.locator(".govuk-error-summary")
    assert errors.count() == 0, f"saving {where} unchanged was refused: {errors.inner_text()}"


def _save_each_section(page, first, sections, read):
    """Open the first section and save each in turn (a save goes on to the next section),
    checking after each that the stored answers are exactly as before."""
    before = read()
    page.goto(first)
    for section in sections:
        assert page.url.endswith(f"/{section.slug}/"), page.url
        page.submit("Save and continue")
        _no_errors(page, f"{first} … {section.slug}")
        assert read() == before, f"saving {section.slug} unchanged changed the answers"


def test_every_section_page_saves_unchanged_without_losing_an_answer(new_page):
    manager, authority = f.manager()
    (supplier,) = f.suppliers(1)
    owner = f.supplier_owner(supplier)
    frameworks = []
    for family, (declaration, lots) in FRAMEWORKS.items():
        framework = f.framework_of(
            authority,
            manager,
            slug=f"{family}-1",
            family=family,
            declaration=declaration,
            lots=lots,
        )
        services = [
            (lot.slug, f.full_answers(lot.questions.doc, name=f"Offer for {lot.name}"))
            for lot in framework.lots.select_related("questions")
        ]
        f.apply(
            framework,
            supplier,
            services,
            submit=False,
            declaration=f.full_answers(framework.declaration.doc),
        )
        frameworks.append(framework)

    page = new_page()
    sign_in(page, owner.email)
    for framework in frameworks:
        application = Application.objects.get(framework=framework)
        base = f"/frameworks/{framework.slug}/apply/{supplier.slug}/"
        sections = framework.declaration.doc.sections
        _save_each_section(
            page,
            f"{base}declaration/{sections[0].slug}/",
            sections,
            lambda pk=application.pk: Application.objects.get(pk=pk).declaration,
        )
        for draft in application.services.select_related("lot__questions"):
            sections = draft.lot.questions.doc.sections
            _save_each_section(
                page,
                f"{base}services/{draft.pk}/{sections[0].slug}/",
                sections,
                lambda pk=draft.pk: DraftService.objects.get(pk=pk).answers,
            )
            # Saved unchanged, a complete draft stays complete: its summary, where the last
            # save leads, has nothing to mark.
            assert DraftService.objects.get(pk=draft.pk).status == DraftService.Status.COMPLETE
            assert page.get_by_role("button", name="Mark as complete").count() == 0
    _incomplete_service_lists_each_unanswered_question(page, frameworks[0], supplier)

    for framework in frameworks:
        application = f.actions.application_submit(
            actor=owner, application=Application.objects.get(framework=framework)
        )
        f.go_live(framework, manager, [application])
    for service in Service.objects.select_related("current", "lot__questions"):
        version = service.current
        for section in service.lot.questions.doc.sections:
            path = f"/services/{service.service_id}/edit/{section.slug}/"
            page.goto(path)
            page.submit("Save changes")
            _no_errors(page, path)
            service.refresh_from_db(fields=["current"])
            assert service.current_id == version.pk, f"{path} made a new version"
            assert service.current.answers == version.answers, path
    assert Service.objects.count() == 6


def _incomplete_service_lists_each_unanswered_question(page, framework, supplier):
    """Mark as complete on a half-answered service: one error summary, a link for each
    question still to answer, going to its field on its section page."""
    page.goto(f"/frameworks/{framework.slug}/apply/{supplier.slug}/")
    page.submit("Add a service to Cloud hosting")
    draft = DraftService.objects.latest("pk")
    assert page.url.endswith(f"/services/{draft.pk}/description/")
    page.get_by_label("Service name").fill("Half done")
    page.submit("Save and continue")
    draft.refresh_from_db(fields=["answers"])
    page.goto(f"/frameworks/{framework.slug}/apply/{supplier.slug}/services/{draft.pk}/")
    page.submit("Mark as complete")
    assert page.locator(".govuk-error-summary").count() == 1
    links = page.locator(".govuk-error-summary__list a")
    missing = content.check(draft.lot.questions.doc, draft.answers, currency="GBP", complete=True)
    assert links.count() == len(missing.errors) > 5
    assert links.first.inner_text() == "Answer “Service description”"
    section = f"/frameworks/{framework.slug}/apply/{supplier.slug}/services/{draft.pk}/description/"
    assert links.first.get_attribute("href") == section + "#id_serviceDescription"
    categories = page.get_by_role("link", name="Answer “Which categories does the service fit?”")
    assert categories.get_attribute("href").endswith("/categories/#id_serviceCategories_0")
    page.click(categories)
    assert page.locator("#id_serviceCategories_0").is_visible()
    f.actions.draft_delete(actor=f.supplier_owner(supplier), draft=draft)
