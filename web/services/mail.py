"""Outgoing e-mail: an outbox table in development and tests, SMTP when MAIL_SMTP_HOST is set."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy.orm import Session

from web.models import OutboxMessage

log = logging.getLogger(__name__)


def send(session: Session, to_address: str, subject: str, body: str) -> None:
    """Send one plain-text message: into the outbox, or through SMTP when configured."""
    config = current_app.config
    host = config.get("MAIL_SMTP_HOST")
    if not host:
        session.add(OutboxMessage(to_address=to_address, subject=subject[:300], body=body))
        session.flush()
        return
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to_address
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(host, config.get("MAIL_SMTP_PORT", 587), timeout=10) as smtp:
        if config.get("MAIL_SMTP_STARTTLS", True):
            smtp.starttls()
        if config.get("MAIL_SMTP_USER"):
            smtp.login(config["MAIL_SMTP_USER"], config["MAIL_SMTP_PASSWORD"])
        smtp.send_message(message)
    # The address is personal data: the log says only that a message went out.
    log.info("mail sent (%s)", subject[:40])
