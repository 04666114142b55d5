"""Academic occupations in the humanities and social sciences."""

from web.demo.vocabulary import Role

_SEEKING = (("job", 0.75), ("fellowship", 0.7), ("grant", 0.45))
_MAIN_TOOLS = "Main tools: {skill1}, {skill2}. | Основные инструменты: {skill1}, {skill2}."

_MSU = "Lomonosov Moscow State University | МГУ имени М. В. Ломоносова"
_HSE = "HSE University | НИУ ВШЭ"
_EUSP = "European University at St. Petersburg | Европейский университет в Санкт-Петербурге"
_FREE_UNI = "Free University (Riga) | Свободный университет (Рига)"
_TARTU = "University of Tartu | Тартуский университет"

_RESEARCH_LADDER = (
    "Research assistant | Младший научный сотрудник",
    "Researcher | Научный сотрудник",
    "Senior researcher | Старший научный сотрудник",
    "Leading researcher | Ведущий научный сотрудник",
)

ACADEMIC_ROLES = (
    Role(
        key="historian",
        field="academia",
        weight=18,
        seeking=_SEEKING,
        degree_style="arts",
        degree_rate=1.0,
        phd_rate=0.45,
        headlines=(
            "Historian of the Soviet Union | Историк, специалист по истории СССР",
            "Historian, Stalinism and the Gulag | Историк, сталинизм и ГУЛАГ",
            "Historian of late imperial Russia | Историк поздней Российской империи",
            "Archivist and oral historian | Архивист, специалист по устной истории",
        ),
        titles=_RESEARCH_LADDER,
        skills=(
            "Soviet history | история СССР",
            "archival research | архивные исследования",
            "oral history | устная история",
            "Russian history | история России",
            "historiography | историография",
            "memory studies | исследования памяти",
            "university teaching | преподавание в вузе",
            "academic writing | академическое письмо",
            "digital humanities | цифровые гуманитарные науки",
            "palaeography | палеография",
            "Stalinism | сталинизм",
        ),
        employers_home=(
            _MSU,
            _HSE,
            _EUSP,
            "Institute of Russian History, Russian Academy of Sciences"
            " | Институт российской истории РАН",
            "Memorial | Международный Мемориал",
            "Russian State University for the Humanities | РГГУ",
        ),
        employers_abroad=(
            _FREE_UNI,
            _TARTU,
            "Ilia State University (Tbilisi) | Государственный университет Ильи (Тбилиси)",
            "Humboldt University of Berlin | Университет Гумбольдта (Берлин)",
            "Leibniz Institute for East and Southeast European Studies"
            " | Институт Лейбница по изучению Восточной и Юго-Восточной Европы",
        ),
        duties=(
            "Recorded over 120 oral history interviews with Gulag survivors and their families."
            " | Записал{a} более 120 интервью по устной истории с бывшими узниками ГУЛАГа и их"
            " семьями.",
            "Researched the NKVD archives of the 1930s for a monograph on the Great Terror."
            " | Работал{a} с архивами НКВД 1930-х годов для монографии о Большом терроре.",
            "Helped build a public database of victims of political repression."
            " | Участвовал{a} в создании открытой базы данных жертв политических репрессий.",
            "Taught lecture courses on twentieth-century Russian history to 200 students a year."
            " | Читал{a} лекционные курсы по истории России XX века для 200 студентов в год.",
            "Co-edited a peer-reviewed volume on Soviet everyday life."
            " | Был{a} соредактором рецензируемого сборника о советской повседневности.",
        ),
        summary=(
            "Historian of the Soviet Union with {years_phrase} of research and teaching"
            " experience. | Историк СССР, {years_phrase} исследовательского и преподавательского"
            " опыта.",
            "My research focuses on political repression, archives and memory of the Stalin era."
            " | Занимаюсь политическими репрессиями, архивами и памятью о сталинской эпохе.",
            "Author of a monograph and about twenty articles in Russian and English."
            " | Автор монографии и около двадцати статей на русском и английском языках.",
            "With Russian archives closed to me, I now work with digitised and emigré collections."
            " | Поскольку российские архивы для меня закрыты, работаю с оцифрованными"
            " и эмигрантскими фондами.",
            "I teach in Russian and English and supervise MA theses."
            " | Преподаю на русском и английском, руковожу магистерскими работами.",
        ),
        studies=("History | История", "Archival Studies | Историко-архивоведение"),
        schools="humanities",
    ),
    Role(
        key="political_scientist",
        field="academia",
        weight=16,
        seeking=_SEEKING,
        degree_style="arts",
        degree_rate=1.0,
        phd_rate=0.4,
        headlines=(
            "Political scientist, authoritarian regimes | Политолог, авторитарные режимы",
            "Sociologist, public opinion research | Социолог, исследования общественного мнения",
            "Researcher in post-Soviet politics | Исследователь постсоветской политики",
        ),
        titles=_RESEARCH_LADDER,
        skills=(
            "R",
            "Stata",
            "political science | политология",
            "sociology | социология",
            "survey design | разработка опросов",
            "quantitative methods | количественные методы",
            "qualitative interviews | качественные интервью",
            "comparative politics | сравнительная политология",
            "public opinion | общественное мнение",
            "post-Soviet studies | постсоветские исследования",
            "policy analysis | анализ публичной политики",
            "university teaching | преподавание в вузе",
        ),
        employers_home=(
            "Levada Center | Левада-Центр",
            _HSE,
            "Moscow School of Social and Economic Sciences | Шанинка (МВШСЭН)",
            "RANEPA | РАНХиГС",
            _EUSP,
            "Carnegie Moscow Center | Московский центр Карнеги",
        ),
        employers_abroad=(
            _FREE_UNI,
            "Central European University (Vienna) | Центрально-Европейский университет (Вена)",
            "Carnegie Russia Eurasia Center (Berlin) | Берлинский центр Карнеги",
            "Yerevan State University | Ереванский государственный университет",
            "ZOiS Berlin | ZOiS (Берлин)",
        ),
        duties=(
            "Conducted 80 in-depth interviews with regional officials."
            " | Взял{a} 80 глубинных интервью у региональных чиновников.",
            "Designed nationwide surveys on attitudes to the war and to emigration."
            " | Разрабатывал{a} общенациональные опросы об отношении к войне и эмиграции.",
            "Wrote policy briefs for European think tanks."
            " | Писал{a} аналитические записки для европейских аналитических центров.",
            "Taught courses on comparative politics and research methods."
            " | Читал{a} курсы по сравнительной политологии и методам исследований.",
        ),
        summary=(
            "Political scientist with {years_phrase} of experience studying authoritarian politics"
            " in Russia. | Политолог, {years_phrase} изучаю авторитарную политику в России.",
            "I combine surveys with qualitative fieldwork."
            " | Совмещаю массовые опросы с качественными полевыми исследованиями.",
            "Recent work looks at the new Russian emigration and its political attitudes."
            " | Последние работы посвящены новой российской эмиграции и её политическим"
            " взглядам.",
            "Published in Post-Soviet Affairs and Europe-Asia Studies."
            " | Публикации в Post-Soviet Affairs и Europe-Asia Studies.",
        ),
        studies=("Political Science | Политология", "Sociology | Социология"),
        schools="humanities",
    ),
    Role(
        key="linguist",
        field="academia",
        weight=14,
        seeking=_SEEKING,
        degree_style="arts",
        degree_rate=1.0,
        phd_rate=0.4,
        headlines=(
            "Linguist, Slavic languages | Лингвист, славянские языки",
            "Philologist, Russian literature of the 20th century | Филолог, русская литература"
            " XX века",
            "Computational linguist | Компьютерный лингвист",
        ),
        titles=(
            "Research assistant | Младший научный сотрудник",
            "Lecturer | Преподаватель",
            "Associate professor | Доцент",
            "Senior researcher | Старший научный сотрудник",
        ),
        skills=(
            "Python",
            "Slavic linguistics | славистика",
            "Russian literature | русская литература",
            "corpus linguistics | корпусная лингвистика",
            "literary translation | художественный перевод",
            "teaching Russian as a foreign language | преподавание РКИ",
            "field linguistics | полевая лингвистика",
            "textual criticism | текстология",
            "NLP | обработка естественного языка",
            "academic writing | академическое письмо",
            "university teaching | преподавание в вузе",
            "editing | редактирование",
        ),
        employers_home=(
            "Institute of Linguistics, Russian Academy of Sciences | Институт языкознания РАН",
            "Russian State University for the Humanities | РГГУ",
            "HSE University, School of Linguistics | Школа лингвистики НИУ ВШЭ",
            "Institute of World Literature | ИМЛИ РАН",
            "Pushkin House | Пушкинский Дом (ИРЛИ РАН)",
            "Moscow State University, Faculty of Philology | Филологический факультет МГУ",
        ),
        employers_abroad=(
            _TARTU,
            "Charles University (Prague) | Карлов университет (Прага)",
            "University of Belgrade, Faculty of Philology | Филологический факультет"
            " Белградского университета",
            _FREE_UNI,
        ),
        duties=(
            "Annotated the Russian National Corpus and developed its search tools."
            " | Размечал{a} Национальный корпус русского языка и развивал{a} его поисковые"
            " инструменты.",
            "Taught Russian literature and Russian as a foreign language."
            " | Преподавал{a} русскую литературу и русский как иностранный.",
            "Prepared an academic edition of the letters of a 1920s poet."
            " | Подготовил{a} академическое издание писем поэта 1920-х годов.",
            "Led field trips to document minority languages of the Volga region."
            " | Руководил{a} полевыми экспедициями по документации языков Поволжья.",
        ),
        summary=(
            "Linguist with {years_phrase} of experience in research, teaching and editing."
            " | Лингвист, {years_phrase} опыта в науке, преподавании и редактуре.",
            "My research covers Slavic syntax, corpus methods and language documentation."
            " | Занимаюсь славянским синтаксисом, корпусными методами и документацией языков.",
            "I also translate fiction and essays from English and German."
            " | Также перевожу художественную прозу и эссеистику с английского и немецкого.",
            "Open to teaching Russian and to research posts in Slavic studies."
            " | Рассматриваю преподавание русского языка и исследовательские позиции в славистике.",
        ),
        studies=(
            "Philology | Филология",
            "Fundamental and Applied Linguistics | Фундаментальная и прикладная лингвистика",
        ),
        schools="humanities",
    ),
    Role(
        key="economist",
        field="academia",
        weight=14,
        seeking=_SEEKING,
        degree_rate=1.0,
        phd_rate=0.4,
        headlines=(
            "Economist, macroeconomics and sanctions | Экономист, макроэкономика и санкции",
            "Labour economist | Экономист, рынок труда",
            "Economist, applied econometrics | Экономист, прикладная эконометрика",
        ),
        titles=(
            "Analyst | Аналитик",
            "Economist | Экономист",
            "Senior economist | Старший экономист",
            "Associate professor | Доцент",
            "Chief economist | Главный экономист",
        ),
        skills=(
            "Stata",
            "R",
            "Python",
            "macroeconomics | макроэкономика",
            "econometrics | эконометрика",
            "forecasting | прогнозирование",
            "labour economics | экономика труда",
            "sanctions analysis | анализ санкций",
            "policy analysis | анализ публичной политики",
            "data analysis | анализ данных",
            "university teaching | преподавание в вузе",
            "academic writing | академическое письмо",
        ),
        employers_home=(
            "Bank of Russia | Банк России",
            "New Economic School | Российская экономическая школа",
            _HSE,
            "Gaidar Institute | Институт Гайдара",
            "Centre for Strategic Research | Центр стратегических разработок",
            "Sberbank CIB | Сбербанк CIB",
        ),
        employers_abroad=(
            "Bank of Finland Institute for Emerging Economies | Институт экономик переходного"
            " периода Банка Финляндии",
            "CASE Georgia (Tbilisi) | CASE Georgia (Тбилиси)",
            "Re: Russia",
            _FREE_UNI,
            "Stockholm Institute of Transition Economics | Стокгольмский институт экономик"
            " переходного периода",
        ),
        duties=(
            "Estimated the effect of sanctions on Russian imports with customs microdata."
            " | Оценивал{a} влияние санкций на российский импорт по таможенным микроданным.",
            "Wrote regular reviews of the Russian economy for an international audience."
            " | Писал{a} регулярные обзоры российской экономики для международной аудитории.",
            "Built the inflation forecasting model used in monetary policy meetings."
            " | Построил{a} модель прогноза инфляции для заседаний по денежно-кредитной политике.",
            "Taught econometrics and macroeconomics to master's students."
            " | Преподавал{a} эконометрику и макроэкономику магистрантам.",
        ),
        summary=(
            "Economist with {years_phrase} of experience in central banking, research and"
            " teaching. | Экономист, {years_phrase} опыта в центральном банке, науке"
            " и преподавании.",
            "I work on the Russian economy under sanctions, inflation and labour markets."
            " | Занимаюсь российской экономикой под санкциями, инфляцией и рынком труда.",
            "Open to research, policy and data-heavy industry roles."
            " | Рассматриваю исследовательские, аналитические и индустриальные позиции с большим"
            " объёмом данных.",
            _MAIN_TOOLS,
        ),
        studies=("Economics | Экономика", "Finance | Финансы и кредит"),
        schools="economics",
    ),
)
