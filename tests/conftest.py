import os
import shutil

import pytest

from tests.questions.sealing import answer_key  # noqa: F401 (a fixture: the server's answer file key for a test)

CHROMIUM = "/usr/bin/chromium"


def browser_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items or browser_available():
        return
    if os.environ.get("QUIZLAB_REQUIRE_BROWSER"):
        raise pytest.UsageError(
            f"QUIZLAB_REQUIRE_BROWSER is set but {CHROMIUM} is missing: apt-get install -y chromium"
        )
    skip = pytest.mark.skip(reason=f"chromium not installed ({CHROMIUM}); browser tests skipped")
    for item in browser_items:
        item.add_marker(skip)
    config._quizlab_browser_skipped = len(browser_items)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = getattr(config, "_quizlab_browser_skipped", 0)
    if skipped:
        terminalreporter.write_sep("!", f"{skipped} BROWSER TESTS SKIPPED: chromium is not installed", red=True)
        terminalreporter.write_line("Install it with: apt-get install -y chromium   (CI requires these tests)")


@pytest.fixture
def instructor(client):
    """An instructor (see tests.questions.factories.make_instructor), logged in on ``client``."""
    from tests.questions.factories import make_instructor

    user = make_instructor()
    client.force_login(user)
    return user
