"""Feedback sources (rater groups). Self and supervisor are attributed; the rest are anonymous."""
from __future__ import annotations

SELF = "self"
SUPERVISOR = "supervisor"
PEER = "peer"
DIRECT_REPORT = "report"
PUBLIC = "public"

SOURCES = (SELF, SUPERVISOR, PEER, DIRECT_REPORT, PUBLIC)
ATTRIBUTED = (SELF, SUPERVISOR)
ANONYMOUS = (PEER, DIRECT_REPORT, PUBLIC)
# Sources an employee is asked to rate through an assignment (public answers come from citizens).
ASSIGNED = (SELF, SUPERVISOR, PEER, DIRECT_REPORT)


def is_anonymous(source: str) -> bool:
    return source in ANONYMOUS
