"""The audit trail around personal data, and security events for moderators."""

from __future__ import annotations

import hashlib
import hmac
import logging

from flask import current_app
from sqlalchemy.orm import Session

from web.models import AuditEvent, SecurityEvent

log = logging.getLogger(__name__)


def pseudonym(kind: str, record_id: int) -> str:
    """Return a stable pseudonymous reference to a record ("user", 12) under the secret key."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"{kind}:{record_id}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}:{digest[:24]}"


def record(
    session: Session,
    action: str,
    *,
    actor_user_id: int | None = None,
    subject_user_id: int | None = None,
    details: dict | None = None,
) -> AuditEvent:
    """Append an audit event; people appear only as pseudonymous references."""
    event = AuditEvent(
        action=action,
        actor_ref=pseudonym("user", actor_user_id) if actor_user_id is not None else None,
        subject_ref=pseudonym("user", subject_user_id) if subject_user_id is not None else None,
        details=details or {},
    )
    session.add(event)
    session.flush()
    return event


def security_event(
    session: Session,
    kind: str,
    *,
    user_id: int | None = None,
    organization_id: int | None = None,
    details: dict | None = None,
) -> SecurityEvent:
    """Record something moderators must look at, and log it without personal data."""
    event = SecurityEvent(
        kind=kind, user_id=user_id, organization_id=organization_id, details=details or {}
    )
    session.add(event)
    session.flush()
    log.warning("security event %s (user #%s, organisation #%s)", kind, user_id, organization_id)
    return event
