"""The landing page for every signed-in user and the language switch."""
from flask import Blueprint

bp = Blueprint("home", __name__)

from portal.home import routes  # noqa: E402,F401
