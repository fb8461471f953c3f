"""Error pages in the user's language. htmx requests get a fragment swapped into #main."""
from __future__ import annotations

import logging

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.i18n import gettext as _

log = logging.getLogger(__name__)

MESSAGES = {
    400: lambda: (_("Permintaan tidak valid"), _("Permintaan tidak dapat diproses. Periksa isian Anda lalu coba lagi.")),
    403: lambda: (_("Akses ditolak"), _("Anda tidak memiliki hak untuk membuka halaman ini. Jika ini keliru, hubungi admin BKPSDM.")),
    404: lambda: (_("Halaman tidak ditemukan"), _("Alamat yang Anda buka tidak ada atau sudah dipindahkan. Kembali ke beranda untuk melanjutkan.")),
    405: lambda: (_("Metode tidak diizinkan"), _("Halaman ini tidak menerima permintaan seperti itu.")),
    409: lambda: (_("Konflik"), _("Data sudah berubah atau sudah dikirim sebelumnya. Muat ulang halaman untuk melihat keadaan terbaru.")),
    413: lambda: (_("Berkas terlalu besar"), _("Berkas atau isian melebihi batas ukuran. Perkecil lalu coba lagi.")),
    422: lambda: (_("Isian tidak dapat diproses"), _("Periksa kembali isian Anda.")),
    429: lambda: (_("Terlalu banyak percobaan"), _("Anda mencoba terlalu sering. Tunggu beberapa menit lalu coba lagi.")),
    503: lambda: (_("Layanan sementara tidak tersedia"), _("Basis data sedang tidak dapat dihubungi. Isian Anda belum tersimpan; tunggu sebentar lalu kirim lagi.")),
    500: lambda: (_("Terjadi kesalahan"), _("Terjadi kesalahan di server dan isian ini belum tersimpan. Silakan coba lagi; jika berulang, hubungi admin.")),
}


def render_error(status: int, detail: str | None = None):
    title, message = MESSAGES.get(status, MESSAGES[500])()
    context = {"status": status, "title": title, "message": detail or message}
    if request.headers.get("HX-Request") == "true" and status >= 500:
        # The server failed, not the user: keep the page and everything typed on it, and say so above it.
        return render_template("errors/_alert.html", **context), status, {"HX-Retarget": "#flashes",
                                                                          "HX-Reswap": "innerHTML"}
    if request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true":
        return render_template("errors/_error.html", **context), status, {"HX-Retarget": "#main",
                                                                          "HX-Reswap": "innerHTML"}
    return render_template("errors/error.html", **context), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_error(400, _("Sesi formulir sudah kedaluwarsa atau token keamanan tidak cocok. "
                                   "Muat ulang halaman lalu kirim lagi."))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        detail = error.description if getattr(error, "user_message", False) else None
        if error.code == 429:
            detail = _("Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi (batas: %(limit)s).",
                       limit=error.description)
        return render_error(error.code, detail)

    @app.errorhandler(OperationalError)
    def _database_unavailable(error):
        # The database went away (restart, network): say so, keep nothing half-done, and let the pool
        # reconnect on the next request without restarting the app.
        from portal.extensions import db, login

        log.warning("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
        db.session.rollback()
        g._login_user = login.anonymous_user()  # render the page without asking the database who is signed in
        body, status, *headers = render_error(503)
        return body, status, {**(headers[0] if headers else {}), "Retry-After": "30"}

    @app.errorhandler(InternalServerError)
    def _server(error):
        from portal.extensions import db

        db.session.rollback()
        return render_error(500)
