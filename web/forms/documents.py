"""Forms of document review: the upload and a moderator's vote."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf

from web.services.document_review import DOCUMENT_TYPES


class UploadForm(FlaskForm):
    """A document and what kind of document it is."""

    document_type = SelectField(
        _l("Kind of document"),
        choices=[SelectChoice(value, label) for value, (label, _english) in DOCUMENT_TYPES.items()],
    )
    file = FileField(_l("File"), validators=[FileRequired(message=_l("Choose a file to upload."))])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = current_app.config["UPLOAD_MAX_BYTES"] // 2**20
        self.file.description = _l("A PDF, JPEG or PNG file of at most %(limit)s MB.", limit=limit)


class VoteForm(FlaskForm):
    """One moderator's vote on a document."""

    decision = HiddenField(validators=[AnyOf(("approve", "reject"))])
