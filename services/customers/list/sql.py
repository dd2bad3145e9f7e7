"""The SQL of the customer list, for SQLite and PostgreSQL.

Hand-written because it must steer the query plan, which SQLite (without statistics) gets wrong for this table, and
bind the search term as a parameter, which Tortoise's RawSQL cannot. Three ways to find the rows:
- a search term of three or more characters: the trigram index yields the hits. On PostgreSQL the hits' rows are
  read, categories checked, and the total comes with the page (a window function over a bounded set). On SQLite the
  total is counted from indexes alone (hits, category links, the small index of archived ids), then the page either
  walks the sort index checking each customer against the hits (many hits: it stops after the page) or reads the
  hits' rows and sorts them (few hits), whichever touches fewer rows;
- categories without such a term: count the matching links first; then either walk the sort index checking each
  customer (many matches) or start from the links and sort them (few matches), whichever touches fewer rows;
- neither: walk the sort index (PostgreSQL: for the ids only); the count is kept by triggers (0027, 0028).
A term of one or two characters is a filter; on PostgreSQL two characters are answered by an index (migration 0021).
Only whitelisted column names and placeholders are put into the text; every value travels as a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from services.customers.list.search_keys import MIN_INDEXED_TERM
from services.customers.list.spec import SORT_COLUMNS, ListQuery

ROW_COLUMNS = (
    'c.id, c.number, c.name, c.email, c.phone, c.postal_code, c.city, c.country, c.created_at, c.version, c.archived_at'
)
ACTIVE = 'c.archived_at IS NULL'
# A merged customer's tombstone is archived, and left out of the archived view too.
NOT_MERGED = 'c.merged_into_id IS NULL'
# SQLite: a searched page walks the sort index while that reads fewer than this many index entries per hit it would
# otherwise read the row of (measured at 100,000: an entry 0.2 us, a hit's row 5 us warm, far more when cold).
WALK_FACTOR = 8


@dataclass(frozen=True)
class Statement:
    sql: str
    params: list[Any]


class Parameters:
    def __init__(self, dialect: str) -> None:
        self.postgres = dialect == 'postgres'
        self.values: list[Any] = []

    @property
    def join(self) -> str:
        """SQLite reads the left table first only with CROSS JOIN; PostgreSQL plans joins itself."""
        return 'JOIN' if self.postgres else 'CROSS JOIN'

    def add(self, value: Any) -> str:
        self.values.append(value)
        return f'${len(self.values)}' if self.postgres else '?'


def uses_search_index(term: str) -> bool:
    return len(term) >= MIN_INDEXED_TERM


def search_page_sql(query: ListQuery, term: str, dialect: str, *, counted: bool = False) -> Statement:
    """The page for a term of three or more characters, read from the hits' rows, with the total in the `total`
    column unless it is `counted` already (SQLite: `search_count_sql`)."""
    p = Parameters(dialect)
    if p.postgres:
        conditions = [f'c.search_text LIKE {p.add(f"%{term}%")}']  # answered by the pg_trgm index
        if query.category_ids:
            conditions.append(_category_check(query, 'c.id', p))
        conditions += _report_checks(query, 'c.id', p)
        conditions.append(ACTIVE if not query.archived else NOT_MERGED)
        # The hits are materialised first: otherwise the planner, seeing LIMIT, walks the sort index to "stop early",
        # which the window count never lets it do.
        hits = f'SELECT {ROW_COLUMNS}, c.name_key, c.category_sort FROM customer c WHERE {_where(conditions)}'
        return _page(query, 'hits c', [], p, total=True, prefix=f'WITH hits AS MATERIALIZED ({hits}) ')
    source, key = 'customer_search s CROSS JOIN customer c ON c.id = s.rowid', 's.rowid'
    conditions = [f's.customer_search MATCH {p.add(_phrase(term))}']
    if query.category_ids:
        conditions.append(_category_check(query, key, p))
    conditions += _report_checks(query, key, p)
    conditions.append(ACTIVE if not query.archived else NOT_MERGED)
    return _page(query, source, conditions, p, total=not counted)


def search_count_sql(query: ListQuery, term: str) -> Statement:
    """SQLite: `total` customers matching a term of three or more characters, and `max_id`, without reading a
    customer row: the hits come from the trigram index, each checked against the category links and the ids of
    archived (or, in the archived view, merged) customers, from the partial indexes of migration 0026."""
    p = Parameters('sqlite')
    key = 's.rowid'
    conditions = [f's.customer_search MATCH {p.add(_phrase(term))}']
    if query.category_ids:
        conditions.append(_category_check(query, key, p))
    conditions += _report_checks(query, key, p)
    left_out = 'customer_merged_ids' if query.archived else 'customer_archived_ids'
    column = 'merged_into_id' if query.archived else 'archived_at'
    # The ids left out are listed once (a scan of the small partial index), each hit then probes that list: cheaper
    # than a lookup per hit (35,000 for 'smith' at 1,000,000: 7 against 15 ms with the count itself).
    conditions.append(f'{key} NOT IN (SELECT x.id FROM customer x INDEXED BY {left_out} WHERE x.{column} IS NOT NULL)')
    max_id = '(SELECT MAX(id) FROM customer) AS max_id'
    return Statement(f'SELECT COUNT(*) AS total, {max_id} FROM customer_search s WHERE {_where(conditions)}', p.values)


def walks_sort_index(query: ListQuery, *, total: int, max_id: int) -> bool:
    """SQLite: whether a searched page of `total` hits is found sooner by walking the sort index of the active
    customers (about offset_and_limit * max_id / total entries, each checked against the hits) than by reading every
    hit's row. The archived view has no index that starts with its sort column for every sort: it reads the hits."""
    offset_and_limit = query.page * query.per_page
    return not query.archived and offset_and_limit * max_id <= WALK_FACTOR * total * total


def search_walk_sql(query: ListQuery, term: str) -> Statement:
    """SQLite: the page of active customers matching a term, walking the sort index and stopping after the page.

    The unary `+` keeps SQLite from looking the hits up by id (and sorting them): each customer met in the sort
    index is checked against the hits (a temporary index built once), its row read only when it is listed."""
    p = Parameters('sqlite')
    hits = f'SELECT rowid FROM customer_search WHERE customer_search MATCH {p.add(_phrase(term))}'
    conditions = [ACTIVE, f'+c.id IN ({hits})']
    if query.category_ids:
        conditions.append(_category_check(query, 'c.id', p))
    conditions += _report_checks(query, 'c.id', p)
    return _page(query, 'customer c', conditions, p, total=False)


def count_sql(query: ListQuery, term: str, dialect: str) -> Statement:
    """`total` matching customers and `max_id` (an upper bound of all customers) when there is no indexed term."""
    p = Parameters(dialect)
    max_id = '(SELECT MAX(id) FROM customer) AS max_id'
    if not _filtered_by(query, term):
        # Kept by triggers (SQLite: one row, migration 0027; PostgreSQL: summed deltas, 0028): the table as it opens
        # costs no count (SQLite: 42 ms at 1,000,000 customers; PostgreSQL: 30-45 ms at 100,000).
        left_out = 'merged' if query.archived else 'archived'
        return Statement(f'SELECT customers - {left_out} AS total, {max_id} FROM customer_count', [])
    if query.category_ids and not term:
        matches = _matching_links(query, p)
        conditions = _report_checks(query, 'm.customer_id', p)
        if not query.archived:
            conditions.append('m.customer_id NOT IN (SELECT id FROM customer WHERE archived_at IS NOT NULL)')
        return Statement(f'SELECT COUNT(*) AS total, {max_id} FROM {matches} WHERE {_where(conditions)}', p.values)
    # With categories the links bound the rows and each is checked by the LIKE (see _short_term).
    source, conditions = _filtered(
        query, term, p, from_links=bool(query.category_ids), short_index=not query.category_ids
    )
    return Statement(f'SELECT COUNT(*) AS total, {max_id} FROM {source} WHERE {_where(conditions)}', p.values)


def page_sql(query: ListQuery, term: str, dialect: str, *, total: int, max_id: int) -> Statement:
    """The page when there is no indexed term, planned from the count."""
    offset_and_limit = query.page * query.per_page
    # Walking the sort index reads about offset_and_limit * max_id / total rows; starting from the links, total rows.
    few = offset_and_limit * max_id >= total * total
    p = Parameters(dialect)
    if p.postgres and not query.archived and not _filtered_by(query, term):
        return _ids_first(query, p)
    categories = bool(query.category_ids)
    source, conditions = _filtered(query, term, p, from_links=categories and few, short_index=few and not categories)
    return _page(query, source, conditions, p, total=False)


def rows_by_id_sql(count: int, dialect: str) -> str:
    return f'SELECT {ROW_COLUMNS} FROM customer c WHERE c.id IN ({_marks(count, dialect)})'


def category_links_sql(count: int, dialect: str) -> str:
    return f'SELECT customer_id, category_id FROM customer_category WHERE customer_id IN ({_marks(count, dialect)})'


def _filtered(
    query: ListQuery, term: str, p: Parameters, *, from_links: bool, short_index: bool
) -> tuple[str, list[str]]:
    source, conditions = 'customer c', []
    if from_links:
        source = f'{_matching_links(query, p)} {p.join} customer c ON c.id = m.customer_id'
    if term:
        conditions.append(_short_term(term, p, indexed=short_index))
    if query.category_ids and not from_links:
        conditions.append(_category_check(query, 'c.id', p))
    conditions += _report_checks(query, 'c.id', p)
    conditions.append(ACTIVE if not query.archived else NOT_MERGED)
    return source, conditions


def _filtered_by(query: ListQuery, term: str) -> bool:
    return bool(term or query.category_ids or query.invoiced_in or query.paid_in or query.uncategorised)


def _order(query: ListQuery, p: Parameters, conditions: list[str]) -> str:
    """The sort column, then the id. PostgreSQL, active customers: `archived_at` first (NULL in every row listed, so
    the order is the same), which makes the indexes (archived_at, column, id) give the rows in order; `archived_at IS
    NULL` alone does not tell its planner that, so it walked the column's own index and re-sorted each run of equal
    values (an incremental sort: 16-30 ms for page 500)."""
    order = _sort_keys(query)
    if p.postgres and ACTIVE in conditions:
        return f'c.archived_at {"DESC" if query.descending else "ASC"}, {order}'
    return order


def _sort_keys(query: ListQuery) -> str:
    """The ORDER BY of a listed page: the chosen column, then the id, both in the chosen direction."""
    direction = 'DESC' if query.descending else 'ASC'
    return f'{SORT_COLUMNS[query.sort]} {direction}, c.id {direction}'


def _ids_first(query: ListQuery, p: Parameters) -> Statement:
    """PostgreSQL, active customers without a filter: the page's ids from the sort index alone (an index-only scan
    of the entries before it), then only those 25 rows read; reading every row skipped by the offset made page 500
    read 12,500 rows (830 pages) instead of 65 index pages."""
    limit, offset = p.add(query.per_page), p.add((query.page - 1) * query.per_page)
    ids = f'SELECT c.id FROM customer c WHERE {ACTIVE} ORDER BY {_order(query, p, [ACTIVE])}'
    ids += f' LIMIT {limit} OFFSET {offset}'
    order = _sort_keys(query)
    # `= ANY (ARRAY(...))`: a lookup by id per listed id in every plan; a join, in a generic plan (prepared statements,
    # LIMIT unknown), hashed the whole table (200 ms).
    return Statement(f'SELECT {ROW_COLUMNS} FROM customer c WHERE c.id = ANY (ARRAY({ids})) ORDER BY {order}', p.values)


def _page(
    query: ListQuery, source: str, conditions: list[str], p: Parameters, *, total: bool, prefix: str = ''
) -> Statement:
    order = _order(query, p, conditions)
    window = ', COUNT(*) OVER () AS total' if total else ''
    limit, offset = p.add(query.per_page), p.add((query.page - 1) * query.per_page)
    sql = f'{prefix}SELECT {ROW_COLUMNS}{window} FROM {source} WHERE {_where(conditions)} ORDER BY {order}'
    return Statement(f'{sql} LIMIT {limit} OFFSET {offset}', p.values)


def _short_term(term: str, p: Parameters, *, indexed: bool) -> str:
    """One or two characters, which the trigram indexes cannot answer. SQLite scans. PostgreSQL has an index of every
    short piece of the search text (migration 0021; the same rows as the LIKE, a term being letters and digits):
    `indexed` finds the rows through it (counts, and pages of few matches); otherwise the LIKE checks the rows met
    while walking a sort index (a page of a common term), never the costly indexed expression row by row."""
    if p.postgres and indexed and len(term) == 2:  # one character is in most rows: a scan beats the index 3x at 1M
        return f'customer_short_terms(c.search_text) @> ARRAY[{p.add(term)}]::text[]'
    return f'c.search_text LIKE {p.add(f"%{term}%")}'


def _category_check(query: ListQuery, key: str, p: Parameters) -> str:
    links = f'FROM customer_category cc WHERE cc.customer_id = {key} AND cc.category_id IN ({_ids(query, p)})'
    if query.mode == 'all':
        return f'(SELECT COUNT(*) {links}) = {len(query.category_ids)}'
    return f'EXISTS (SELECT 1 {links})'


def _report_checks(query: ListQuery, key: str, p: Parameters) -> list[str]:
    """The Reports drill-down's conditions (see ListQuery): invoices in the company currency, never void ones."""
    checks = []
    live = f'i.customer_id = {key} AND i.voided_at IS NULL AND i.currency = (SELECT currency FROM company LIMIT 1)'
    if query.invoiced_in:
        first, last = (p.add(_day(day, p)) for day in query.invoiced_in)
        checks.append(
            f'EXISTS (SELECT 1 FROM invoice i WHERE {live} AND i.issue_date >= {first} AND i.issue_date <= {last})'
        )
    if query.paid_in:
        first, last = (p.add(_day(day, p)) for day in query.paid_in)
        paid = f'p.invoice_id = i.id AND p.paid_on >= {first} AND p.paid_on <= {last}'
        checks.append(f'EXISTS (SELECT 1 FROM invoice i JOIN payment p ON {paid} WHERE {live})')
    if query.uncategorised and not query.category_ids:
        checks.append(f'NOT EXISTS (SELECT 1 FROM customer_category u WHERE u.customer_id = {key})')
    return checks


def _day(day: date, p: Parameters) -> date | str:
    return day if p.postgres else day.isoformat()


def _matching_links(query: ListQuery, p: Parameters) -> str:
    having = f' HAVING COUNT(*) = {len(query.category_ids)}' if query.mode == 'all' else ''
    links = f'SELECT customer_id FROM customer_category WHERE category_id IN ({_ids(query, p)})'
    return f'({links} GROUP BY customer_id{having}) m'


def _phrase(term: str) -> str:
    """An FTS5 trigram phrase: a substring match answered from the index (the term holds letters and digits only)."""
    return f'"{term}"'


def _ids(query: ListQuery, p: Parameters) -> str:
    return ', '.join(p.add(category_id) for category_id in query.category_ids)


def _where(conditions: list[str]) -> str:
    return ' AND '.join(conditions) or '1 = 1'


def _marks(count: int, dialect: str) -> str:
    p = Parameters(dialect)
    return ', '.join(p.add(None) for _ in range(count))
