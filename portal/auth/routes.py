from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm

from portal.auth import bp
from portal.auth.forms import ChangePasswordForm, LoginForm
from portal.extensions import limiter
from portal.i18n import gettext as _
from portal.services import accounts
from portal.web import safe_next_url


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _identifier_key() -> str:
    return "login:" + (request.form.get("identifier") or "").strip().lower()


def _failed(response) -> bool:
    return response.status_code == 401


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_login_limit, methods=["POST"], key_func=_identifier_key, deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.identifier.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            if user.must_change_password:
                flash(_("Selamat datang. Buat kata sandi Anda sendiri sebelum melanjutkan."), "info")
                return redirect(url_for("auth.change_password"), code=303)
            return redirect(safe_next_url(request.args.get("next"), url_for("home.index")), code=303)
        form.password.errors.append(_("NIP/e-mail atau kata sandi salah. Periksa lalu coba lagi."))
        return render_template("auth/login.html", form=form), 401
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        problems = accounts.change_password(current_user, form.current.data, form.new.data)
        if not problems:
            login_user(current_user._get_current_object())  # the session carries the new epoch
            flash(_("Kata sandi berhasil diganti."), "success")
            return redirect(url_for("home.index"), code=303)
        form.new.errors.extend(_(p) for p in problems)
    status = 422 if form.errors else 200
    return render_template("auth/change_password.html", form=form, logout_form=FlaskForm()), status
