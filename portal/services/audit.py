"""Audit trail helper used by the use cases that must say who did what (flush only; callers commit)."""
from __future__ import annotations

from portal.extensions import db
from portal.models import AuditEvent, User


def record(actor: User | None, action: str, target: str, **detail) -> AuditEvent:
    """Append an audit event. Never put rater identities of anonymous answers into ``detail``."""
    event = AuditEvent(actor_id=actor.id if actor is not None else None, action=action, target=target,
                       detail=detail)
    db.session.add(event)
    db.session.flush()
    return event
