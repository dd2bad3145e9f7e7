"""Settings from the environment, written as people write them."""

import re
from pathlib import Path

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


def test_every_setting_is_in_the_readme_configuration_table() -> None:
    """Each `CLIENTBOOK_*` variable AppSettings reads has a row in README.md's table (name, default, meaning)."""
    readme = (Path(__file__).resolve().parents[3] / 'README.md').read_text(encoding='utf-8')
    rows = readme.split('## Configuration', 1)[1].split('\n## ', 1)[0]
    documented = set(re.findall(r'`CLIENTBOOK_([A-Z_]+)`', rows))
    documented |= {f'SMTP_{name}' for name in re.findall(r'`_SMTP_([A-Z_]+)`', rows)}  # "_SMTP_PASSWORD" shorthand
    missing = sorted(name.upper() for name in AppSettings.model_fields if name.upper() not in documented)
    assert missing == [], f'settings without a row in the README: {missing}'
