"""The employee as subject: nominating the peers who will rate them."""
from flask import Blueprint

bp = Blueprint("peers", __name__, url_prefix="/peers")

from portal.peers import routes  # noqa: E402,F401
