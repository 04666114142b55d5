"""Institutional e-mail domains: normalisation, the moderators' allowlist and address matching."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import idna
from flask_babel import lazy_gettext as _l
from publicsuffixlist import PublicSuffixList
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.errors import MessageError
from web.models import AllowedDomain
from web.services import audit

CATEGORIES = ("university", "newsroom", "employer", "fund", "ngo")

# Anyone can open a mailbox here, so an address at one proves no affiliation. Subdomains count too.
FREE_MAIL = frozenset(
    """
    gmail.com googlemail.com yahoo.com yahoo.co.uk yahoo.de yahoo.fr ymail.com rocketmail.com
    outlook.com hotmail.com hotmail.co.uk hotmail.de hotmail.fr live.com live.ru msn.com
    icloud.com me.com mac.com aol.com aim.com mail.com email.com gmx.com gmx.de gmx.net gmx.at
    web.de t-online.de freenet.de posteo.de posteo.net mailbox.org proton.me protonmail.com
    protonmail.ch pm.me tutanota.com tutanota.de tuta.io tuta.com fastmail.com fastmail.fm hey.com
    zoho.com zohomail.com yandex.ru yandex.com yandex.by yandex.kz yandex.ua yandex.com.tr ya.ru
    narod.ru mail.ru inbox.ru list.ru bk.ru internet.ru xmail.ru rambler.ru ro.ru lenta.ru
    autorambler.ru myrambler.ru rambler.ua qip.ru ngs.ru ukr.net i.ua meta.ua tut.by
    qq.com 163.com 126.com yeah.net sina.com naver.com daum.net seznam.cz wp.pl o2.pl interia.pl
    onet.pl libero.it virgilio.it laposte.net orange.fr free.fr sfr.fr wanadoo.fr duck.com
    disroot.org riseup.net cock.li mailfence.com runbox.com hushmail.com startmail.com
    """.split()
)

# Letters that render like Latin ones: a label made only of them imitates a Latin name.
_LATIN_LOOKALIKES = {
    "CYRILLIC": set("аеорсухіјѕԁԛԝһӏүҽѵьъпгш"),
    "GREEK": set("αικνορτυχ"),
}
# Scripts that legitimately share one label (Japanese writing, Korean with Han).
_EAST_ASIAN = {"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO"}


class DomainError(MessageError):
    """A domain or address that cannot be used, with a message for the person who typed it."""


@dataclass(frozen=True)
class DomainMatch:
    """An address's domain and the allowlist entry it falls under."""

    domain: str
    entry: AllowedDomain


@functools.cache
def _suffixes() -> PublicSuffixList:
    # The list bundled with the package: no network at run time, updated with the dependency.
    return PublicSuffixList()


def normalise(text: str) -> str:
    """Return a domain in its comparable form: IDNA (punycode), lower case, no trailing dot."""
    text = (text or "").strip()
    if any(unicodedata.category(char)[0] in "CZ" for char in text):
        # Zero-width joiners, bidi overrides and spaces hide what a reader thinks they see.
        raise DomainError(_l("The domain contains invisible or control characters."))
    if text.endswith("."):
        text = text[:-1]
    if not text or "." not in text:
        raise DomainError(_l("Enter a full domain, such as university.edu."))
    try:
        ascii_form = idna.encode(text, uts46=True, std3_rules=True, transitional=False).decode()
        unicode_form = idna.decode(ascii_form)
        # A label that does not survive the round trip is not the domain it claims to be.
        if idna.encode(unicode_form).decode() != ascii_form:
            raise idna.IDNAError("no round trip")
    except (idna.IDNAError, UnicodeError):
        raise DomainError(_l("This is not a valid domain name.")) from None
    labels = unicode_form.split(".")
    if not any(char.isalpha() for char in labels[-1]):
        raise DomainError(_l("This is not a valid domain name."))
    for label in labels:
        if _is_deceptive(label, top_level_ascii=labels[-1].isascii()):
            raise DomainError(
                _l("The domain mixes alphabets or imitates another name; type it as it is spelled.")
            )
    return ascii_form


def _scripts(label: str) -> set[str]:
    scripts = set()
    for char in label:
        if char.isalpha():
            script = unicodedata.name(char, "UNKNOWN").split()[0]
            scripts.add("CJK" if script in _EAST_ASIAN else script)
    return scripts


def _is_deceptive(label: str, *, top_level_ascii: bool) -> bool:
    """Return True for a mixed-script label, or a whole non-Latin label spelling a Latin word."""
    if label.isascii():
        return False
    scripts = _scripts(label)
    if len(scripts - {"LATIN"}) > 1 or (len(scripts) > 1 and "CJK" not in scripts):
        return True
    if len(scripts) != 1:
        return False
    lookalikes = _LATIN_LOOKALIKES.get(next(iter(scripts)))
    letters = {char for char in label if char.isalpha()}
    # As browsers do: under a Cyrillic top-level domain (.рф) Cyrillic names are expected.
    return bool(lookalikes) and top_level_ascii and letters <= lookalikes


def display(domain: str) -> str:
    """Return a normalised domain as people read it (Unicode labels)."""
    try:
        return idna.decode(domain)
    except idna.IDNAError:
        return domain


def registrable(domain: str) -> str | None:
    """Return the registrable part of a normalised domain (cs.msu.ru -> msu.ru), if it has one."""
    return _suffixes().privatesuffix(domain)


def _parents(domain: str) -> list[str]:
    """Return the domain and every parent of it, most specific first (a.b.ru, b.ru, ru)."""
    labels = domain.split(".")
    return [".".join(labels[index:]) for index in range(len(labels))]


def is_free_mail(domain: str) -> bool:
    """Return True if the normalised domain (or a parent of it) gives mailboxes to anyone."""
    return any(parent in FREE_MAIL for parent in _parents(domain))


def address_domain(address: str) -> str:
    """Return the normalised domain of an e-mail address."""
    local, at, domain = (address or "").strip().rpartition("@")
    if not at or not local:
        raise DomainError(_l("Enter an e-mail address."))
    return normalise(domain)


def match_domain(session: Session, domain: str) -> DomainMatch | None:
    """Return the allowlist entry a normalised domain equals or is a subdomain of."""
    if is_free_mail(domain):
        return None
    # Whole labels only: msu.ru.attacker.com has parents attacker.com and com, never msu.ru.
    candidates = [parent for parent in _parents(domain) if not _suffixes().is_public(parent)]
    if not candidates:
        return None
    entries = {
        entry.domain: entry
        for entry in session.scalars(
            select(AllowedDomain).where(AllowedDomain.domain.in_(candidates))
        )
    }
    for candidate in candidates:
        if candidate in entries:
            return DomainMatch(domain=domain, entry=entries[candidate])
    return None


def match_address(session: Session, address: str) -> DomainMatch | None:
    """Return the allowlist entry an e-mail address falls under, or None (free mail included)."""
    try:
        return match_domain(session, address_domain(address))
    except DomainError:
        return None


def list_allowed(session: Session) -> list[AllowedDomain]:
    """Return the allowlist, ordered by domain."""
    return list(session.scalars(select(AllowedDomain).order_by(AllowedDomain.domain)))


def add_allowed(
    session: Session, domain: str, label: str, category: str, *, added_by_id: int | None
) -> AllowedDomain:
    """Add a domain moderators trust; refuse free mail, public suffixes and duplicates."""
    domain = normalise(domain)
    label = (label or "").strip()
    if category not in CATEGORIES:
        raise DomainError(_l("Choose a category."))
    if not label:
        raise DomainError(_l("Name the organisation the domain belongs to."))
    if is_free_mail(domain):
        raise DomainError(
            _l("Anyone can get an address at a free mail service; it proves nothing.")
        )
    if _suffixes().is_public(domain) or registrable(domain) is None:
        raise DomainError(
            _l(
                "This is a public suffix shared by many owners (like co.uk); add the organisation's own domain."  # noqa: E501
            )
        )
    if session.scalar(select(AllowedDomain).where(AllowedDomain.domain == domain)) is not None:
        raise DomainError(_l("This domain is already on the list."))
    entry = AllowedDomain(
        domain=domain, label=label[:300], category=category, added_by_id=added_by_id
    )
    session.add(entry)
    session.flush()
    audit.record(
        session,
        "allowed_domain_added",
        actor_user_id=added_by_id,
        details={"domain": domain, "category": category},
    )
    return entry


def get_allowed(session: Session, entry_id: int) -> AllowedDomain | None:
    """Return one allowlist entry by id."""
    return session.get(AllowedDomain, entry_id)


def remove_allowed(session: Session, entry: AllowedDomain, *, removed_by_id: int | None) -> None:
    """Remove a domain from the allowlist and revoke the badges that rested on it alone."""
    domain = entry.domain
    session.delete(entry)
    session.flush()
    audit.record(
        session, "allowed_domain_removed", actor_user_id=removed_by_id, details={"domain": domain}
    )
    # Imported here: email_verification imports this module for matching.
    from web.services.email_verification import revoke_unbacked_domain_badges

    revoke_unbacked_domain_badges(session, domain)
