"""Custom customer fields: admins define them; every value is checked by its field's type."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, Field
from tortoise.backends.base.client import BaseDBAsyncClient

from models import CustomFieldDefinition, CustomFieldKind, CustomFieldValue
from services.core import audit
from services.core.actors import Actor, require_admin
from services.core.errors import Conflict, NotFound, ValidationFailed
from services.core.i18n import N_, Translated, _
from services.core.values.validation import EMPTY, Check, Status, check_email, clean, name_key
from services.core.values.yes_no import read_yes_no, yes_no_text

KIND_LABELS = Translated(
    {
        CustomFieldKind.TEXT: N_('Text'),
        CustomFieldKind.LONG_TEXT: N_('Long text'),
        CustomFieldKind.NUMBER: N_('Number'),
        CustomFieldKind.DATE: N_('Date'),
        CustomFieldKind.YES_NO: N_('Yes/no'),
        CustomFieldKind.CHOICE: N_('Choice list'),
        CustomFieldKind.URL: N_('URL'),
        CustomFieldKind.EMAIL: N_('Email'),
    }
)
MAX_TEXT = {CustomFieldKind.TEXT: 200, CustomFieldKind.LONG_TEXT: 5000}


class FieldDefinition(BaseModel):
    id: int | None = None
    key: str = ''
    label: str
    kind: CustomFieldKind
    options: list[str] = Field(default_factory=list)
    required: bool = False
    position: int = 0
    active: bool = True

    @property
    def draft_key(self) -> str:
        """How the field is named in drafts, reports and the audit log."""
        return f'custom:{self.key}'


async def list_definitions(*, include_inactive: bool = False) -> list[FieldDefinition]:
    query = CustomFieldDefinition.all() if include_inactive else CustomFieldDefinition.filter(active=True)
    rows = await query.order_by('position', 'id')
    return [FieldDefinition.model_validate(row, from_attributes=True) for row in rows]


async def save_definition(definition: FieldDefinition, *, by: Actor) -> FieldDefinition:
    """Create (no id) or change a definition. The type of a field cannot change once it holds values."""
    require_admin(by)
    label = ' '.join(clean(definition.label).split())
    if not label or len(label) > 80:
        raise ValidationFailed({'label': _('A label of 1 to 80 characters is required')})
    options = list(dict.fromkeys(' '.join(clean(option).split()) for option in definition.options if clean(option)))
    if definition.kind == CustomFieldKind.CHOICE and not options:
        raise ValidationFailed({'options': _('A choice list needs at least one option')})
    values: dict[str, Any] = {
        'label': label,
        'kind': definition.kind,
        'options': options,
        'required': definition.required,
        'active': definition.active,
    }
    if definition.id is None:
        position = await CustomFieldDefinition.all().count()
        row = await CustomFieldDefinition.create(key=await _free_key(label), position=position, **values)
        await audit.record('custom_field.create', by=by, entity='custom_field', entity_id=row.id, new=label)
    else:
        row = await _definition(definition.id)
        if row.kind != definition.kind and await CustomFieldValue.filter(definition_id=row.id).exists():
            raise Conflict(_('The type of a field that holds values cannot change; add a new field instead'))
        old = FieldDefinition.model_validate(row, from_attributes=True)
        row.update_from_dict(values)
        await row.save()
        for name in ('label', 'kind', 'options', 'required', 'active'):
            if getattr(old, name) != values[name]:
                await audit.record(
                    'custom_field.update',
                    by=by,
                    entity='custom_field',
                    entity_id=row.id,
                    field=name,
                    old=getattr(old, name),
                    new=values[name],
                )
    return FieldDefinition.model_validate(row, from_attributes=True)


async def move_definition(definition_id: int, offset: int, *, by: Actor) -> None:
    """Move a field up (-1) or down (+1) in the form."""
    require_admin(by)
    rows = await CustomFieldDefinition.all().order_by('position', 'id')
    index = next((i for i, row in enumerate(rows) if row.id == definition_id), None)
    if index is None:
        raise NotFound(_('No custom field {definition_id}').format(definition_id=definition_id))
    target = max(0, min(len(rows) - 1, index + offset))
    rows.insert(target, rows.pop(index))
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            await row.save(update_fields=['position'])


def check_custom_value(definition: FieldDefinition, raw: object) -> Check:
    """Check and normalise one value by the field's type. `value` is what gets stored, `display` what is shown."""
    kind = definition.kind
    if kind == CustomFieldKind.YES_NO:
        if raw is None or raw == '':
            return EMPTY
        flag = raw if isinstance(raw, bool) else read_yes_no(str(raw))
        if flag is None:
            text = clean(raw)
            return Check(Status.ERROR, text, text, _('Yes or no'))
        return Check(Status.OK, flag, yes_no_text(flag))
    text = clean(raw)
    if not text:
        return EMPTY
    if kind in MAX_TEXT:
        limit = MAX_TEXT[kind]
        return (
            Check(Status.ERROR, text, text, _('At most {limit} characters').format(limit=limit))
            if len(text) > limit
            else Check(Status.OK, text, text)
        )
    if kind == CustomFieldKind.NUMBER:
        return _check_number(text)
    if kind == CustomFieldKind.DATE:
        try:
            day = date.fromisoformat(text.replace('/', '-'))
        except ValueError:
            return Check(Status.ERROR, text, text, _('A date as YYYY-MM-DD'))
        return Check(Status.OK, day, day.isoformat())
    if kind == CustomFieldKind.CHOICE:
        match = next((option for option in definition.options if option.casefold() == text.casefold()), None)
        if match is None:
            return Check(Status.ERROR, text, text, _('One of: {options}').format(options=', '.join(definition.options)))
        return Check(Status.OK, match, match)
    if kind == CustomFieldKind.URL:
        return _check_url(text)
    return check_email(text)


def _check_number(text: str) -> Check:
    compact = text.replace(' ', '').replace('\u00a0', '')
    # "1,5" is a decimal comma; in "1,234.5" the comma groups thousands
    compact = compact.replace(',', '.') if ',' in compact and '.' not in compact else compact.replace(',', '')
    try:
        number = Decimal(compact)
    except InvalidOperation:
        return Check(Status.ERROR, text, text, _('Not a number'))
    if not number.is_finite() or abs(number) >= Decimal('1e14'):
        return Check(Status.ERROR, text, text, _('Not a number'))
    number = number.quantize(Decimal('0.000001')).normalize()
    return Check(Status.OK, number, f'{number:f}')


def _check_url(text: str) -> Check:
    candidate = text if re.match(r'^[a-zA-Z][a-zA-Z0-9+.-]*:', text) else f'https://{text}'
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
    except ValueError:  # 'http://[' : an unclosed IPv6 bracket
        host = None
    if not host or parts.scheme not in ('http', 'https') or '.' not in host or ' ' in candidate:
        return Check(Status.ERROR, text, text, _('A web address starting with http:// or https://'))
    return Check(Status.OK, candidate, candidate)


def stored_columns(definition: FieldDefinition, check: Check) -> dict[str, object]:
    """The value columns of a CustomFieldValue row for a checked value."""
    columns: dict[str, object] = {'text': None, 'number': None, 'date': None, 'flag': None}
    kind = definition.kind
    column = {'number': 'number', 'date': 'date', 'yes_no': 'flag'}.get(kind.value, 'text')
    columns[column] = check.value
    return columns


def value_of(definition: FieldDefinition, row: CustomFieldValue) -> object:
    kind = definition.kind.value
    if kind == 'number':
        return row.number
    if kind == 'date':
        return row.date
    if kind == 'yes_no':
        return row.flag
    return row.text


def display(definition: FieldDefinition, value: object) -> str:
    """A stored value as the table, the profile, the summary and an export show it (yes/no in the user's language;
    an import reads any language's back)."""
    if definition.kind == CustomFieldKind.YES_NO and value is not None and value != '':
        return yes_no_text(bool(value))
    return stored_text(definition, value)


def stored_text(definition: FieldDefinition, value: object) -> str:
    """A stored value as the audit log keeps it, the same in every language ('Yes'/'No'; a revert reads it back)."""
    if value is None or value == '':
        return ''
    if definition.kind == CustomFieldKind.YES_NO:
        return 'Yes' if value else 'No'
    if isinstance(value, Decimal):
        return f'{value.normalize():f}'
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


async def _free_key(label: str) -> str:
    base = re.sub(r'[^a-z0-9]+', '_', name_key(label)).strip('_')[:30] or 'field'
    key, number = base, 1
    while await CustomFieldDefinition.filter(key=key).exists():
        number += 1
        key = f'{base}_{number}'
    return key


async def _definition(definition_id: int) -> CustomFieldDefinition:
    row = await CustomFieldDefinition.filter(id=definition_id).first()
    if row is None:
        raise NotFound(_('No custom field {definition_id}').format(definition_id=definition_id))
    return row


async def displayed_values(
    customer_ids: Sequence[int], conn: BaseDBAsyncClient | None = None
) -> dict[int, dict[str, str | bool]]:
    """Customer id -> {field key: shown value} for the active fields (one query; none without active fields).

    The same in every language (tables showing the same page share one read): a yes/no value is a bool, for the
    page or the file to say in its language (`shown_text`)."""
    definitions = {d.id: d for d in await list_definitions()}
    shown: dict[int, dict[str, str | bool]] = {customer_id: {} for customer_id in customer_ids}
    if not definitions or not customer_ids:
        return shown
    rows = await CustomFieldValue.filter(
        customer_id__in=list(customer_ids), definition_id__in=list(definitions)
    ).using_db(conn)
    for row in rows:
        definition = definitions[row.definition_id]
        value = value_of(definition, row)
        shown[row.customer_id][definition.key] = bool(value) if isinstance(value, bool) else display(definition, value)
    return shown


def shown_text(value: str | bool) -> str:
    """A value from `displayed_values` in the current language (yes/no: 'Sí', '예', ...)."""
    return yes_no_text(value) if isinstance(value, bool) else value


__all__ = [
    'KIND_LABELS',
    'CustomFieldKind',
    'FieldDefinition',
    'check_custom_value',
    'list_definitions',
    'move_definition',
    'save_definition',
]
