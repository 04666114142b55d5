"""Linking an ORCID iD or a GitHub account through OAuth 2, and unlinking it.

The callback is a GET because the provider sends the browser back with one; the exact, single-use
`state` the session holds is what makes it safe.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as cookie_session
from flask_babel import gettext as _

from web.auth import roles_required
from web.database import get_session
from web.forms.oauth import OAuthActionForm
from web.services import audit, identities, oauth_providers
from web.services.identities import PROVIDERS, IdentityError
from web.services.oauth_providers import ProviderError

bp = Blueprint("oauth", __name__, url_prefix="/verification/oauth")

PROVIDER = "<any(orcid, github):provider>"
PENDING_KEY = "oauth_pending"


def _configured(provider: str) -> oauth_providers.Provider:
    settings = oauth_providers.provider(current_app.config, provider)
    if settings is None:
        abort(404)
    return settings


def _callback_url(provider: str) -> str:
    return url_for("oauth.callback", provider=provider, _external=True)


def _back():
    return redirect(url_for("oauth.index"))


@bp.get("")
@roles_required("exile")
def index():
    """Show the ORCID and GitHub links of the signed-in exile, with link and unlink buttons."""
    providers = {name: oauth_providers.provider(current_app.config, name) for name in PROVIDERS}
    linked = identities.identities_of(get_session(), g.user.id)
    orcid = linked.get("orcid")
    masked = identities.mask_orcid(orcid.subject) if orcid is not None else ""
    return render_template(
        "verification/oauth.html", providers=providers, linked=linked, masked_orcid=masked
    )


@bp.post(f"/{PROVIDER}/start")
@roles_required("exile")
def start(provider: str):
    """Send the browser to the provider with a fresh state and PKCE challenge."""
    settings = _configured(provider)
    if not OAuthActionForm().validate_on_submit():
        flash(_("The page had expired. Please try again."))
        return _back()
    authorization = oauth_providers.begin(settings, _callback_url(provider))
    cookie_session[PENDING_KEY] = oauth_providers.pending(authorization, provider, g.user.id)
    return redirect(authorization.url)


@bp.get(f"/{PROVIDER}/callback")
@roles_required("exile")
def callback(provider: str):
    """Check the state, exchange the code and link the identity the provider vouches for."""
    settings = _configured(provider)
    session = get_session()
    # Popped whatever happens next: a state is good for one callback only.
    stored = cookie_session.pop(PENDING_KEY, None)
    problem = oauth_providers.state_problem(
        stored,
        provider,
        g.user.id,
        request.args.get("state"),
        current_app.config["OAUTH_STATE_MAX_AGE"],
    )
    if problem is not None:
        audit.security_event(
            session,
            "oauth_state",
            user_id=g.user.id,
            details={"provider": provider, "reason": problem},
        )
        session.commit()
        flash(
            _(
                "This link could not be checked: it expired, or it was started in another browser "
                "or tab. Nothing was linked; please start again."
            )
        )
        return _back()
    try:
        if request.args.get("error") or not request.args.get("code"):
            raise oauth_providers.refusal(settings, request.args.get("error", ""))
        remote = oauth_providers.complete(
            settings, _callback_url(provider), request.args["code"], stored["verifier"]
        )
        identities.link(session, g.user, provider, remote.subject, remote.display)
    except (ProviderError, IdentityError) as error:
        session.commit()  # keeps the security event of a refused link, and nothing else
        flash(str(error))
        return _back()
    session.commit()
    if provider == "orcid":
        flash(_("Your ORCID iD is linked. Hosts see its first digits only."))
    else:
        flash(_("Your GitHub account is linked. Hosts see that you have one, never its name."))
    return _back()


@bp.post(f"/{PROVIDER}/unlink")
@roles_required("exile")
def unlink(provider: str):
    """Remove the link to a provider and withdraw its badge."""
    # Unlinking works even after an operator switches a provider off: it never calls the provider.
    if OAuthActionForm().validate_on_submit():
        session = get_session()
        if identities.unlink(session, g.user, provider):
            session.commit()
            flash(_("The link is removed and its badge withdrawn."))
        else:
            flash(_("There was nothing to unlink."))
    else:
        flash(_("The page had expired. Please try again."))
    return _back()
