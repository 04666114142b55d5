"""Document review pages: exiles upload, moderators download and vote (four eyes)."""

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
    send_file,
    url_for,
)
from flask_babel import gettext as _

from web.auth import load_current_user, roles_required
from web.database import get_session
from web.forms.documents import UploadForm, VoteForm
from web.services import audit, document_review, uploads
from web.services.uploads import UploadError

bp = Blueprint("documents", __name__)

# Room for the multipart envelope and the other fields around the file itself.
FORM_OVERHEAD = 64 * 1024


@bp.url_value_preprocessor
def raise_upload_limit(endpoint: str | None, _values: dict | None) -> None:
    """Let the upload route alone accept bodies up to UPLOAD_MAX_BYTES.

    URL value preprocessors run before every before_request hook, including Flask-WTF's CSRF
    check, which parses the form (and would apply the global MAX_CONTENT_LENGTH) first. A body
    without a declared length is refused unread: cut off half-way, the form parser would leave
    its temporary file behind.
    """
    if endpoint == "documents.index" and request.method == "POST":
        # Browsers always declare the size of a form; a body without one is refused unread.
        if request.content_length is None:
            abort(411)
        request.max_content_length = current_app.config["UPLOAD_MAX_BYTES"] + FORM_OVERHEAD


@bp.errorhandler(413)
def too_large(_error):
    """Refuse an oversized upload with a page that says so (the body is never read)."""
    if "user" not in g:
        load_current_user()
    limit = current_app.config["UPLOAD_MAX_BYTES"] // 2**20
    return render_template("documents/too_large.html", limit=limit), 413


@bp.route("/documents", methods=["GET", "POST"])
@roles_required("exile")
def index():
    """Upload a document for review and list my reviews."""
    session = get_session()
    form = UploadForm()
    if form.validate_on_submit():
        try:
            document_review.submit(session, g.user, form.document_type.data, form.file.data.stream)
        except UploadError as error:
            form.file.errors.append(str(error))
        else:
            session.commit()
            flash(_("Thank you: two moderators will check the document, then it is deleted."))
            return redirect(url_for("documents.index"))
    status = 422 if form.errors else 200
    return render_template(
        "documents/index.html",
        form=form,
        reviews=document_review.reviews_of(session, g.user.id),
        type_label=document_review.type_label,
        ttl_days=current_app.config["DOCUMENT_TTL_DAYS"],
    ), status


@bp.get("/admin/documents")
@roles_required("moderator", "admin")
def queue():
    """List the documents waiting for moderators, with vote forms."""
    return render_template(
        "documents/queue.html",
        items=document_review.queue(get_session(), g.user),
        type_label=document_review.type_label,
        form=VoteForm(),
    )


@bp.get("/admin/documents/<int:review_id>/file")
@roles_required("moderator", "admin")
def download(review_id: int):
    """Send a waiting document as an attachment under a generic name."""
    session = get_session()
    review = document_review.downloadable(session, review_id)
    if review is None:
        abort(404)
    path = uploads.file_path(review.stored_name)
    if not path.is_file():
        abort(404)
    audit.record(
        session, "document.download", actor_user_id=g.user.id, subject_user_id=review.user_id
    )
    session.commit()
    response = send_file(
        path,
        mimetype=review.content_type,
        as_attachment=True,
        download_name=document_review.download_name(review),
        conditional=False,
        etag=False,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/admin/documents/<int:review_id>/vote")
@roles_required("moderator", "admin")
def vote(review_id: int):
    """Record my approve or reject vote on a document."""
    session = get_session()
    form = VoteForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        review = document_review.vote(session, review_id, g.user, form.decision.data)
    except UploadError as error:
        flash(str(error))
    else:
        session.commit()
        flash(
            {
                "approved": _("Two moderators agreed: the document is approved and deleted."),
                "rejected": _("Two moderators agreed: the document is rejected and deleted."),
                "disputed": _("The votes differ: a third moderator decides."),
            }.get(review.status, _("Your vote is recorded; a second moderator decides."))
        )
    return redirect(url_for("documents.queue"))
