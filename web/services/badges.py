"""Badges: current attestations as the exact, translated sentences hosts and exiles read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_date, gettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from web.models import Attestation

# `evidence` per kind, as the check that records it writes it:
#   email     -> ""                      ("Email confirmed Nov 2026")
#   domain    -> the category or domain  ("university", or "example.org" for organisations)
#   orcid     -> the masked ORCID iD     ("0000-0002-…")
#   github    -> ""
#   vouch     -> the number of vouchers  ("3")
#   document  -> the document type       ("degree certificate")
#   sanctions -> "<lists>|<list date>"   ("UN, EU, UK, US|2026-11-20")
#   approval  -> ""


# The allowlist's categories, as the domain badge names them.
DOMAIN_CATEGORIES = {
    "university": _l("university"),
    "newsroom": _l("newsroom"),
    "employer": _l("employer"),
    "fund": _l("fund"),
    "ngo": _l("non-profit organisation"),
}


@dataclass(frozen=True)
class Badge:
    """One badge: its kind, the sentence, when it was checked and until when it holds."""

    kind: str
    label: str
    checked_at: datetime
    expires_at: datetime | None


def _month(moment: datetime) -> str:
    return format_date(moment, "MMM yyyy")


def label(attestation: Attestation) -> str:
    """Return the sentence a badge shows for a current attestation, in the reader's language."""
    month = _month(attestation.checked_at)
    evidence = attestation.evidence
    kind = attestation.kind
    if kind == "email":
        return _("Email confirmed %(month)s", month=month)
    if kind == "domain":
        # Exiles' badges name the category; organisations' (and hosts') name the domain itself.
        if evidence in DOMAIN_CATEGORIES:
            return _(
                "Work email at a verified %(what)s confirmed %(month)s",
                what=DOMAIN_CATEGORIES[evidence],
                month=month,
            )
        return _("Work email at %(domain)s confirmed %(month)s", domain=evidence, month=month)
    if kind == "orcid":
        return _("ORCID iD %(orcid)s linked", orcid=evidence)
    if kind == "github":
        return _("GitHub account linked %(month)s", month=month)
    if kind == "vouch":
        return _("Vouched by %(count)s verified members", count=evidence)
    if kind == "document":
        # The document type is stored in English; its translation is in the vouching catalogue.
        document = gettext(evidence)
        return _("%(document)s checked by two moderators %(month)s", document=document, month=month)
    if kind == "sanctions":
        lists, _sep, list_date = evidence.partition("|")
        return _(
            "Screened against %(lists)s sanctions lists, list of %(date)s: no match",
            lists=lists,
            date=list_date,
        )
    if kind == "approval":
        return _("Approved by Talent Bridge moderators %(month)s", month=month)
    return evidence


def badges(attestations: list[Attestation]) -> list[Badge]:
    """Return the badges of current attestations, in a stable order."""
    order = {kind: position for position, kind in enumerate(KIND_ORDER)}
    ordered = sorted(attestations, key=lambda item: order.get(item.kind, len(order)))
    return [Badge(item.kind, label(item), item.checked_at, item.expires_at) for item in ordered]


KIND_ORDER = ("sanctions", "approval", "domain", "orcid", "github", "document", "vouch", "email")
