"""Two app processes on one PostgreSQL database: people on either see each other's work at once."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import ROOT, _wait_until_serving, free_port, sign_in
from tests.e2e.processes import Cluster, cluster, environment, throwaway_database
from tests.e2e.test_customer_table import CITY, cell, edit

pytestmark = pytest.mark.e2e


@pytest.fixture
def two(tmp_path: Path) -> Iterator[Cluster]:
    with cluster(tmp_path, processes=2) as running:
        yield running


async def test_an_edit_on_one_process_appears_on_the_other_without_reload(
    two: Cluster, page: Page, second_page: Page
) -> None:
    a, b = two.bases
    await sign_in(page, a)
    await sign_in(second_page, b)
    for tab in (page, second_page):
        await expect(cell(tab, 'C-00040', CITY)).to_be_visible()

    await (await edit(page, 'C-00040', CITY, 'Gangneung')).locator('input').press('Enter')
    await expect(cell(page, 'C-00040', CITY)).to_have_text('Gangneung')
    await expect(cell(second_page, 'C-00040', CITY)).to_have_text('Gangneung')  # served by B, no reload

    await (await edit(second_page, 'C-00039', CITY, 'Sokcho')).locator('input').press('Enter')
    await expect(cell(page, 'C-00039', CITY)).to_have_text('Sokcho')  # and back


async def test_signing_out_on_one_process_closes_the_page_on_the_other(two: Cluster, page: Page) -> None:
    a, b = two.bases
    await sign_in(page, a)
    on_b = await page.context.new_page()  # the same person (same session cookie) in a tab served by B
    await on_b.goto(b + '/customers')
    await expect(cell(on_b, 'C-00040', CITY)).to_be_visible()

    await page.get_by_role('button', name='Ada Admin').click()
    await page.get_by_text('Sign out').click()
    await expect(page).to_have_url(a + '/login?next=/customers')
    await expect(on_b).to_have_url(b + '/login?next=/customers', timeout=10_000)  # well before the 60 s recheck


async def test_a_process_that_loses_its_listening_connection_reloads_and_keeps_listening(
    two: Cluster, page: Page, second_page: Page
) -> None:
    a, b = two.bases
    await sign_in(page, a)
    await sign_in(second_page, b)
    await expect(cell(second_page, 'C-00040', CITY)).to_be_visible()
    b_port = b.rsplit(':', 1)[1]

    # A change whose event B can never hear: written while B's listening connection is being cut.
    await two.sql("UPDATE customer SET city = 'Yeosu', version = version + 1 WHERE number = 'C-00040'")
    ended = await two.sql(
        'SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1',
        f'clientbook events :{b_port}',
    )
    assert ended == 1
    await expect(cell(second_page, 'C-00040', CITY)).to_have_text('Yeosu', timeout=15_000)  # reloaded on reconnect

    listening = await two.sql(
        'SELECT count(*) FROM pg_stat_activity WHERE application_name = $1', f'clientbook events :{b_port}'
    )
    assert listening == 1
    await (await edit(page, 'C-00039', CITY, 'Mokpo')).locator('input').press('Enter')
    await expect(cell(second_page, 'C-00039', CITY)).to_have_text('Mokpo')  # later edits still arrive


def test_clientbook_workers_starts_n_processes_and_stops_them_together(tmp_path: Path) -> None:
    with throwaway_database() as database_url:
        port = free_port()
        while _listening(port + 1):  # the second process takes the next port
            port = free_port()
        env = environment(tmp_path / 'data', database_url, port, workers='2')
        log_path = tmp_path / 'workers.log'
        with log_path.open('w') as log:
            supervisor = subprocess.Popen(
                [sys.executable, str(ROOT / 'main.py')], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            try:
                for each in (port, port + 1):
                    _wait_until_serving(f'http://127.0.0.1:{each}', supervisor, log_path, timeout=90)
                    with urllib.request.urlopen(f'http://127.0.0.1:{each}/healthz', timeout=5) as response:
                        assert json.loads(response.read())['events'] == {'ok': True, 'mode': 'postgres-notify'}
            finally:
                supervisor.send_signal(signal.SIGTERM)
                assert supervisor.wait(timeout=30) == 0
        assert not _listening(port) and not _listening(port + 1)


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(('127.0.0.1', port)) == 0
