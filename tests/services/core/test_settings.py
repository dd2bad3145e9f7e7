"""Settings from the environment, written as people write them."""

import pytest

from services.core.settings import AppSettings


@pytest.mark.parametrize(
    ('raw', 'hosts'),
    [
        ('crm.office.lan', ['crm.office.lan']),
        ('crm.office.lan, 192.168.1.20', ['crm.office.lan', '192.168.1.20']),
        ('crm.office.lan 192.168.1.20', ['crm.office.lan', '192.168.1.20']),
        ('["crm.office.lan", "localhost"]', ['crm.office.lan', 'localhost']),
        ('', None),
    ],
)
def test_allowed_hosts_take_plain_names_lists_and_json(
    raw: str, hosts: list[str] | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv('CLIENTBOOK_ALLOWED_HOSTS', raw)
    assert AppSettings().allowed_hosts == hosts
