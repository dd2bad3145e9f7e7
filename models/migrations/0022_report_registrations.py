"""New customers in the income report's kept sums (issue 12): rows of currency '' in `report_day` count customers on
the UTC day of their registration, per category (0 "No category", -1 everyone), in the new column `registered`.
New customers per month of the company's time zone are then sums of whole UTC days plus the customers of the few
days a month edge cuts (services/reports/registrations_kept.py), instead of a join of every new customer to its
categories.

The triggers of 0020_report_summary are replaced by this module's (the same, plus: a customer inserted, deleted or
its `created_at` changed moves its registration; the link and "No category" moves include it). This module builds
the whole trigger set; 0020 explains the tables and the rules.
"""

import importlib

from tortoise import migrations
from tortoise.migrations import operations as ops

UNITS = 1000
POSTGRES = [False]  # the dialect the SQL is being built for (set by `script`)
SUMS = ('invoices', 'net', 'gross', 'paid', 'unpaid', 'settled', 'settle_days', 'received', 'closed', 'closed_gross',
        'closed_days', 'due_unpaid', 'issued_customers', 'paid_customers', 'registered')  # fmt: skip


def _units(expression: str) -> str:
    return f'CAST(ROUND({expression} * {UNITS}) AS BIGINT)'


def _snapshot_invoice(postgres: bool, where: str) -> str:
    """Insert the `report_invoice` rows of the non-void invoices matching `where` (on `i`)."""
    days = (
        'x.settled_on - x.issued'
        if postgres
        else 'CAST(ROUND(julianday(x.settled_on) - julianday(x.issued)) AS INTEGER)'
    )
    return f"""
INSERT INTO report_invoice (invoice_id, customer_id, currency, issued, due, net, gross, paid, unpaid, settled_on,
                            settle_days)
SELECT x.invoice_id, x.customer_id, x.currency, x.issued, x.due, x.net, x.gross, x.paid,
       CASE WHEN x.gross > x.paid THEN x.gross - x.paid ELSE 0 END, x.settled_on, {days}
FROM (SELECT i.id AS invoice_id, i.customer_id AS customer_id, i.currency AS currency, i.issue_date AS issued,
             i.due_date AS due, {_units('i.net_total')} AS net, {_units('i.total')} AS gross,
             {_units('i.paid_total')} AS paid,
             CASE WHEN {_units('i.paid_total')} >= {_units('i.total')}
                  THEN (SELECT MAX(p.paid_on) FROM payment p WHERE p.invoice_id = i.id) END AS settled_on
      FROM invoice i WHERE i.voided_at IS NULL AND {where}) x;"""


def _snapshot_payments(where: str) -> str:
    """Insert the `report_payment` rows of the payments (`p`) of non-void invoices (`i`) matching `where`."""
    return f"""
INSERT INTO report_payment (payment_id, invoice_id, customer_id, currency, paid_on, amount)
SELECT p.id, i.id, i.customer_id, i.currency, p.paid_on, {_units('p.amount')}
FROM payment p JOIN invoice i ON i.id = p.invoice_id WHERE i.voided_at IS NULL AND {where};"""


def _registration(postgres: bool, c: str, c_from: str) -> str:
    """Customers `c` counted on their registration day (UTC), under currency ''."""
    day = f"CAST({c}.created_at AT TIME ZONE 'UTC' AS DATE)" if postgres else f'substr({c}.created_at, 1, 10)'
    return _select(f'{c}.id', day, "''", dict.fromkeys(SUMS, '0') | {'registered': '1'}, c_from)


def _contributions(r: str, r_from: str, q: str, q_from: str, last: str = '', last_from: str = '') -> str:
    """(customer_id, day, currency, *SUMS) rows: invoices `r` (e.g. `new`, or `r` with `r_from` = 'FROM ... WHERE'),
    payments `q`, customers' last dates `last`; an empty name leaves that part out."""
    parts = []
    zeros = dict.fromkeys(SUMS, '0')

    def where(source: str, condition: str) -> str:
        return f'{source} {"AND" if "WHERE" in source else "WHERE"} {condition}'

    if r:
        by_issue = zeros | {
            'invoices': '1', 'net': f'{r}.net', 'gross': f'{r}.gross', 'paid': f'{r}.paid', 'unpaid': f'{r}.unpaid',
            'settled': f'CASE WHEN {r}.settled_on IS NULL THEN 0 ELSE 1 END',
            'settle_days': f'COALESCE({r}.settle_days, 0)',
        }  # fmt: skip
        by_settlement = zeros | {'closed': '1', 'closed_gross': f'{r}.gross', 'closed_days': f'{r}.settle_days'}
        parts.append(_select(f'{r}.customer_id', f'{r}.issued', f'{r}.currency', by_issue, r_from))
        settled = where(r_from, f'{r}.settled_on IS NOT NULL')
        parts.append(_select(f'{r}.customer_id', f'{r}.settled_on', f'{r}.currency', by_settlement, settled))
        unpaid = where(r_from, f'{r}.unpaid > 0')
        parts.append(
            _select(f'{r}.customer_id', f'{r}.due', f'{r}.currency', zeros | {'due_unpaid': f'{r}.unpaid'}, unpaid)
        )
    if q:
        parts.append(
            _select(f'{q}.customer_id', f'{q}.paid_on', f'{q}.currency', zeros | {'received': f'{q}.amount'}, q_from)
        )
    if last:
        for day, name in ((f'{last}.last_issued', 'issued_customers'), (f'{last}.last_paid', 'paid_customers')):
            source = where(last_from, f'{day} IS NOT NULL')
            parts.append(_select(f'{last}.customer_id', day, f'{last}.currency', zeros | {name: '1'}, source))
    return '\nUNION ALL '.join(parts)


def _select(customer: str, day: str, currency: str, values: dict[str, str], source: str) -> str:
    columns = ', '.join(f'{values[name]} AS {name}' for name in SUMS)
    return f'SELECT {customer} AS customer_id, {day} AS day, {currency} AS currency, {columns} {source}'


def _apply(contributions: str, categories: str, sign: str) -> str:
    """Add (`sign` '1') or subtract ('-1') the contributions in `report_day` for each category of `categories`
    (a SELECT of `category_id`, may use the contributions' `c.customer_id`)."""
    names = ', '.join(SUMS)
    sums = ', '.join(f'{sign} * SUM(c.{name})' for name in SUMS)
    updates = ', '.join(f'{name} = report_day.{name} + excluded.{name}' for name in SUMS)
    return f"""
INSERT INTO report_day (day, category_id, currency, {names})
SELECT c.day, k.category_id, c.currency, {sums}
FROM ({contributions}) c JOIN ({categories}) k ON true WHERE true GROUP BY c.day, k.category_id, c.currency
ON CONFLICT (day, category_id, currency) DO UPDATE SET {updates};"""


def _links(customer: str) -> str:
    return f'EXISTS (SELECT 1 FROM customer_category WHERE customer_id = {customer})'


def _uncategorised(customer: str) -> str:
    return f'EXISTS (SELECT 1 FROM report_uncategorised WHERE customer_id = {customer})'


def _categories_of(customer: str) -> str:
    """The customer's categories, 0 while its rows are in "No category", and -1 (every invoice once)."""
    return (
        f'SELECT category_id FROM customer_category WHERE customer_id = {customer}'
        f' UNION ALL SELECT 0 WHERE {_uncategorised(customer)} UNION ALL SELECT -1'
    )


def _customer_rows(customer: str) -> str:
    rows = _contributions(
        'r', f'FROM report_invoice r WHERE r.customer_id = {customer}',
        'q', f'FROM report_payment q WHERE q.customer_id = {customer}',
        'l', f'FROM report_customer_last l WHERE l.customer_id = {customer}',
    )  # fmt: skip
    return rows + '\nUNION ALL ' + _registration(POSTGRES[0], 'c', f'FROM customer c WHERE c.id = {customer}')


def _last(customer: str, currency: str) -> str:
    """Rewrite the customer's last issue and payment dates in the currency (its row's triggers move the counts)."""
    key = f'customer_id = {customer} AND currency = {currency}'
    return f"""
DELETE FROM report_customer_last WHERE {key};
INSERT INTO report_customer_last (customer_id, currency, last_issued, last_paid)
SELECT x.customer_id, x.currency, x.last_issued, x.last_paid
FROM (SELECT {customer} AS customer_id, {currency} AS currency,
             (SELECT MAX(issued) FROM report_invoice WHERE {key}) AS last_issued,
             (SELECT MAX(paid_on) FROM report_payment WHERE {key}) AS last_paid) x
WHERE x.last_issued IS NOT NULL OR x.last_paid IS NOT NULL;"""


def _sync(customer: str) -> str:
    """Move the customer's rows into "No category" when it has no category link any more, or out of it when it has
    one again; `report_uncategorised` lists the customers whose rows are in "No category". Idempotent, so it is right
    whether a multi-row statement's row triggers run one by one (SQLite) or after the statement (PostgreSQL)."""
    rows = _customer_rows(customer)
    enter = f'NOT {_links(customer)} AND NOT {_uncategorised(customer)}'
    leave = f'{_links(customer)} AND {_uncategorised(customer)}'
    return (
        _apply(rows, f'SELECT 0 AS category_id WHERE {enter}', '1')
        + f'\nINSERT INTO report_uncategorised (customer_id) SELECT {customer} WHERE {enter};'
        + _apply(rows, f'SELECT 0 AS category_id WHERE {leave}', '-1')
        + f'\nDELETE FROM report_uncategorised WHERE customer_id = {customer} AND {_links(customer)};'
    )


def _link(row: str, sign: str) -> str:
    """A link `row` (new/old) added (sign 1) or removed (-1): the customer's rows into/out of its category."""
    rows = _customer_rows(f'{row}.customer_id')
    return _apply(rows, f'SELECT {row}.category_id AS category_id', sign) + _sync(f'{row}.customer_id')


def _bodies(postgres: bool) -> dict[str, tuple[str, str, str]]:
    """trigger name -> (table, event, body statements)."""
    refresh = 'DELETE FROM report_invoice WHERE invoice_id = {id};' + _snapshot_invoice(postgres, 'i.id = {id}')
    payments = 'DELETE FROM report_payment WHERE invoice_id = {id};' + _snapshot_payments('i.id = {id}')
    invoice_rows = ('new', '', '', '')
    return {
        'report_invoice_added': ('invoice', 'AFTER INSERT', refresh.format(id='new.id') + payments.format(id='new.id')),
        'report_invoice_changed': (
            'invoice',
            'AFTER UPDATE OF id, customer_id, currency, issue_date, due_date, net_total, total, paid_total, voided_at',
            'DELETE FROM report_invoice WHERE invoice_id = old.id; DELETE FROM report_payment WHERE invoice_id = old.id;'
            + refresh.format(id='new.id') + payments.format(id='new.id'),
        ),
        'report_invoice_deleted': (
            'invoice', 'AFTER DELETE',
            'DELETE FROM report_invoice WHERE invoice_id = old.id; DELETE FROM report_payment WHERE invoice_id = old.id;',
        ),
        'report_payment_added': (
            'payment', 'AFTER INSERT',
            refresh.format(id='new.invoice_id') + _snapshot_payments('p.id = new.id'),
        ),
        'report_payment_changed': (
            'payment', 'AFTER UPDATE',
            'DELETE FROM report_payment WHERE payment_id = old.id;' + _snapshot_payments('p.id = new.id')
            + refresh.format(id='old.invoice_id') + refresh.format(id='new.invoice_id'),
        ),
        'report_payment_deleted': (
            'payment', 'AFTER DELETE',
            'DELETE FROM report_payment WHERE payment_id = old.id;' + refresh.format(id='old.invoice_id'),
        ),
        'report_sum_invoice_added': (
            'report_invoice', 'AFTER INSERT',
            _apply(_contributions(*invoice_rows), _categories_of('new.customer_id'), '1')
            + _last('new.customer_id', 'new.currency') + _sync('new.customer_id'),
        ),
        'report_sum_invoice_deleted': (
            'report_invoice', 'AFTER DELETE',
            _apply(_contributions('old', '', '', ''), _categories_of('old.customer_id'), '-1')
            + _last('old.customer_id', 'old.currency') + _sync('old.customer_id'),
        ),
        'report_sum_payment_added': (
            'report_payment', 'AFTER INSERT',
            _apply(_contributions('', '', 'new', ''), _categories_of('new.customer_id'), '1')
            + _last('new.customer_id', 'new.currency') + _sync('new.customer_id'),
        ),
        'report_sum_payment_deleted': (
            'report_payment', 'AFTER DELETE',
            _apply(_contributions('', '', 'old', ''), _categories_of('old.customer_id'), '-1')
            + _last('old.customer_id', 'old.currency') + _sync('old.customer_id'),
        ),
        'report_sum_last_added': (
            'report_customer_last', 'AFTER INSERT',
            _apply(_contributions('', '', '', '', 'new', ''), _categories_of('new.customer_id'), '1'),
        ),
        'report_sum_last_deleted': (
            'report_customer_last', 'AFTER DELETE',
            _apply(_contributions('', '', '', '', 'old', ''), _categories_of('old.customer_id'), '-1'),
        ),
        'report_sum_customer_added': (
            'customer', 'AFTER INSERT',
            _apply(_registration(postgres, 'new', ''), _categories_of('new.id'), '1') + _sync('new.id'),
        ),
        'report_sum_customer_moved': (
            'customer', 'AFTER UPDATE OF created_at',
            _apply(_registration(postgres, 'old', ''), _categories_of('old.id'), '-1')
            + _apply(_registration(postgres, 'new', ''), _categories_of('new.id'), '1'),
        ),
        'report_sum_customer_deleted': (
            'customer', 'AFTER DELETE',
            _apply(_registration(postgres, 'old', ''), _categories_of('old.id'), '-1')
            + 'DELETE FROM report_uncategorised WHERE customer_id = old.id;',
        ),
        'report_sum_link_added': ('customer_category', 'AFTER INSERT', _link('new', '1')),
        'report_sum_link_removed': ('customer_category', 'AFTER DELETE', _link('old', '-1')),
        'report_sum_link_moved': (
            'customer_category', 'AFTER UPDATE',
            _link('old', '-1') + _link('new', '1'),
        ),
    }  # fmt: skip


def _registrations(postgres: bool) -> str:
    """Every customer's registration row, and "No category" membership for customers that have no link yet."""
    every = (
        'SELECT customer_id, category_id FROM customer_category'
        ' UNION ALL SELECT customer_id, 0 FROM report_uncategorised'
        ' UNION ALL SELECT c.id, -1 FROM customer c'
    )
    return f"""
INSERT INTO report_uncategorised (customer_id)
SELECT c.id FROM customer c WHERE NOT EXISTS (SELECT 1 FROM customer_category cc WHERE cc.customer_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM report_uncategorised u WHERE u.customer_id = c.id);
INSERT INTO report_day (day, category_id, currency, registered)
SELECT c.day, k.category_id, c.currency, SUM(c.registered)
FROM ({_registration(postgres, 'c', 'FROM customer c')}) c JOIN ({every}) k ON k.customer_id = c.customer_id
GROUP BY c.day, k.category_id, c.currency;"""


def _drop_triggers(postgres: bool) -> str:
    parts = []
    for name, (table, _, _) in _bodies(postgres).items():
        if postgres:
            parts.append(f'DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();')
        else:
            parts.append(f'DROP TRIGGER IF EXISTS {name};')
    return '\n'.join(parts)


def _create_triggers(postgres: bool) -> str:
    parts = []
    for name, (table, event, body) in _bodies(postgres).items():
        if postgres:
            parts.append(
                f'CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n{body}\n'
                f'RETURN NULL;\nEND $$;\n'
                f'CREATE TRIGGER {name} {event} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}();'
            )
        else:
            parts.append(f'CREATE TRIGGER {name} {event} ON {table} BEGIN\n{body}\nEND;')
    return '\n'.join(parts)


def script(postgres: bool) -> str:
    """The whole forward script for one dialect: 0020's triggers out, the column and its rows in, the triggers."""
    POSTGRES[0] = postgres
    parts = [
        _drop_triggers(postgres),
        'ALTER TABLE report_day ADD COLUMN registered BIGINT NOT NULL DEFAULT 0;',
        _registrations(postgres),
        _create_triggers(postgres),
    ]
    if postgres:
        parts.append('ANALYZE report_day, report_uncategorised;')
    return '\n'.join(parts)


def drop_script(postgres: bool) -> str:
    """Back to 0020: this module's triggers, the registration rows and the column out, 0020's triggers in."""
    POSTGRES[0] = postgres
    before = importlib.import_module('models.migrations.0020_report_summary')
    parts = [_drop_triggers(postgres), "DELETE FROM report_day WHERE currency = '';"]
    parts.append('ALTER TABLE report_day DROP COLUMN registered;')
    for name, (table, event, body) in before._bodies(postgres).items():
        if postgres:
            parts.append(
                f'CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n{body}\n'
                f'RETURN NULL;\nEND $$;\n'
                f'CREATE TRIGGER {name} {event} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}();'
            )
        else:
            parts.append(f'CREATE TRIGGER {name} {event} ON {table} BEGIN\n{body}\nEND;')
    return '\n'.join(parts)


async def forwards(apps, schema_editor) -> None:
    client = schema_editor.client
    await client.execute_script(script(client.capabilities.dialect == 'postgres'))


async def backwards(apps, schema_editor) -> None:
    client = schema_editor.client
    await client.execute_script(drop_script(client.capabilities.dialect == 'postgres'))


class Migration(migrations.Migration):
    dependencies = [('models', '0021_short_search')]

    initial = False

    operations = [ops.RunPython(forwards, backwards)]
