"""Income report sums kept by the database (issue 12): the report reads a few hundred summary rows instead of joining
~150,000 invoices to their customers' categories.

Three tables, all kept by triggers on SQLite and PostgreSQL (the approach of 0013's `category_count`), so issuing,
paying, voiding, erasing, merging, importing, re-categorising and hand-written SQL cannot make them disagree:

- `report_invoice`: one row per non-void invoice, what it contributes: customer, currency, issue and due date, net,
  gross, paid and unpaid (`max(gross - paid, 0)`) in thousandths, and when it was settled (the last payment's date
  once `paid_total >= total` and there is a payment) with the days from issue to settlement.
- `report_payment`: one row per payment of a non-void invoice: the invoice's customer and currency, date, amount.
- `report_day`: per (day, category, currency) the sums of those: by issue date (invoices, net, gross, paid, unpaid,
  settled, settle_days), by payment date (received), by settlement date (closed, closed_gross, closed_days), by
  due date (due_unpaid: what is still unpaid of the invoices due that day), and customers counted on the day of
  their last invoice (issued_customers) and last payment (paid_customers) in the currency, from
  `report_customer_last`: customers invoiced in a period that ends after every issue date are the sum of
  issued_customers from its first day on (likewise for payments).
  `category_id` 0 is "No category" (customers without a category), -1 counts every invoice once (the de-duplicated
  total). Days, not months: a custom period of any dates is summed exactly, and months need no time zone (issue,
  due and payment dates are calendar dates of the company already).

Triggers: invoice and payment changes rewrite the invoice's `report_invoice`/`report_payment` rows (delete, then
insert what it contributes now); inserting or deleting those rows adds or subtracts them in `report_day` for each of
the customer's categories (or 0) and -1; adding or removing a customer's category link moves all of the customer's
rows into or out of that category; `report_uncategorised` lists the customers whose rows are summed under 0, and
every trigger brings it in line with the links (moving the customer's rows into or out of 0), so multi-row
statements are right on both databases. Deleted categories lose their links first (cascade), which leaves their
`report_day` rows at zero.

On SQLite, a later migration that rebuilds the invoice, payment or customer_category table (Tortoise's AlterField)
drops these triggers: see 0010_right_values.py for how to alter a column without that.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

UNITS = 1000
SUMS = ('invoices', 'net', 'gross', 'paid', 'unpaid', 'settled', 'settle_days', 'received', 'closed', 'closed_gross',
        'closed_days', 'due_unpaid', 'issued_customers', 'paid_customers')  # fmt: skip


def _units(expression: str) -> str:
    return f'CAST(ROUND({expression} * {UNITS}) AS BIGINT)'


def _tables(postgres: bool) -> str:
    integer = 'BIGINT' if postgres else 'INTEGER'
    sums = ',\n    '.join(f'{name} BIGINT NOT NULL DEFAULT 0' for name in SUMS)
    rowid = '' if postgres else ' WITHOUT ROWID'
    return f"""
CREATE TABLE report_invoice (
    invoice_id {integer} NOT NULL PRIMARY KEY,
    customer_id {integer} NOT NULL,
    currency VARCHAR(3) NOT NULL,
    issued DATE NOT NULL,
    due DATE NOT NULL,
    net BIGINT NOT NULL,
    gross BIGINT NOT NULL,
    paid BIGINT NOT NULL,
    unpaid BIGINT NOT NULL,
    settled_on DATE,
    settle_days {integer}
);
CREATE INDEX report_invoice_customer ON report_invoice (customer_id, currency, issued);
CREATE INDEX report_invoice_issued ON report_invoice (issued, currency, customer_id);
CREATE INDEX report_invoice_unpaid ON report_invoice (due, issued, currency, customer_id, unpaid) WHERE unpaid > 0;
CREATE TABLE report_payment (
    payment_id {integer} NOT NULL PRIMARY KEY,
    invoice_id {integer} NOT NULL,
    customer_id {integer} NOT NULL,
    currency VARCHAR(3) NOT NULL,
    paid_on DATE NOT NULL,
    amount BIGINT NOT NULL
);
CREATE INDEX report_payment_invoice ON report_payment (invoice_id);
CREATE INDEX report_payment_customer ON report_payment (customer_id, currency, paid_on);
CREATE INDEX report_payment_paid_on ON report_payment (paid_on, currency, customer_id);
CREATE TABLE report_uncategorised (customer_id {integer} NOT NULL PRIMARY KEY);
CREATE TABLE report_customer_last (
    customer_id {integer} NOT NULL,
    currency VARCHAR(3) NOT NULL,
    last_issued DATE,
    last_paid DATE,
    PRIMARY KEY (customer_id, currency)
);
CREATE TABLE report_day (
    day DATE NOT NULL,
    category_id {integer} NOT NULL,
    currency VARCHAR(3) NOT NULL,
    {sums},
    PRIMARY KEY (day, category_id, currency)
){rowid};
"""


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
    return _contributions(
        'r', f'FROM report_invoice r WHERE r.customer_id = {customer}',
        'q', f'FROM report_payment q WHERE q.customer_id = {customer}',
        'l', f'FROM report_customer_last l WHERE l.customer_id = {customer}',
    )  # fmt: skip


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
        'report_sum_link_added': ('customer_category', 'AFTER INSERT', _link('new', '1')),
        'report_sum_link_removed': ('customer_category', 'AFTER DELETE', _link('old', '-1')),
        'report_sum_link_moved': (
            'customer_category', 'AFTER UPDATE',
            _link('old', '-1') + _link('new', '1'),
        ),
    }  # fmt: skip


def _backfill(postgres: bool) -> str:
    every = (
        'SELECT customer_id, category_id FROM customer_category'
        ' UNION ALL SELECT customer_id, 0 FROM report_uncategorised'
        ' UNION ALL SELECT c.id, -1 FROM customer c'
    )
    names = ', '.join(SUMS)
    sums = ', '.join(f'SUM(c.{name})' for name in SUMS)
    rows = _contributions(
        'r', 'FROM report_invoice r', 'q', 'FROM report_payment q', 'l', 'FROM report_customer_last l'
    )  # fmt: skip
    return (
        _snapshot_invoice(postgres, 'true')
        + _snapshot_payments('true')
        + """
INSERT INTO report_customer_last (customer_id, currency, last_issued, last_paid)
SELECT r.customer_id, r.currency, MAX(r.issued),
       (SELECT MAX(q.paid_on) FROM report_payment q WHERE q.customer_id = r.customer_id AND q.currency = r.currency)
FROM report_invoice r GROUP BY r.customer_id, r.currency;"""
        + """
INSERT INTO report_uncategorised (customer_id)
SELECT c.id FROM customer c WHERE NOT EXISTS (SELECT 1 FROM customer_category cc WHERE cc.customer_id = c.id);"""
        + f"""
INSERT INTO report_day (day, category_id, currency, {names})
SELECT c.day, k.category_id, c.currency, {sums}
FROM ({rows}) c JOIN ({every}) k ON k.customer_id = c.customer_id GROUP BY c.day, k.category_id, c.currency;"""
    )


def script(postgres: bool) -> str:
    """The whole forward script for one dialect."""
    parts = [_tables(postgres), _backfill(postgres)]
    if postgres:  # plans for the new tables need their statistics now, not when autovacuum comes round
        parts.append('ANALYZE report_invoice, report_payment, report_customer_last, report_uncategorised, report_day;')
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


def drop_script(postgres: bool) -> str:
    parts = []
    for name, (table, _, _) in _bodies(postgres).items():
        if postgres:
            parts.append(f'DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();')
        else:
            parts.append(f'DROP TRIGGER IF EXISTS {name};')
    parts.append('DROP TABLE IF EXISTS report_day; DROP TABLE IF EXISTS report_payment;')
    parts.append('DROP TABLE IF EXISTS report_uncategorised; DROP TABLE IF EXISTS report_customer_last;')
    parts.append('DROP TABLE IF EXISTS report_invoice;')
    return '\n'.join(parts)


async def forwards(apps, schema_editor) -> None:
    client = schema_editor.client
    await client.execute_script(script(client.capabilities.dialect == 'postgres'))


async def backwards(apps, schema_editor) -> None:
    client = schema_editor.client
    await client.execute_script(drop_script(client.capabilities.dialect == 'postgres'))


class Migration(migrations.Migration):
    dependencies = [('models', '0019_import_headers')]

    initial = False

    operations = [ops.RunPython(forwards, backwards)]
