"""Profile sentences shared by every occupation: moving abroad, what people seek, long asides.

Placeholders: {a} is the Russian feminine past-tense ending ("" or "а"), {in_city} is
"in Tbilisi" / "в Тбилиси", {from_home} is "from Moscow" / "из Москвы", {year_left} and
{year_moved} are years.
"""

MOVE_SENTENCES = (
    "I left Russia in {year_left} and have lived {in_city} since {year_moved}."
    " | Уехал{a} из России в {year_left} году, с {year_moved} года живу {in_city}.",
    "Based {in_city} since {year_moved}. | С {year_moved} года живу {in_city}.",
    "After moving away {from_home} in {year_left} I settled {in_city}."
    " | После отъезда {from_home} в {year_left} году живу {in_city}.",
    "Relocated {from_home} in {year_left}; now {in_city} with a residence permit."
    " | Уехал{a} {from_home} в {year_left} году, сейчас живу {in_city} по виду на жительство.",
)

SEEKING_SENTENCES: dict[str, tuple[str, ...]] = {
    "job": (
        "Looking for a full-time position, remote or with relocation support."
        " | Ищу работу на полную ставку — удалённо или с релокацией.",
        "Open to full-time and contract roles. | Рассматриваю полную занятость и контракт.",
        "Ready to start within a month. | Готов{a} выйти на работу в течение месяца.",
    ),
    "fellowship": (
        "Open to fellowships and residencies from three months to two years."
        " | Рассматриваю стипендии и резиденции от трёх месяцев до двух лет.",
        "Interested in a fellowship that gives time to finish a long project."
        " | Ищу стипендию, которая даст время закончить большой проект.",
    ),
    "grant": (
        "Seeking grant support for an ongoing project."
        " | Ищу грантовую поддержку для текущего проекта.",
        "Looking for a grant to continue my work independently."
        " | Ищу грант, чтобы продолжать работу независимо.",
    ),
    "investment": (
        "Raising a pre-seed round to grow beyond the first markets."
        " | Привлекаю pre-seed раунд, чтобы выйти за пределы первых рынков.",
        "Looking for investors who understand relocated teams."
        " | Ищу инвесторов, которые понимают специфику релоцированных команд.",
    ),
}

# Long, role-neutral sentences that turn an ordinary summary into a 300-word one.
LONG_SENTENCES = (
    "Over the years I have learned that the most valuable part of any job is not the tools or the"
    " titles but the people you work with, and I try to be the colleague who explains things"
    " patiently, writes things down and shows up when something breaks."
    " | За эти годы я понял{a}, что самое ценное в любой работе — не инструменты и не должности,"
    " а люди рядом, и стараюсь быть тем коллегой, который терпеливо объясняет, всё записывает"
    " и приходит на помощь, когда что-то ломается.",
    "Leaving Russia was not a single decision but a series of small ones, and the months of moving"
    " between temporary apartments, bank accounts closed without warning and visas that had to be"
    " renewed taught me to plan carefully and to stay calm under uncertainty."
    " | Отъезд из России был не одним решением, а цепочкой маленьких: месяцы переездов по временным"
    " квартирам, внезапно закрытые банковские счета и визы, которые приходилось продлевать,"
    " научили меня тщательно планировать и сохранять спокойствие в неопределённости.",
    "I am used to working in distributed teams across several time zones, and I know how much"
    " depends on clear written communication, honest status updates and the habit of asking"
    " questions early rather than late."
    " | Мне привычно работать в распределённых командах в нескольких часовых поясах, и я знаю, как"
    " много зависит от ясной письменной коммуникации, честных статусов и привычки задавать вопросы"
    " рано, а не поздно.",
    "Much of my professional network also left the country, and we keep helping each other with"
    " introductions, recommendations and practical advice, which is why I believe strongly in"
    " communities that share knowledge openly."
    " | Многие мои коллеги тоже уехали, и мы продолжаем помогать друг другу знакомствами,"
    " рекомендациями и практическими советами, поэтому я очень верю в сообщества, которые открыто"
    " делятся знаниями.",
    "I want my next role to be a place where I can stay for several years, grow together with the"
    " organisation and contribute not only my skills but also my understanding of the"
    " Russian-speaking world and its audiences."
    " | Хочу, чтобы следующее место работы стало местом на несколько лет, где можно расти вместе"
    " с организацией и вкладывать не только навыки, но и понимание русскоязычного мира и его"
    " аудитории.",
    "Outside of work I volunteer with initiatives that support political prisoners and help newly"
    " arrived emigrants with documents, housing and finding their first job abroad."
    " | Вне работы я волонтёрю в инициативах, которые поддерживают политзаключённых и помогают"
    " недавно приехавшим эмигрантам с документами, жильём и поиском первой работы за рубежом.",
    "I read and write comfortably in English, keep improving the local language and find that"
    " working in several languages makes me more attentive to nuance and to the way different"
    " audiences understand the same words."
    " | Свободно читаю и пишу по-английски, продолжаю учить местный язык и замечаю, что работа на"
    " нескольких языках делает меня внимательнее к нюансам и к тому, как разные аудитории"
    " понимают одни и те же слова.",
    "The war changed what I consider meaningful work, and today I prefer projects with a clear"
    " public value, even when they pay less, over comfortable positions that do not change"
    " anything."
    " | Война изменила моё представление о значимой работе, и сегодня я предпочитаю проекты"
    " с понятной общественной пользой, даже если они хуже оплачиваются, комфортным позициям,"
    " которые ничего не меняют.",
    "I like to document what I do: I keep notes of decisions, write short internal guides and"
    " believe that a project is only finished when someone else can pick it up without calling me."
    " | Люблю документировать свою работу: записываю решения, пишу короткие внутренние инструкции"
    " и считаю, что проект закончен только тогда, когда его может подхватить другой человек,"
    " не звоня мне.",
    "I have mentored younger colleagues for several years and enjoy it: watching someone grow from"
    " their first uncertain steps to independent work is one of the most rewarding parts of my job."
    " | Несколько лет я наставляю младших коллег, и мне это нравится: видеть, как человек растёт"
    " от первых неуверенных шагов до самостоятельной работы, — одна из самых ценных частей моей"
    " профессии.",
    "My residence permit allows me to work legally, my documents are in order and I can start"
    " quickly; I am also open to relocation if the role and the team are the right fit."
    " | Мой вид на жительство позволяет работать легально, документы в порядке, и я могу быстро"
    " выйти на работу; также готов{a} к переезду, если подойдут задачи и команда.",
    "I try to stay curious: I take online courses, go to meetups and conferences when I can, and"
    " every year I pick one new area to study in depth, which keeps my work fresh and helps me"
    " bring new ideas to the team."
    " | Стараюсь оставаться любопытным человеком: прохожу онлайн-курсы, хожу на митапы"
    " и конференции, когда получается, и каждый год выбираю одну новую область для глубокого"
    " изучения — это не даёт работе стать рутиной и помогает приносить в команду новые идеи.",
    "I value transparency about money, workload and expectations, and in return I give the same"
    " transparency about my own plans, limits and progress."
    " | Ценю прозрачность в вопросах денег, нагрузки и ожиданий и в ответ так же открыто говорю"
    " о своих планах, ограничениях и прогрессе.",
    "Even after the move I keep in touch with colleagues and audiences who stayed in Russia, and I"
    " think that maintaining these connections is part of my professional responsibility."
    " | Даже после переезда я поддерживаю связь с коллегами и аудиторией, оставшимися в России,"
    " и считаю сохранение этих связей частью своей профессиональной ответственности.",
)


def years_phrase(years: int, lang: str) -> str:
    """Return "12 years" or its Russian form with the right plural ("1 год", "3 года", "5 лет")."""
    if lang != "ru":
        return f"{years} year" if years == 1 else f"{years} years"
    if years % 10 == 1 and years % 100 != 11:
        return f"{years} год"
    if 2 <= years % 10 <= 4 and not 12 <= years % 100 <= 14:
        return f"{years} года"
    return f"{years} лет"
