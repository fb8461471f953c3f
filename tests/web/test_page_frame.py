"""Every page is drawn into a frame kept per worker (portal.web.frame): what a page shows must be exactly the
frame rendered in one go with that request's values, and nothing of one user's request may appear on another's."""
from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest
from flask import flash, get_flashed_messages, render_template_string, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from portal.cache import app_cache
from portal.security import current_roles
from portal.web import frame, nav
from portal.web.sessions import csrf_token
from tests import factories

PAGE = ('{% extends "base.html" %}{% block title %}Judul <b>uji</b>{% endblock %}'
        '{% block content %}<p id="isi">{{ note }}</p>{% endblock %}')
BARE = '{% extends "base.html" %}{% block scripts %}{% endblock %}{% block content %}isi{% endblock %}'
CONTENT = '<p id="isi">a &amp; b &lt;c&gt;</p>'


def _add_routes(app) -> None:
    @app.get("/uji/halaman")
    def _page():
        if request.args.get("pesan"):
            flash(request.args["pesan"], "success")
        page = render_template_string(PAGE, note="a & b <c>")
        return {"page": page, "expected": _whole(Markup("Judul <b>uji</b>"), Markup(CONTENT))}

    @app.get("/uji/polos")
    def _bare():
        return render_template_string(BARE)


def _whole(title: Markup, content: Markup) -> str:
    """The frame rendered in one go, without the cache, with this request's values in the holes."""
    signed_in = current_user.is_authenticated
    items = nav.menu(current_roles()) if signed_in else ()
    flashes = "".join(f'<p class="flash flash-{c}">{Markup.escape(m)}</p>'
                      for c, m in get_flashed_messages(with_categories=True))
    values = SimpleNamespace(
        title=title, scripts=Markup('<script src="/static/vendor/htmx.min.js" defer></script>'),
        token=csrf_token(), next=request.full_path if request.query_string else request.path,
        name=current_user.name if signed_in else "", flashes=Markup(flashes), content=content)
    return frame.render(get_locale(), signed_in, items, nav.current(items, request.path), values)


@pytest.fixture
def framed(app, org):
    _add_routes(app)
    return org


def _both(browser, url: str) -> dict:
    response = browser.get(url)
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))


@pytest.mark.parametrize("who", [None, "hr", "trainer", "supervisor", "employee"])
def test_a_page_is_the_frame_rendered_with_its_own_values(framed, browser, who):
    people = {"hr": framed.hr, "trainer": framed.trainer, "supervisor": framed.supervisor,
              "employee": framed.reports[0]}
    if who:
        browser.login(people[who].email)
    for url in ("/uji/halaman", "/uji/halaman?q=1&x=%3Cy%3E", "/uji/halaman?pesan=Tersimpan%20%3Cok%3E"):
        for _ in range(2):  # the second comes from the kept frame
            found = _both(browser, url)
            assert found["page"] == found["expected"]
            assert "\x00" not in found["page"]
    assert 'value="/uji/halaman?q=1&amp;x=%3Cy%3E"' in _both(browser, "/uji/halaman?q=1&x=%3Cy%3E")["page"]
    flashed = _both(browser, "/uji/halaman?pesan=Tersimpan%20%3Cok%3E")["page"]
    assert '<p class="flash flash-success">Tersimpan &lt;ok&gt;</p>' in flashed


def test_in_english_the_frame_is_english(framed, browser):
    browser.login(framed.reports[0].email)
    browser.post("/language", {"lang": "en", "next": "/uji/halaman"})
    found = _both(browser, "/uji/halaman")
    assert found["page"] == found["expected"]
    assert '<html lang="en">' in found["page"] and ">Sign out<" in found["page"]


def test_someone_else_in_indonesian_meanwhile_gets_the_indonesian_frame(app, framed):
    from tests.conftest import Browser

    english, other = Browser(app.test_client()), Browser(app.test_client())
    english.login(framed.reports[0].email)
    english.post("/language", {"lang": "en", "next": "/uji/halaman"})
    other.login(framed.reports[1].email)
    assert '<html lang="en">' in _both(english, "/uji/halaman")["page"]
    found = _both(other, "/uji/halaman")
    assert found["page"] == found["expected"] and '<html lang="id">' in found["page"] and ">Keluar<" in found["page"]


def test_people_with_the_same_roles_share_the_frame_but_see_their_own_name_and_token(app, framed):
    from tests.conftest import Browser

    first, second = Browser(app.test_client()), Browser(app.test_client())
    first.login(framed.reports[0].email)
    second.login(framed.reports[1].email)
    before = len(app_cache("page-frames"))  # the sign-in page's
    pages = [_both(first, "/uji/halaman")["page"], _both(second, "/uji/halaman")["page"]]
    assert len(app_cache("page-frames")) == before + 1
    tokens = [set(re.findall(r'name="csrf_token" value="([^"]+)"', page)) for page in pages]
    assert len(tokens[0]) == len(tokens[1]) == 1 and tokens[0] != tokens[1]
    assert '<span class="whoami">Rekan 0</span>' in pages[0] and "Rekan 1" not in pages[0]
    assert '<span class="whoami">Rekan 1</span>' in pages[1] and "Rekan 0" not in pages[1]


def test_the_menu_is_the_roles_own_and_marks_the_section_shown(framed, browser):
    browser.login(framed.supervisor.email)
    reports = browser.get("/reports/").get_data(as_text=True)
    assert '<a href="/reports/" aria-current="page">' in reports and reports.count('aria-current="page"') == 1
    team = browser.get("/team/").get_data(as_text=True)
    assert '<a href="/team/" aria-current="page">' in team and team.count('aria-current="page"') == 1
    assert "/admin/" not in team
    browser.logout()
    browser.login(framed.hr.email)
    admin = browser.get("/admin/").get_data(as_text=True)
    assert '<a href="/admin/" aria-current="page">' in admin and "/team/" not in admin


def test_a_page_may_leave_out_the_scripts(framed, browser):
    page = browser.get("/uji/polos").get_data(as_text=True)
    assert "htmx.min.js" not in page and "<title>Beranda &#183; Cermin 360</title>" in page and ">isi</main>" not in page
    assert re.search(r'<main id="main" tabindex="-1">.*isi\s*</main>', page, re.S)


def test_cut_gives_text_and_the_hole_after_it():
    marked = frame._Holes()
    assert frame.cut(f"a{marked.title}b{marked.content}c") == ((Markup("a"), "title"), (Markup("b"), "content"),
                                                              (Markup("c"), None))
    with pytest.raises(AttributeError):
        marked.password
