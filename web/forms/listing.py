"""The listing form, its choices, and the mapping of contract validation errors onto its fields."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from pydantic import ValidationError
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional
from wtforms.widgets import DateInput, NumberInput

from web.records.fields import LEVELS
from web.services import display
from web.services.display import FIELD_LABELS, KIND_LABELS
from web.services.records import LISTING_SCALARS

# Contract keys the form edits (external_id and organization are the server's to set).
EDITABLE = (*LISTING_SCALARS, "languages")
# A yes/no question the contract may also leave unanswered (null).
TRISTATE = {"": None, "yes": True, "no": False}
LEVEL_CHOICES = {level: level for level in LEVELS if level != "native"} | {"native": _l("native")}


def country_choices(blank_label) -> list[SelectChoice]:
    """Return every country as a choice, by name in the interface language, after a blank one."""
    return [SelectChoice("", blank_label)] + [
        SelectChoice(code, name) for code, name in display.country_choices()
    ]


def language_choices(blank_label) -> list[SelectChoice]:
    """Return every ISO 639-1 language as a choice, after a blank one."""
    return [SelectChoice("", blank_label)] + [
        SelectChoice(code, name) for code, name in display.language_choices()
    ]


def labelled(labels: dict, blank_label=None) -> list[SelectChoice]:
    """Return choices from a value → label mapping, optionally after a blank one."""
    blank = [SelectChoice("", blank_label)] if blank_label is not None else []
    return blank + [SelectChoice(value, label) for value, label in labels.items()]


def tristate(value: bool | None) -> str:
    """Return the form value of a yes/no/unstated answer."""
    return {None: "", True: "yes", False: "no"}[value]


class LanguageRow(Form):
    """One required language: its code, the minimum level, and a box to remove it."""

    code = SelectField(_l("Language"), default="", validate_choice=False)
    level = SelectField(
        _l("Minimum level"),
        choices=labelled(LEVEL_CHOICES, _l("Level")),
        default="",
        validate_choice=False,
    )
    remove = BooleanField(_l("Remove"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.code.choices = language_choices(_l("Language"))

    def is_blank(self) -> bool:
        """Return True if nothing was chosen in this row."""
        return not (self.code.data or self.level.data)


class ListingForm(FlaskForm):
    """Every field of a listing except its id and organisation, which the server sets."""

    kind = RadioField(
        _l("Kind"), choices=labelled(KIND_LABELS), default="job", validate_choice=False
    )
    title = StringField(_l("Title"))
    description = TextAreaField(_l("Description"))
    skills = TextAreaField(
        _l("Wanted skills"), description=_l("One per line, or separated by commas.")
    )
    field = SelectField(
        _l("Field"), choices=labelled(FIELD_LABELS, _l("Not stated")), validate_choice=False
    )
    country = SelectField(
        _l("Country"),
        description=_l("Where the work is. Leave empty for a fully remote position."),
        validate_choice=False,
    )
    city = StringField(_l("City"))
    remote = RadioField(
        _l("Remote work possible"),
        choices=[
            SelectChoice("", _l("Not stated")),
            SelectChoice("yes", _l("Yes")),
            SelectChoice("no", _l("No")),
        ],
        default="",
    )
    visa_sponsorship = RadioField(
        _l("Visa sponsorship"),
        choices=[
            SelectChoice("", _l("Not stated")),
            SelectChoice("yes", _l("Offered")),
            SelectChoice("no", _l("Not offered")),
        ],
        default="",
    )
    languages = FieldList(FormField(LanguageRow), min_entries=1, max_entries=30)
    add_language = SubmitField(_l("Add another language"))
    min_years_experience = IntegerField(
        _l("Minimum years of experience"),
        validators=[Optional()],
        widget=NumberInput(min=0, max=80),
    )
    deadline = StringField(
        _l("Deadline"), description=_l("YYYY-MM-DD; leave empty if open."), widget=DateInput()
    )
    compensation = StringField(_l("Compensation"), description=_l("Free text, e.g. €60–80k."))
    # The version of the listing the form was loaded with: a save over a newer one is refused.
    version = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Set when the listing changed elsewhere since the form was loaded.
        self.conflict = False
        self.country.choices = country_choices(_l("Fully remote (no country)"))

    def loaded_version(self) -> int | None:
        """Return the listing version the form was loaded with, or None if it does not say."""
        text = str(self.version.data or "").strip()
        return int(text) if text.isdigit() and len(text) < 10 else None

    @staticmethod
    def data_from_record(record: dict[str, Any]) -> dict[str, Any]:
        """Return the form's initial data for a listing in the contract's record format."""
        data = {key: record.get(key) for key in EDITABLE}
        data["skills"] = "\n".join(record.get("skills") or [])
        data["remote"] = tristate(record.get("remote"))
        data["visa_sponsorship"] = tristate(record.get("visa_sponsorship"))
        data["languages"] = list(record.get("languages") or []) + [{}]
        return data

    def wants_another_language(self) -> bool:
        """Return True if the submit asked for one more language row rather than to save."""
        return bool(self.add_language.data)

    def add_language_row(self) -> None:
        """Drop the rows marked for removal and add an empty one."""
        self.drop_removed_rows(keep_one=False)
        if len(self.languages.entries) < self.languages.max_entries:
            self.languages.append_entry()

    def drop_removed_rows(self, keep_one: bool = True) -> None:
        """Forget the language rows whose remove box is ticked (keeping one row to fill in)."""
        self.languages.entries = [
            entry for entry in self.languages.entries if not entry.form.remove.data
        ]
        if keep_one and not self.languages.entries:
            self.languages.append_entry()

    def _language_rows(self) -> list[LanguageRow]:
        return [entry.form for entry in self.languages.entries if not entry.form.is_blank()]

    def contract_values(self) -> dict[str, Any]:
        """Return the submitted values as contract keys (without external_id and organization)."""
        skills = (self.skills.data or "").replace(",", "\n").splitlines()
        return {
            "kind": self.kind.data,
            "title": self.title.data,
            "description": self.description.data,
            "skills": [skill for skill in skills if skill.strip()],
            "field": self.field.data,
            "country": self.country.data,
            "city": self.city.data,
            "remote": TRISTATE.get(self.remote.data),
            "visa_sponsorship": TRISTATE.get(self.visa_sponsorship.data),
            "languages": [
                {"code": row.code.data or None, "level": row.level.data or None}
                for row in self._language_rows()
            ],
            "min_years_experience": self.min_years_experience.data,
            "deadline": self.deadline.data,
            "compensation": self.compensation.data,
        }

    def validate(self, extra_validators=None) -> bool:
        """Run the field checks and flag a language required twice."""
        valid = super().validate(extra_validators)
        seen: set[str] = set()
        for row in self._language_rows():
            if row.code.data and row.code.data in seen:
                row.code.errors = [*row.code.errors, _("This language is listed twice.")]
                valid = False
            seen.add(row.code.data)
        return valid

    def show_record_errors(self, error: ValidationError) -> None:
        """Put each contract validation error next to the field it is about."""
        rows = self._language_rows()
        for item in error.errors():
            loc = item["loc"]
            if not loc:
                # Only the repeated-language check has no location; validate() shows it per row.
                if not any(row.code.errors for row in rows):
                    self.form_errors.append(record_error_message(item))
                continue
            if loc[0] == "languages" and len(loc) == 3 and loc[1] < len(rows):
                target = getattr(rows[loc[1]], loc[2])
            else:
                target = getattr(self, str(loc[0]), None)
            if target is None or target is self.languages:
                self.form_errors.append(record_error_message(item))
            elif not target.errors:
                # A field-level check (e.g. a number that is not one) already said enough.
                target.errors = [*target.errors, record_error_message(item)]

    def has_errors(self) -> bool:
        """Return True if any field, language row or the form as a whole has an error."""
        rows = [row for entry in self.languages.entries for row in entry.form]
        fields = [field for field in self if field is not self.languages] + rows
        return bool(self.form_errors) or any(field.errors for field in fields)


def record_error_message(item: dict) -> str:
    """Return a user-facing, translated message for one pydantic error of a contract record."""
    loc, kind, ctx = item["loc"], item["type"], item.get("ctx") or {}
    name = loc[-1] if loc else ""
    if kind == "missing" or (item.get("input") is None and kind.endswith("_type")):
        return _("This field is required.")
    if kind == "string_too_long":
        if loc and loc[0] == "skills":
            return _("Each skill may have at most %(n)s characters.", n=ctx["max_length"])
        return _("At most %(n)s characters.", n=ctx["max_length"])
    if kind == "too_long":
        return _("At most %(n)s entries.", n=ctx["max_length"])
    if kind in ("greater_than_equal", "less_than_equal", "int_type"):
        return _("Enter a whole number from 0 to 80.")
    if "control characters" in item["msg"]:
        return _("Remove the control characters from this text.")
    messages = {
        "country": _("Choose a country from the list."),
        "code": _("Choose a language from the list."),
        "level": _("Choose a level from the list."),
        "deadline": _("Enter a real date as YYYY-MM-DD."),
        "kind": _("Choose one of the offered options."),
        "field": _("Choose one of the offered options."),
    }
    if name in messages:
        return messages[name]
    if not loc and "more than once" in item["msg"]:
        return _("A language is listed more than once.")
    return item["msg"].removeprefix("Value error, ")
