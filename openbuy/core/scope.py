"""Which jurisdiction a public list shows: the visitor's own (request.jurisdiction) unless
the address asks for another (?jurisdiction=AU) or for all of them (?jurisdiction=all)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .errors import Invalid
from .models import Jurisdiction

PARAM = "jurisdiction"
ALL = "all"


@dataclass(frozen=True)
class Scope:
    jurisdiction: Jurisdiction | None  # None: every jurisdiction
    chosen: Jurisdiction | None  # the visitor's own
    param: str  # as the address gives it: "", "all" or a code
    query: str  # the address's query without page and jurisdiction

    @property
    def hidden(self) -> str:
        """The value a GET form carries along, so a search keeps the scope ("" for none)."""
        return self.param

    def _with(self, value: str) -> str:
        parts = [self.query] if self.query else []
        if value:
            parts.append(f"{PARAM}={value}")
        return "?" + "&".join(parts)

    @property
    def all_url(self) -> str:
        return self._with(ALL)

    @property
    def chosen_url(self) -> str:
        return self._with("")

    def includes(self, jurisdiction_id) -> bool:
        return self.jurisdiction is None or self.jurisdiction.pk == jurisdiction_id


def jurisdiction_scope(request) -> Scope:
    """The scope of a public list page; an unknown code falls back to the visitor's own."""
    query = request.GET.copy()
    raw = query.pop(PARAM, [""])[-1]
    query.pop("page", None)
    # request.jurisdiction is lazy: one that wraps nothing (an instance with no
    # jurisdictions yet) must read as None.
    chosen = getattr(request, "jurisdiction", None) or None
    rest = query.urlencode()
    if raw == ALL:
        return Scope(None, chosen, ALL, rest)
    if raw and (found := Jurisdiction.objects.filter(code=raw).first()):
        return Scope(found, chosen, raw, rest)
    return Scope(chosen, chosen, "", rest)


def jurisdiction_or_invalid(code: str | None) -> Jurisdiction | None:
    """For the API's ?jurisdiction= filter: the jurisdiction with this code; None (every
    jurisdiction) for none or for "all", as on the pages; else bad input."""
    if not code or code == ALL:
        return None
    found = Jurisdiction.objects.filter(code=code).first()
    if found is None:
        raise Invalid(
            _("There is no jurisdiction with the code %(code)s") % {"code": code},
            field=PARAM,
        )
    return found
