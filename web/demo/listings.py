"""Demo listings: one opening at a time, written with a kind of candidate in mind."""

import random
from datetime import date, timedelta

from web.demo import vocabulary_catalogue as catalogue
from web.demo.vocabulary import ListingTemplate, localise

KINDS = tuple(catalogue.KIND_SHARES)
FIRST_DEADLINE = date(2026, 11, 15)
LAST_DEADLINE = date(2027, 6, 30)
# Deadlines before this day have passed by the demo's "today" (2026-11-27).
OPEN_FROM = date(2026, 11, 28)

# How many profiles of an occupation to expect per 100 who seek a kind of opening.
_SUPPLY = {
    (role.key, kind): catalogue.ROLE_SHARES[role.key] * dict(role.seeking).get(kind, 0.0) + 0.01
    for role in catalogue.ROLES
    for kind in KINDS
}
_ROLE_SKILLS = {
    role.key: {localise(skill, lang).casefold() for skill in role.skills for lang in ("en", "ru")}
    for role in catalogue.ROLES
}


def build_listing(rng: random.Random, external_id: str, kind: str, used: set) -> dict:
    """Build one listing of a kind, avoiding a title already posted by the same organisation."""
    templates = [template for template in catalogue.TEMPLATES if template.kind == kind]
    for _ in range(4):
        template = rng.choices(templates, weights=[t.weight for t in templates])[0]
        # Each opening is written with one kind of candidate in mind, usually a common one.
        supply = [_SUPPLY[role, kind] for role in template.roles]
        target = rng.choices(template.roles, weights=supply)[0]
        organization, country, city = rng.choice(template.organizations)
        title = _listing_title(rng, template, target, country)
        if (title, organization) not in used:
            break
    used.add((title, organization))
    record = {
        "external_id": external_id,
        "kind": kind,
        "title": title,
        "organization": organization,
        "description": _description(rng, template),
        "skills": _wanted_skills(rng, template, target),
        "field": template.field,
        "country": country,
        "city": city,
        "remote": country is None or rng.random() < template.remote,
        "visa_sponsorship": country is not None and rng.random() < template.visa,
        "languages": [{"code": code, "level": level} for code, level in template.languages],
        "min_years_experience": rng.randint(*template.min_years),
        "deadline": _deadline(rng, kind),
        "compensation": rng.choice(template.compensation) if template.compensation else None,
    }
    omissions = {"min_years_experience": 0.1 if kind == "job" else 0.3, "city": 0.05}
    omissions["compensation"] = 0.2 if kind == "job" else 0.05
    omissions["visa_sponsorship"] = 0.5 if kind in ("grant", "investment") else 0.0
    for key, chance in omissions.items():
        if rng.random() < chance:
            record.pop(key)
    # `country: null` is meaningful (fully remote); other empty values are simply left out.
    return {k: v for k, v in record.items() if k == "country" or v is not None}


def _listing_title(
    rng: random.Random, template: ListingTemplate, target: str, country: str | None
) -> str:
    local = template.local_titles.get(country or "", ())
    if local and target not in template.role_titles and rng.random() < 0.6:
        return rng.choice(local)
    return rng.choice(template.role_titles.get(target) or template.titles)


def _wanted_skills(rng: random.Random, template: ListingTemplate, target: str) -> list[str]:
    """Ask mostly for what the target occupation offers, plus one or two broader skills."""
    own = [skill for skill in template.skills if skill.casefold() in _ROLE_SKILLS[target]]
    others = set().union(*(_ROLE_SKILLS[role] for role in template.roles if role != target))
    rest = [
        skill for skill in template.skills if skill not in own and skill.casefold() not in others
    ]
    wanted = rng.sample(own, min(len(own), rng.randint(2, 4)))
    # Top up from the occupation's own vocabulary, written in the opening's language.
    spoken = [localise(skill, template.lang) for skill in catalogue.ROLE_BY_KEY[target].skills]
    spoken = [skill for skill in spoken if skill not in wanted]
    wanted += rng.sample(spoken, max(0, rng.randint(3, 5) - len(wanted)))
    wanted += rng.sample(rest, min(len(rest), rng.randint(0, 2)))
    distinct: dict[str, str] = {}
    for skill in wanted:
        distinct.setdefault(skill.casefold(), skill)
    return list(distinct.values())


def _description(rng: random.Random, template: ListingTemplate) -> str:
    own = template.sentences
    chosen = [own[i] for i in sorted(rng.sample(range(len(own)), rng.randint(2, min(5, len(own)))))]
    pool = catalogue.KIND_SENTENCES[template.kind].get(template.lang) or ()
    extra = rng.randint(0, min(3, 8 - len(chosen), len(pool)))
    return " ".join(chosen + rng.sample(pool, extra))


def _deadline(rng: random.Random, kind: str) -> str | None:
    rolling = {"job": 0.2, "investment": 0.4}.get(kind, 0.05)
    if rng.random() < rolling:
        return None
    if rng.random() < 0.1:
        day = FIRST_DEADLINE + timedelta(days=rng.randint(0, (OPEN_FROM - FIRST_DEADLINE).days - 1))
    else:
        day = OPEN_FROM + timedelta(days=rng.randint(0, (LAST_DEADLINE - OPEN_FROM).days))
    return day.isoformat()
