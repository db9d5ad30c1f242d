"""What a list or a search shows of another publisher's process (`openbuy ocds import`), read
from its compiled release, and how it appears to core.search: its title first, then its
buyer, description, items and suppliers; filters by publisher and tender status."""

from decimal import Context, Decimal, InvalidOperation

from openbuy.core import search

from .import_reading import parse
from .models import ExternalRecord

KIND = "ocds_process"
BODY_LIMIT = 4000  # characters of text indexed beyond the title, so one huge process
# cannot slow an import down


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _text(value, limit: int) -> str:
    # PostgreSQL's text holds no NUL; runs of white space are one space in a list.
    return " ".join(value.replace("\x00", "").split())[:limit] if isinstance(value, str) else ""


def _buyer(compiled: dict) -> str:
    name = _dict(compiled.get("buyer")).get("name")
    if not name:
        name = next(
            (
                p.get("name")
                for p in _list(compiled.get("parties"))
                if "buyer" in (p.get("roles") or ())
            ),
            None,
        )
    return _text(
        name or _dict(_dict(compiled.get("tender")).get("procuringEntity")).get("name"), 500
    )


def _amount(value) -> Decimal | None:
    """The amount, if the listing's column can hold it (the compiled release keeps it
    exactly, whatever it is)."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or abs(amount) >= Decimal(10) ** 24:
        return None
    return amount.quantize(Decimal("0.000001"), context=_WIDE)


# Up to 24 digits and 6 places: more than the default context's 28 digits.
_WIDE = Context(prec=40)


def _code(currency) -> bool:
    """Three letters, as ISO 4217's codes are (not a NUL, which PostgreSQL refuses)."""
    return (
        isinstance(currency, str)
        and len(currency) == 3
        and currency.isascii()
        and currency.isalpha()
    )


def listing(compiled: dict) -> dict:
    """The ExternalRecord fields shown in lists, from a compiled release."""
    tender, planning = _dict(compiled.get("tender")), _dict(compiled.get("planning"))
    value = _dict(tender.get("value")) or _dict(_dict(planning.get("budget")).get("amount"))
    title = (
        tender.get("title")
        or compiled.get("title")
        or _dict(planning.get("budget")).get("description")
    )
    currency = value.get("currency")
    return {
        "title": _text(title, 500),
        "buyer": _buyer(compiled),
        "status": _text(tender.get("status"), 50),
        "value_amount": _amount(value.get("amount")) if "amount" in value else None,
        "value_currency": currency if _code(currency) else "",
    }


def document(record: ExternalRecord, compiled: dict) -> search.Document:
    tender = _dict(compiled.get("tender"))
    # Not the ocid: a search by ocid is a lookup, and each would be a word of its own.
    words = [record.buyer, _text(tender.get("description"), BODY_LIMIT)]
    words.extend(_text(i.get("description"), 200) for i in _list(tender.get("items"))[:50])
    for award in _list(compiled.get("awards"))[:50]:
        words.append(_text(award.get("title"), 200))
        words.extend(_text(s.get("name"), 200) for s in _list(award.get("suppliers"))[:20])
    facets = {"publisher": [record.publisher], "status": [record.status]}
    card = {
        "ocid": record.ocid,
        "title": record.title,
        "buyer": record.buyer,
        "publisher": record.publisher,
        "status": record.status,
        "amount": None if record.value_amount is None else str(record.value_amount.normalize()),
        "currency": record.value_currency,
        "date": record.date.isoformat(),
    }
    return search.Document(
        object_id=record.pk,
        title=record.title or record.ocid,
        body=" ".join(w for w in words if w)[:BODY_LIMIT],
        facets={name: values for name, values in facets.items() if all(values)},
        card=card,
    )


def all_documents():
    """Every imported process, as the index should hold it: the source of `openbuy search
    reindex` (registered in apps.py)."""
    for record in ExternalRecord.objects.iterator(chunk_size=2000):
        yield document(record, parse(bytes(record.compiled)))
