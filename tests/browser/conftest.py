"""Real-browser fixtures: the app served on loopback and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import delete
from werkzeug.serving import make_server

from web import create_app, database
from web.models import Base

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def live_app(database_url, tmp_path_factory):
    """Return an app with CSRF on, as in production, on the session's database."""
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "HOME": str(tmp_path_factory.mktemp("browser-home")),
            "RATELIMIT_STORAGE_URI": "memory://",
            # Two-factor sign-in has its own tests; the flows here sign in with a password.
            "MFA_REQUIRED_ROLES": (),
        }
    )
    yield app
    with app.app_context():
        with database.engine().begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(delete(table))
        database.engine().dispose()


@pytest.fixture(scope="module")
def live_server(live_app):
    """Serve the app on a free loopback port in a thread; return its base URL."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    """Launch Debian's Chromium once per module (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium chromium-driver")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, live_server):
    """Return a fresh browser page that fails the test on any request off this machine."""
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server, "data:", "about:"))
            else outside.append(request.url)
        ),
    )
    yield page
    context.close()
    assert outside == [], f"the page requested other hosts: {outside}"


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
