"""Mail: queue in the outbox (inside the caller's transaction), deliver after the commit."""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import OutboxMessage
from portal.models.audit import _now

log = logging.getLogger(__name__)


def queue(recipient: str, subject: str, body: str) -> OutboxMessage:
    message = OutboxMessage(recipient=recipient, subject=subject[:200], body=body)
    db.session.add(message)
    return message


def deliver_pending(limit: int = 500) -> int:
    """Send queued messages over SMTP when it is configured; returns how many were sent. Commits per batch."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        return 0
    pending = db.session.scalars(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None),
                                                             OutboxMessage.error == "")
                                 .order_by(OutboxMessage.id).limit(limit)).all()
    if not pending:
        return 0
    sent = 0
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            for message in pending:
                mail = EmailMessage()
                mail["From"], mail["To"], mail["Subject"] = config["MAIL_DEFAULT_SENDER"], message.recipient, message.subject
                mail.set_content(message.body)
                try:
                    smtp.send_message(mail)
                    message.sent_at = _now()
                    sent += 1
                except smtplib.SMTPRecipientsRefused as error:
                    message.error = str(error)[:300]
    except (OSError, smtplib.SMTPException) as error:
        # The messages stay queued; the outbox page shows them as not sent.
        log.warning("mail delivery failed: %s", type(error).__name__)
    db.session.commit()
    return sent


def outbox(page: int, per_page: int):
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def unsent_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))
