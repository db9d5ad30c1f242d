"""After applications close: results, clarification questions, framework agreements."""

import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status

from openbuy.accounts import selectors as accounts
from openbuy.core.api import problems

from .. import actions, selectors
from .applications import ApplicationOut
from .common import application_for, framework_named, router


class Verdict(Schema):
    result: Literal["pass", "fail"]
    reason: str = Field("", max_length=2000)


class ServiceVerdict(Verdict):
    service: int = Field(description="Draft service id")


class ResultIn(Schema):
    declaration: Verdict | None = None
    services: list[ServiceVerdict] = []


class ResultsCsvIn(Schema):
    csv: str = Field(max_length=5_000_000, description="Columns: application,service,result,reason")


class ClarificationIn(Schema):
    supplier: str
    question: str = Field(max_length=3000)


class ClarificationOut(Schema):
    id: int
    question: str
    answer: str
    published_at: datetime.datetime | None


class AnswerIn(Schema):
    answer: str = Field(max_length=5000)


class AgreementIn(Schema):
    signer_name: str = Field(max_length=150)
    signer_role: str = Field(max_length=150)
    authority_confirmed: bool


class AgreementOut(Schema):
    id: int
    signer_name: str
    signer_role: str
    signed_at: datetime.datetime
    countersigned_at: datetime.datetime | None


@router.post(
    "/applications/{pk}/result",
    response={200: ApplicationOut, **problems(409)},
    tags=["evaluation"],
)
def record_result(request, pk: int, payload: ResultIn):
    declaration = (
        (payload.declaration.result, payload.declaration.reason) if payload.declaration else None
    )
    services = {s.service: (s.result, s.reason) for s in payload.services}
    return actions.result_record(
        actor=request.auth,
        application=application_for(request, pk),
        declaration=declaration,
        services=services,
    )


@router.post(
    "/frameworks/{slug}/results",
    response={200: dict[str, int], **problems(409)},
    tags=["evaluation"],
)
def import_results(request, slug: str, payload: ResultsCsvIn):
    rows = actions.results_import(
        actor=request.auth, framework=framework_named(slug), text=payload.csv
    )
    return {"rows": rows}


@router.get(
    "/frameworks/{slug}/clarifications",
    response=list[ClarificationOut],
    auth=None,
    tags=["clarifications"],
)
def list_clarifications(request, slug: str):
    return selectors.clarifications_for(framework_named(slug), request.user)


@router.post(
    "/frameworks/{slug}/clarifications",
    response={201: ClarificationOut, **problems(409)},
    tags=["clarifications"],
)
def ask_clarification(request, slug: str, payload: ClarificationIn):
    supplier = get_object_or_404(accounts.suppliers(), slug=payload.supplier)
    return Status(
        201,
        actions.clarification_ask(
            actor=request.auth,
            framework=framework_named(slug),
            supplier=supplier,
            question=payload.question,
        ),
    )


@router.post(
    "/clarifications/{pk}/publish",
    response={200: ClarificationOut, **problems(409)},
    tags=["clarifications"],
)
def publish_clarification(request, pk: int, payload: AnswerIn):
    # An unanswered question is not there for anyone but its supplier's people and the
    # framework's managers (docs/visibility.md).
    clarification = get_object_or_404(selectors.clarifications_visible_to(request.auth), pk=pk)
    return actions.clarification_publish(
        actor=request.auth, clarification=clarification, answer=payload.answer
    )


@router.post(
    "/applications/{pk}/agreement",
    response={201: AgreementOut, **problems(409)},
    tags=["agreements"],
)
def sign_agreement(request, pk: int, payload: AgreementIn):
    return Status(
        201,
        actions.agreement_sign(
            actor=request.auth, application=application_for(request, pk), **payload.model_dump()
        ),
    )


@router.post(
    "/agreements/{pk}/countersign",
    response={200: AgreementOut, **problems(409)},
    tags=["agreements"],
)
def countersign_agreement(request, pk: int):
    return actions.agreement_countersign(
        actor=request.auth,
        agreement=get_object_or_404(selectors.agreements_visible_to(request.auth), pk=pk),
    )
