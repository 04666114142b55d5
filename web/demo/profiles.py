"""Demo profiles: one coherent person at a time, in Russian, English or both."""

import random
from collections.abc import Sequence

from web.demo import vocabulary as vocab
from web.demo import vocabulary_catalogue as catalogue
from web.demo import vocabulary_people as people
from web.demo import vocabulary_sentences as sentences
from web.demo.vocabulary import Role, Voice, localise

# Months are counted as year * 12 + (month - 1); the corpus is "as of" November 2026.
REFERENCE_MONTH = 2026 * 12 + 10
EMAIL_DOMAINS = ("example.org", "example.com", "example.net")
KINDS = tuple(catalogue.KIND_SHARES)

_PROPER_FIRST_WORDS = ("Python", "Android")
_WISHES = ("Looking for", "Open to", "Interested in")


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _month_text(month: int) -> str:
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def build_profile(rng: random.Random, external_id: str, role: Role, voice: Voice) -> dict:
    """Build one coherent profile: a career in one occupation, told in one voice."""
    field = role.field
    female = rng.random() < 0.5
    # Most who left were in their late twenties or thirties.
    birth_year = round(rng.triangular(1975, 2000, 1991))
    has_degree = rng.random() < role.degree_rate
    phd = has_degree and rng.random() < role.phd_rate
    start_age = rng.randint(21, 24) if has_degree else rng.randint(18, 22)
    first_start = min((birth_year + start_age) * 12 + rng.randrange(12), REFERENCE_MONTH - 18)
    left_year = rng.choice((2022, 2022, 2022, 2022, 2022, 2023, 2023, 2024, 2021))
    left_month = rng.choice((2, 3, 3, 8, 9, 9)) if left_year == 2022 else rng.randrange(10)
    left = left_year * 12 + left_month
    country = _pick(rng, _biased(field))
    city = rng.choice(vocab.CITIES[country])
    # Values are "English | Russian" entries too, localised along with the sentence around them.
    context = {
        "a": " | а" if female else "",
        "in_city": f"in {city[0]} | {city[2]}",
        "from_home": rng.choice(vocab.HOME_CITIES),
        "year_left": left_year,
        "year_moved": min(left_year + (rng.random() < 0.3), 2026),
    }
    experience, years = _career(rng, role, first_start, left, voice, context)
    skills = _skills(rng, role, voice.skills)
    seeking = [kind for kind, chance in role.seeking if rng.random() < chance]
    seeking = sorted(seeking or [role.seeking[0][0]], key=KINDS.index)
    record = {
        "external_id": external_id,
        **people.identity(rng, female, voice.headline == "ru", birth_year, EMAIL_DOMAINS),
        "headline": _headline(rng, role, voice.headline, years),
        "field": field,
        "summary": _summary(rng, role, voice.summary, skills, seeking, years, context),
        "skills": [localise(skill, lang) for skill, lang in skills],
        "experience": experience,
        "education": _education(rng, role, birth_year, has_degree, phd, voice.education),
        "languages": _languages(rng, role, field, country),
        "country": country,
        "city": city[1] if voice.headline == "ru" and rng.random() < 0.5 else city[0],
        "seeking": seeking,
        "remote": rng.random() < catalogue.REMOTE_RATES[field],
        "relocate_to": _relocation(rng, country),
        "work_authorization": _authorization(rng, country),
        "years_experience": years,
    }
    # Real people leave optional fields blank now and then.
    for key, chance in catalogue.PROFILE_OMISSIONS.items():
        if rng.random() < chance:
            record.pop(key)
    return {key: value for key, value in record.items() if value not in ([], "")}


def _biased(field: str) -> dict[str, float]:
    bias = vocab.FIELD_COUNTRY_BIAS.get(field, {})
    return {
        code: vocab.RESIDENCE_WEIGHTS[code] + bias.get(code, 0) for code in vocab.RESIDENCE_WEIGHTS
    }


def _headline(rng: random.Random, role: Role, lang: str, years: int) -> str:
    """Pick a headline; experienced engineers put their grade in front, in English."""
    headline = localise(rng.choice(role.headlines), lang)
    first = headline.split()[0]
    if not role.seniority or years < 6 or not first[0].isascii():
        return headline
    level = "Lead" if years >= 11 and rng.random() < 0.35 else "Senior"
    proper = first.split("-")[0] in _PROPER_FIRST_WORDS
    if not proper and not any(char.isupper() for char in first[1:]):
        headline = headline[0].lower() + headline[1:]
    return f"{level} {headline}"


def _skills(rng: random.Random, role: Role, lang: str) -> list[tuple[str, str]]:
    """Pick skills with the language each is written in; Russians often keep English terms."""
    chosen = rng.sample(role.skills, min(len(role.skills), rng.randint(6, 10)))
    if rng.random() < 0.3:
        chosen.append(rng.choice(vocab.EXTRA_SKILLS))
    picked: list[tuple[str, str]] = []
    seen: set[str] = set()
    for skill in chosen:
        russian = lang == "ru" and rng.random() < catalogue.RUSSIAN_SKILL_RATES[role.field]
        skill_lang = "ru" if russian else "en"
        if localise(skill, skill_lang).casefold() not in seen:
            seen.add(localise(skill, skill_lang).casefold())
            picked.append((skill, skill_lang))
    return picked


def _career(
    rng: random.Random, role: Role, first_start: int, left: int, voice: Voice, context: dict
) -> tuple[list[dict], int]:
    """Return experience items, newest first, and the whole years they span."""
    span = REFERENCE_MONTH - first_start
    # Longer careers pass through more employers: roughly one every two to seven years.
    count = rng.randint(min(5, max(1, span // 84)), min(5, span // 24 + 1))
    if first_start < left - 6:
        count = max(count, 2)
        before = min(count - 1, max(1, round(count * (left - first_start) / span)))
        arrived = min(left + rng.randint(1, 4), REFERENCE_MONTH - 6)
        spans = _split(rng, first_start, left, before) + _split(
            rng, arrived, REFERENCE_MONTH, count - before
        )
    else:
        spans = _split(rng, first_start, REFERENCE_MONTH, count)
    current = rng.random() < 0.65
    duties, abroad = list(role.duties), list(role.duties_abroad)
    items, level, employer = [], 0, ""
    for index, (start, end) in enumerate(spans):
        last = index == len(spans) - 1
        # A position is listed under the title held by its middle; titles never go down.
        level = max(level, min(len(role.titles) - 1, ((start + end) // 2 - first_start) // 40))
        employers = role.employers_home if start < left else role.employers_abroad
        employer = rng.choice([name for name in employers if name != employer] or employers)
        finish = None if last and current else end - 1
        if last and not current:
            finish = max(start, end - rng.randint(1, 8))
        item = {
            "title": localise(role.titles[level], voice.experience),
            "organization": localise(employer, voice.experience),
            "start": _month_text(start),
            "end": None if finish is None else _month_text(finish),
        }
        duty = _duty(rng, duties, abroad if start >= left else [], level / (len(role.titles) - 1))
        if duty and rng.random() < 0.85:
            item["description"] = _say(duty, voice.descriptions, context)
        items.append(item)
    worked_until = REFERENCE_MONTH if current else finish + 1
    return items[::-1], (worked_until - first_start) // 12


def _duty(rng: random.Random, duties: list[str], abroad: list[str], seniority: float) -> str:
    """Take an unused duty: one from exile if there is, else one fitting the seniority (0 to 1)."""
    if abroad and rng.random() < 0.7:
        return abroad.pop(rng.randrange(len(abroad)))
    if not duties:
        return ""
    index = round(seniority * (len(duties) - 1)) + rng.choice((-1, 0, 0, 1))
    return duties.pop(min(max(index, 0), len(duties) - 1))


def _split(rng: random.Random, start: int, end: int, parts: int) -> list[tuple[int, int]]:
    """Cut the months [start, end) into consecutive spans of uneven length."""
    parts = max(1, min(parts, (end - start) // 8))
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    bounds, running = [start], 0.0
    for weight in weights[:-1]:
        running += weight
        bounds.append(start + round((end - start) * running / sum(weights)))
    bounds.append(end)
    return list(zip(bounds, bounds[1:], strict=False))


def _summary(
    rng: random.Random,
    role: Role,
    lang: str,
    skills: Sequence[tuple[str, str]],
    seeking: Sequence[str],
    years: int,
    context: dict,
) -> str:
    # Tool names ("Go", "Figma") read best in "Main tools: ..." sentences, so they come first.
    ranked = sorted(skills, key=lambda pair: " | " in pair[0])
    names = [localise(skill, lang) for skill, _ in ranked] * 2
    values = context | {"years_phrase": sentences.years_phrase(years, lang)}
    values |= {"skill1": names[0], "skill2": names[1]}
    opening, *others = role.summary
    moves = sentences.MOVE_SENTENCES
    if context["year_moved"] == context["year_left"]:
        moves = tuple(
            move for move in moves if "{year_moved}" not in move or "{year_left}" not in move
        )
    move = rng.choice(moves)
    wish = rng.choice(sentences.SEEKING_SENTENCES[seeking[0]])
    if rng.random() < 0.08:
        # A long, rambling summary: the kind of text that exercises chunking.
        parts = [opening, *others, *role.duties, *role.duties_abroad, move]
        fillers = rng.sample(sentences.LONG_SENTENCES, len(sentences.LONG_SENTENCES))
        while _words(parts, lang) < 330 and fillers:
            parts.append(fillers.pop())
    else:
        parts = ([opening] if rng.random() < 0.8 else []) + rng.sample(others, rng.randint(1, 2))
        parts += [move] if rng.random() < 0.6 else []
        if len(parts) < 4 and rng.random() < 0.2:
            parts.append(rng.choice(sentences.LONG_SENTENCES))
    # A summary that already says what its author looks for needs no second wish.
    if not any(localise(part, "en").startswith(_WISHES) for part in parts):
        parts += [wish] if rng.random() < 0.7 or len(parts) < 2 else []
    parts += [move] if len(parts) < 2 else []
    return " ".join(_say(part, lang, values) for part in parts)


def _say(entry: str, lang: str, values: dict) -> str:
    """Return one language of an entry with its placeholders filled in that language."""
    return localise(entry, lang).format(**{k: localise(str(v), lang) for k, v in values.items()})


def _words(parts: Sequence[str], lang: str) -> int:
    return sum(len(localise(part, lang).split()) for part in parts)


def _education(
    rng: random.Random, role: Role, birth_year: int, has_degree: bool, phd: bool, lang: str
) -> list[dict]:
    """Return degrees, newest first, in the years a person born then would earn them."""
    if not has_degree:
        return []
    schools = vocab.INSTITUTIONS[role.schools]
    school = rng.choice(schools)
    study = rng.choice(role.studies)
    style = "arts" if role.degree_style == "arts" else "sci"
    if birth_year <= 1984 or (birth_year <= 1990 and rng.random() < 0.6):
        year = birth_year + rng.randint(22, 23)
        degrees = [("specialist", school, year)]
    else:
        year = birth_year + rng.randint(21, 22)
        degrees = [(f"bachelor_{style}", school, year)]
        if phd or rng.random() < 0.5:
            year += 2
            degrees.append((f"master_{style}", rng.choice(schools), year))
    if phd and year + 3 <= 2026:
        year = min(year + rng.randint(3, 5), 2026)
        abroad = rng.random() < 0.25
        degree, place = (
            ("phd", rng.choice(vocab.FOREIGN_UNIVERSITIES)) if abroad else ("candidate", school)
        )
        degrees.append((degree, place, year))
        if not abroad and birth_year <= 1982 and rng.random() < 0.25:
            degrees.append(("doctor", school, min(year + rng.randint(8, 12), 2026)))
    items = []
    for degree, place, when in reversed(degrees):
        item = {"degree": localise(vocab.DEGREES[degree], lang), "field": localise(study, lang)}
        item["institution"] = localise(place, lang)
        item["year"] = when
        for key, chance in (("field", 0.05), ("institution", 0.03), ("year", 0.08)):
            if rng.random() < chance:
                del item[key]
        items.append(item)
    return items


def _languages(rng: random.Random, role: Role, field: str, country: str) -> list[dict]:
    levels = {"ru": "native", "en": rng.choice(vocab.ENGLISH_LEVELS[field])}
    if role.key in ("language_teacher", "translator"):
        levels["en"] = rng.choice(("C1", "C2"))
    local = vocab.LOCAL_LANGUAGES.get(country)
    if local and rng.random() < local[2]:
        levels[local[0]] = rng.choice(local[1])
    if role.key in catalogue.EUROPEAN_READERS:
        if rng.random() < 0.4:
            levels.setdefault("de", rng.choice(("B1", "B2", "C1")))
        if rng.random() < 0.15:
            levels.setdefault("fr", rng.choice(("B1", "B2")))
    if rng.random() < 0.12:
        code, choices = rng.choice(vocab.EXTRA_LANGUAGES)
        levels.setdefault(code, rng.choice(choices))
    if rng.random() < 0.03:
        levels.setdefault("uk", rng.choice(("B2", "C1", "native")))
    return [{"code": code, "level": level} for code, level in levels.items()]


def _relocation(rng: random.Random, country: str) -> list[str]:
    if rng.random() < 0.45:
        return []
    wanted = rng.randint(1, 3)
    targets: list[str] = []
    options = {code: weight for code, weight in vocab.RELOCATION_WEIGHTS.items() if code != country}
    while len(targets) < wanted:
        code = _pick(rng, options)
        targets.append(code)
        del options[code]
    return targets


def _authorization(rng: random.Random, country: str) -> list[str]:
    allowed = [country]
    if country in vocab.EU_COUNTRIES and rng.random() < 0.25:
        others = [code for code in vocab.EU_COUNTRIES if code != country]
        allowed += rng.sample(others, rng.randint(1, 3))
    elif country not in vocab.EU_COUNTRIES and rng.random() < 0.04:
        # A second passport, usually from a parent or a grandparent.
        allowed.append(rng.choice(("DE", "IL", "LV", "LT")))
    return list(dict.fromkeys(allowed))
