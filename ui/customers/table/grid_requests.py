"""The customer grid's selection changes from the browser (customer_grid.js), type-checked: the browser is not trusted.

Each request carries `seq`, the browser's count of requests of its kind, sent in order (in_order.js). Until the
server has answered the newest one (CustomerGrid.answered), the browser shows what it asked for, and its next click
builds on that rather than on the server's older answer: two boxes ticked, or "next" clicked twice, before the first
answer came were one box and page 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.core.paging import PAGE_SIZES
from ui.common.server_table import request_number

# One click changes at most a page of rows (the header's box); ids are database keys (PostgreSQL's bigint, SQLite's).
MAX_IDS = max(PAGE_SIZES)
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class SelectionChange:
    """Rows ticked (`added`) or unticked, by id: a change to the server's selection, not a whole new selection, so
    that changes sent before the server answered the first one add up."""

    seq: int
    ids: frozenset[int]
    added: bool

    @staticmethod
    def parse(args: Any) -> SelectionChange | None:
        """The change, or None for anything else (no number, no list of at most MAX_IDS ids, no yes/no)."""
        seq = request_number(args)
        ids = args.get('ids') if isinstance(args, dict) else None
        if seq is None or not isinstance(args.get('added'), bool) or not isinstance(ids, list) or len(ids) > MAX_IDS:
            return None
        keys = frozenset(i for i in ids if isinstance(i, int) and not isinstance(i, bool) and 0 < i <= MAX_ID)
        return SelectionChange(seq, keys, args['added'])

    def applied_to(self, selected: list[int], limit: int) -> list[int]:
        """The selection after this change: ids in ascending order, at most `limit` of them."""
        chosen = set(selected) | self.ids if self.added else set(selected) - self.ids
        return sorted(chosen)[:limit]
