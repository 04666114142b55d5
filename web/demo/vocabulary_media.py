"""Media occupations: reporters, editors, data journalists, video, photo and audience teams."""

from web.demo.vocabulary import Role

_SEEKING = (("job", 0.85), ("fellowship", 0.6), ("grant", 0.5))
_MAIN_TOOLS = "Main tools: {skill1}, {skill2}. | Основные инструменты: {skill1}, {skill2}."
_STUDIES = (
    "Journalism | Журналистика",
    "Philology | Филология",
    "History | История",
    "International Relations | Международные отношения",
)

NEWS_HOME = (
    "Novaya Gazeta | Новая газета",
    "TV Rain (Dozhd) | Телеканал «Дождь»",
    "Echo of Moscow | Эхо Москвы",
    "The Bell",
    "RBC | РБК",
    "Kommersant | Коммерсантъ",
    "Vedomosti | Ведомости",
    "Proekt | Проект",
    "Mediazona | Медиазона",
    "Takie Dela | Такие дела",
    "Forbes Russia | Forbes Россия",
    "The Village",
)

NEWS_ABROAD = (
    "Meduza (Riga) | Медуза (Рига)",
    "Novaya Gazeta Europe (Riga) | Новая газета Европа (Рига)",
    "TV Rain (Amsterdam) | Телеканал «Дождь» (Амстердам)",
    "iStories (Riga) | Важные истории (Рига)",
    "Radio Liberty (Prague) | Радио Свобода (Прага)",
    "The Insider",
    "Holod | Холод",
    "Verstka | Вёрстка",
    "BBC Russian Service (London) | Русская служба Би-би-си (Лондон)",
    "Deutsche Welle Russian (Berlin) | DW на русском (Берлин)",
    "Freelance | Фриланс",
)

MEDIA_ROLES = (
    Role(
        key="investigative",
        field="media",
        weight=22,
        seeking=_SEEKING,
        degree_style="arts",
        degree_rate=0.85,
        headlines=(
            "Investigative journalist, data desk | Журналист-расследователь, отдел данных",
            "Investigative reporter, corruption and state procurement"
            " | Журналист-расследователь, коррупция и госзакупки",
            "Investigative journalist, OSINT | Журналист-расследователь, OSINT",
        ),
        titles=(
            "Correspondent | Корреспондент",
            "Reporter | Репортёр",
            "Investigative journalist | Журналист-расследователь",
            "Head of investigations | Руководитель отдела расследований",
        ),
        skills=(
            "OSINT",
            "Excel",
            "SQL",
            "investigative journalism | журналистские расследования",
            "data journalism | дата-журналистика",
            "source protection | защита источников",
            "fact-checking | фактчекинг",
            "public records research | работа с открытыми реестрами",
            "interviewing | интервью",
            "long-form writing | лонгриды",
            "digital security | цифровая безопасность",
            "cross-border collaboration | международные коллаборации",
        ),
        employers_home=NEWS_HOME,
        employers_abroad=NEWS_ABROAD,
        duties=(
            "Worked with OCCRP partners on a cross-border investigation."
            " | Работал{a} с партнёрами из OCCRP над международным расследованием.",
            "Investigated the offshore assets of regional governors using leaked registries."
            " | Расследовал{a} офшорные активы губернаторов по утёкшим реестрам.",
            "Published a series on procurement fraud that led to criminal cases."
            " | Опубликовал{a} серию материалов о махинациях с госзакупками, по итогам которой"
            " возбудили уголовные дела.",
        ),
        duties_abroad=(
            "Verified videos of strikes on civilians with geolocation and satellite images."
            " | Верифицировал{a} видео ударов по мирным жителям с помощью геолокации и спутниковых"
            " снимков.",
        ),
        summary=(
            "Investigative journalist with {years_phrase} of experience in Russian independent"
            " media. | Журналист-расследователь, {years_phrase} в российских независимых медиа.",
            "I follow the money: offshore companies, procurement and property registries."
            " | Иду по следу денег: офшоры, госзакупки, реестры недвижимости.",
            "Since 2022 I work from exile and rely on OSINT and leaked data."
            " | С 2022 года работаю в эмиграции и опираюсь на OSINT и утечки.",
            "Several of my investigations were shortlisted for the Redkollegia award."
            " | Несколько моих расследований вошли в шорт-лист премии «Редколлегия».",
            "Designated a 'foreign agent' in Russia, I cannot return."
            " | Признан{a} в России «иностранным агентом» и не могу вернуться.",
        ),
        studies=_STUDIES,
        schools="media",
    ),
    Role(
        key="editor",
        field="media",
        weight=22,
        seeking=_SEEKING,
        degree_style="arts",
        degree_rate=0.85,
        headlines=(
            "Editor, news and features | Редактор, новости и лонгриды",
            "Managing editor, independent Russian-language media"
            " | Выпускающий редактор русскоязычного независимого медиа",
            "Copy editor and fact-checker | Редактор и фактчекер",
        ),
        titles=(
            "Junior editor | Младший редактор",
            "News editor | Редактор новостей",
            "Senior editor | Старший редактор",
            "Managing editor | Выпускающий редактор",
            "Editor-in-chief | Главный редактор",
        ),
        skills=(
            "CMS",
            "editing | редактирование",
            "news writing | новостная журналистика",
            "fact-checking | фактчекинг",
            "headline writing | заголовки",
            "newsroom management | управление редакцией",
            "content strategy | контент-стратегия",
            "long-form writing | лонгриды",
            "Russian style editing | литературная редактура",
            "newsletters | email-рассылки",
            "translation | перевод",
            "audience development | развитие аудитории",
        ),
        employers_home=NEWS_HOME,
        employers_abroad=NEWS_ABROAD,
        duties=(
            "Ran the night news shift and edited up to 60 stories a day."
            " | Руководил{a} ночной новостной сменой и редактировал{a} до 60 заметок в день.",
            "Edited long-form reportage that won the Redkollegia award."
            " | Редактировал{a} репортажи, получившие премию «Редколлегия».",
            "Relaunched the newsletter and grew it to 150,000 subscribers."
            " | Перезапустил{a} email-рассылку и вырастил{a} её до 150 тыс. подписчиков.",
        ),
        duties_abroad=(
            "Rebuilt the editorial workflow after the newsroom relocated."
            " | Заново выстроил{a} редакционные процессы после релокации редакции.",
        ),
        summary=(
            "Editor with {years_phrase} of experience in news and long-form journalism."
            " | Редактор, {years_phrase} опыта в новостях и лонгридах.",
            "I know how to keep a newsroom running under pressure and on a small budget."
            " | Умею поддерживать работу редакции под давлением и с небольшим бюджетом.",
            "Worked at several of the best-known independent Russian media."
            " | Работал{a} в нескольких самых известных независимых российских изданиях.",
            "Open to editorial roles in Russian or English."
            " | Рассматриваю редакторскую работу на русском или английском.",
        ),
        studies=_STUDIES,
        schools="media",
    ),
    Role(
        key="data_journalist",
        field="media",
        weight=12,
        seeking=_SEEKING,
        degree_rate=0.85,
        headlines=(
            "Data journalist | Дата-журналист",
            "Data journalist and visual storyteller | Дата-журналист, визуализация данных",
            "Data editor | Редактор отдела данных",
        ),
        titles=(
            "Data reporter | Корреспондент отдела данных",
            "Data journalist | Дата-журналист",
            "Senior data journalist | Старший дата-журналист",
            "Data editor | Редактор отдела данных",
        ),
        skills=(
            "Python",
            "R",
            "SQL",
            "Datawrapper",
            "D3.js",
            "OSINT",
            "data journalism | дата-журналистика",
            "data visualisation | визуализация данных",
            "web scraping | парсинг данных",
            "statistics | статистика",
            "fact-checking | фактчекинг",
            "investigative journalism | журналистские расследования",
        ),
        employers_home=NEWS_HOME,
        employers_abroad=NEWS_ABROAD,
        duties=(
            "Scraped court decisions to show the growth of political prosecutions."
            " | Спарсил{a} решения судов, чтобы показать рост политических преследований.",
            "Designed interactive charts seen by millions of readers."
            " | Сделал{a} интерактивные графики, которые увидели миллионы читателей.",
            "Taught data journalism workshops for regional reporters."
            " | Проводил{a} мастерские по дата-журналистике для региональных журналистов.",
        ),
        duties_abroad=(
            "Built a database of Russian military deaths from obituaries and court records."
            " | Собрал{a} базу данных погибших российских военных по некрологам и судебным"
            " документам.",
        ),
        summary=(
            "Data journalist with {years_phrase} of experience turning public data into stories."
            " | Дата-журналист, {years_phrase} превращаю открытые данные в истории.",
            "I write code to collect data that the state prefers to hide."
            " | Пишу код, чтобы собирать данные, которые государство предпочитает скрывать.",
            "Looking for a data desk or a fellowship to continue a long-term casualties project."
            " | Ищу отдел данных или стипендию, чтобы продолжить долгосрочный проект о потерях.",
            _MAIN_TOOLS,
        ),
        studies=_STUDIES + ("Applied Mathematics | Прикладная математика",),
        schools="media",
    ),
    Role(
        key="video_producer",
        field="media",
        weight=16,
        seeking=_SEEKING,
        degree_style="arts",
        degree_rate=0.7,
        headlines=(
            "Video producer, YouTube and documentaries"
            " | Видеопродюсер, YouTube и документальное кино",
            "Video editor and producer | Видеомонтажёр и продюсер",
            "Documentary producer | Продюсер документальных фильмов",
        ),
        titles=(
            "Video editor | Видеомонтажёр",
            "Producer | Продюсер",
            "Senior producer | Старший продюсер",
            "Executive producer | Исполнительный продюсер",
        ),
        skills=(
            "Adobe Premiere Pro",
            "DaVinci Resolve",
            "video production | видеопроизводство",
            "video editing | видеомонтаж",
            "YouTube strategy | развитие YouTube-канала",
            "documentary film | документальное кино",
            "scriptwriting | сценарии",
            "live broadcasting | прямые эфиры",
            "camera operation | операторская работа",
            "storytelling | сторителлинг",
            "motion graphics | моушн-графика",
        ),
        employers_home=NEWS_HOME,
        employers_abroad=NEWS_ABROAD,
        duties=(
            "Edited documentaries about political prisoners."
            " | Монтировал{a} документальные фильмы о политзаключённых.",
            "Ran live broadcasts on election nights. | Отвечал{a} за прямые эфиры в ночи выборов.",
            "Produced a weekly YouTube show that grew to 1.5 million subscribers."
            " | Продюсировал{a} еженедельное YouTube-шоу, выросшее до 1,5 млн подписчиков.",
        ),
        duties_abroad=(
            "Rebuilt the video studio from scratch after relocation."
            " | После релокации с нуля пересобрал{a} видеостудию.",
        ),
        summary=(
            "Video producer with {years_phrase} of experience in TV and online video."
            " | Видеопродюсер, {years_phrase} опыта на ТВ и в онлайн-видео.",
            "I can take a story from idea and script to shooting, editing and distribution."
            " | Умею провести историю от идеи и сценария до съёмки, монтажа и дистрибуции.",
            "Interested in documentary projects and YouTube formats for Russian-speaking audiences."
            " | Интересуют документальные проекты и YouTube-форматы для русскоязычной аудитории.",
            _MAIN_TOOLS,
        ),
        studies=("Journalism | Журналистика", "Film and Television | Кино и телевидение"),
        schools="media",
    ),
    Role(
        key="photographer",
        field="media",
        weight=12,
        seeking=(("job", 0.6), ("grant", 0.5), ("fellowship", 0.4)),
        degree_style="arts",
        degree_rate=0.6,
        headlines=(
            "Photojournalist | Фотожурналист",
            "Documentary photographer | Документальный фотограф",
            "Photo editor | Фоторедактор",
        ),
        titles=(
            "Photographer | Фотограф",
            "Staff photojournalist | Штатный фотокорреспондент",
            "Photo editor | Фоторедактор",
            "Head of photo desk | Руководитель фотослужбы",
        ),
        skills=(
            "Adobe Lightroom",
            "photojournalism | фотожурналистика",
            "documentary photography | документальная фотография",
            "photo editing | фоторедактура",
            "visual storytelling | визуальный сторителлинг",
            "conflict reporting | работа в зонах конфликтов",
            "archive research | работа с архивами",
            "exhibition curation | кураторство выставок",
            "video production | видеопроизводство",
        ),
        employers_home=NEWS_HOME,
        employers_abroad=NEWS_ABROAD,
        duties=(
            "Covered protests and courts in Moscow for five years."
            " | Пять лет снимал{a} протесты и суды в Москве.",
            "Published photo stories in international media."
            " | Публиковал{a} фотоистории в международных СМИ.",
            "Ran the photo desk of a daily newspaper."
            " | Руководил{a} фотослужбой ежедневной газеты.",
        ),
        duties_abroad=(
            "Curated a touring exhibition about the new Russian emigration."
            " | Курировал{a} передвижную выставку о новой российской эмиграции.",
        ),
        summary=(
            "Photojournalist with {years_phrase} of experience in news and documentary"
            " photography. | Фотожурналист, {years_phrase} в новостной и документальной"
            " фотографии.",
            "My long-term project follows Russians who left after 2022."
            " | Мой долгосрочный проект — о россиянах, уехавших после 2022 года.",
            "My work has been shown in Berlin, Riga and Tbilisi."
            " | Работы выставлялись в Берлине, Риге и Тбилиси.",
            "Looking for assignments, grants and residencies. | Ищу заказы, гранты и резиденции.",
        ),
        studies=("Photography | Фотография", "Journalism | Журналистика"),
        schools="media",
    ),
    Role(
        key="audience",
        field="media",
        weight=16,
        seeking=_SEEKING,
        degree_style="arts",
        degree_rate=0.8,
        headlines=(
            "Audience development editor | Редактор по развитию аудитории",
            "Social media manager, news | SMM-редактор, новости",
            "Podcast producer | Продюсер подкастов",
        ),
        titles=(
            "SMM editor | SMM-редактор",
            "Audience editor | Редактор по работе с аудиторией",
            "Head of social media | Руководитель соцсетей",
            "Head of audience | Руководитель отдела аудитории",
        ),
        skills=(
            "SEO",
            "audience development | развитие аудитории",
            "social media | социальные сети",
            "Telegram channels | Telegram-каналы",
            "podcast production | производство подкастов",
            "web analytics | веб-аналитика",
            "newsletters | email-рассылки",
            "censorship circumvention | обход блокировок",
            "content strategy | контент-стратегия",
            "community management | работа с сообществом",
        ),
        employers_home=NEWS_HOME,
        employers_abroad=NEWS_ABROAD,
        duties=(
            "Built audience analytics dashboards for the editorial team."
            " | Сделал{a} дашборды аналитики аудитории для редакции.",
            "Launched a daily news podcast. | Запустил{a} ежедневный новостной подкаст.",
            "Grew the Telegram channel from 40,000 to 600,000 subscribers."
            " | Вырастил{a} Telegram-канал с 40 тыс. до 600 тыс. подписчиков.",
        ),
        duties_abroad=(
            "Set up mirror sites and newsletters to reach readers behind the blocking."
            " | Настроил{a} зеркала и рассылки, чтобы читатели получали материалы несмотря"
            " на блокировки.",
        ),
        summary=(
            "Audience editor with {years_phrase} of experience in news media."
            " | Редактор по работе с аудиторией, {years_phrase} опыта в новостных медиа.",
            "I help independent media reach readers inside Russia despite the blocking."
            " | Помогаю независимым медиа достучаться до читателей в России несмотря"
            " на блокировки.",
            "I love numbers but remember that behind each one is a reader."
            " | Люблю цифры, но помню, что за каждой стоит читатель.",
            _MAIN_TOOLS,
        ),
        studies=_STUDIES + ("Marketing | Маркетинг",),
        schools="media",
    ),
)
