"""HR admin (BKPSDM / BKD): organisation, accounts, imports."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from portal.admin import cycles, frameworks, routes, services  # noqa: E402,F401
