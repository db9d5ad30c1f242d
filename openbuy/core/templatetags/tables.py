"""One responsive pattern for every table.

`{% responsive_table %}<table class="govuk-table">…</table>{% endresponsive_table %}` wraps
the table in a container that stacks its rows when the container is narrow (see
`frontend/_tables.scss`): each row becomes a block and each cell shows its column's name.
The names are read from the table's own column headers, so a template writes each one
once and they cannot drift apart. ARIA roles are added too, because some browsers drop a
table's semantics once CSS changes its display, and screen readers rely on them.
"""

from html import escape
from html.parser import HTMLParser

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_ROLES = {"table": "table", "thead": "rowgroup", "tbody": "rowgroup", "tfoot": "rowgroup"}
_ROLES |= {"tr": "row", "td": "cell"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
_VOID |= {"track", "wbr"}


@register.tag
def responsive_table(parser, token):
    """`{% responsive_table %}` or, for a table of many columns that should stack on any
    screen narrower than a desktop, `{% responsive_table wide %}`."""
    bits = token.split_contents()[1:]
    if bits not in ([], ["wide"]):
        raise template.TemplateSyntaxError("responsive_table takes no argument, or `wide`")
    nodelist = parser.parse(("endresponsive_table",))
    parser.delete_first_token()
    return ResponsiveTableNode(nodelist, wide=bool(bits))


class ResponsiveTableNode(template.Node):
    def __init__(self, nodelist, *, wide: bool):
        self.nodelist = nodelist
        self.classes = "app-table-container" + (" app-table-container--wide" if wide else "")

    def render(self, context):
        html = label_cells(self.nodelist.render(context))
        # The template's own output, with attribute values escaped by label_cells.
        return mark_safe(f'<div class="{self.classes}">{html}</div>')  # noqa: S308


def label_cells(html: str) -> str:
    """The table's HTML with roles on its parts and `data-label` on each body cell: the
    visible text of its column's header (none for a column whose header is hidden)."""
    labeller = _Labeller()
    labeller.feed(html)
    labeller.close()
    line_starts = [0]
    for line in html.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    parts, last = [], 0
    for (line, column), tag, attrs in labeller.inserts:
        at = line_starts[line - 1] + column + 1 + len(tag)  # just after "<tag"
        parts += [html[last:at], attrs]
        last = at
    parts.append(html[last:])
    return "".join(parts)


class _Labeller(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inserts: list[tuple[tuple[int, int], str, str]] = []
        self.labels: list[str] = []
        self.section = ""
        self.column = 0
        self.header: list[str] | None = None  # visible text of the header cell being read
        self.hidden = 0  # depth inside visually hidden text

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hides = "govuk-visually-hidden" in (attrs.get("class") or "").split()
        if (self.hidden or hides) and tag not in _VOID:
            self.hidden += 1
        if tag == "br" and self.header is not None:
            self.header.append(" ")
        if tag in {"thead", "tbody", "tfoot"}:
            self.section = tag
        if tag == "tr":
            self.column = 0
        if tag in {"td", "th"}:
            self._cell(tag, attrs)
        elif tag in _ROLES:
            self._insert(tag, f' role="{_ROLES[tag]}"')

    def _cell(self, tag, attrs):
        span = int(attrs.get("colspan") or 1)
        if self.section == "thead":
            self.header = []
            self._insert(tag, ' role="columnheader"')
            return
        role = "rowheader" if tag == "th" else "cell"
        label = self.labels[self.column] if span == 1 and self.column < len(self.labels) else ""
        self._insert(tag, f' role="{role}"' + (f' data-label="{escape(label)}"' if label else ""))
        self.column += span

    def handle_endtag(self, tag):
        if self.hidden and tag not in _VOID:
            self.hidden -= 1
        if tag == "th" and self.header is not None:
            self.labels.append(" ".join("".join(self.header).split()))
            self.header = None

    def handle_data(self, data):
        if self.header is not None and not self.hidden:
            self.header.append(data)

    def _insert(self, tag: str, attrs: str):
        self.inserts.append((self.getpos(), tag, attrs))
