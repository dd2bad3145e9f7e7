"""axe-core (from npm: `npm install` at the repository root, see package.json) injected into a Chromium page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page

AXE_SCRIPT = Path(__file__).resolve().parents[2] / 'node_modules' / 'axe-core' / 'axe.min.js'
BLOCKING = ('serious', 'critical')


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    html: str = ''

    def line(self) -> str:
        return f'{self.impact} {self.rule}: {self.help} ({", ".join(self.targets[:3])}) {self.html[:300]}'


async def axe_violations(page: Page, *, impacts: tuple[str, ...] = BLOCKING) -> list[Violation]:
    """Run axe-core on the page as it is now; the violations of the given impacts (WCAG 2.x A/AA and best practices)."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f'axe-core is not installed ({AXE_SCRIPT}): run `npm install` at the repository root')
    if not await page.evaluate('() => typeof window.axe !== "undefined"'):
        await page.add_script_tag(path=str(AXE_SCRIPT))
    result: dict[str, Any] = await page.evaluate('() => axe.run(document, {resultTypes: ["violations"]})')
    return [
        Violation(
            rule=item['id'],
            impact=item.get('impact') or '',
            help=item['help'],
            targets=tuple(str(node['target'][0]) for node in item['nodes']),
            html=' | '.join(_described(node) for node in item['nodes'][:2]),
        )
        for item in result['violations']
        if item.get('impact') in impacts
    ]


def _described(node: dict[str, Any]) -> str:
    return f'{node.get("html", "")} {node.get("failureSummary", "")}'.replace('\n', ' ')
