"""Signing in and out, first-login password change, rate limits, CSRF, language, error pages."""
from portal.extensions import db
from portal.models import User
from tests import factories


def test_login_page_is_indonesian_by_default(client):
    response = client.get("/auth/login")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="id">' in html
    assert "Masuk ke Cermin 360" in html


def test_login_by_nip_and_by_email(browser, org):
    response = browser.login(org.reports[0].nip)
    assert response.headers["Location"] == "/"
    assert "Selamat datang, Rekan 0" in browser.get("/").get_data(as_text=True)
    browser.logout()
    browser.login("REKAN1@uji.go.id")
    assert "Rekan 1" in browser.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_with_a_clear_message(browser, org):
    response = browser.post("/auth/login", {"identifier": org.reports[0].nip, "password": "salah-sekali-1"})
    assert response.status_code == 401
    assert "NIP/e-mail atau kata sandi salah" in response.get_data(as_text=True)
    assert org.reports[0].nip in response.get_data(as_text=True)  # what the user typed is kept


def test_unknown_account_gets_the_same_answer(browser, org):
    response = browser.post("/auth/login", {"identifier": "999999999999999999", "password": "x"})
    assert response.status_code == 401
    assert "NIP/e-mail atau kata sandi salah" in response.get_data(as_text=True)


def test_wrong_passwords_are_rate_limited_with_429(browser, org):
    statuses = [
        browser.post("/auth/login", {"identifier": org.reports[0].nip, "password": f"salah-{i}"}).status_code
        for i in range(6)
    ]
    assert statuses == [401] * 5 + [429]
    response = browser.post("/auth/login", {"identifier": org.reports[0].nip, "password": factories.PASSWORD})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)
    assert "Retry-After" in response.headers


def test_the_limit_counts_the_last_minute_not_a_window_that_starts_afresh(browser, org, monkeypatch):
    """One guess, four more 58 s later: a minute after the first, a fresh window would allow five again."""
    import limits.storage.memory as memory

    clock = [1_800_000_000.0]
    monkeypatch.setattr(memory.time, "time", lambda: clock[0])
    guess = lambda i: browser.post("/auth/login", {"identifier": org.reports[0].nip, "password": f"x-{i}"})
    assert guess(0).status_code == 401
    clock[0] += 58
    assert [guess(i).status_code for i in range(1, 5)] == [401] * 4
    clock[0] += 3  # the first guess is now more than a minute old: one more, then refused
    assert [guess(5).status_code, guess(6).status_code] == [401, 429]


def test_successful_logins_do_not_use_up_the_limit(browser, org):
    for _ in range(7):
        browser.login(org.reports[0].nip)
        browser.logout()


def test_post_without_csrf_token_is_refused(client, org):
    response = client.post("/auth/login", data={"identifier": org.reports[0].nip, "password": factories.PASSWORD})
    assert response.status_code == 400
    assert "token keamanan" in response.get_data(as_text=True)


def test_pages_need_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


def test_open_redirect_is_not_followed(browser, org):
    response = browser.post("/auth/login?next=//evil.example/x",
                            {"identifier": org.reports[0].nip, "password": factories.PASSWORD})
    assert response.headers["Location"] == "/"


def test_imported_account_must_change_password_first(browser, app):
    unit = factories.unit()
    person = factories.employee(unit, "Baru", must_change_password=True)
    db.session.commit()
    response = browser.login(person.nip)
    assert response.headers["Location"] == "/auth/password"
    assert browser.get("/").headers["Location"] == "/auth/password"
    response = browser.post("/auth/password", {"current": factories.PASSWORD, "new": "pendek", "confirm": "pendek"})
    assert response.status_code == 422
    assert "minimal 10 karakter" in response.get_data(as_text=True)
    response = browser.post("/auth/password", {"current": factories.PASSWORD, "new": "Sandi-baru-2026",
                                               "confirm": "Sandi-baru-2026"})
    assert response.status_code == 303
    assert browser.get("/").status_code == 200
    user = db.session.scalar(db.select(User).filter_by(employee_id=person.id))
    assert user.must_change_password is False
    assert user.check_password("Sandi-baru-2026")


def test_password_change_signs_out_other_sessions(app, org):
    first, second = app.test_client(), app.test_client()
    from tests.conftest import Browser

    a, b = Browser(first), Browser(second)
    a.login(org.reports[0].nip)
    b.login(org.reports[0].nip)
    response = a.post("/auth/password", {"current": factories.PASSWORD, "new": "Sandi-baru-2026",
                                         "confirm": "Sandi-baru-2026"})
    assert response.status_code == 303
    assert a.get("/").status_code == 200
    assert b.get("/").status_code == 302


def test_tampered_session_cookie_is_treated_as_signed_out(browser, org, client):
    browser.login(org.reports[0].nip)
    cookie = client.get_cookie("session")
    client.set_cookie("session", cookie.value[:-4] + "AAAA")
    assert client.get("/").status_code == 302


def test_language_switch_is_remembered(browser, org):
    response = browser.post("/language", {"lang": "en", "next": "/auth/login"})
    assert response.status_code == 303
    html = browser.get("/auth/login").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Sign in to Cermin 360" in html
    browser.login(org.reports[0].nip)
    assert "Welcome, Rekan 0" in browser.get("/").get_data(as_text=True)
    browser.post("/language", {"lang": "id", "next": "/"})
    assert "Selamat datang" in browser.get("/").get_data(as_text=True)


def test_unknown_language_is_ignored(browser):
    browser.post("/language", {"lang": "xx", "next": "/auth/login"})
    assert '<html lang="id">' in browser.get("/auth/login").get_data(as_text=True)


def test_not_found_page_is_indonesian(client):
    response = client.get("/tidak-ada")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_server_error_page(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/auth/login")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "HX-Request" in response.headers["Vary"]


def test_session_cookie_flags(browser, org):
    response = browser.login(org.reports[0].nip)
    cookie = response.headers.get("Set-Cookie")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
