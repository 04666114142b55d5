"""The test mailbox: read confirmation links from the outbox, use them through the pages, and see
the attestation a confirmed address earned."""

from __future__ import annotations

import re

from sqlalchemy import select

from web import database
from web.models import Attestation, OutboxMessage, User
from web.services import attestations
from web.services.attestations import Subject

LINK = re.compile(r"https?://[^/\s]+(/verification/email/confirm/(account|work)\?token=(\S+))")


def mailed_link(app, address: str) -> tuple[str, str]:
    """Return the path and the signed token of the newest mail to an address."""
    with app.app_context(), database.session_scope() as session:
        message = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to_address == address)
            .order_by(OutboxMessage.id.desc())
        ).first()
        assert message is not None, "no mail went out"
        found = LINK.search(message.body)
        assert found, message.body
        return found.group(1), found.group(3)


def confirm(client, purpose: str, token: str):
    """Press the confirm button of a mailed link."""
    return client.post(f"/verification/email/confirm/{purpose}", data={"token": token})


def attestation(app, email: str, kind: str) -> Attestation | None:
    """Return the attestation of a kind of the user with an e-mail address, or None."""
    with app.app_context(), database.session_scope() as session:
        user = session.scalar(select(User).where(User.email == email))
        return attestations.find(session, Subject(user_id=user.id), kind)
