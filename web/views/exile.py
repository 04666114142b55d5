"""Pages for exiles: their profile, their matches, and their profile as a host sees it.

Every page works on the signed-in user's own profile; no URL names a profile, so no exile can
reach another's.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from pydantic import ValidationError
from sqlalchemy.orm.exc import StaleDataError

from web.auth import roles_required
from web.database import get_session
from web.errors import EditConflictError, NoIndexError
from web.forms.profile import DeleteProfileForm, MatchFilterForm, ProfileForm
from web.records.schemas import ProfileRecord
from web.services import display, profiles
from web.services.cards import cards_for
from web.services.settings import settings_from_config

bp = Blueprint("exile", __name__, url_prefix="/me")

MATCHES_SHOWN = 20

# The shared macros (_profile_card.html, _match.html) turn codes into words with these, on every
# page of the app, so host pages can use the same macros.
for _helper in (
    display.country_name,
    display.language_name,
    display.level_name,
    display.field_name,
    display.kind_name,
):
    bp.add_app_template_filter(_helper)
bp.add_app_template_global(display.describe_match)


@bp.get("")
@roles_required("exile")
def home():
    """Go to the matches if a profile exists, else to the profile form."""
    has_profile = profiles.own_profile(get_session(), g.user) is not None
    return redirect(url_for("exile.matches" if has_profile else "exile.profile"))


@bp.route("/profile", methods=["GET", "POST"])
@roles_required("exile")
def profile():
    """Create or edit the signed-in exile's profile."""
    session = get_session()
    if request.method == "GET":
        record = profiles.own_record(session, g.user)
        form = ProfileForm(data=ProfileForm.data_from_record(record) if record else None)
        form.add_blank_rows()
        if record is not None:
            form.version.data = profiles.own_profile(session, g.user).version
        return _profile_page(form, record is not None)
    form = ProfileForm()
    has_profile = profiles.own_profile(session, g.user) is not None
    if "add" in request.form:
        # "Add another …" only grows the form; nothing is saved until "Save".
        form.add_row(request.form["add"])
        return _profile_page(form, has_profile)
    values = form.record_values(profiles.external_id_for(session, g.user))
    try:
        record = ProfileRecord.model_validate(values)
    except ValidationError as error:
        form.show_errors(error, values)
        return _profile_page(form, has_profile), 422
    try:
        profiles.save_own_profile(session, g.user, record, form.loaded_version())
        session.commit()
    except (EditConflictError, StaleDataError):
        # Saved elsewhere meanwhile: nothing of this save is kept, nothing of the other lost.
        session.rollback()
        form.conflict = True
        form.version.data = profiles.own_profile(session, g.user).version
        return _profile_page(form, True), 409
    flash(_("Your profile is saved."))
    return redirect(url_for("exile.profile"))


def _profile_page(form: ProfileForm, has_profile: bool) -> str:
    return render_template("exile/profile.html", form=form, has_profile=has_profile)


@bp.get("/profile/preview")
@roles_required("exile")
def preview():
    """Show the profile exactly as a host sees it."""
    mine = profiles.own_profile(get_session(), g.user)
    if mine is None:
        return redirect(url_for("exile.profile"))
    return render_template("exile/preview.html", card=cards_for(get_session(), [mine])[mine.id])


@bp.route("/profile/delete", methods=["GET", "POST"])
@roles_required("exile")
def delete():
    """Ask to confirm, then delete the profile with everything stored about it."""
    form = DeleteProfileForm()
    session = get_session()
    if form.validate_on_submit():
        if profiles.delete_own_profile(session, g.user):
            session.commit()
            flash(_("Your profile and everything stored with it are deleted."))
        return redirect(url_for("exile.profile"))
    if profiles.own_profile(session, g.user) is None:
        flash(_("You have no profile to delete."))
        return redirect(url_for("exile.profile"))
    return render_template("exile/delete.html", form=form)


@bp.get("/matches")
@roles_required("exile")
def matches():
    """List the listings that fit the exile's profile best, with why."""
    session = get_session()
    mine = profiles.own_profile(session, g.user)
    form = MatchFilterForm(formdata=request.args)
    if mine is None:
        return render_template("exile/matches.html", form=form, results=None)
    if not form.validate():
        return render_template("exile/matches.html", form=form, results=[]), 422
    try:
        results, cut = profiles.matching_listings(
            session,
            settings_from_config(current_app.config),
            mine,
            form.listing_filter(),
            MATCHES_SHOWN,
        )
    except NoIndexError:
        current_app.logger.warning("matches unavailable: the listings are not indexed yet")
        flash(_("Matching is being prepared. Please try again in a few minutes."))
        return render_template("exile/matches.html", form=form, results=[]), 503
    return render_template("exile/matches.html", form=form, results=results, cut=cut)
