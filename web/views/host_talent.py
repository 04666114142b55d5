"""Host pages about people: a listing's candidates, talent search and shortlists.

Everything here shows profiles as `access.profile_card` has them: no private field, no employer or
institution. The search text travels in the query string, so it is capped and never logged.
"""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from web.auth import roles_required
from web.database import get_session
from web.errors import NoIndexError, UnknownRecordError
from web.forms.search import TalentFilterForm, TalentSearchForm
from web.forms.shortlist import ShortlistForm
from web.services import candidates, listings, protection, shortlists, visibility
from web.services.matching import Matcher
from web.services.settings import settings_from_config
from web.views.host import bp, host_required, managed_listing_or_404, render, require_talent_access


def _matcher() -> Matcher:
    """Return a matcher that hides what the signed-in host may not see, after counting a page."""
    session = get_session()
    protection.before_search_page(session, g.user)
    viewer = visibility.viewer_for(g.user)
    return Matcher(session, settings_from_config(current_app.config), viewer=viewer)


def quota_page(error: protection.QuotaExceeded):
    """Answer 429 with a page saying when to come back."""
    page, status = render("contact/quota.html", 429, retry_after=error.retry_after)
    return page, status, {"Retry-After": str(error.retry_after)}


def _more_url(limit: int, **overrides) -> str | None:
    """Return the link to the same page with one more page of results, if allowed."""
    if limit >= candidates.MAX_RESULTS:
        return None
    args = request.args.to_dict() | overrides | {"k": limit + candidates.PAGE_SIZE}
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def _local_path(target: str | None, default: str) -> str:
    # Only paths on this site: a redirect anywhere else would be an open redirect.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


@bp.get("/listings/<int:listing_id>/candidates", endpoint="candidates")
@host_required
def candidates_page(listing_id: int):
    """Show the best profiles for a listing, filtered, with why each fits."""
    listing = managed_listing_or_404(listing_id)
    form = TalentFilterForm(request.args)
    limit = candidates.result_limit(request.args.get("k", type=int))
    results, cut, problem = [], {}, None
    if form.validate():
        try:
            results, cut = candidates.candidates_for_listing(
                _matcher(), listing, form.profile_filter(), limit
            )
        except NoIndexError:
            problem = _("The search index is being built. Please try again in a few minutes.")
        except protection.QuotaExceeded as error:
            return quota_page(error)
    return render(
        "host/candidates.html",
        listing=listing,
        form=form,
        results=results,
        cut=cut,
        problem=problem,
        shortlisted=shortlists.shortlisted_ids(get_session(), listing),
        more_url=_more_url(limit) if len(results) >= limit else None,
    )


@bp.get("/search", endpoint="search")
@roles_required("host", "moderator", "admin")
def search_page():
    """Search the talent pool by free text and filters."""
    require_talent_access()
    form = TalentSearchForm(request.args)
    limit = candidates.result_limit(request.args.get("k", type=int))
    results, problem = [], None
    searched = bool(form.q.data)
    if searched and form.validate():
        try:
            results = candidates.search_talent(
                _matcher(), form.q.data, form.profile_filter(), limit
            )
        except NoIndexError:
            problem = _("The search index is being built. Please try again in a few minutes.")
        except protection.QuotaExceeded as error:
            return quota_page(error)
    return render(
        "host/search.html",
        form=form,
        searched=searched,
        results=results,
        problem=problem,
        own_listings=listings.manageable_listings(get_session(), g.user),
        more_url=_more_url(limit, q=form.q.data) if len(results) >= limit else None,
    )


@bp.get("/listings/<int:listing_id>/shortlist", endpoint="shortlist")
@host_required
def shortlist_page(listing_id: int):
    """Show a listing's shortlist with the notes."""
    listing = managed_listing_or_404(listing_id)
    return render(
        "host/shortlist.html",
        listing=listing,
        entries=shortlists.shortlist(get_session(), listing),
    )


def _add(form: ShortlistForm, listing_id: int):
    """Put the form's profile on the shortlist of a listing the user manages; redirect back."""
    listing = managed_listing_or_404(listing_id)
    back = _local_path(form.next.data, url_for("host.shortlist", listing_id=listing.id))
    if not form.validate():
        if form.external_id.errors:
            abort(404)
        flash(_("Could not add to the shortlist: the note may have at most 1000 characters."))
        return redirect(back)
    session = get_session()
    try:
        _entry, created = shortlists.add_to_shortlist(
            session, listing, form.external_id.data, g.user, form.note.data
        )
    except UnknownRecordError:
        abort(404)
    session.commit()
    if created:
        flash(_("Added to the shortlist of “%(title)s”.", title=listing.title))
    else:
        flash(_("Already on the shortlist of “%(title)s”.", title=listing.title))
    return redirect(back)


@bp.post("/listings/<int:listing_id>/shortlist", endpoint="shortlist_add")
@host_required
def shortlist_add(listing_id: int):
    """Add a profile to a listing's shortlist (adding it twice changes nothing)."""
    return _add(ShortlistForm(), listing_id)


@bp.post("/shortlist", endpoint="shortlist_add_any")
@host_required
def shortlist_add_any():
    """Add a profile found by a search to the shortlist of a listing the host picks."""
    listing_id = request.form.get("listing_id", type=int)
    if listing_id is None:
        abort(404)
    return _add(ShortlistForm(), listing_id)


@bp.post("/listings/<int:listing_id>/shortlist/<int:entry_id>/remove", endpoint="shortlist_remove")
@host_required
def shortlist_remove(listing_id: int, entry_id: int):
    """Take a profile off a listing's shortlist."""
    listing = managed_listing_or_404(listing_id)
    session = get_session()
    if not shortlists.remove_from_shortlist(session, listing, entry_id):
        abort(404)
    session.commit()
    flash(_("Removed from the shortlist."))
    return redirect(url_for("host.shortlist", listing_id=listing.id))


from web.views import host_contact  # noqa: E402,F401  (registers the card and contact routes on bp)
