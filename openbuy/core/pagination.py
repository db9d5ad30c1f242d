"""Paged lists: which page a request asks for, a clear 404 past the end, and the numbered
GOV.UK pagination every paged list shows (core/includes/pagination.html)."""

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .errors import NotFound

# Beyond any list openbuy keeps: read as no page number, before a query runs for it.
MAX_PAGE = 10_000


class PageOutOfRange(NotFound):
    """A page number that names no page: answered 404, with a link to the last page."""

    title = _("There is no such page")

    def __init__(self, message, *, last_page_url: str):
        super().__init__(message)
        self.link = {"url": last_page_url, "text": _("Go to the last page")}


def query_without_page(request) -> str:
    """The current query string minus `page`, for pagination links that keep the filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def page_url(query: str, number: int) -> str:
    return f"?{query}&page={number}" if query else f"?page={number}"


def requested_page(request) -> int:
    """The page number the address asks for. One that cannot be read as a page (none,
    "abc", "0", a number past any list openbuy keeps) is ignored: the first page."""
    value = request.GET.get("page", "")
    if value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_PAGE:
        return int(value)
    return 1


def check_page(request, number: int, pages: int) -> None:
    """Refuse a page past the end, saying how many pages there are."""
    if number <= max(pages, 1):
        return
    message = ngettext(
        "Page %(number)d does not exist: there is only %(pages)d page.",
        "Page %(number)d does not exist: there are only %(pages)d pages.",
        pages,
    ) % {"number": number, "pages": pages}
    raise PageOutOfRange(message, last_page_url=page_url(query_without_page(request), pages))


def page_of(request, items, per_page: int = 50) -> Page:
    """The page of `items` the request asks for; a number past the end is a 404."""
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
