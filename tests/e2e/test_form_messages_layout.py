"""The New customer form with every field in error, in English, Korean and Spanish, on a wide and a narrow screen:
no message runs into another field. Quasar draws a field's message in a 20 px strip under it, positioned over what
follows; a longer message (the postal code's, three lines in its narrow field) ran over the Country label below."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Page, expect

from services.core.i18n import _, language
from services.core.values.countries import country_name
from tests.e2e.conftest import pick_option, sign_in

pytestmark = pytest.mark.e2e

# Field (English label) -> a value it refuses with a message.
BAD = {
    'Name *': 'Kim  Min-jun',
    'Email *': 'minjun.kim@example',
    'Phone *': '12',
    'Postal code *': '99999',
    'Tax ID': '116-82-00277',
    'Payment terms (days)': 'soon',
}
LANGUAGES = {'en': 'English', 'ko': '한국어', 'es': 'Español'}

# Every field's box and its message's box (the message's text only: its strip may be empty), in page coordinates.
BOXES = """() => [...document.querySelectorAll('.q-page .q-field')]
  .filter((field) => !field.closest('.q-table') && field.offsetParent !== null)
  .map((field) => {
    const box = (element) => {
      if (!element) return null;
      const r = element.getBoundingClientRect();
      return r.width && r.height ? {left: r.left, top: r.top, right: r.right, bottom: r.bottom} : null;
    };
    const messages = field.querySelectorAll('.q-field__messages > div');  // two while one fades into the next
    const message = messages[messages.length - 1];
    return {
      label: field.querySelector('.q-field__label')?.textContent ?? '',
      control: box(field.querySelector('.q-field__control')),
      message: message && message.textContent.trim() ? box(message) : null,
      text: message ? message.textContent.trim() : '',
    };
  })"""


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a['left'] < b['right'] - 0.5
        and b['left'] < a['right'] - 0.5
        and a['top'] < b['bottom'] - 0.5
        and (b['top'] < a['bottom'] - 0.5)
    )


async def switch_to(page: Page, name: str) -> None:
    await page.locator('.q-header button', has=page.locator('i:text-is("account_circle")')).click()
    await page.locator('.q-menu').get_by_text(name, exact=True).click()


def t(code: str, text: str) -> str:
    with language(code):
        return _(text.removesuffix(' *')) + (' *' if text.endswith(' *') else '')


@pytest.mark.parametrize('width', [1400, 600])
async def test_no_error_message_runs_into_another_field(server: str, page: Page, width: int) -> None:
    await page.set_viewport_size({'width': width, 'height': 900})
    await sign_in(page, server, target='/customers/new')
    for code, name in LANGUAGES.items():
        if code != 'en':
            await switch_to(page, name)
            await expect(page.locator(f'html[lang^="{code}"]')).to_have_count(1)  # the page has reloaded in it
            await page.goto(server + '/customers/new')
        with language(code):
            korea = country_name('KR')
        await pick_option(page, t(code, 'Country *'), korea[:4], korea, exact=True)
        for label, value in BAD.items():  # `first`: the welcome invoice's own payment terms follow
            await page.get_by_label(t(code, label), exact=True).first.fill(value)
        await page.get_by_label(t(code, 'Name *'), exact=True).focus()  # the last field left: its message shows
        with language(code):
            postal = _('Not a postal code of {country}').format(country=korea)
        await expect(page.locator('.q-field__messages', has_text=postal)).to_be_visible()
        wanted = {t(code, label) for label in BAD}
        fields: list[dict[str, Any]] = []
        for _attempt in range(100):  # until every refused value's message is there (and done fading in)
            await page.wait_for_timeout(100)
            fields = await page.evaluate(BOXES)
            if wanted <= {field['label'] for field in fields if field['message']}:
                break
        shown = [field for field in fields if field['message']]
        assert wanted <= {field['label'] for field in shown}, f'{code}: only {[f["label"] for f in shown]} show one'
        for field in shown:
            for other in fields:
                if other is field:
                    continue
                for part in ('control', 'message'):
                    if other[part] and overlap(field['message'], other[part]):
                        raise AssertionError(
                            f'{code} at {width} px: the message of {field["label"]!r} ({field["text"]!r}) runs into '
                            f'the {part} of {other["label"]!r}: {field["message"]} / {other[part]}'
                        )
