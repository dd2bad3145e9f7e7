"""PostgreSQL: customers and category links inserted by one statement add their report sums (0022) and category
counts (0013) once per statement, not once per row; the short-search pieces of 0021 are cut faster (issue 13).

An import inserts 500 customers in one statement, all registered on the same day. With row triggers, each of them
upserted the same few `report_day` rows (that day under "every customer" and "No category") and each link the same
`category_count` row: PostgreSQL keeps a new version of a row for every update in a transaction, and every later
update walks the versions before it, so a chunk took time growing with the square of its size (95 rows/s at 100,000).
Statement triggers with transition tables (PostgreSQL 10+, `REFERENCING NEW TABLE`) sum the statement's rows first:
one upsert per (day, category, currency) per statement.

The rules are 0022's (the row bodies are built by the same functions, only applied to the set of the statement's
customers); SQLite keeps 0022's row triggers (it has no statement triggers and no row versions to walk). Updates and
deletes keep their row triggers on both databases. `tests/services/reports/test_summary.py` and the category-count
tests check the sums after single and multi-row inserts on both databases.

`customer_short_terms` (0021) built its pieces with a DISTINCT over a cross join with `generate_series`: ~0.45 ms per
customer, most of an import's insert time on PostgreSQL. It now splits the text into characters in C
(`string_to_array(t, NULL)`) and adds the two-character pieces; duplicates stay in the array, since GIN keeps each
key of an item once (`ginExtractEntries` sorts and de-duplicates) and `@>` ignores them: the index's keys are the
same, so it needs no rebuild. `tests/services/customers/test_short_terms.py` compares the pieces with Python's.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from tortoise import migrations
from tortoise.migrations import operations as ops


def _sums() -> ModuleType:
    module = importlib.import_module('models.migrations.0022_report_registrations')
    module.POSTGRES[0] = True
    return module


def _any(ids: str) -> str:
    """`= ANY` of the ids (a SELECT of one column) gathered once: an index lookup per id, whatever the statistics of
    the table looked up say (a join or `IN` lets the planner hash the whole table when it believes it small)."""
    return f'ANY (ARRAY({ids}))'


def _apply_each(contributions: str, categories: str, sign: str) -> str:
    """0022's `_apply` for many customers: `categories` is a SELECT of (customer_id, category_id) pairs, each
    contribution `c` counted in every category paired with its customer."""
    sums = _sums()
    names = ', '.join(sums.SUMS)
    totals = ', '.join(f'{sign} * SUM(c.{name})' for name in sums.SUMS)
    updates = ', '.join(f'{name} = report_day.{name} + excluded.{name}' for name in sums.SUMS)
    return f"""
INSERT INTO report_day (day, category_id, currency, {names})
SELECT c.day, k.category_id, c.currency, {totals}
FROM ({contributions}) c JOIN ({categories}) k ON k.customer_id = c.customer_id
GROUP BY c.day, k.category_id, c.currency
ON CONFLICT (day, category_id, currency) DO UPDATE SET {updates};"""


def _rows_of(ids: str) -> str:
    """Everything the customers in `ids` (a SELECT of customer ids) contribute: 0022's `_customer_rows` for a set."""
    sums = _sums()
    rows = sums._contributions(
        'r', f'FROM report_invoice r WHERE r.customer_id = {_any(ids)}',
        'q', f'FROM report_payment q WHERE q.customer_id = {_any(ids)}',
        'l', f'FROM report_customer_last l WHERE l.customer_id = {_any(ids)}',
    )  # fmt: skip
    return rows + '\nUNION ALL ' + sums._registration(True, 'c', f'FROM customer c WHERE c.id = {_any(ids)}')


def _sync_each(ids: str) -> str:
    """0022's `_sync` for every customer in `ids`: into "No category" without links, out of it with links."""
    links = 'EXISTS (SELECT 1 FROM customer_category WHERE customer_id = s.id OFFSET 0)'
    listed = 'EXISTS (SELECT 1 FROM report_uncategorised WHERE customer_id = s.id OFFSET 0)'
    enter = f'SELECT s.id FROM ({ids}) s(id) WHERE NOT {links} AND NOT {listed}'
    leave = f'SELECT s.id FROM ({ids}) s(id) WHERE {links} AND {listed}'
    return (
        _apply_each(_rows_of(enter), f'SELECT e.id AS customer_id, 0 AS category_id FROM ({enter}) e', '1')
        + f'\nINSERT INTO report_uncategorised (customer_id) {enter};'
        + _apply_each(_rows_of(leave), f'SELECT e.id AS customer_id, 0 AS category_id FROM ({leave}) e', '-1')
        + f'\nDELETE FROM report_uncategorised WHERE customer_id = {_any(leave)};'
    )


def _customers_added() -> str:
    """Registrations of the inserted customers (transition table `added`) in each of their categories, then "No
    category" for those without a link (all of them: links are inserted after their customer)."""
    ids = 'SELECT id FROM added'
    categories = (
        f'SELECT customer_id, category_id FROM customer_category WHERE customer_id = {_any(ids)}'
        f' UNION ALL SELECT customer_id, 0 FROM report_uncategorised WHERE customer_id = {_any(ids)}'
        ' UNION ALL SELECT id, -1 FROM added'
    )
    return _apply_each(_sums()._registration(True, 'n', 'FROM added n'), categories, '1') + _sync_each(ids)


def _links_added() -> str:
    """Each inserted link (transition table `linked`) brings its customer's rows into the category."""
    ids = 'SELECT DISTINCT customer_id FROM linked'
    return _apply_each(_rows_of(ids), 'SELECT customer_id, category_id FROM linked', '1') + _sync_each(ids)


COUNTS_ADDED = """
INSERT INTO category_count (category_id, customers, archived)
SELECT l.category_id, COUNT(*), COUNT((SELECT c.archived_at FROM customer c WHERE c.id = l.customer_id))
FROM linked l GROUP BY l.category_id
ON CONFLICT (category_id) DO UPDATE SET customers = category_count.customers + excluded.customers,
                                        archived = category_count.archived + excluded.archived;"""


SHORT_TERMS = """
CREATE OR REPLACE FUNCTION customer_short_terms(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 100 AS $$
    SELECT array_remove(string_to_array(t, NULL), '|') || ARRAY(
        SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i WHERE strpos(substr(t, i, 2), '|') = 0
    )
$$;"""


def _function(name: str, body: str) -> str:
    return (
        f'CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off'
        f' AS $$\nBEGIN\n{body}\n'
        'RETURN NULL;\nEND $$;'
    )


def script() -> str:
    """The forward script (PostgreSQL only)."""
    return '\n'.join([
        'DROP TRIGGER IF EXISTS report_sum_customer_added ON customer;',
        _function('report_sum_customer_added', _customers_added()),
        'CREATE TRIGGER report_sum_customer_added AFTER INSERT ON customer REFERENCING NEW TABLE AS added'
        ' FOR EACH STATEMENT EXECUTE FUNCTION report_sum_customer_added();',
        'DROP TRIGGER IF EXISTS report_sum_link_added ON customer_category;',
        _function('report_sum_link_added', _links_added()),
        'CREATE TRIGGER report_sum_link_added AFTER INSERT ON customer_category REFERENCING NEW TABLE AS linked'
        ' FOR EACH STATEMENT EXECUTE FUNCTION report_sum_link_added();',
        # 0013's one row trigger for insert, update and delete keeps update and delete; inserts go by statement.
        'DROP TRIGGER IF EXISTS category_count_link ON customer_category;',
        'CREATE TRIGGER category_count_link AFTER UPDATE OR DELETE ON customer_category'
        ' FOR EACH ROW EXECUTE FUNCTION category_count_link();',
        _function('category_count_linked', COUNTS_ADDED),
        'DROP TRIGGER IF EXISTS category_count_linked ON customer_category;',
        'CREATE TRIGGER category_count_linked AFTER INSERT ON customer_category REFERENCING NEW TABLE AS linked'
        ' FOR EACH STATEMENT EXECUTE FUNCTION category_count_linked();',
        SHORT_TERMS,
    ])  # fmt: skip


def drop_script() -> str:
    """Back to 0022's row triggers (PostgreSQL only)."""
    bodies = _sums()._bodies(True)
    parts = [
        importlib.import_module('models.migrations.0021_short_search').POSTGRES,
        'DROP TRIGGER IF EXISTS category_count_linked ON customer_category;',
        'DROP FUNCTION IF EXISTS category_count_linked();',
        'DROP TRIGGER IF EXISTS category_count_link ON customer_category;',
        'CREATE TRIGGER category_count_link AFTER INSERT OR UPDATE OR DELETE ON customer_category'
        ' FOR EACH ROW EXECUTE FUNCTION category_count_link();',
    ]
    for name in ('report_sum_customer_added', 'report_sum_link_added'):
        table, event, body = bodies[name]
        parts += [
            f'DROP TRIGGER IF EXISTS {name} ON {table};',
            _function(name, body),
            f'CREATE TRIGGER {name} {event} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}();',
        ]
    return '\n'.join(parts)


async def forwards(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == 'postgres':
        await client.execute_script(script())


async def backwards(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == 'postgres':
        await client.execute_script(drop_script())


class Migration(migrations.Migration):
    dependencies = [('models', '0022_report_registrations')]

    initial = False

    operations = [ops.RunPython(forwards, backwards)]
