"""What a page says in one of its parts: the text of the element with an id, or of every
element matching a simple test, with its white space collapsed."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Collector(HTMLParser):
    def __init__(self, wanted):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted  # (tag, attrs) -> bool
        self.depth = 0  # inside a wanted element: how deep
        self.found: list[list[str]] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth == 0 and self.wanted(tag, attrs):
            self.found.append([])
            self.tags.append((tag, attrs))
            self.depth = 1 if tag not in VOID else 0
        elif self.depth and tag not in VOID:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.found[-1].append(data)


def _collect(response, wanted) -> _Collector:
    collector = _Collector(wanted)
    collector.feed(response.content.decode())
    return collector


def said(response, element_id: str) -> str:
    """The text of the element with this id ("" when there is none)."""
    found = _collect(response, lambda _tag, attrs: attrs.get("id") == element_id).found
    return " ".join(" ".join(found[0]).split()) if found else ""


def said_by_all(response, test) -> list[str]:
    """The text of each element for which test(tag, attrs) is true."""
    return [" ".join(" ".join(parts).split()) for parts in _collect(response, test).found]


def attributes(response, test) -> list[dict]:
    """The attributes of each element for which test(tag, attrs) is true."""
    return [attrs for _tag, attrs in _collect(response, test).tags]
