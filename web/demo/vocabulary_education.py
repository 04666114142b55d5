"""Education occupations (teachers, methodologists) and other professions (law, translation)."""

from web.demo.vocabulary import Role

_SEEKING = (("job", 1.0), ("grant", 0.3), ("fellowship", 0.2))
_FREELANCE = "Freelance | Фриланс"

EDU_ABROAD = (
    "Russian-language school in Limassol | Русскоязычная школа в Лимассоле",
    "International school (Belgrade) | Международная школа (Белград)",
    "Aleph online school | Онлайн-школа «Алеф»",
    "Bilingual lyceum (Yerevan) | Двуязычный лицей (Ереван)",
    "Progressive school (Tbilisi) | Прогрессивная школа (Тбилиси)",
)

EDUCATION_ROLES = (
    Role(
        key="school_teacher",
        field="education",
        weight=40,
        seeking=_SEEKING,
        degree_rate=0.95,
        headlines=(
            "Mathematics teacher | Учитель математики",
            "Physics and mathematics teacher, olympiad coach"
            " | Учитель физики и математики, тренер олимпиадников",
            "History and social studies teacher | Учитель истории и обществознания",
            "Primary school teacher | Учитель начальных классов",
        ),
        titles=(
            "Teacher | Учитель",
            "Senior teacher | Учитель высшей категории",
            "Head of department | Руководитель методического объединения",
            "Deputy head for academic affairs | Заместитель директора по учебной работе",
        ),
        skills=(
            "Cambridge IGCSE",
            "International Baccalaureate",
            "teaching | преподавание",
            "mathematics | математика",
            "physics | физика",
            "history | история",
            "olympiad coaching | подготовка к олимпиадам",
            "curriculum design | разработка учебных программ",
            "classroom management | управление классом",
            "exam preparation | подготовка к экзаменам",
            "online teaching | онлайн-преподавание",
            "child psychology | детская психология",
        ),
        employers_home=(
            "School No. 57 (Moscow) | Школа № 57 (Москва)",
            "Letovo School | Школа «Летово»",
            "Presidential Lyceum No. 239 (St. Petersburg) | Президентский ФМЛ № 239"
            " (Санкт-Петербург)",
            "Foxford online school | Онлайн-школа «Фоксфорд»",
            "Teach for Russia | «Учитель для России»",
            "School No. 2 (Moscow) | Школа № 2 (Москва)",
        ),
        employers_abroad=EDU_ABROAD,
        duties=(
            "Taught mathematics in grades 7–11 at a specialised school."
            " | Преподавал{a} математику в 7–11 классах профильной школы.",
            "Prepared winners of the all-Russian olympiad."
            " | Подготовил{a} победителей всероссийской олимпиады.",
        ),
        duties_abroad=(
            "Adapted the curriculum to Cambridge IGCSE after relocating."
            " | После переезда адаптировал{a} программу под Cambridge IGCSE.",
            "Taught online lessons for children of emigrant families."
            " | Проводил{a} онлайн-уроки для детей из семей эмигрантов.",
        ),
        summary=(
            "School teacher with {years_phrase} of experience."
            " | Школьный учитель, {years_phrase} стажа.",
            "I believe every child can love a subject if it is taught as a way of thinking."
            " | Уверен{a}, что любой ребёнок может полюбить предмет, если учить его как способ"
            " мышления.",
            "Since 2022 I teach children of Russian-speaking families abroad, online and in person."
            " | С 2022 года учу детей русскоязычных семей за границей — онлайн и очно.",
            "Looking for a teaching post at an international or bilingual school."
            " | Ищу место учителя в международной или двуязычной школе.",
        ),
        studies=(
            "Mathematics Education | Педагогическое образование (математика)",
            "Physics | Физика",
            "History | История",
            "Primary Education | Начальное образование",
        ),
        schools="education",
    ),
    Role(
        key="language_teacher",
        field="education",
        weight=35,
        seeking=_SEEKING,
        degree_style="arts",
        degree_rate=0.9,
        headlines=(
            "Teacher of Russian as a foreign language"
            " | Преподаватель русского как иностранного (РКИ)",
            "English teacher, CELTA | Преподаватель английского языка, CELTA",
            "Language teacher, Russian and English | Преподаватель русского и английского языков",
        ),
        titles=(
            "Tutor | Репетитор",
            "Language teacher | Преподаватель",
            "Senior teacher | Старший преподаватель",
            "Head of methodology | Руководитель методического отдела",
        ),
        skills=(
            "CELTA",
            "teaching Russian as a foreign language | преподавание РКИ",
            "English teaching | преподавание английского",
            "curriculum design | разработка учебных программ",
            "online teaching | онлайн-преподавание",
            "heritage language teaching | преподавание русского как языка наследия",
            "exam preparation | подготовка к экзаменам",
            "translation | перевод",
            "teaching | преподавание",
            "linguistics | лингвистика",
        ),
        employers_home=(
            "Skyeng",
            "Pushkin State Russian Language Institute | Институт русского языка им. А. С. Пушкина",
            "MSU Centre for International Education | ЦМО МГУ",
            "EF English First",
            "Moscow State Linguistic University | МГЛУ",
        ),
        employers_abroad=EDU_ABROAD + ("Language school (Tbilisi) | Языковая школа (Тбилиси)",),
        duties=(
            "Taught Russian to diplomats and exchange students."
            " | Преподавал{a} русский язык дипломатам и студентам по обмену.",
            "Prepared 200 students for IELTS and Cambridge exams."
            " | Подготовил{a} 200 студентов к IELTS и кембриджским экзаменам.",
            "Trained new teachers in communicative methodology."
            " | Обучал{a} новых преподавателей коммуникативной методике.",
        ),
        duties_abroad=(
            "Designed an online Russian course for heritage speakers."
            " | Разработал{a} онлайн-курс русского для детей-билингвов.",
        ),
        summary=(
            "Language teacher with {years_phrase} of experience teaching Russian and English."
            " | Преподаватель языков, {years_phrase} опыта преподавания русского и английского.",
            "I work with adults and with bilingual children of emigrant families."
            " | Работаю со взрослыми и с детьми-билингвами из семей эмигрантов.",
            "CELTA-certified, experienced in online and classroom teaching."
            " | Сертификат CELTA, опыт онлайн- и очного преподавания.",
            "Looking for a school or university where I can teach Russian or English."
            " | Ищу школу или университет, где смогу преподавать русский или английский.",
        ),
        studies=(
            "Linguistics | Лингвистика",
            "Philology | Филология",
            "Teaching Foreign Languages | Теория и методика преподавания иностранных языков",
        ),
        schools="education",
    ),
    Role(
        key="methodologist",
        field="education",
        weight=25,
        seeking=(("job", 1.0), ("grant", 0.3), ("investment", 0.05)),
        degree_rate=0.85,
        headlines=(
            "Instructional designer, online education | Методист онлайн-образования",
            "Learning experience designer | Дизайнер образовательного опыта",
            "Head of curriculum, edtech | Руководитель методического отдела в EdTech",
        ),
        titles=(
            "Methodologist | Методист",
            "Instructional designer | Инструктивный дизайнер",
            "Senior methodologist | Старший методист",
            "Head of curriculum | Руководитель методического отдела",
        ),
        skills=(
            "LMS",
            "Moodle",
            "instructional design | проектирование обучения",
            "curriculum design | разработка учебных программ",
            "e-learning | электронное обучение",
            "learning analytics | аналитика обучения",
            "assessment design | разработка оценивания",
            "video lessons | видеоуроки",
            "teacher training | обучение учителей",
            "edtech | EdTech",
            "project management | управление проектами",
        ),
        employers_home=(
            "Skillbox",
            "Netology | Нетология",
            "Uchi.ru | Учи.ру",
            "Foxford online school | Онлайн-школа «Фоксфорд»",
            "Yandex Practicum | Яндекс Практикум",
            "Sirius Educational Centre | Образовательный центр «Сириус»",
        ),
        employers_abroad=(
            "Aleph online school | Онлайн-школа «Алеф»",
            "Edtech startup (Tbilisi) | EdTech-стартап (Тбилиси)",
            _FREELANCE,
        ),
        duties=(
            "Designed 14 online courses with 30,000 graduates."
            " | Разработал{a} 14 онлайн-курсов, их закончили 30 тыс. человек.",
            "Built an assessment system with automatic feedback."
            " | Построил{a} систему оценивания с автоматической обратной связью.",
            "Raised course completion from 35% to 62%."
            " | Поднял{a} доходимость курсов с 35% до 62%.",
            "Trained 150 teachers to teach online. | Обучил{a} 150 учителей онлайн-преподаванию.",
        ),
        summary=(
            "Instructional designer with {years_phrase} of experience in online education."
            " | Методист, {years_phrase} опыта в онлайн-образовании.",
            "I design courses around learning outcomes and measure whether they work."
            " | Проектирую курсы от образовательных результатов и измеряю, работают ли они.",
            "Looking for edtech teams and projects for Russian-speaking children abroad."
            " | Ищу EdTech-команды и проекты для русскоязычных детей за рубежом.",
            "Main tools: {skill1}, {skill2}. | Основные инструменты: {skill1}, {skill2}.",
        ),
        studies=(
            "Pedagogy | Педагогика",
            "Psychology | Психология",
            "Education Management | Управление образованием",
        ),
        schools="education",
    ),
    Role(
        key="lawyer",
        field="other",
        weight=1,
        degree_rate=1.0,
        phd_rate=0.05,
        degree_style="arts",
        headlines=(
            "Lawyer, migration and human rights | Юрист, миграционное право и права человека",
            "Corporate lawyer, international transactions"
            " | Корпоративный юрист, международные сделки",
            "Human rights lawyer, political cases | Адвокат по политическим делам",
        ),
        titles=(
            "Paralegal | Помощник юриста",
            "Associate | Юрист",
            "Senior associate | Старший юрист",
            "Partner | Партнёр",
        ),
        skills=(
            "migration law | миграционное право",
            "human rights law | права человека",
            "corporate law | корпоративное право",
            "European Court of Human Rights | ЕСПЧ",
            "contract drafting | составление договоров",
            "compliance | комплаенс",
            "sanctions compliance | санкционный комплаенс",
            "legal research | юридический анализ",
            "litigation | судебные споры",
            "legal translation | юридический перевод",
        ),
        employers_home=(
            "OVD-Info | ОВД-Инфо",
            "Memorial Human Rights Centre | Правозащитный центр «Мемориал»",
            "Agora human rights group | Международная правозащитная группа «Агора»",
            "Pepeliaev Group | Пепеляев Групп",
            "Baker McKenzie (Moscow) | Baker McKenzie (Москва)",
        ),
        employers_abroad=(
            "OVD-Info | ОВД-Инфо",
            "Relocation law firm (Tbilisi) | Юридическая фирма по релокации (Тбилиси)",
            "Private practice | Частная практика",
        ),
        duties=(
            "Drafted cross-border M&A agreements."
            " | Готовил{a} документы по международным сделкам M&A.",
            "Advised companies on staff relocation and sanctions compliance."
            " | Консультировал{a} компании по релокации сотрудников и санкционному комплаенсу.",
            "Represented political prisoners in Russian courts and at the ECHR."
            " | Защищал{a} политзаключённых в российских судах и в ЕСПЧ.",
        ),
        duties_abroad=(
            "Handled residence permit applications for 400 emigrants."
            " | Сопровождал{a} получение ВНЖ для 400 эмигрантов.",
        ),
        summary=(
            "Lawyer with {years_phrase} of experience in Russian and international law."
            " | Юрист, {years_phrase} опыта в российском и международном праве.",
            "Since 2022 I work on migration cases and help people leaving Russia."
            " | С 2022 года занимаюсь миграционными делами и помогаю людям, уезжающим из России.",
            "Main areas: {skill1}, {skill2}. | Специализация: {skill1}, {skill2}.",
            "Open to in-house, NGO and law firm roles."
            " | Рассматриваю работу в компании, НКО или юридической фирме.",
        ),
        studies=("Law | Юриспруденция", "International Law | Международное право"),
        schools="law",
    ),
    Role(
        key="translator",
        field="other",
        weight=1,
        degree_style="arts",
        degree_rate=0.9,
        headlines=(
            "Translator and interpreter, English–Russian"
            " | Переводчик английского языка, устный и письменный",
            "Conference interpreter | Синхронный переводчик",
            "Technical translator, IT and law | Технический переводчик, IT и право",
        ),
        titles=(
            "Translator | Переводчик",
            "Senior translator | Старший переводчик",
            "Conference interpreter | Синхронный переводчик",
            "Head of translation | Руководитель отдела переводов",
        ),
        skills=(
            "Trados",
            "translation | перевод",
            "interpreting | устный перевод",
            "simultaneous interpreting | синхронный перевод",
            "legal translation | юридический перевод",
            "technical translation | технический перевод",
            "localisation | локализация",
            "editing | редактирование",
            "CAT tools | CAT-инструменты",
            "subtitling | субтитрирование",
        ),
        employers_home=(
            "ABBYY Language Services",
            "Logrus IT",
            "TASS | ТАСС",
            "Chamber of Commerce and Industry | Торгово-промышленная палата",
            _FREELANCE,
        ),
        employers_abroad=(
            _FREELANCE,
            "Localisation agency (Belgrade) | Агентство локализации (Белград)",
            "UNHCR office (Yerevan) | Офис УВКБ ООН (Ереван)",
        ),
        duties=(
            "Localised mobile games and apps into Russian."
            " | Локализовал{a} мобильные игры и приложения на русский.",
            "Subtitled documentaries for festivals."
            " | Делал{a} субтитры к документальным фильмам для фестивалей.",
            "Interpreted at international business and academic conferences."
            " | Работал{a} синхронистом на международных бизнес- и научных конференциях.",
        ),
        duties_abroad=(
            "Translated court documents for asylum cases."
            " | Переводил{a} судебные документы для дел о предоставлении убежища.",
        ),
        summary=(
            "Translator with {years_phrase} of experience in written and oral translation."
            " | Переводчик, {years_phrase} письменного и устного перевода.",
            "I work between Russian, English and German."
            " | Работаю с русским, английским и немецким.",
            "Main areas: {skill1}, {skill2}. | Специализация: {skill1}, {skill2}.",
            "Looking for in-house or long-term freelance work."
            " | Ищу работу в штате или долгосрочные фриланс-проекты.",
        ),
        studies=(
            "Translation and Interpreting | Перевод и переводоведение",
            "Linguistics | Лингвистика",
        ),
        schools="education",
    ),
)
