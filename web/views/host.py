"""Pages for hosts: their organisation, listings, candidates, talent search and shortlists."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from pydantic import ValidationError
from sqlalchemy.orm.exc import StaleDataError

from web.auth import roles_required
from web.database import get_session
from web.errors import EditConflictError
from web.forms.listing import ListingForm
from web.forms.organization import ORGANIZATION_KIND_LABELS, OrganizationForm
from web.services import access, listings, shortlists
from web.services.records import listing_record

bp = Blueprint("host", __name__, url_prefix="/host")

# Admins may use every host page; moderators only search (see the talent views).
host_required = roles_required("host", "admin")


def render(template: str, status: int = 200, **context):
    """Render a host page; codes become words through the app's template filters."""
    page = render_template(
        template, organization_kinds=ORGANIZATION_KIND_LABELS, today=date.today(), **context
    )
    return page, status


def require_talent_access() -> None:
    """Refuse (403) a signed-in user the access policy does not let see the talent pool."""
    if not access.can_search_talent(g.user):
        abort(403)


def require_organization_access() -> None:
    """Refuse (403) a user who may not manage an organisation's page and listings."""
    if not access.can_manage_organization(g.user):
        abort(403)


def organization_or_chooser():
    """Return the organisation the page is about, or a page asking an admin to choose one."""
    require_organization_access()
    session = get_session()
    organization = listings.current_organization(session, g.user, request.args.get("org", type=int))
    if organization is not None:
        return organization, None
    if g.user.role == "admin" and "org" not in request.args:
        choices = listings.all_organizations(session)
        return None, render("host/choose_organization.html", organizations=choices)
    abort(404)


def managed_listing_or_404(listing_id: int, *, talent: bool = True):
    """Return a listing the user may manage; 404 for another organisation's (no existence leak).

    `talent` also requires access to the talent pool (candidates, shortlists).
    """
    if talent:
        require_talent_access()
    else:
        require_organization_access()
    listing = listings.managed_listing(get_session(), g.user, listing_id)
    if listing is None:
        abort(404)
    return listing


@bp.route("/organization", methods=["GET", "POST"])
@host_required
def organization():
    """Show and edit the host organisation's page."""
    org, chooser = organization_or_chooser()
    if chooser is not None:
        return chooser
    form = OrganizationForm(obj=org)
    if form.validate_on_submit():
        listings.update_organization(org, form.data)
        get_session().commit()
        flash(_("The organisation's page is saved."))
        return redirect(url_for("host.organization", org=org.id))
    others = listings.member_organizations(get_session(), g.user)
    status = 422 if form.errors else 200
    return render("host/organization.html", status, form=form, organization=org, others=others)


@bp.get("/listings", endpoint="listings")
@host_required
def listings_page():
    """List the organisation's listings with links to edit them and see their candidates."""
    org, chooser = organization_or_chooser()
    if chooser is not None:
        return chooser
    session = get_session()
    items = listings.organization_listings(session, org)
    return render(
        "host/listings.html",
        organization=org,
        listings=items,
        sizes=shortlists.shortlist_sizes(session, items),
        others=listings.member_organizations(session, g.user),
        talent_access=access.can_search_talent(g.user),
    )


def _edit(form: ListingForm, org, listing=None):
    """Handle a listing form's submit: add a language row, or validate and save."""
    if form.wants_another_language():
        form.add_language_row()
        return None
    form.drop_removed_rows()
    form.validate()
    try:
        record = listings.listing_record_for(org, form.contract_values(), listing)
    except ValidationError as error:
        form.show_record_errors(error)
    if form.has_errors():
        return None
    session = get_session()
    try:
        saved = listings.save_listing(session, org, record, form.loaded_version())
        session.commit()
    except (EditConflictError, StaleDataError):
        # Saved elsewhere meanwhile: nothing of this save is kept, nothing of the other lost.
        session.rollback()
        form.conflict = True
        form.version.data = listing.version if listing is not None else None
        return None
    flash(_("The listing is saved."))
    return redirect(url_for("host.listings", org=saved.organization_id))


@bp.route("/listings/new", methods=["GET", "POST"])
@host_required
def listing_new():
    """Create a listing for the host's organisation."""
    org, chooser = organization_or_chooser()
    if chooser is not None:
        return chooser
    form = ListingForm()
    if form.is_submitted():
        done = _edit(form, org)
        if done is not None:
            return done
    status = 422 if form.is_submitted() and form.has_errors() else 200
    return render("host/listing_form.html", status, form=form, organization=org, listing=None)


@bp.route("/listings/<int:listing_id>/edit", methods=["GET", "POST"])
@host_required
def listing_edit(listing_id: int):
    """Edit one of the organisation's listings."""
    listing = managed_listing_or_404(listing_id, talent=False)
    if request.method == "POST":
        form = ListingForm()
        done = _edit(form, listing.organization, listing)
        if done is not None:
            return done
    else:
        form = ListingForm(data=ListingForm.data_from_record(listing_record(listing)))
        form.version.data = listing.version
    status = 422 if form.is_submitted() and form.has_errors() else 200
    status = 409 if form.conflict else status
    return render(
        "host/listing_form.html",
        status,
        form=form,
        organization=listing.organization,
        listing=listing,
    )


@bp.route("/listings/<int:listing_id>/delete", methods=["GET", "POST"])
@host_required
def listing_delete(listing_id: int):
    """Ask for confirmation, then delete a listing with its shortlist."""
    listing = managed_listing_or_404(listing_id, talent=False)
    if request.method == "POST":
        org_id = listing.organization_id
        listings.delete_listing(get_session(), listing)
        get_session().commit()
        flash(_("The listing is deleted."))
        return redirect(url_for("host.listings", org=org_id))
    return render("host/listing_delete.html", listing=listing)


from web.views import host_talent  # noqa: E402,F401  (registers the talent routes on bp)
