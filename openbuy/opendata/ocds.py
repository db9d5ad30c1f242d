"""Typed models of the OCDS 1.1 fields openbuy publishes (the core schema, and the lots,
bid, techniques, competitive, enquiry and organisation-scale extensions).

Every release is built from these, so a field openbuy does not know, a status outside
its closed codelist or a text where a number belongs fails when the release is built,
inside the action, and the action rolls back: nothing is half-published. The full
schema check (jsonschema with the declared extensions) runs in the test suite and in
`openbuy ocds validate`.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def _in_utc(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:
        raise ValueError("a time without its time zone")
    return moment.astimezone(datetime.UTC)


# Every time in UTC, so it is written the one way (with a Z): a time written once with its
# local offset and once in UTC would read as a change in a versioned release.
Moment = Annotated[datetime.datetime, AfterValidator(_in_utc)]

Tag = Literal[
    "planning",
    "planningUpdate",
    "tender",
    "tenderAmendment",
    "tenderUpdate",
    "tenderCancellation",
    "award",
    "awardUpdate",
    "awardCancellation",
    "contract",
    "contractUpdate",
    "contractAmendment",
]
TenderStatus = Literal[
    "planning", "planned", "active", "cancelled", "unsuccessful", "complete", "withdrawn"
]
AwardStatus = Literal["pending", "active", "cancelled", "unsuccessful"]
ContractStatus = Literal["pending", "active", "cancelled", "terminated"]
PartyRole = Literal["buyer", "procuringEntity", "supplier", "tenderer", "enquirer", "reviewBody"]
Scale = Literal["micro", "small", "medium", "large", "selfEmployed"]
Method = Literal["open", "selective", "limited", "direct"]
Category = Literal["goods", "works", "services"]
Relationship = Literal["framework", "planning", "parent", "prior", "replacementProcess"]
Measure = Literal["requests", "bids", "validBids", "bidders", "smeBids"]

Text = str  # never empty: the builders leave a field out rather than publish ""


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Value(Model):
    amount: Decimal
    currency: str = Field(pattern=r"^[A-Z]{3}$")


class Period(Model):
    startDate: Moment | None = None  # noqa: N815 (OCDS's own names)
    endDate: Moment | None = None  # noqa: N815


class Identifier(Model):
    scheme: str | None = None
    id: str
    legalName: str | None = None  # noqa: N815


class Address(Model):
    countryName: str | None = None  # noqa: N815
    region: str | None = None


class PartyDetails(Model):
    scale: Scale | None = None


class Party(Model):
    id: str
    name: str
    identifier: Identifier | None = None
    address: Address | None = None
    roles: list[PartyRole]
    details: PartyDetails | None = None


class OrganizationReference(Model):
    id: str
    name: str


class Classification(Model):
    scheme: str
    id: str
    description: str | None = None


class Item(Model):
    id: str
    description: str | None = None
    classification: Classification | None = None
    relatedLot: str | None = None  # noqa: N815


class Document(Model):
    id: str
    documentType: str | None = None  # noqa: N815
    title: str | None = None
    description: str | None = None
    url: str | None = None
    datePublished: Moment | None = None  # noqa: N815
    format: str | None = None
    language: str | None = None
    relatedLots: list[str] | None = None  # noqa: N815


class Lot(Model):
    id: str
    title: str | None = None
    description: str | None = None
    status: TenderStatus | None = None
    value: Value | None = None
    contractPeriod: Period | None = None  # noqa: N815


class Enquiry(Model):
    id: str
    date: Moment | None = None
    title: str | None = None
    description: str | None = None
    answer: str | None = None
    dateAnswered: Moment | None = None  # noqa: N815
    relatedLot: str | None = None  # noqa: N815


class Amendment(Model):
    id: str
    date: Moment
    rationale: str | None = None
    description: str | None = None
    amendsReleaseID: str | None = None  # noqa: N815
    releaseID: str | None = None  # noqa: N815


class FrameworkAgreement(Model):
    method: (
        Literal[
            "withReopeningCompetition",
            "withoutReopeningCompetition",
            "withAndWithoutReopeningCompetition",
        ]
        | None
    ) = None


class Techniques(Model):
    hasFrameworkAgreement: bool | None = None  # noqa: N815
    frameworkAgreement: FrameworkAgreement | None = None  # noqa: N815


class Tender(Model):
    id: str
    title: str | None = None
    description: str | None = None
    status: TenderStatus | None = None
    procuringEntity: OrganizationReference | None = None  # noqa: N815
    value: Value | None = None
    minValue: Value | None = None  # noqa: N815
    procurementMethod: Method | None = None  # noqa: N815
    procurementMethodDetails: str | None = None  # noqa: N815
    procurementMethodRationale: str | None = None  # noqa: N815
    mainProcurementCategory: Category | None = None  # noqa: N815
    tenderPeriod: Period | None = None  # noqa: N815
    enquiryPeriod: Period | None = None  # noqa: N815
    awardPeriod: Period | None = None  # noqa: N815
    contractPeriod: Period | None = None  # noqa: N815
    hasEnquiries: bool | None = None  # noqa: N815
    numberOfTenderers: int | None = Field(default=None, ge=0)  # noqa: N815
    lots: list[Lot] | None = None
    items: list[Item] | None = None
    documents: list[Document] | None = None
    amendments: list[Amendment] | None = None
    enquiries: list[Enquiry] | None = None
    techniques: Techniques | None = None
    competitive: bool | None = None  # a call-off under a framework: competed or not


class Budget(Model):
    description: str | None = None
    amount: Value | None = None


class Planning(Model):
    rationale: str | None = None
    budget: Budget | None = None


class BidStatistic(Model):
    id: str
    measure: Measure
    value: int = Field(ge=0)
    date: Moment | None = None
    relatedLot: str | None = None  # noqa: N815
    notes: str | None = None


class Bids(Model):
    statistics: list[BidStatistic]


class Award(Model):
    id: str
    title: str | None = None
    description: str | None = None
    status: AwardStatus
    date: Moment | None = None
    value: Value | None = None
    suppliers: list[OrganizationReference] | None = None
    items: list[Item] | None = None
    relatedLots: list[str] | None = None  # noqa: N815
    contractPeriod: Period | None = None  # noqa: N815


class Contract(Model):
    id: str
    awardID: str  # noqa: N815
    title: str | None = None
    description: str | None = None
    status: ContractStatus
    period: Period | None = None
    value: Value | None = None
    dateSigned: Moment | None = None  # noqa: N815


class RelatedProcess(Model):
    id: str
    relationship: list[Relationship]
    title: str | None = None
    scheme: Literal["ocid"] = "ocid"
    identifier: str
    uri: str | None = None


class Release(Model):
    ocid: str
    id: str
    date: Moment
    tag: list[Tag] = Field(min_length=1)
    initiationType: Literal["tender"] = "tender"  # noqa: N815
    language: str | None = None
    parties: list[Party] | None = None
    buyer: OrganizationReference | None = None
    planning: Planning | None = None
    tender: Tender | None = None
    bids: Bids | None = None
    awards: list[Award] | None = None
    contracts: list[Contract] | None = None
    relatedProcesses: list[RelatedProcess] | None = None  # noqa: N815
