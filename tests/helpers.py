"""Test data made through the real actions, so states and the audit trail stay true."""

import re
from decimal import Decimal

from openbuy.accounts import actions
from openbuy.accounts.models import Organisation, Role, User
from openbuy.core.actions import jurisdiction_save
from openbuy.core.actors import SYSTEM
from openbuy.core.models import AuditEvent, Jurisdiction, OutboxMessage

PASSWORD = "correct-horse-battery"


def jurisdiction(code="GB-SCT", **fields) -> Jurisdiction:
    existing = Jurisdiction.objects.filter(code=code).first()
    if existing:
        return existing
    data = {
        "name": "Scotland",
        "currency": "GBP",
        "languages": ["en"],
        "time_zone": "Europe/London",
        "ocid_prefix": "ocds-test" + code[:2].lower(),
        "brand_colour": "#0065bd",
    }
    data.update(fields)
    return jurisdiction_save(Jurisdiction(code=code, **data), actor=SYSTEM)


def buyer_body(name="Scottish Environment Protection Agency", domain="sepa.org.uk", **kw):
    kind = kw.pop("kind", Organisation.Kind.BUYER)
    return actions.organisation_create(
        actor=SYSTEM,
        kind=kind,
        name=name,
        jurisdiction=kw.pop("jurisdiction", None) or jurisdiction(),
        email_domains=[domain],
    )


def user(email="person@example.org", *, verified=True, purpose="supplier", name="Sam Person"):
    created = actions.account_sign_up(email=email, name=name, password=PASSWORD, purpose=purpose)
    if verified:
        created = actions.email_verify(actor=created, token=actions.verification_token(created))
    return created


def platform_admin(email="admin@openbuy.example") -> User:
    return actions.platform_admin_bootstrap(email=email, password=PASSWORD, name="Pat Admin")


SUPPLIER = {
    "name": "Thistle Digital Ltd",
    "registration_scheme": "GB-COH",
    "registration_number": "SC612345",
    "country": "GB",
    "address": "1 High Street\nEdinburgh",
    "headcount": 6,
    "annual_turnover": Decimal(450000),
    "balance_sheet_total": Decimal(120000),
}


def supplier(owner=None, **fields) -> Organisation:
    owner = owner or user("owner@thistle.example")
    return actions.supplier_register(
        actor=owner,
        jurisdiction=fields.pop("jurisdiction", None) or jurisdiction(),
        **{**SUPPLIER, **fields},
    )


def member(org, email, role=Role.SUPPLIER_MEMBER) -> User:
    manager = org.memberships.get(role__in=["supplier_admin", "buyer", "framework_manager"]).user
    person = User.objects.filter(email=email).first() or user(email)
    _invitation, token = actions.invitation_create(
        actor=manager, organisation=org, email=email, role=role
    )
    actions.invitation_accept(actor=person, token=token)
    return person


def last_email(to: str) -> OutboxMessage:
    return OutboxMessage.objects.filter(to__contains=to).order_by("-id").first()


def link_in(message: OutboxMessage) -> str:
    """The path of the first link in an e-mail's body."""
    url = re.search(r"https?://\S+", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def events(verb=None):
    qs = AuditEvent.objects.order_by("id")
    return qs.filter(verb=verb) if verb else qs


def end_sign_in_waits(email: str, address: str = "127.0.0.1") -> None:
    """As if the running sign-in waits for this account and address had run out."""
    from openbuy.accounts.throttles import account_gate, address_gate

    account_gate().end_wait(email)
    address_gate().end_wait(address)


def ods_rows(content: bytes) -> list[list[tuple[str, str]]]:
    """The first sheet of an ODS file, each cell as (its value type, its value): a number
    cell's office:value (what a spreadsheet computes with), any other cell's text."""
    import io

    from odf import teletype
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    table = load(io.BytesIO(content)).spreadsheet.getElementsByType(Table)[0]
    rows = []
    for row in table.getElementsByType(TableRow):
        cells = []
        for cell in row.getElementsByType(TableCell):
            kind = cell.getAttribute("valuetype")
            value = cell.getAttribute("value") if kind == "float" else teletype.extractText(cell)
            cells.append((kind, value))
        rows.append(cells)
    return rows
