"""The shared responsive table: each body cell carries its column's name, read from the
table's own headers, and the table keeps its roles when CSS stacks it."""

import pytest
from django.template import Context, Template, TemplateSyntaxError

TABLE = """{% load tables %}{% responsive_table %}<table class="govuk-table">
<caption>People</caption>
<thead><tr><th scope="col">Name &amp; role</th><th scope="col">Email<br>address</th>
<th scope="col"><span class="govuk-visually-hidden">Action</span></th></tr></thead>
<tbody>{% for p in people %}<tr><th scope="row">{{ p }}</th><td class="x">{{ p }}@example.org</td>
<td><button>Remove<span class="govuk-visually-hidden"> {{ p }}</span></button></td></tr>
{% empty %}<tr><td colspan="3">Nobody</td></tr>{% endfor %}</tbody></table>
{% endresponsive_table %}"""


def test_each_cell_is_labelled_with_its_columns_visible_header():
    html = Template(TABLE).render(Context({"people": ["Sam", '"><script>']}))
    assert html.startswith('<div class="app-table-container"><table role="table" class=')
    assert '<th role="rowheader" data-label="Name &amp; role" scope="row">Sam</th>' in html
    assert '<td role="cell" data-label="Email address" class="x">Sam@example.org</td>' in html
    # A column whose header is hidden (an action) has no visible label to repeat.
    assert '<td role="cell"><button>Remove' in html
    assert 'data-label="Action"' not in html
    assert '<th role="columnheader" scope="col">Name &amp; role</th>' in html
    assert '<tr role="row">' in html
    assert "&quot;&gt;&lt;script&gt;" in html
    assert "<script>" not in html


def test_a_cell_spanning_columns_is_not_labelled():
    html = Template(TABLE).render(Context({"people": []}))
    assert '<td role="cell" colspan="3">Nobody</td>' in html


def test_a_wide_table_stacks_below_desktop_width():
    html = Template(
        "{% load tables %}{% responsive_table wide %}<table></table>{% endresponsive_table %}"
    ).render(Context())
    assert html == (
        '<div class="app-table-container app-table-container--wide">'
        '<table role="table"></table></div>'
    )
    with pytest.raises(TemplateSyntaxError, match="no argument, or `wide`"):
        Template("{% load tables %}{% responsive_table narrow %}{% endresponsive_table %}")
