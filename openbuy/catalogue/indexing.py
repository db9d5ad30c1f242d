"""How a service appears to core.search: its text, and its filter values per question."""

from openbuy.core import search
from openbuy.questions import answers as content

from .models import Service

KIND = "service"


def document(service: Service) -> search.Document:
    doc = service.lot.questions.doc
    answers = service.current.answers
    title = str(answers.get(doc.title_question, "")) if doc.title_question else ""
    body = " ".join([content.search_text(doc, answers), service.supplier.name])
    facets = {"lot": [str(service.lot_id)], **content.facets(doc, answers)}
    # What a result shows, so a results page needs no other query.
    card = {
        "service_id": service.service_id,
        "lot": service.lot_id,
        "title": title,
        "description": str(answers.get(doc.description_question, "")),
        # A rename re-indexes the supplier's services (apps.py), so the name stays true.
        "supplier": service.supplier_id,
        "supplier_name": service.supplier.name,
        "summary": {
            q.id: answers[q.id] for q in doc.questions.values() if q.summary and q.id in answers
        },
    }
    return search.Document(object_id=service.pk, title=title, body=body, facets=facets, card=card)


def live_services():
    return Service.objects.filter(
        status=Service.Status.PUBLISHED, framework__status="live"
    ).select_related("lot__questions", "current", "supplier", "framework__authority__jurisdiction")


def all_documents():
    """Every live service as the index should hold it: the catalogue's source for
    `openbuy search reindex` (registered in apps.py)."""
    return (document(s) for s in live_services().iterator(chunk_size=2000) if s.is_live)


def reindex_supplier(supplier_id: int) -> None:
    """A supplier's name is searchable text, so its services are indexed again when it
    changes."""
    reindex(
        Service.objects.filter(supplier_id=supplier_id).select_related(
            "lot__questions", "current", "supplier", "framework__authority__jurisdiction"
        )
    )


def reindex(services) -> None:
    """Index the live ones of these services and drop the others."""
    services = list(services)
    live = [s for s in services if s.is_live]
    search.remove(KIND, [s.pk for s in services if not s.is_live])
    search.index(KIND, [document(s) for s in live])
