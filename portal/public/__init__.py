"""Citizens: the public satisfaction survey of a service, reached by link or QR code, no account."""
from flask import Blueprint

bp = Blueprint("public", __name__, url_prefix="/s")

from portal.public import routes  # noqa: E402,F401
