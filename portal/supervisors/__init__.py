"""Supervisors: approve peer nominations of direct reports, follow the team's progress (counts only)."""
from flask import Blueprint

bp = Blueprint("supervisors", __name__, url_prefix="/team")

from portal.supervisors import routes  # noqa: E402,F401
