"""In a real browser: register, switch the language, sign out and back in."""

from __future__ import annotations

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.slow


def test_register_switch_language_and_sign_out(page, live_server):
    page.goto(live_server + "/")
    screenshot(page, "01-landing-en")
    page.get_by_role("link", name="Register").first.click()
    page.get_by_label("E-mail").fill("browser-exile@example.org")
    page.get_by_label("Password", exact=True).fill("a long passphrase 42")
    page.get_by_label("Repeat the password").fill("a long passphrase 42")
    screenshot(page, "02-register")
    page.get_by_role("button", name="Create the account").click()

    assert page.get_by_role("button", name="Sign out").is_visible()

    page.get_by_role("button", name="Русский").click()
    assert page.get_by_role("button", name="Выйти").is_visible()
    assert page.locator("html").get_attribute("lang") == "ru"
    screenshot(page, "03-landing-ru")

    page.get_by_role("button", name="Выйти").click()
    page.get_by_role("link", name="Войти").first.click()
    page.get_by_label("E-mail").fill("browser-exile@example.org")
    page.get_by_label("Пароль").fill("a long passphrase 42")
    page.get_by_role("button", name="Войти").click()
    # The language was remembered for the account.
    assert page.get_by_role("button", name="Выйти").is_visible()
