"""The employee as rater: "Tugas penilaian saya" and one survey per assignment."""
from flask import Blueprint

bp = Blueprint("self_review", __name__, url_prefix="/tasks")

from portal.self_review import routes  # noqa: E402,F401
