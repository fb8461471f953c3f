"""Trainers: skill-gap lists per unit and competency, who each training is recommended to, the catalogue."""
from flask import Blueprint

bp = Blueprint("trainers", __name__, url_prefix="/trainers")

from portal.trainers import routes  # noqa: E402,F401
