"""Shows one received message safely: the HTML body in a sandboxed frame that runs no scripts and loads nothing."""

from __future__ import annotations

from urllib.parse import quote

from nicegui import ui

from services.core.i18n import _
from services.mail.dev_mailbox import ReceivedMail
from ui.common.format import when

# Prepended to every body: no scripts, no remote images, fonts or styles. A received message cannot relax it.
SRCDOC_PREFIX = (
    '<meta http-equiv="Content-Security-Policy" '
    "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
)


def mail_viewer(mail: ReceivedMail) -> None:
    summary = mail.summary
    with ui.column().classes('w-full gap-1').mark('mail-viewer'):
        ui.label(summary.subject or _('(no subject)')).classes('text-h6').mark('mail-subject')
        with ui.grid(columns='auto 1fr').classes('gap-x-3 gap-y-0 text-body2'):
            for caption, value in ((_('From'), summary.sender), (_('To'), summary.recipients),
                                   (_('Received'), when(summary.received_at)),
                                   ('Message-ID', mail.message_id)):  # fmt: skip
                ui.label(caption).classes('text-grey-7')
                ui.label(value)
        if mail.attachments:
            with ui.row().classes('gap-2 items-center'):
                ui.icon('attach_file')
                for attachment in mail.attachments:
                    url = f'/downloads/mailbox/{quote(summary.id)}/{attachment.index}'
                    ui.button(
                        _('{filename} ({size} KB)').format(
                            filename=attachment.filename, size=attachment.size // 1024 + 1
                        ),
                        icon='download',
                        on_click=lambda url=url: ui.download.from_url(url),
                    ).props('flat dense no-caps').mark('mail-attachment')
        with ui.tabs().props('dense align=left') as tabs:
            html_tab = ui.tab(_('HTML'))
            text_tab = ui.tab(_('Text'))
        with ui.tab_panels(tabs, value=html_tab if mail.html else text_tab).classes('w-full'):
            with ui.tab_panel(html_tab).classes('q-pa-none'):
                frame = ui.element('iframe').classes('w-full border rounded-borders').style('height: 520px')
                frame.props['sandbox'] = ''  # no scripts, no same-origin access, no navigation of the app
                frame.props['referrerpolicy'] = 'no-referrer'
                frame.props['srcdoc'] = SRCDOC_PREFIX + mail.html
                frame.mark('mail-html')
            with ui.tab_panel(text_tab):
                ui.label(mail.text).classes('whitespace-pre-wrap font-mono text-body2').mark('mail-text')
