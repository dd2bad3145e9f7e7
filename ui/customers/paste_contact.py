"""'Paste contact' on the New customer form: read a pasted block into the empty fields and highlight what was filled.

The highlight (a fixed class and a hint) stays until the user touches the field; nothing is saved here.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from services.core.i18n import _, ngettext
from services.customers.drafts import CustomerKind
from services.customers.paste_contact import MAX_BLOCK_LENGTH, read_contact_block
from ui.customers.customer_fields import CustomerFields

HIGHLIGHT = 'pasted-field bg-amber-1'
TEXT_KEYS = ('name', 'contact_person', 'email', 'phone', 'street', 'postal_code', 'city', 'tax_id')


class PasteContact:
    def __init__(self, fields: CustomerFields, on_filled: Callable[[], None]) -> None:
        self.fields = fields
        self.on_filled = on_filled
        self.highlighted: dict[str, bool] = {}  # field key -> is a guess
        for key in (*TEXT_KEYS, 'country'):
            element = fields.inputs.get(key)
            if element is not None:
                element.on('focus', lambda key=key: self._touched(key))
        with ui.dialog() as self.dialog, ui.card().classes('w-full max-w-2xl').mark('paste-dialog'):
            ui.label(_('Paste contact')).classes('text-h6')
            ui.label(
                _(
                    'Paste an email signature, the text of a business card or the contact section of a web page. '
                    'Empty fields are filled with what is recognised; you check them before saving.'
                )
            ).classes('text-body2 text-grey-8')
            self.text = (
                ui.textarea(_('Contact text'))
                .props(f'autogrow autofocus maxlength={MAX_BLOCK_LENGTH}')
                .classes('w-full')
                .mark('paste-text')
            )
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=self.dialog.close).props('flat')
                ui.button(_('Fill the form'), icon='auto_fix_high', on_click=self.fill).mark('paste-fill')
        self.button = ui.button(_('Paste contact'), icon='content_paste', on_click=self.open)
        self.button.props('outline').mark('paste-contact')

    def open(self) -> None:
        self.text.set_value('')
        self.dialog.open()

    def fill(self) -> None:
        draft = self.fields.draft
        pasted = read_contact_block(self.text.value or '', draft.country)
        filled: list[str] = []
        country = pasted.values.get('country')
        if country and country != draft.country:
            self.fields.inputs['country'].set_value(country)
            filled.append('country')
        kind = pasted.values.get('kind')
        if kind and not draft.name and not draft.contact_person:
            self.fields.extra['kind'].set_value(CustomerKind(kind).value)
        for key in TEXT_KEYS:
            value = pasted.values.get(key)
            if value and not getattr(draft, key):
                self.fields.inputs[key].set_value(value)
                filled.append(key)
        self.dialog.close()
        for key in filled:
            self.highlighted[key] = key in pasted.guesses
            self.fields.inputs[key].classes(add=HIGHLIGHT)
        self.decorate()
        self.on_filled()
        if filled:
            message = ngettext(
                '{count} field filled: please check the highlighted one.',
                '{count} fields filled: please check the highlighted ones.',
                len(filled),
            ).format(count=len(filled))
            ui.notify(message, type='info')
        else:
            ui.notify(_('Nothing new was recognised in the pasted text.'), type='warning')

    def decorate(self) -> None:
        """Put the 'filled'/'guess' hint back under each highlighted field (the form's refresh rewrites hints)."""
        for key, guess in self.highlighted.items():
            element = self.fields.inputs[key]
            note = _('Guessed from the pasted text: please check') if guess else _('Filled from the pasted text')
            own = str(element.props.get('hint') or '')
            element.props['hint'] = f'{own} · {note}' if own and note not in own else (own or note)
            element.update()

    def _touched(self, key: str) -> None:
        if self.highlighted.pop(key, None) is None:
            return
        element = self.fields.inputs[key]
        element.classes(remove=HIGHLIGHT)
        element.props['hint'] = ''
        self.on_filled()
