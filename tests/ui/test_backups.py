"""Settings -> Backups and the header's warning, as an admin sees them; the health route as a monitor sees it."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta

from nicegui.testing import User

from models import AuditEntry, Role
from services.core.settings import AppSettings
from services.ops.backup import list_backups
from tests.ui.helpers import sign_in


async def test_an_admin_makes_a_backup_by_hand_and_the_warning_goes_away(user: User) -> None:
    await sign_in(user)
    await user.open('/settings/backups')
    await user.should_see('No backup has been made yet.', retries=20)
    await user.should_see(marker='backup-warning')  # in the header: no backup yet

    user.find(marker='backup-now').click()
    await user.should_see(marker='backup-age', retries=50)
    [made] = list_backups(AppSettings().backups_dir)
    assert user.find(marker='backup-table').elements.pop().rows[0]['name'] == made.name  # type: ignore[attr-defined]
    await user.open('/customers')
    await user.should_see(marker='user-menu', retries=20)
    await user.should_not_see(marker='backup-warning')


async def test_the_header_warns_admins_only_when_the_last_backup_is_older_than_two_days(user: User) -> None:
    folder = AppSettings().backups_dir
    folder.mkdir(parents=True)
    old = datetime.now(UTC) - timedelta(days=3, hours=1)
    (folder / f'clientbook-{old:%Y%m%dT%H%M%SZ}.tar.gz').write_bytes(b'')
    await sign_in(user, role=Role.MEMBER, name='Mia Member')
    await user.open('/customers')
    await user.should_see(marker='user-menu', retries=20)
    await user.should_not_see(marker='backup-warning')

    await sign_in(user)
    await user.open('/customers')
    await user.should_see('Last backup 3 days ago', retries=20)


async def test_only_admins_download_backups_and_each_download_is_recorded(user: User) -> None:
    folder = AppSettings().backups_dir
    folder.mkdir(parents=True)
    name = f'clientbook-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.tar.gz'
    (folder / name).write_bytes(gzip.compress(b'archive'))

    await sign_in(user, role=Role.MEMBER, name='Mia Member')
    assert (await user.http_client.get(f'/downloads/backups/{name}')).status_code == 403
    admin = await sign_in(user)
    response = await user.http_client.get(f'/downloads/backups/{name}')
    assert response.status_code == 200 and gzip.decompress(response.content) == b'archive'
    assert response.headers['content-disposition'].endswith(f'filename="{name}"')
    assert (await user.http_client.get('/downloads/backups/..%2Fclientbook.sqlite3')).status_code == 404
    assert (await user.http_client.get('/downloads/backups/clientbook-20200101T000000Z.tar.gz')).status_code == 404
    assert await AuditEntry.filter(action='backup.download', actor_id=admin.id, detail=name).count() == 1


async def test_health_answers_without_a_session_and_shows_no_data(user: User) -> None:
    response = await user.http_client.get('/healthz', follow_redirects=False)
    assert response.status_code == 200
    assert response.json() == {
        'status': 'ok',
        'database': {'ok': True, 'ms': response.json()['database']['ms']},
        'outbox_worker': {'ok': True},
        'events': {'ok': None, 'mode': 'in-process'},
        'backup': {'ok': False, 'age_hours': None},
    }
