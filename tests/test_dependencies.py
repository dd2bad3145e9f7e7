"""The installed NiceGUI carries the published security fixes (XSS in sub_pages and markdown, upload paths, ...)."""

from importlib.metadata import version

from packaging.version import Version

# 3.16.0 fixed GHSA-46f2-xhpw-8vh3; the XSS and path-traversal advisories before it were fixed up to 3.12.0.
MINIMUM_NICEGUI = Version('3.16.0')


def test_nicegui_is_at_least_the_release_with_the_published_fixes() -> None:
    assert Version(version('nicegui')) >= MINIMUM_NICEGUI
