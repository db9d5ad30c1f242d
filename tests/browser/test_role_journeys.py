"""Each demo role, in a real browser, walks the pages it reaches by links from the home
page and its account, and sends every edit form unchanged: the data must stay exactly as it
was (every row of every model), with no audit event and no new version, and the page must
say that nothing changed. Forms that take a step (create, sign, delete, submit...) are not
"saved unchanged": they are listed below with the reason they are left alone. Runs on the
small demo (`openbuy demo --small`), loaded once: the roles share it, since nothing they do
may change it."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from openbuy.core.models import AuditEvent
from openbuy.demo.data import PASSWORD

from .crawl import Form, differences, reader, route_of, snapshot, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = {
    "platform-admin": "admin@openbuy.example",
    "buyer": "buyer@sepa.org.uk",
    "evaluator": "evaluator@transport.gov.scot",
    "sponsor": "sponsor@nss.nhs.scot",
    "framework-manager": "frameworks@gov.scot",
    "au-framework-manager": "frameworks@dta.gov.au",
    "au-buyer": "buyer@servicesaustralia.gov.au",
    "supplier-owner": "owner@thistledigital.example",
    "supplier-member": "developer@thistledigital.example",
}

# Buttons that save what the form shows: sent unchanged, they must change nothing. ("Save
# results" is a pending framework's, and the demo has none: tests/frameworks/
# test_evaluation.py sends it unchanged.)
SAVES = {
    "Save",
    "Save and continue",
    "Save changes",
    "Save results",
    "Save this search to the project",
    "Save version",
}
# Buttons whose forms start empty and make something new: sent unchanged, they must be
# refused with a message and change nothing.
REFUSED_EMPTY = {"Copy services": "makes drafts of the services ticked, and none is"}
# Forms that take a step, by the start of their button's text, with why they are left alone.
STEPS = {
    "Sign out": "ends the session",
    "Change password": "needs the current password and a new one: nothing to keep",
    "Create token": "makes an API token",
    "Revoke": "revokes an API token",
    "Register company": "registers a new supplier",
    "Send invitation": "sends an invitation",
    "Remove service": "takes a live service out of the catalogue",
    "Withdraw": "withdraws an invitation",
    "View": "chooses the jurisdiction shown, a preference kept in the session",
    "Add a service to": "makes a draft service",
    "Mark as complete": "marks a draft complete (its own step, tested with the drafts)",
    "Accept and submit": "submits the application, its answers checked on that page",
    "Send question": "sends a clarification question to the authority",
    "Suspend service": "suspends a live service",
    "Yes,": "confirms a final or destructive step (the page before it says what it does)",
    # Opportunities (issue 9): their own browser and page tests send these.
    "Save and return": (
        "saves a section of a draft requirement; saved unchanged and with bad input in "
        "tests/opportunities/test_drafting_pages.py"
    ),
    "Submit response": "submits a response, its answers checked on the page before",
    "Start a new requirement from this one": "makes a draft requirement",
    "Add evaluator": "assigns an evaluator, who is e-mailed",
    "Add to the team": "puts a person on a requirement's buyer team",
    "Continue": "leads to the page that says what the choice will do",
    "End without an award": "ends a lot without an award, its reason published",
    "Cancel requirement": "cancels a requirement, its reason published",
    "Save lot": "saves a lot of a draft requirement; tested in test_drafting_pages.py",
    "Add lot": "divides a draft requirement into one more lot",
    "Save shortlist": "chooses the shortlist: its own step, in test_evaluation_pages.py",
    "Save final scores": "moderates a response's scores, a reason needed where one differs",
}
# Pages whose form says "Save" but makes something new from a form that starts empty.
CREATING = {
    "frameworks:new": "makes a framework",
    "frameworks:question-set-new": "adds a question set (unless based on one, ?from=)",
}

# The form pages each role must have saved unchanged (URL name: how many), so that a walk
# that found nothing cannot pass. A page saved by a role before is saved again only as the
# role's first of its kind (the roles run in this order): the member, say, saves one live
# service section, the owner every one.
EXPECTED = {
    "supplier-owner": {
        "accounts:account-edit": 1,
        "accounts:supplier-edit": 1,
        "catalogue:edit": 12,  # two live services, six sections each
        "frameworks:declaration-section": 4,
        "frameworks:service-section": 3,  # a complete draft (two sections), one half done
        "opportunities:response-section": 2,  # the draft response to the open requirement
    },
    "supplier-member": {
        "accounts:account-edit": 1,
        "catalogue:edit": 1,
        "opportunities:response-section": 1,
        "frameworks:declaration-section": 1,
        "frameworks:service-section": 1,
    },
    "platform-admin": {
        "accounts:account-edit": 1,
        "accounts:supplier-edit": 3,  # Scottish (the list is scoped), Thistle's saved before
        "frameworks:edit": 1,  # the open framework's (live ones are changed by steps)
        "frameworks:question-set-new": 22,  # each version, based on itself (?from=)
    },
    "framework-manager": {
        "accounts:account-edit": 1,
        "frameworks:edit": 1,
        "frameworks:question-set-new": 1,
    },
    "au-framework-manager": {"accounts:account-edit": 1, "frameworks:question-set-new": 1},
    # the project's search; a team member's permissions on two requirements
    "buyer": {"accounts:account-edit": 1, "catalogue:search": 1, "opportunities:team-member": 2},
    "evaluator": {"accounts:account-edit": 1},
    "sponsor": {"accounts:account-edit": 1},
    "au-buyer": {"accounts:account-edit": 1},
}
# Kinds of page read whenever linked (they carry a form to save, or link to one); of any
# other kind a walk reads two, enough to meet its forms (the admin would otherwise read
# every e-mail in the outbox and every member list).
EVERY = {
    "accounts:account-edit",
    "accounts:organisation",
    "accounts:supplier-edit",
    "catalogue:edit",
    "catalogue:project",
    "catalogue:search",
    "catalogue:service",
    "frameworks:application",
    "frameworks:declaration-section",
    "frameworks:detail",
    "frameworks:edit",
    "frameworks:question-set",
    "frameworks:question-set-new",
    "frameworks:service",
    "frameworks:service-section",
    "frameworks:services-copy",
    # Which requirements a role meets first depends on the clock the demo was made at; every
    # one is read so that each stage's forms are met whatever the day.
    "opportunities:requirement",
    "opportunities:evaluation",
    "opportunities:evaluation-moderation",
    "opportunities:evaluation-moderate",
    "opportunities:evaluation-ranking",
}

# Axe runs once on each kind of page in the module (every save lands on a page already
# checked by then); other browser tests check the rest, and axe costs over half a second.
_checked: set[str] = set()


def _check_once(page):
    route = route_of(page.url.removeprefix(page.base_url))
    if route not in _checked:
        _checked.add(route)
        page.check()


def _sign_in(page, email):
    page.page.goto(page.base_url + "/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.url.endswith("/account/"), page.url


def _kind(form: Form) -> tuple[str, str]:
    if form.route in CREATING and not ("from=" in form.page and form.label == "Save version"):
        return "step", CREATING[form.route]
    if form.label in SAVES:
        return "save", ""
    if form.label in REFUSED_EMPTY:
        return "refused", REFUSED_EMPTY[form.label]
    for start, reason in STEPS.items():
        if form.label.startswith(start):
            return "step", reason
    return "unknown", ""


def _send_unchanged(page, form: Form):
    """Open the form's page (unless a save just led to it), send the form as it is, and
    land on the page it leads to."""
    if page.url != page.base_url + form.page:
        page.page.goto(page.base_url + form.page)
        _check_once(page)
    button = page.locator("form[method=post]").get_by_role("button", name=form.label, exact=True)
    with page.expect_navigation() as navigation:
        button.click()
    assert navigation.value.status == 200, f"{form.page}: {navigation.value.status}"
    _check_once(page)


def _problems(page, form: Form) -> list[str]:
    """What is wrong on the page an unchanged save led to: an error, or a message saying
    something was saved. A save that leads on to the next section says nothing; any other
    says that nothing changed."""
    errors = page.locator(".govuk-error-summary")
    if form.label in REFUSED_EMPTY:
        return [] if errors.count() == 1 else [f"{form.page} sent empty was not refused"]
    if errors.count():
        return [f"{form.page} was refused: {' '.join(errors.inner_text().split())}"]
    if form.label == "Save and continue":
        return []
    banner = page.locator(".govuk-notification-banner")
    text = " ".join(banner.inner_text().split()) if banner.count() else ""
    return [] if "You did not change" in text else [f"{form.page} then said: {text!r}"]


def _forms_of(page, done: set, problems: list) -> tuple[list[Form], dict[str, str]]:
    """The role's walk: the forms to send (saves, then those to be refused) and the steps
    left alone (reason: a page where one was met). A form page saved by an earlier role
    is sent again only as this role's first of its kind."""
    sends, kinds, skipped = [], set(), {}
    get = reader(page)
    for _path, forms in walk(get, page.base_url, ["/", "/account/"], problems, EVERY, 2):
        for form in forms:
            kind, reason = _kind(form)
            if kind == "unknown":
                problems.append(f"a form the journey does not know: {form.label!r} on {form.page}")
            elif kind == "step":
                skipped.setdefault(reason, form.page)
            elif (form.page, form.label) not in done or form.route not in kinds:
                done.add((form.page, form.label))
                kinds.add(form.route)
                sends.append(form)
    return sorted(sends, key=lambda form: form.label in REFUSED_EMPTY), skipped


def _journey(page, email, done: set, skipped: dict) -> tuple[dict, list[str]]:
    """Sign in, walk, send each form unchanged; (form pages saved by kind, problems)."""
    _sign_in(page, email)
    chained = AuditEvent.objects.filter(seq__isnull=False)
    last_event = chained.order_by("-seq").values_list("seq", flat=True).first()
    current, problems = snapshot(), []
    sends, steps = _forms_of(page, done, problems)
    skipped |= steps
    problems += [f"reading the pages: {change}" for change in differences(current, snapshot())]
    saved = Counter()
    # Each form is compared with the data just before it, so a change is put down to the
    # form that made it, and every problem of the role is reported at once.
    for form in sends:
        _send_unchanged(page, form)
        problems += _problems(page, form)
        after = snapshot()
        problems += [f"{form.page}: {change}" for change in differences(current, after)]
        current = after
        if form.label not in REFUSED_EMPTY:
            saved[form.route] += 1
    events = AuditEvent.objects.filter(seq__gt=last_event).exclude(verb="account.signed_in")
    problems += [f"audit event {verb}" for verb in events.values_list("verb", flat=True)]
    return dict(saved), problems


def test_every_role_saves_every_form_unchanged_and_the_data_stays_identical(new_page):
    # The demo's passwords are hashed at a low cost, and the tests' hasher (conftest.py)
    # keeps them so at sign-in rather than making them full strength.
    call_command("demo", "--small", stdout=StringIO())
    done, saved, skipped, problems = set(), {}, {}, []
    for role in EXPECTED:
        saved[role], found = _journey(new_page(), ROLES[role], done, skipped)
        problems += [f"{role}: {problem}" for problem in found]
    assert problems == [], "\n".join(problems)
    assert saved == EXPECTED
    # Every step listed above was met, so the list says what the product has.
    assert set(skipped) == {*STEPS.values(), *CREATING.values()}
