"""Frameworks through the API: the same actions and permissions as the pages."""

import datetime
from typing import Any, Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from openbuy.accounts.api import AUTH
from openbuy.accounts.models import Organisation
from openbuy.catalogue import actions as catalogue_actions
from openbuy.core.api import problems
from openbuy.core.errors import Invalid
from openbuy.core.scope import jurisdiction_or_invalid

from . import actions, selectors
from .models import Application, ClarificationQuestion, DraftService, Framework, QuestionSet

router = Router(auth=AUTH, tags=["frameworks"])


def Slug():
    return Field(pattern=r"^[-a-z0-9]+$", max_length=80)


class LotOut(Schema):
    slug: str
    name: str
    description: str
    one_service_limit: bool
    questions: int | None = Field(None, alias="questions_id", description="Question-set id")


class FrameworkOut(Schema):
    slug: str
    name: str
    family: str
    status: str
    authority: str
    opens_on: datetime.date
    clarifications_close_on: datetime.date
    applications_close_on: datetime.date
    intention_to_award_on: datetime.date
    live_on: datetime.date
    expires_on: datetime.date
    opened_at: datetime.datetime | None = Field(description="When it actually opened")
    closed_at: datetime.datetime | None = Field(description="When applications actually closed")
    results_announced_at: datetime.datetime | None = Field(
        description="When the results were actually announced"
    )
    went_live_at: datetime.datetime | None = Field(description="When it actually went live")
    expired_at: datetime.datetime | None = Field(description="When it actually expired")
    declaration: int | None = Field(None, alias="declaration_id")
    previous: str | None = None
    lots: list[LotOut]

    @staticmethod
    def resolve_authority(framework):
        return framework.authority.slug

    @staticmethod
    def resolve_previous(framework):
        return framework.previous.slug if framework.previous_id else None

    @staticmethod
    def resolve_lots(framework):
        return list(framework.lots.all())


class FrameworkIn(Schema):
    authority: str = Field(description="Slug of the authority that runs it")
    family: str = Slug()
    slug: str = Slug()
    name: str = Field(max_length=200)
    opens_on: datetime.date
    clarifications_close_on: datetime.date
    applications_close_on: datetime.date
    intention_to_award_on: datetime.date
    live_on: datetime.date
    expires_on: datetime.date
    declaration: int | None = Field(None, description="Declaration question-set id")


class FrameworkPatch(Schema):
    name: str | None = Field(None, max_length=200)
    opens_on: datetime.date | None = None
    clarifications_close_on: datetime.date | None = None
    applications_close_on: datetime.date | None = None
    intention_to_award_on: datetime.date | None = None
    live_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    declaration: int | None = None


class LotIn(Schema):
    slug: str = Slug()
    name: str = Field(max_length=200)
    description: str = Field("", max_length=2000)
    questions: int = Field(description="Service question-set id")
    one_service_limit: bool = False


class StatusIn(Schema):
    action: Literal["open", "close", "announce", "go-live", "expire"]


class QuestionSetIn(Schema):
    authority: str
    slug: str = Slug()
    document: dict[str, Any]


class QuestionSetOut(Schema):
    id: int
    slug: str
    version: int
    kind: str
    title: str
    document: dict[str, Any]


class StartIn(Schema):
    supplier: str = Field(description="Slug of the supplier applying")


def _result_shown(framework, context) -> bool:
    """Results reach suppliers only once published; managers see them as they are set.
    Asked once per framework and request: a list of applications asks for every field."""
    request = context["request"]
    known = request.__dict__.setdefault("_results_shown", {})
    if framework.pk not in known:
        known[framework.pk] = selectors.results_shown_to(request.auth, framework)
    return known[framework.pk]


class DraftOut(Schema):
    id: int
    lot: str
    status: str
    result: str = Field(description="Empty until results are published")
    result_reason: str
    answers: dict[str, Any]

    @staticmethod
    def resolve_lot(draft):
        return draft.lot.slug

    @staticmethod
    def resolve_result(draft, context):
        return draft.result if _result_shown(draft.lot.framework, context) else ""

    @staticmethod
    def resolve_result_reason(draft, context):
        return draft.result_reason if _result_shown(draft.lot.framework, context) else ""


class ApplicationOut(Schema):
    id: int
    framework: str
    supplier: str
    status: str
    submitted_at: datetime.datetime | None
    declaration: dict[str, Any]
    declaration_result: str = Field(description="Empty until results are published")
    declaration_reason: str
    services: list[DraftOut]
    problems: list[str] = Field(description="What stops it being submitted")

    @staticmethod
    def resolve_framework(application):
        return application.framework.slug

    @staticmethod
    def resolve_supplier(application):
        return application.supplier.slug

    @staticmethod
    def resolve_declaration_result(application, context):
        shown = _result_shown(application.framework, context)
        return application.declaration_result if shown else ""

    @staticmethod
    def resolve_declaration_reason(application, context):
        shown = _result_shown(application.framework, context)
        return application.declaration_reason if shown else ""

    @staticmethod
    def resolve_services(application):
        return list(application.services.select_related("lot__framework__authority__jurisdiction"))

    @staticmethod
    def resolve_problems(application):
        return actions.application_problems(application)


class AnswersIn(Schema):
    answers: dict[str, Any]


class NewDraftIn(Schema):
    lot: str = Slug()
    answers: dict[str, Any] = {}


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


def _framework(slug) -> Framework:
    return get_object_or_404(selectors.frameworks(), slug=slug)


def _question_set(pk, kind) -> QuestionSet | None:
    if pk is None:
        return None
    found = QuestionSet.objects.filter(pk=pk, kind=kind).first()
    if found is None:
        raise Invalid(f"No {kind} question set has id {pk}", field="questions")
    return found


def _application(request, pk) -> Application:
    # To anyone but the supplier's people and the framework's managers it is not there
    # (404), as on the pages (docs/visibility.md).
    return get_object_or_404(
        selectors.applications_visible_to(request.auth).select_related(
            "framework__authority__jurisdiction", "supplier"
        ),
        pk=pk,
    )


def _draft(request, pk) -> DraftService:
    draft = get_object_or_404(DraftService.objects.select_related("application__supplier"), pk=pk)
    _application(request, draft.application_id)
    return draft


@router.get("/frameworks", response=list[FrameworkOut], auth=None)
def list_frameworks(
    request,
    jurisdiction: str | None = Query(
        None,
        max_length=16,
        description="Only frameworks run in this jurisdiction (its code); `all` or none for "
        "every jurisdiction",
    ),
):
    """Every framework, or those of one jurisdiction."""
    return selectors.frameworks(jurisdiction_or_invalid(jurisdiction)).prefetch_related("lots")


@router.get("/frameworks/{slug}", response=FrameworkOut, auth=None)
def get_framework(request, slug: str):
    return _framework(slug)


@router.post("/frameworks", response={201: FrameworkOut, **problems(404)})
def create_framework(request, payload: FrameworkIn):
    data = payload.model_dump()
    authority = get_object_or_404(Organisation, slug=data.pop("authority"))
    data["declaration"] = _question_set(data["declaration"], "declaration")
    return Status(201, actions.framework_create(actor=request.auth, authority=authority, **data))


@router.patch("/frameworks/{slug}", response={200: FrameworkOut, **problems(409)})
def update_framework(request, slug: str, payload: FrameworkPatch):
    data = {k: v for k, v in payload.model_dump().items() if v is not None}
    if "declaration" in data:
        data["declaration"] = _question_set(data["declaration"], "declaration")
    return actions.framework_update(actor=request.auth, framework=_framework(slug), **data)


@router.post("/frameworks/{slug}/lots", response={201: LotOut, **problems(409)})
def add_lot(request, slug: str, payload: LotIn):
    data = payload.model_dump()
    data["questions"] = _question_set(data["questions"], "service")
    return Status(201, actions.lot_add(actor=request.auth, framework=_framework(slug), **data))


@router.post("/frameworks/{slug}/status", response={200: FrameworkOut, **problems(409)})
def change_status(request, slug: str, payload: StatusIn):
    """Move the framework along its lifecycle: coming → open → pending → standstill → live →
    expired. Going live expires the family's current live iteration."""
    moves = {
        "open": actions.framework_open,
        "close": actions.framework_close,
        "announce": actions.framework_announce,
        "go-live": catalogue_actions.framework_go_live,
        "expire": catalogue_actions.framework_expire,
    }
    return moves[payload.action](actor=request.auth, framework=_framework(slug))


@router.get("/question-sets", response=list[QuestionSetOut])
def list_question_sets(request):
    return QuestionSet.objects.filter(authority__in=selectors.managed_authorities(request.auth))


@router.get("/question-sets/{pk}", response=QuestionSetOut, auth=None)
def get_question_set(request, pk: int):
    """Question sets are public, so suppliers can prepare their answers."""
    return get_object_or_404(QuestionSet, pk=pk)


@router.post("/question-sets", response={200: QuestionSetOut, 201: QuestionSetOut, **problems(404)})
def create_question_set(request, payload: QuestionSetIn):
    """Adds a version: 201 with it. A document the same as the newest version's adds
    none: 200 with that version."""
    authority = get_object_or_404(Organisation, slug=payload.authority)
    question_set = actions.question_set_create(
        actor=request.auth, authority=authority, slug=payload.slug, document=payload.document
    )
    return Status(201 if question_set.added else 200, question_set)


@router.get("/frameworks/{slug}/applications", response=list[ApplicationOut], tags=["applications"])
def list_applications(request, slug: str):
    """Managers see every application; suppliers' people see their own."""
    return selectors.applications_for(_framework(slug), request.auth)


@router.post(
    "/frameworks/{slug}/applications",
    response={201: ApplicationOut, **problems(409)},
    tags=["applications"],
)
def start_application(request, slug: str, payload: StartIn):
    supplier = get_object_or_404(Organisation, slug=payload.supplier, kind="supplier")
    return Status(
        201,
        actions.application_start(
            actor=request.auth, framework=_framework(slug), supplier=supplier
        ),
    )


@router.get(
    "/applications/{pk}", response={200: ApplicationOut, **problems(403)}, tags=["applications"]
)
def get_application(request, pk: int):
    return _application(request, pk)


@router.post(
    "/applications/{pk}/declaration/reuse",
    response={200: ApplicationOut, **problems(409)},
    tags=["applications"],
)
def reuse_declaration(request, pk: int):
    """Start from the previous iteration's declaration. (Routed before the section
    address below, which would otherwise take `reuse` for a section's name.)"""
    return actions.declaration_reuse(actor=request.auth, application=_application(request, pk))


@router.put(
    "/applications/{pk}/declaration/{section}",
    response={200: ApplicationOut, **problems(409)},
    tags=["applications"],
)
def save_declaration(request, pk: int, section: str, payload: AnswersIn):
    """Answers as JSON: text as strings, amounts as strings, yes/no as booleans, options as
    their values, lists as arrays, dates as YYYY-MM-DD."""
    return actions.declaration_save(
        actor=request.auth,
        application=_application(request, pk),
        section=section,
        submitted=payload.answers,
    )


@router.post(
    "/applications/{pk}/services", response={201: DraftOut, **problems(409)}, tags=["applications"]
)
def create_draft(request, pk: int, payload: NewDraftIn):
    application = _application(request, pk)
    lot = get_object_or_404(application.framework.lots, slug=payload.lot)
    draft = actions.draft_create(
        actor=request.auth, application=application, lot=lot, submitted=payload.answers
    )
    return Status(201, draft)


@router.put(
    "/drafts/{pk}/sections/{section}",
    response={200: DraftOut, **problems(409)},
    tags=["applications"],
)
def save_draft(request, pk: int, section: str, payload: AnswersIn):
    return actions.draft_save(
        actor=request.auth, draft=_draft(request, pk), section=section, submitted=payload.answers
    )


@router.post(
    "/drafts/{pk}/complete", response={200: DraftOut, **problems(409)}, tags=["applications"]
)
def complete_draft(request, pk: int):
    return actions.draft_complete(actor=request.auth, draft=_draft(request, pk))


@router.delete("/drafts/{pk}", response={204: None, **problems(409)}, tags=["applications"])
def delete_draft(request, pk: int):
    actions.draft_delete(actor=request.auth, draft=_draft(request, pk))
    return Status(204, None)


@router.post(
    "/applications/{pk}/submit",
    response={200: ApplicationOut, **problems(409)},
    tags=["applications"],
)
def submit_application(request, pk: int):
    return actions.application_submit(actor=request.auth, application=_application(request, pk))


@router.post(
    "/applications/{pk}/reopen",
    response={200: ApplicationOut, **problems(409)},
    tags=["applications"],
)
def reopen_application(request, pk: int):
    return actions.application_reopen(actor=request.auth, application=_application(request, pk))


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
        application=_application(request, pk),
        declaration=declaration,
        services=services,
    )


@router.post(
    "/frameworks/{slug}/results",
    response={200: dict[str, int], **problems(409)},
    tags=["evaluation"],
)
def import_results(request, slug: str, payload: ResultsCsvIn):
    rows = actions.results_import(actor=request.auth, framework=_framework(slug), text=payload.csv)
    return {"rows": rows}


@router.get(
    "/frameworks/{slug}/clarifications",
    response=list[ClarificationOut],
    auth=None,
    tags=["clarifications"],
)
def list_clarifications(request, slug: str):
    return selectors.clarifications_for(_framework(slug), request.user)


@router.post(
    "/frameworks/{slug}/clarifications",
    response={201: ClarificationOut, **problems(409)},
    tags=["clarifications"],
)
def ask_clarification(request, slug: str, payload: ClarificationIn):
    supplier = get_object_or_404(Organisation, slug=payload.supplier, kind="supplier")
    return Status(
        201,
        actions.clarification_ask(
            actor=request.auth,
            framework=_framework(slug),
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
    clarification = get_object_or_404(ClarificationQuestion, pk=pk)
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
            actor=request.auth, application=_application(request, pk), **payload.model_dump()
        ),
    )


@router.post(
    "/agreements/{pk}/countersign",
    response={200: AgreementOut, **problems(409)},
    tags=["agreements"],
)
def countersign_agreement(request, pk: int):
    from .models import Agreement

    return actions.agreement_countersign(
        actor=request.auth, agreement=get_object_or_404(Agreement, pk=pk)
    )
