from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.home import bp
from portal.i18n import LANG_COOKIE
from portal.security import current_roles
from portal.services import accounts
from portal.web import nav, safe_next_url


@bp.get("/")
@login_required
def index():
    return render_template("home/index.html", nav_items=nav.menu(current_roles()))


@bp.get("/health")
def health():
    """Load balancer check and the benchmark's ceiling: does no work."""
    return {"status": "ok"}


@bp.post("/language")
def set_language():
    lang = request.form.get("lang", "")
    target = safe_next_url(request.form.get("next"), url_for("home.index"))
    response = redirect(target, code=303)
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
        if current_user.is_authenticated:
            accounts.set_locale(current_user, lang)
    return response
