"""Browser-test helpers: Debian Chromium driven by Playwright, and axe-core checks.

Import the fixtures into a test module (`from perhekeskus.core.tests.browser import
browser_fixture, page_fixture`). When Chromium or Playwright is missing the tests skip
with a reason; the root conftest turns that skip into a failure under REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


# Module scope: each test module imports its own copy of this fixture, and only one sync
# Playwright may run at a time, so each copy must close before the next module starts.
@pytest.fixture(scope="module", name="browser")
def browser_fixture() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed (requirements-dev.txt)")
    # Sync Playwright runs an event loop in this thread; Django's ORM would refuse to
    # work beside it, though the test code and the live server stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(name="page")
def page_fixture(browser: Any, live_server: Any, settings: Any) -> Iterator[Any]:
    # Tests run with DEBUG off, so cookies are marked Secure; the live server speaks plain HTTP.
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    # A Finnish browser by default, as most families have; tests choose other languages explicitly.
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def set_language(page: Any, live_server: Any, lang: str) -> None:
    from django.conf import settings

    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}])


def axe_violations(page: Any, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """Run axe-core on the page; return its violations as {id, impact, help, targets}."""
    if not AXE_JS.exists():
        pytest.fail(f"axe-core not found at {AXE_JS} (npm install)")
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags or WCAG_AA)
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def overflows_horizontally(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"))
