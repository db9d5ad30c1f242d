"""Paged lists: which page a request asks for, a clear 404 for a page that does not exist
(past the end, or not a page number at all), and the numbered GOV.UK pagination every
paged list shows (core/includes/pagination.html)."""

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .errors import NotFound

# Beyond any list openbuy keeps: a search is never run this deep (its offset would
# overflow the database's integer); a larger number is answered as past the end.
MAX_PAGE = 10_000
# A longer string of digits is no page number anyone means (and int() refuses very long ones).
MAX_DIGITS = 20


class PageOutOfRange(NotFound):
    """A page that does not exist: answered 404, with a link to a page that does."""

    title = _("There is no such page")

    def __init__(self, message, *, url: str, text):
        super().__init__(message)
        self.link = {"url": url, "text": text}


def query_without_page(request) -> str:
    """The current query string minus `page`, for pagination links that keep the filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def page_url(query: str, number: int) -> str:
    return f"?{query}&page={number}" if query else f"?page={number}"


def requested_page(request) -> int:
    """The page number the address asks for; the first page when it asks for none. Anything
    else that is not a whole number from 1 ("abc", "0", "-1", "2.5") is a 404 linking to
    the first page, as a number past the end is one linking to the last: an address that
    names no page is never quietly shown as another."""
    value = request.GET.get("page", "")
    if value == "":
        return 1
    if value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS and int(value) >= 1:
        return int(value)
    shown = value if len(value) <= MAX_DIGITS else value[:MAX_DIGITS] + "…"
    raise PageOutOfRange(
        _("“%(page)s” is not a page number: pages are numbered 1, 2, 3 and so on.")
        % {"page": shown},
        url=page_url(query_without_page(request), 1),
        text=_("Go to the first page"),
    )


def check_page(request, number: int, pages: int) -> None:
    """Refuse a page past the end, saying how many pages there are."""
    if number <= max(pages, 1):
        return
    message = ngettext(
        "Page %(number)d does not exist: there is only %(pages)d page.",
        "Page %(number)d does not exist: there are only %(pages)d pages.",
        pages,
    ) % {"number": number, "pages": pages}
    raise PageOutOfRange(
        message, url=page_url(query_without_page(request), pages), text=_("Go to the last page")
    )


def page_of(request, items, per_page: int = 50) -> Page:
    """The page of `items` the request asks for; a page that does not exist is a 404."""
    paginator = Paginator(items, per_page)
    number = requested_page(request)
    check_page(request, number, paginator.num_pages)
    return paginator.page(number)


def page_numbers(number: int, pages: int) -> list[int | None]:
    """The pages to link, None for an ellipsis: the first, the last, the current one and
    its neighbours, as GOV.UK's pagination advises. A gap of one page shows that page."""
    shown = sorted({n for n in (1, number - 1, number, number + 1, pages) if 1 <= n <= pages})
    items: list[int | None] = []
    previous = 0
    for n in shown:
        if n - previous == 2:
            items.append(n - 1)
        elif n - previous > 2:
            items.append(None)
        items.append(n)
        previous = n
    return items
