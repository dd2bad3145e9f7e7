"""The static first paint of the customer list writes data from the database only as escaped text."""

import re

from services.customers.categories import CategoryView
from ui.customers.table import first_paint, first_paint_style
from ui.customers.table.first_paint import first_paint_html

COLUMNS = [
    {'name': 'number', 'label': 'Number', 'field': 'number', 'required': True, 'sortable': True},
    {'name': 'name', 'label': 'Name', 'field': 'name', 'required': True, 'sortable': True},
    {'name': 'city', 'label': 'City', 'field': 'city', 'sortable': True},
    {'name': 'categories', 'label': 'Categories', 'field': 'category_ids', 'sortable': True},
    {'name': 'custom_note', 'label': '<b>Note</b>', 'field': 'custom_note', 'sortable': False},
]
TEXTS = {'range': '{first}–{last} of {total}', 'perPage': 'Customers per page', 'locale': 'en', 'archived': 'Archived'}


def render(rows: list[dict[str, object]], categories: list[CategoryView]) -> str:
    return first_paint_html(
        title='Customers',
        search_placeholder='Search…',
        total_text='1 customer',
        categories=categories,
        selected=[1],
        columns=COLUMNS,
        visible=['city', 'categories', 'custom_note'],
        rows=rows,
        texts=TEXTS,
        pager=(1, 1, 100_000),
        sort=('name', True),
        menu=['Customers'],
    )


def test_markup_in_customer_and_category_data_is_text() -> None:
    evil = CategoryView(id=1, name='<script>alert(1)</script>', colour='red;background:url(javascript:x)', customers=3)
    row = {
        'number': 'C-1"><img src=x onerror=alert(2)>',
        'name': '<img src=x onerror=alert(3)>',
        'city': "{{ constructor.constructor('alert(4)')() }}",
        'category_ids': [1],
        'custom_note': '</td></tr></table><script>alert(5)</script>',
        'archived': True,
    }
    html = render([row], [evil])
    assert '<img' not in html and '<script>alert' not in html and '<b>' not in html
    assert '&lt;img src=x onerror=alert(3)&gt;' in html
    href = 'href="/customers/C-1%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%282%29%3E"'
    assert f'{href} class="text-primary" tabindex="-1"' in html  # not focusable: the layer is aria-hidden
    assert 'javascript' not in html and 'red;' not in html  # a colour that is not #rrggbb is not used
    assert '1–1 of 100,000' in html and 'Archived' in html
    # only three constants: the check that shows the layer, the fallback that removes it, the early scrollbar measure
    scripts = [first_paint._REVEAL, first_paint._FALLBACK, first_paint._MEASURE_EARLY]
    assert re.findall(r'<script[^>]*>.*?</script>', html, re.S) == scripts
    # the layer's own style sheet, in its shadow root, is a constant: nothing from the database goes into it
    source = '<template id="cb-first-paint-source"><div id="cb-first-paint" aria-hidden="true">'
    shadow = '<template shadowrootmode="open" shadowrootclonable>'
    assert html.startswith(source + shadow + '<style>')  # inert until the browser is found to lack the scripts
    assert re.findall(r'<style>.*?</style>', html, re.S) == [first_paint_style.STYLE]
    assert 'tabindex="-1"><table' in html  # the scroller is not focusable either


def test_rows_show_their_categories_with_the_chips_colours() -> None:
    categories = [CategoryView(id=7, name='VIP', colour='#1565c0', customers=1_234)]
    html = render([{'number': 'C-00001', 'name': 'Ada', 'city': 'Berlin', 'category_ids': [7, 99]}], categories)
    assert html.count('>VIP<') == 2  # the filter chip and the row's chip (99 is unknown: left out)
    assert 'background-color: #1565c0' in html and '1,234' in html
    assert 'sortable sorted sort-desc">Name' in html
