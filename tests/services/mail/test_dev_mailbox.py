"""The built-in dev mailbox: a real SMTP server on loopback that keeps messages in the data dir."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.core.errors import NotFound
from services.mail.compose import EmailContent, to_mime
from services.mail.dev_mailbox import DevMailbox
from services.mail.smtp import Outcome, SmtpTarget, send_batch


async def test_received_messages_are_listed_read_and_their_attachments_offered(tmp_path: Path) -> None:
    mailbox = DevMailbox(tmp_path / 'mailbox')
    port = await mailbox.start()
    try:
        message = to_mime(
            sender='shop@example.com', recipient='kim@example.kr',
            content=EmailContent('Hallo 김민준', 'Text body\n', '<p>HTML body</p>'),
            message_id='<m-1@example.com>', date=datetime(2026, 3, 2, tzinfo=UTC),
            attachment=('Invoice-2026-0001.pdf', b'%PDF-1.4 data'),
        )  # fmt: skip
        [result] = await send_batch(SmtpTarget('127.0.0.1', port), [message])
        assert result.outcome == Outcome.SENT
        [summary], total = mailbox.page()
        assert (total, summary.recipients, summary.subject) == (1, 'kim@example.kr', 'Hallo 김민준')
        mail = await mailbox.read(summary.id)
        assert (mail.text, mail.html, mail.message_id) == ('Text body\n', '<p>HTML body</p>\n', '<m-1@example.com>')
        assert [(a.filename, a.content_type) for a in mail.attachments] == [
            ('Invoice-2026-0001.pdf', 'application/pdf')
        ]
        assert await mailbox.attachment(summary.id, 0) == ('Invoice-2026-0001.pdf', 'application/pdf', b'%PDF-1.4 data')
    finally:
        await mailbox.stop()
    again = DevMailbox(tmp_path / 'mailbox')  # kept on disk: a restart finds the messages again
    await again.start()
    await again.stop()
    assert again.page()[1] == 1


@pytest.mark.parametrize('mail_id', ['../../etc/passwd', '20260302T000000000000-zzzzzzzz', ''])
async def test_unknown_or_malicious_ids_are_not_found(tmp_path: Path, mail_id: str) -> None:
    mailbox = DevMailbox(tmp_path)
    with pytest.raises(NotFound):
        await mailbox.read(mail_id)


async def test_a_message_received_by_another_process_on_the_same_folder_is_listed_when_heard(tmp_path: Path) -> None:
    here, there = DevMailbox(tmp_path / 'mailbox'), DevMailbox(tmp_path / 'mailbox')
    await here.start()
    port = await there.start()
    try:
        message = to_mime(
            sender='shop@example.com', recipient='kim@example.kr', content=EmailContent('Elsewhere', 'Text\n', ''),
            message_id='<m-2@example.com>', date=datetime(2026, 3, 2, tzinfo=UTC), attachment=None,
        )  # fmt: skip
        [result] = await send_batch(SmtpTarget('127.0.0.1', port), [message])
        assert result.outcome == Outcome.SENT
        assert here.page()[1] == 0
        [summary], _ = there.page()
        here.heard(summary.id)  # what the event bridge delivers from the other process
        assert [s.subject for s in here.page()[0]] == ['Elsewhere']
    finally:
        await here.stop()
        await there.stop()
