"""Signing in, switching language and signing out in a real browser, with accessibility checks."""
from playwright.sync_api import expect


def test_sign_in_switch_language_and_sign_out(tab):
    tab.goto("/")
    assert "/auth/login" in tab.page.url
    assert tab.axe_violations() == []
    tab.shot("login")
    tab.login("pegawai@demo.go.id")
    assert tab.page.locator("h1").inner_text().startswith("Selamat datang")
    assert tab.axe_violations() == []
    tab.shot("home")

    # Each step leaves the page: first let it finish loading (its stylesheet may still be on the way after the
    # heading shows), as a user would, or Chromium aborts that request and the tab reports it.
    tab.quiet()
    tab.page.click("text=English")
    expect(tab.page.locator("h1")).to_contain_text("Welcome")
    expect(tab.page.locator("html")).to_have_attribute("lang", "en")
    tab.quiet()
    tab.page.reload()
    expect(tab.page.locator("h1")).to_contain_text("Welcome")

    tab.quiet()
    tab.page.click("text=Bahasa Indonesia")
    expect(tab.page.locator("h1")).to_contain_text("Selamat datang")
    tab.quiet()
    tab.page.click("button:has-text('Keluar')")
    expect(tab.page.locator(".flash")).to_contain_text("Anda sudah keluar")
    assert "/auth/login" in tab.page.url


def test_wrong_password_message_keeps_what_was_typed(tab):
    tab.expected_statuses.add(401)
    tab.goto("/auth/login")
    tab.page.fill("#identifier", "pegawai@demo.go.id")
    tab.page.fill("#password", "salah-sekali-123")
    tab.page.click("button[type=submit].primary")
    expect(tab.page.locator(".errors")).to_contain_text("NIP/e-mail atau kata sandi salah")
    assert tab.page.input_value("#identifier") == "pegawai@demo.go.id"


def test_sign_in_works_without_javascript(chromium, live_server):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server["url"] + "/auth/login")
    page.fill("#identifier", "atasan@demo.go.id")
    page.fill("#password", "Cermin360-demo")
    page.click("button[type=submit].primary")
    assert page.locator("h1").inner_text().startswith("Selamat datang")
    context.close()
