"""The test mailbox: read confirmation links from the outbox and use them through the pages."""

from __future__ import annotations

import re

from sqlalchemy import select

from web import database
from web.models import OutboxMessage

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
