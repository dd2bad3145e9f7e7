"""The customer list's static first paint (first_paint.py, static_markup.py, grid_markup.py): data from the database is
written only as escaped text, the real page's elements are all drawn, and what is not known is not drawn at all.
(Whether it looks like the live page is checked in Chromium: tests/e2e/test_customer_first_paint.py.)"""

import re

import pytest
from nicegui import ui
from nicegui.testing import User

from services.core.actors import SYSTEM
from services.customers.registration import create_customer
from tests.factories import spanish_draft
from tests.ui.helpers import sign_in
from ui.common.accessibility import text_on
from ui.common.static_markup import Unsupported, button
from ui.common.static_page import render
from ui.customers.table import first_paint
from ui.customers.table.grid_markup import grid_html

COLUMNS = (
    {'name': 'number', 'label': 'Number', 'field': 'number', 'required': True, 'sortable': True, 'align': 'left'},
    {'name': 'name', 'label': 'Name', 'field': 'name', 'required': True, 'sortable': True, 'align': 'left'},
    {'name': 'city', 'label': 'City', 'field': 'city', 'sortable': True, 'align': 'left', 'wrap': True},
    {'name': 'categories', 'label': 'Categories', 'field': 'category_ids', 'sortable': True, 'align': 'left'},
    {'name': 'custom_note', 'label': '<b>Note</b>', 'field': 'custom_note', 'sortable': False, 'align': 'left'},
)
TEXTS = {'range': '{first}–{last} of {total}', 'perPage': 'Customers per page', 'group': ',', 'archived': 'Archived'}


def grid(rows: list[dict[str, object]], categories: list[dict[str, object]], **pagination: object) -> str:
    props = {
        'rows': tuple(rows),
        'columns': COLUMNS,
        'visible-columns': ('city', 'categories', 'custom_note'),
        'selected-ids': (),
        'categories': tuple(categories),
        'texts': TEXTS,
        'pagination': {'page': 1, 'rowsPerPage': 25, 'rowsNumber': 100_000, 'sortBy': 'name', 'descending': True}
        | pagination,
    }
    return grid_html(props, ['w-full'])


def test_markup_in_customer_and_category_data_is_text() -> None:
    evil = {'id': 1, 'name': '<script>alert(1)</script>', 'colour': '#123456', 'text': 'white'}
    row = {
        'number': 'C-1"><img src=x onerror=alert(2)>',
        'name': '<img src=x onerror=alert(3)>',
        'city': "{{ constructor.constructor('alert(4)')() }}",
        'category_ids': [1],
        'custom_note': '</td></tr></table><script>alert(5)</script>',
        'archived': True,
    }
    html = grid([row], [evil])
    assert '<img' not in html and '<script' not in html and '<b>' not in html
    assert '&lt;img src=x onerror=alert(3)&gt;' in html
    assert 'href="/customers/C-1%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%282%29%3E"' in html
    assert '1–25 of 100,000' in html and '>Archived<' in html and 'text-grey-8' in html
    assert 'sortable sorted sort-desc">Name' in html


def test_a_colour_the_live_table_would_not_draw_means_no_copy() -> None:
    for colour in ('red;background:url(javascript:x)', '#ffffff\n', 'red'):
        strange = {'id': 1, 'name': 'VIP', 'colour': colour, 'text': 'white'}
        with pytest.raises(Unsupported):
            grid([{'number': 'C-00001', 'name': 'Ada', 'category_ids': [1]}], [strange])


def test_rows_show_their_categories_in_the_chips_colours_and_the_pager_its_buttons() -> None:
    vip = {'id': 7, 'name': 'VIP', 'colour': '#1565c0', 'text': 'white'}
    html = grid([{'number': 'C-00001', 'name': 'Ada', 'city': 'Berlin', 'category_ids': [7, 99]}], [vip], page=2)
    assert html.count('>VIP<') == 1 and 'background-color: #1565c0' in html  # 99 is unknown: left out
    icons = re.findall(r'material-icons">(\w+)</i></span></button>', html)
    assert icons == ['first_page', 'chevron_left', 'chevron_right', 'last_page']
    one_page = grid([{'number': 'C-00001', 'name': 'Ada'}], [], rowsNumber=1)
    assert 'chevron_left' not in one_page and '1–1 of 1' in one_page
    last = grid([{'number': 'C-00001', 'name': 'Ada'}], [], page=3, rowsNumber=51)
    assert '51–51 of 51' in last and 'disabled' in last.split('chevron_right')[0].rsplit('<button', 1)[1]


def test_an_empty_page_has_no_copy() -> None:
    with pytest.raises(Unsupported):
        grid([], [])


def test_text_on_a_category_colour_has_the_higher_contrast() -> None:
    assert text_on('#ffeb3b') == 'black' and text_on('#1565c0') == 'white'
    assert text_on('#ffffff\n') == 'white' and text_on('yellow') == 'white'  # not #rrggbb: as the live table


def test_buttons_as_quasar_draws_them() -> None:
    standard = button({'color': 'primary', 'label': 'New <customer>', 'icon': 'person_add'})
    assert 'q-btn--standard q-btn--rectangle bg-primary text-white q-btn--actionable' in standard
    assert 'on-left' in standard and 'New &lt;customer&gt;' in standard
    flat = button(
        {'flat': True, 'round': True, 'dense': True, 'color': 'grey-8', 'icon': 'first_page', 'disable': True}
    )
    assert 'q-btn--flat q-btn--round text-grey-8 disabled q-btn--dense' in flat and 'on-left' not in flat
    link = button({'flat': True, 'align': 'left', 'href': '/invoices', 'label': 'Invoices'})
    assert link.startswith('<a ') and 'justify-start' in link
    with pytest.raises(Unsupported):
        button({'label': 'Big', 'size': 'lg'})


async def test_the_customer_page_is_drawn_whole(user: User) -> None:
    await sign_in(user)
    view = await create_customer(by=SYSTEM, draft=spanish_draft())
    await user.open('/customers')
    await user.should_see(marker='customer-grid', retries=50)
    assert user.client is not None
    html = render(user.client.layout)  # every element of the real page is known
    assert view.number in html and 'Customers per page' in html and 'New customer' in html
    assert 'Clientbook' in html and '>Invoices<' in html and 'Show archived' in html


async def test_an_element_it_does_not_know_is_not_guessed(user: User) -> None:
    await sign_in(user)
    await user.open('/customers')
    await user.should_see(marker='main-menu', retries=50)
    assert user.client is not None
    with user.client.content:
        ui.slider(min=0, max=10)
    with pytest.raises(Unsupported):
        render(user.client.layout)


def test_the_layer_is_inert_and_its_scripts_are_constants() -> None:
    html = first_paint.layer_html('<p>rows</p>', 'ko-KR')
    assert '<div id="cb-first-paint" dir="ltr" lang="ko-KR" inert aria-hidden="true" style=' in html
    assert '--q-primary: #' in html
    scripts = re.findall(r'<script[^>]*>.*?</script>', html, re.S)
    assert scripts == [first_paint.MOUNT_AFTER_PAINT]
