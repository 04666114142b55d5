"""Demo names: Russian first names and surnames, pseudonyms, and how people write them."""

import random
from collections.abc import Sequence

# Each first name: Cyrillic original, the spelling its bearer usually uses in English.
FEMALE_NAMES = (
    ("Анна", "Anna"), ("Мария", "Maria"), ("Екатерина", "Ekaterina"), ("Елена", "Elena"),
    ("Ольга", "Olga"), ("Наталья", "Natalia"), ("Татьяна", "Tatiana"), ("Юлия", "Yulia"),
    ("Ксения", "Ksenia"), ("Дарья", "Daria"), ("Алиса", "Alisa"), ("Полина", "Polina"),
    ("Ирина", "Irina"), ("Светлана", "Svetlana"), ("Александра", "Alexandra"),
    ("Евгения", "Evgenia"), ("Вера", "Vera"), ("Софья", "Sofia"), ("Марина", "Marina"),
    ("Анастасия", "Anastasia"), ("Лидия", "Lidia"), ("Варвара", "Varvara"), ("Ася", "Asya"),
    ("Жанна", "Zhanna"), ("Любовь", "Lyubov"), ("Галина", "Galina"),
)  # fmt: skip

MALE_NAMES = (
    ("Дмитрий", "Dmitry"), ("Алексей", "Alexey"), ("Сергей", "Sergey"), ("Андрей", "Andrey"),
    ("Михаил", "Mikhail"), ("Иван", "Ivan"), ("Никита", "Nikita"), ("Павел", "Pavel"),
    ("Артём", "Artem"), ("Илья", "Ilya"), ("Максим", "Maxim"), ("Григорий", "Grigory"),
    ("Егор", "Egor"), ("Фёдор", "Fedor"), ("Кирилл", "Kirill"), ("Евгений", "Evgeny"),
    ("Роман", "Roman"), ("Тимур", "Timur"), ("Лев", "Lev"), ("Константин", "Konstantin"),
    ("Антон", "Anton"), ("Олег", "Oleg"), ("Борис", "Boris"), ("Юрий", "Yury"),
    ("Вячеслав", "Vyacheslav"), ("Арсений", "Arseny"),
)  # fmt: skip

# Masculine forms; feminine() derives the feminine ones.
SURNAMES = (
    "Щербаков", "Смирнов", "Кузнецов", "Соколов", "Лебедев", "Волков", "Морозов", "Новиков",
    "Козлов", "Орлов", "Фёдоров", "Зайцев", "Белов", "Григорьев", "Павлов", "Семёнов",
    "Голубев", "Виноградов", "Богданов", "Воробьёв", "Кравцов", "Никитин", "Ильин", "Громов",
    "Шапиро", "Коган", "Гордон", "Рабинович", "Ким", "Цой", "Островский", "Залесский",
    "Вишневский", "Полянский", "Шевчук", "Бондаренко", "Мельников", "Яковлев", "Жуков",
    "Тарасов", "Юдин", "Абрамов", "Хабибуллин", "Ахмедов", "Эйдельман", "Чернышёв", "Щукин",
    "Журавлёв", "Хрусталёв", "Левин", "Штерн", "Гуревич", "Самойлов", "Ефремов", "Чистяков",
)  # fmt: skip

# Neutral handles: no names, places or trades that could contradict the rest of a profile.
PSEUDONYMS_EN = (
    "north_wind", "Fox in exile", "blue_heron", "quiet_river", "paper_crane", "wandering_owl",
    "grey_cardinal", "snowdrop", "late_bloomer", "Omega", "black_sea_breeze", "tram_no_9",
)  # fmt: skip

PSEUDONYMS_RU = (
    "Северный ветер", "Кот учёный", "Серая сова", "Перелётная птица", "Бумажный журавлик",
    "Чайка", "Тихая гавань", "Трамвай девятка",
)  # fmt: skip

_PASSPORT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip

_COMMON = _PASSPORT | {"ё": "yo", "й": "y", "ъ": "", "ю": "yu", "я": "ya"}

_COMMON_ENDINGS = (("ий", "y"), ("ый", "y"), ("ая", "aya"))


def passport_spelling(name: str) -> str:
    """Transliterate a Cyrillic name as a Russian passport does (ICAO Doc 9303), upper case."""
    return "".join(_PASSPORT.get(char, char) for char in name.lower()).upper()


def common_spelling(name: str) -> str:
    """Transliterate a Cyrillic name the way it is usually written in English."""
    words = []
    for word in name.lower().split():
        tail = ""
        for ending, latin in _COMMON_ENDINGS:
            if word.endswith(ending):
                word, tail = word[: -len(ending)], latin
                break
        word = word.replace("ье", "ye").replace("ьё", "yo")
        for sibilant in "жчшщ":
            word = word.replace(sibilant + "ё", sibilant + "o")
        words.append(("".join(_COMMON.get(char, char) for char in word) + tail).capitalize())
    return " ".join(words)


def feminine(surname: str) -> str:
    """Return the feminine form of a masculine Russian surname; others stay as they are."""
    for ending, female in (("ский", "ская"), ("цкий", "цкая")):
        if surname.endswith(ending):
            return surname[: -len(ending)] + female
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname


def identity(
    rng: random.Random, female: bool, russian: bool, birth_year: int, domains: Sequence[str]
) -> dict:
    """Return a person's display_name, full_name, name_variants, birth_year and email."""
    first_ru, first_en = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
    surname = rng.choice(SURNAMES)
    surname = feminine(surname) if female else surname
    latin_surname = common_spelling(surname)
    cyrillic, latin = f"{first_ru} {surname}", f"{first_en} {latin_surname}"
    if rng.random() < 0.12:
        display = rng.choice(PSEUDONYMS_RU if russian else PSEUDONYMS_EN)
    else:
        display = f"{first_ru} {surname[0]}." if russian else f"{first_en} {latin_surname[0]}."
    # Some Russian speakers give their name in Latin letters and the other way round.
    full_name = cyrillic if russian != (rng.random() < 0.12) else latin
    passport = f"{passport_spelling(first_ru)} {passport_spelling(surname)}"
    first, last = first_en.lower(), latin_surname.lower()
    local = rng.choice(
        (
            f"{first}.{last}",
            f"{first[0]}{last}",
            f"{first}{birth_year % 100:02d}",
            f"{last}.{first[0]}",
            f"{first}.{last}{rng.randint(1, 99)}",
        )
    )
    return {
        "display_name": display,
        "full_name": full_name,
        "name_variants": _distinct((cyrillic, passport, latin), full_name),
        "birth_year": birth_year,
        "email": f"{local}@{rng.choice(domains)}",
    }


def _distinct(names: Sequence[str], known: str) -> list[str]:
    """Return the names that differ from `known` and from each other, ignoring case."""
    seen, kept = {known.casefold()}, []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return kept
