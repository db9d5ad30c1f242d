"""Work half done, so that every kind of page has something on it: an application to the
open framework with a finished declaration, a complete draft service and one still in
progress; an invitation not yet accepted; an API token. Made through the real actions, by
the supplier's own people, once (running the demo again keeps them)."""

from openbuy.accounts import actions as accounts
from openbuy.accounts.models import Organisation, Role
from openbuy.frameworks import actions
from openbuy.frameworks.models import Application, Framework

from .frameworks import DECLARATION

OPEN_FRAMEWORK = "digital-outcomes-7"
INVITED = "designer@thistledigital.example"
API_SCRIPT = "Timesheet export script"  # an API token is named for what uses it

# A team offered in the outcomes lot, complete (its description in two paragraphs, as
# people write them), and a specialist offer with its first answers only.
OUTCOMES = {
    "teamName": "Thistle delivery team",
    "teamDescription": (
        "A small team that has rebuilt licensing services for three Scottish councils.\n\n"
        "We research with the people who use the service, including disabled people, and "
        "ship in small steps."
    ),
    "capabilities": ["service-design", "software-development", "user-research"],
    "locations": ["scotland", "remote"],
    "teamDayRate": {"min": "3200", "max": "4800", "unit": "team day"},
    "accessibleDelivery": True,
}
SPECIALISTS = {
    "offerName": "Thistle developers",
    "offerDescription": "Python and Django developers who work in the open.",
}


def load(supplier: Organisation) -> None:
    owner = supplier.memberships.filter(role=Role.SUPPLIER_ADMIN).first().user
    _application(supplier, owner)
    if not supplier.invitations.filter(email=INVITED).exists():
        accounts.invitation_create(
            actor=owner, organisation=supplier, email=INVITED, role=Role.SUPPLIER_MEMBER
        )
    if not owner.api_tokens.filter(name=API_SCRIPT).exists():
        accounts.api_token_create(actor=owner, name=API_SCRIPT)


def _application(supplier: Organisation, owner) -> None:
    framework = Framework.objects.get(slug=OPEN_FRAMEWORK)
    if Application.objects.filter(framework=framework, supplier=supplier).exists():
        return
    application = actions.application_start(actor=owner, framework=framework, supplier=supplier)
    for section in framework.declaration.doc.sections:
        submitted = {q.id: DECLARATION[q.id] for q in section.questions if q.id in DECLARATION}
        actions.declaration_save(
            actor=owner, application=application, section=section.slug, submitted=submitted
        )
    lots = {lot.slug: lot for lot in framework.lots.all()}
    team = actions.draft_create(
        actor=owner, application=application, lot=lots["digital-outcomes"], submitted=OUTCOMES
    )
    actions.draft_complete(actor=owner, draft=team)
    actions.draft_create(
        actor=owner,
        application=application,
        lot=lots["digital-specialists"],
        submitted=SPECIALISTS,
    )
