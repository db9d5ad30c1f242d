"""Demo data, created through the real actions so the audit trail and states are true.

Every function is idempotent: run it again and it keeps what exists.
"""

from decimal import Decimal

from openbuy.accounts import actions
from openbuy.accounts.models import Organisation, Role, User
from openbuy.catalogue import actions as catalogue
from openbuy.core.actions import jurisdiction_save
from openbuy.core.actors import SYSTEM
from openbuy.core.models import Jurisdiction

from . import catalogue as generated
from . import frameworks, opportunities, work

PASSWORD = "openbuy-demo-2026"  # noqa: S105 - printed for people trying the demo

JURISDICTIONS = [
    {
        "code": "GB-SCT",
        "name": "Scotland",
        "currency": "GBP",
        "languages": ["en"],
        "time_zone": "Europe/London",
        "ocid_prefix": "ocds-obsct0",
        "brand_colour": "#0065bd",
        # Procurement Reform (Scotland) Act 2014 regulated procurement thresholds.
        "thresholds": {"regulated_goods_and_services": "50000", "regulated_works": "2000000"},
    },
    {
        "code": "AU",
        "name": "Australia",
        "currency": "AUD",
        "languages": ["en"],
        "time_zone": "Australia/Sydney",
        "ocid_prefix": "ocds-obaus0",
        "brand_colour": "#00698f",
        # Illustrative values after the Commonwealth Procurement Rules.
        "thresholds": {
            "open_tender_goods_services": "80000",
            "open_tender_construction": "7500000",
        },
    },
]

BODIES = [
    ("GB-SCT", Organisation.Kind.AUTHORITY, "Scottish Government", ["gov.scot"]),
    ("GB-SCT", Organisation.Kind.BUYER, "Scottish Environment Protection Agency", ["sepa.org.uk"]),
    ("GB-SCT", Organisation.Kind.BUYER, "Transport Scotland", ["transport.gov.scot"]),
    ("GB-SCT", Organisation.Kind.BUYER, "NHS National Services Scotland", ["nss.nhs.scot"]),
    ("AU", Organisation.Kind.AUTHORITY, "Digital Transformation Agency", ["dta.gov.au"]),
    ("AU", Organisation.Kind.BUYER, "Services Australia", ["servicesaustralia.gov.au"]),
]

# (jurisdiction, name, scheme, number, country, headcount, turnover, balance sheet, admin)
SUPPLIERS = [
    (
        "GB-SCT",
        "Thistle Digital Ltd",
        "GB-COH",
        "SC612345",
        "GB",
        6,
        "450000",
        "120000",
        "owner@thistledigital.example",
    ),
    (
        "GB-SCT",
        "Loch Data Cooperative",
        "GB-COH",
        "SC598765",
        "GB",
        32,
        "3200000",
        "900000",
        "admin@lochdata.example",
    ),
    (
        "GB-SCT",
        "Forth Systems Ltd",
        "GB-COH",
        "SC401234",
        "GB",
        140,
        "24000000",
        "11000000",
        "admin@forthsystems.example",
    ),
    (
        "GB-SCT",
        "Caledonian Consulting plc",
        "GB-COH",
        "01234567",
        "GB",
        2400,
        "310000000",
        "190000000",
        "bids@caledonian.example",
    ),
    (
        "AU",
        "Wattle Labs Pty Ltd",
        "AU-ABN",
        "33401878017",
        "AU",
        18,
        "2600000",
        "700000",
        "hello@wattlelabs.example",
    ),
    (
        "AU",
        "Southern Cross IT Services",
        "AU-ABN",
        "26245624180",
        "AU",
        1200,
        "180000000",
        "95000000",
        "tenders@southerncross.example",
    ),
]


def _user(email: str, name: str, purpose: str) -> User:
    """A verified user, signed up and verified through the real actions."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = actions.account_sign_up(email=email, name=name, password=PASSWORD, purpose=purpose)
    if not user.email_verified:
        user = actions.email_verify(actor=user, token=actions.verification_token(user))
    return user


def _member(email: str, name: str, organisation: Organisation, role: str) -> User:
    """A person of a public body (a buyer by their address) with a further role in it."""
    user = _user(email, name, "buyer")
    actions.membership_grant(actor=SYSTEM, organisation=organisation, user=user, role=role)
    return user


def _supplier(jurisdiction: Jurisdiction, email: str, **fields) -> Organisation:
    """A supplier registered by its admin, unless it is registered already."""
    org = Organisation.objects.filter(
        registration_scheme=fields["registration_scheme"],
        registration_number=fields["registration_number"],
    ).first()
    if org is None:
        owner = _user(email, f"{fields['name'].split()[0]} Admin", "supplier")
        org = actions.supplier_register(
            actor=owner,
            jurisdiction=jurisdiction,
            address=f"1 Demo Street\n{jurisdiction.name}",
            **fields,
        )
    return org


def load(*, small: bool = False) -> list[tuple[str, str, str]]:
    """Create the demo data; return (role, email, organisation) for each demo account.

    `small` leaves out the generated suppliers and most services (every role and every kind
    of object is still there): the browser journeys load it for each role, where the whole
    catalogue would cost seconds each time."""
    accounts = []
    admin = User.objects.filter(email="admin@openbuy.example").first()
    if admin is None:
        admin = actions.platform_admin_bootstrap(
            email="admin@openbuy.example", password=PASSWORD, name="Pat Platform"
        )
    accounts.append(("platform admin", admin.email, "openbuy platform operator"))

    jurisdictions = {}
    for data in JURISDICTIONS:
        existing = Jurisdiction.objects.filter(code=data["code"]).first()
        jurisdictions[data["code"]] = existing or jurisdiction_save(
            Jurisdiction(**data), actor=SYSTEM
        )

    bodies = {}
    for code, kind, name, domains in BODIES:
        org = Organisation.objects.filter(name=name, kind=kind).first()
        if org is None:
            org = actions.organisation_create(
                actor=SYSTEM,
                kind=kind,
                name=name,
                jurisdiction=jurisdictions[code],
                email_domains=domains,
            )
        bodies[name] = org

    buyer = _user("buyer@sepa.org.uk", "Morag Buyer", "buyer")
    accounts.append(("buyer", buyer.email, "Scottish Environment Protection Agency"))
    evaluator = _member(
        "evaluator@transport.gov.scot",
        "Euan Evaluator",
        bodies["Transport Scotland"],
        Role.EVALUATOR,
    )
    accounts.append(("evaluator (and buyer)", evaluator.email, "Transport Scotland"))
    sponsor = _member(
        "sponsor@nss.nhs.scot",
        "Shona Sponsor",
        bodies["NHS National Services Scotland"],
        Role.CHALLENGE_SPONSOR,
    )
    accounts.append(
        ("challenge sponsor (and buyer)", sponsor.email, "NHS National Services Scotland")
    )
    manager = _member(
        "frameworks@gov.scot",
        "Fiona Frameworks",
        bodies["Scottish Government"],
        Role.FRAMEWORK_MANAGER,
    )
    accounts.append(("framework manager (and buyer)", manager.email, "Scottish Government"))
    au_buyer = _user("buyer@servicesaustralia.gov.au", "Alex Buyer", "buyer")
    accounts.append(("buyer", au_buyer.email, "Services Australia"))
    au_manager = _member(
        "frameworks@dta.gov.au",
        "Jordan Frameworks",
        bodies["Digital Transformation Agency"],
        Role.FRAMEWORK_MANAGER,
    )
    accounts.append(
        ("framework manager (and buyer)", au_manager.email, "Digital Transformation Agency")
    )

    for code, name, scheme, number, country, staff, turnover, balance, email in SUPPLIERS:
        org = _supplier(
            jurisdictions[code],
            email,
            name=name,
            registration_scheme=scheme,
            registration_number=number,
            country=country,
            headcount=staff,
            annual_turnover=Decimal(turnover),
            balance_sheet_total=Decimal(balance),
        )
        accounts.append((f"supplier admin ({org.size_band})", email, org.name))
    # The generated suppliers' admins are not listed: admin@<first two words>.example.
    for code in [] if small else jurisdictions:
        for spec in generated.suppliers(code):
            _supplier(
                jurisdictions[code],
                spec.email,
                name=spec.name,
                registration_scheme=spec.scheme,
                registration_number=spec.number,
                country=spec.country,
                headcount=spec.headcount,
                annual_turnover=spec.turnover,
                balance_sheet_total=spec.balance_sheet,
            )

    thistle = Organisation.objects.get(registration_number="SC612345")
    member = _user("developer@thistledigital.example", "Dana Developer", "supplier")
    if not thistle.memberships.filter(user=member).exists():
        owner = thistle.memberships.get(role=Role.SUPPLIER_ADMIN).user
        _invitation, token = actions.invitation_create(
            actor=owner, organisation=thistle, email=member.email, role=Role.SUPPLIER_MEMBER
        )
        actions.invitation_accept(actor=member, token=token)
    accounts.append(("supplier member", member.email, thistle.name))
    frameworks.load(manager, au_manager, small=small)
    _project(buyer)
    work.load(thistle)
    sepa = bodies["Scottish Environment Protection Agency"]
    assessor = _member("assessor@sepa.org.uk", "Aileen Assessor", sepa, Role.EVALUATOR)
    accounts.append(("evaluator", assessor.email, sepa.name))
    scottish = Organisation.objects.filter(
        kind=Organisation.Kind.SUPPLIER, jurisdiction=jurisdictions["GB-SCT"]
    ).order_by("pk")
    opportunities.load(buyer, assessor, [thistle, *scottish.exclude(pk=thistle.pk)[:3]])
    return accounts


def _project(buyer: User) -> None:
    """A buyer's direct-award project with a saved search in the live cloud software lot."""
    from openbuy.catalogue.models import Project
    from openbuy.frameworks.models import Lot

    if Project.objects.filter(created_by=buyer).exists():
        return
    lot = Lot.objects.get(framework__slug="g-cloud-14", slug="cloud-software")
    catalogue.project_create(
        actor=buyer,
        buyer=buyer.memberships.get().organisation,
        name="Licensing case management",
        lot=lot,
        keywords="case management",
    )
