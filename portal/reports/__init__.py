"""Reports: the employee's development report and plan, a supervisor's team reports, HR's list of all."""
from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from portal.reports import routes  # noqa: E402,F401
