"""The citizen's survey. Abuse controls: a rate limit per client address on the POST, a honeypot field, a
minimum fill time (signed form stamp), one answer per browser per service per day (signed cookie). Nothing
about the client is stored with the answer; refusals keep everything the citizen typed."""
import time
from datetime import date
from functools import lru_cache

from flask import abort, current_app, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from markupsafe import Markup

from portal.domain import ikm
from portal.domain import public_survey as rules
from portal.extensions import limiter
from portal.i18n import gettext as _
from portal.public import bp
from portal.services import public
from portal.web import render_page
from portal.web.cache import render_cache

HONEYPOT = "website"


def _signer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _stamp(service) -> str:
    return _signer("skm-form").dumps({"s": service.id})


def _cookie_name(service) -> str:
    return f"skm_{service.id}"


def _answered_today(service) -> bool:
    raw = request.cookies.get(_cookie_name(service))
    if not raw:
        return False
    try:
        return _signer("skm-done").loads(raw, max_age=2 * 86400) == date.today().isoformat()
    except BadSignature:
        return False


def _survey_limit() -> str:
    return current_app.config["PUBLIC_RATE_LIMIT"]


@lru_cache(maxsize=8)
def _labels(locale: str) -> tuple[list, list]:
    """The nine elements with their answers, and the officer scale, translated once per language (``locale``
    is the current one): the same fifty labels on every citizen's page."""
    elements = [(e.code, _(e.question), [_(answer) for answer in e.answers]) for e in ikm.ELEMENTS]
    return elements, [(value, _(label)) for value, label in rules.OFFICER_SCALE]


def _questions(survey, officers: list, sub: rules.Submission, errors: dict) -> Markup:
    """The questions' markup. Unanswered, it is the same for every citizen of the service: kept per worker under
    everything it is made of (the language, the officer question asked and the officers to choose from)."""
    locale = str(get_locale())
    elements, officer_scale = _labels(locale)

    def render() -> str:
        return render_template("public/_questions.html", elements=elements, survey=survey, officers=officers,
                               sub=sub, errors=errors, profile=rules.PROFILE, profile_labels=rules.PROFILE_LABELS,
                               officer_scale=officer_scale, cannot_say=rules.CANNOT_SAY)

    if sub != rules.Submission() or errors:
        return Markup(render())  # nosec B704 (the template escapes what it inserts)
    key = (locale, survey.items if survey is not None else None, tuple(officers))
    return render_cache("public-questions").get(key, render)


def _render(service, survey, sub=None, errors=None, status=200, notice=None, officers=None):
    """``officers`` as read with the page (``public.citizen_page``), or read here."""
    if officers is None:
        officers = public.officers(service) if survey is not None else []
    survey = survey if officers else None
    sub, errors = sub or rules.Submission(), errors or {}
    return render_page(
        "public/survey.html", service=service, questions=_questions(survey, officers, sub, errors), sub=sub,
        errors=errors, stamp=_stamp(service), limit=rules.SUGGESTION_LIMIT, honeypot=HONEYPOT,
        notice=notice, status=status)


def _service(token: str):
    return public.by_token(token) or abort(404)


@bp.get("/<token>")
def survey(token: str):
    page = public.citizen_page(token) or abort(404)
    if _answered_today(page.service):
        return render_page("public/already.html", service=page.service)
    return _render(page.service, page.survey, officers=page.officers if page.survey is not None else [])


def _rates_an_officer(form) -> bool:
    """Whether the citizen answered any part of the officer question (most leave it alone)."""
    return any(value.strip() for key, value in form.items(multi=True) if key == "officer" or key.startswith("officer-"))


@bp.post("/<token>")
@limiter.limit(_survey_limit)
def submit(token: str):
    service = _service(token)
    # Without an officer named or rated, the collecting cycle and the officers play no part in reading and storing
    # the answer (they are read again only to show the form once more).
    officer_survey = public.officer_survey(service) if _rates_an_officer(request.form) else None
    officers = [o.id for o in public.officers(service)] if officer_survey else []
    # Without a cycle collecting answers there is no officer question, so stale officer fields are ignored.
    fields = request.form if officer_survey else {k: v for k, v in request.form.items() if not k.startswith("officer")}
    sub, errors = rules.parse(fields, officers, officer_survey.indicator_ids if officer_survey else [])

    def again(status: int, notice: str):
        """The form once more, with everything the citizen typed and the officer question if it is asked."""
        survey = officer_survey if officer_survey is not None else public.officer_survey(service)
        return _render(service, survey, sub, errors, status, notice)

    if request.form.get(HONEYPOT, "").strip():
        # A bot filled the hidden field: thank it and store nothing, so it learns nothing.
        return redirect(url_for("public.thanks", token=token), code=303)
    if not FlaskForm().validate_on_submit():
        return again(400, _("Formulir sudah kedaluwarsa atau tidak lengkap. Jawaban Anda masih ada di bawah; "
                            "kirim lagi."))
    if _answered_today(service):
        return render_page("public/already.html", service=service, status=409)
    try:
        stamped = _signer("skm-form").loads(request.form.get("stamp", ""),
                                            max_age=current_app.config["PUBLIC_FORM_MAX_AGE"],
                                            return_timestamp=True)
    except SignatureExpired:
        return again(422, _("Halaman ini sudah lama dibuka. Jawaban Anda masih ada di bawah; periksa lalu kirim lagi."))
    except BadSignature:
        return again(400, _("Formulir tidak dikenali. Jawaban Anda masih ada di bawah; kirim lagi."))
    payload, signed_at = stamped
    if payload.get("s") != service.id:
        return again(400, _("Formulir ini milik layanan lain. Jawaban Anda masih ada di bawah; kirim lagi."))
    if time.time() - signed_at.timestamp() < current_app.config["PUBLIC_MIN_FILL_SECONDS"]:
        return again(422, _("Jawaban terkirim terlalu cepat. Baca setiap pertanyaan, lalu kirim lagi."))
    if errors:
        return again(422, _("Ada %(count)s isian yang perlu diperbaiki. Jawaban lain sudah tetap terisi.",
                            count=len(errors)))
    cookie = _cookie_name(service)  # before the commit, which expires the service (reading it again: a query)
    public.submit(service, sub, officer_survey, date.today())
    response = make_response(redirect(url_for("public.thanks", token=token), code=303))
    response.set_cookie(cookie, _signer("skm-done").dumps(date.today().isoformat()),
                        max_age=86400, httponly=True, samesite="Lax", secure=request.is_secure,
                        path=url_for("public.survey", token=token))
    return response


@bp.get("/<token>/thanks")
def thanks(token: str):
    return render_page("public/thanks.html", service=_service(token))
