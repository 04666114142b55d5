"""Who viewed a profile: one row per organisation, profile and day, for the person to see."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import Organization, Profile, ProfileView, User, utcnow
from web.services import access


def record_view(session: Session, user: User, profile: Profile) -> ProfileView | None:
    """Note that a host (or staff member) opened a profile's card; at most once a day each.

    A host's view is recorded for each of their organisations; staff views have no organisation.
    The owner looking at their own profile is not a view.
    """
    if profile.user_id == user.id:
        return None
    organizations = sorted(access.organization_ids(user)) or [None]
    now = utcnow()
    start = datetime.combine(now.date(), time.min, tzinfo=now.tzinfo)
    latest = None
    for organization_id in organizations:
        seen = select(ProfileView.id).where(
            ProfileView.profile_id == profile.id,
            ProfileView.viewed_at >= start,
            ProfileView.viewed_at < start + timedelta(days=1),
        )
        if organization_id is None:
            seen = seen.where(
                ProfileView.organization_id.is_(None), ProfileView.viewer_id == user.id
            )
        else:
            seen = seen.where(ProfileView.organization_id == organization_id)
        if session.scalar(seen.limit(1)) is not None:
            continue
        latest = ProfileView(
            profile_id=profile.id, organization_id=organization_id, viewer_id=user.id, viewed_at=now
        )
        session.add(latest)
    session.flush()
    return latest


def views_of(session: Session, profile: Profile, limit: int = 500) -> list[dict[str, Any]]:
    """Return who viewed a profile, newest first: the organisation (None for staff) and when."""
    rows = session.execute(
        select(ProfileView, Organization)
        .outerjoin(Organization, Organization.id == ProfileView.organization_id)
        .where(ProfileView.profile_id == profile.id)
        .order_by(ProfileView.viewed_at.desc(), ProfileView.id.desc())
        .limit(limit)
    ).all()
    return [{"viewed_at": view.viewed_at, "organization": org} for view, org in rows]
