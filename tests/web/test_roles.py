"""Navigation follows the roles; protected routes refuse the wrong role with 403."""
import pytest


@pytest.mark.parametrize("who", ["trainer", "supervisor", "reports"])
def test_admin_is_refused_for_non_hr(browser, org, who):
    person = getattr(org, who)
    person = person[0] if isinstance(person, list) else person
    browser.login(person.nip)
    response = browser.get("/admin/")
    assert response.status_code == 403
    assert "Akses ditolak" in response.get_data(as_text=True)


def test_admin_is_open_for_hr(browser, org):
    browser.login(org.hr.nip)
    response = browser.get("/admin/")
    assert response.status_code == 200
    assert "pegawai aktif" in response.get_data(as_text=True)


def test_navigation_shows_only_what_the_role_may_use(browser, org):
    browser.login(org.reports[0].nip)
    assert 'href="/admin/"' not in browser.get("/").get_data(as_text=True)
    browser.logout()
    browser.login(org.hr.nip)
    assert 'href="/admin/"' in browser.get("/").get_data(as_text=True)
