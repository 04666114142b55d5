"""Academic occupations in the natural sciences and mathematics."""

from web.demo.vocabulary import Role

_SEEKING = (("job", 0.75), ("fellowship", 0.7), ("grant", 0.45))
_MAIN_TOOLS = "Main tools: {skill1}, {skill2}. | Основные инструменты: {skill1}, {skill2}."
_MSU = "Lomonosov Moscow State University | МГУ имени М. В. Ломоносова"

_SCIENCE_LADDER = (
    "Laboratory assistant | Лаборант-исследователь",
    "Junior researcher | Младший научный сотрудник",
    "Researcher | Научный сотрудник",
    "Senior researcher | Старший научный сотрудник",
    "Head of laboratory | Руководитель лаборатории",
)

SCIENCE_ROLES = (
    Role(
        key="physicist",
        field="academia",
        weight=14,
        seeking=_SEEKING,
        degree_rate=1.0,
        phd_rate=0.45,
        headlines=(
            "Physicist, condensed matter theory"
            " | Физик-теоретик, физика конденсированного состояния",
            "Experimental physicist, quantum optics | Физик-экспериментатор, квантовая оптика",
            "Computational physicist | Физик, вычислительное моделирование",
        ),
        titles=_SCIENCE_LADDER,
        skills=(
            "Python",
            "C++",
            "Fortran",
            "condensed matter physics | физика конденсированного состояния",
            "quantum optics | квантовая оптика",
            "numerical simulation | численное моделирование",
            "high-performance computing | высокопроизводительные вычисления",
            "laser physics | лазерная физика",
            "data analysis | анализ данных",
            "scientific writing | научное письмо",
            "university teaching | преподавание в вузе",
            "machine learning | машинное обучение",
        ),
        employers_home=(
            "Lebedev Physical Institute | ФИАН",
            "Moscow Institute of Physics and Technology | МФТИ",
            _MSU,
            "Skolkovo Institute of Science and Technology | Сколтех",
            "Landau Institute for Theoretical Physics | Институт теоретической физики"
            " им. Л. Д. Ландау",
            "Ioffe Institute | Физико-технический институт им. А. Ф. Иоффе",
        ),
        employers_abroad=(
            "Weizmann Institute of Science | Институт Вейцмана",
            "Forschungszentrum Jülich | Исследовательский центр Юлих",
            "Institute of Physics Belgrade | Институт физики (Белград)",
            "Yerevan Physics Institute | Ереванский физический институт",
            "University of Helsinki | Хельсинкский университет",
        ),
        duties=(
            "Developed numerical methods for strongly correlated electron systems."
            " | Разрабатывал{a} численные методы для сильно коррелированных электронных систем.",
            "Built a single-photon source setup and ran the lab's optics experiments."
            " | Собрал{a} установку однофотонного источника и руководил{a} оптическими"
            " экспериментами лаборатории.",
            "Published 25 papers, including in Physical Review Letters."
            " | Опубликовал{a} 25 статей, в том числе в Physical Review Letters.",
            "Taught general physics and supervised six master's students."
            " | Преподавал{a} общую физику, руководил{a} шестью магистрантами.",
        ),
        summary=(
            "Physicist with {years_phrase} of research in condensed matter and quantum optics."
            " | Физик, {years_phrase} научной работы в физике конденсированного состояния"
            " и квантовой оптике.",
            "I write my own simulation code and enjoy working with experimentalists."
            " | Сам{a} пишу код для моделирования и люблю работать вместе с экспериментаторами.",
            "Open to academic posts and to industry roles in quantum technology or data science."
            " | Рассматриваю академические позиции и работу в индустрии — квантовые технологии"
            " или data science.",
            _MAIN_TOOLS,
        ),
        studies=(
            "Physics | Физика",
            "Applied Physics and Mathematics | Прикладные физика и математика",
        ),
        schools="science",
    ),
    Role(
        key="mathematician",
        field="academia",
        weight=12,
        seeking=_SEEKING,
        degree_rate=1.0,
        phd_rate=0.45,
        headlines=(
            "Mathematician, algebraic geometry | Математик, алгебраическая геометрия",
            "Applied mathematician, optimisation | Прикладной математик, методы оптимизации",
            "Mathematician, probability theory | Математик, теория вероятностей",
        ),
        titles=(
            "Teaching assistant | Ассистент кафедры",
            "Lecturer | Преподаватель",
            "Associate professor | Доцент",
            "Professor | Профессор",
        ),
        skills=(
            "Python",
            "LaTeX",
            "algebraic geometry | алгебраическая геометрия",
            "probability theory | теория вероятностей",
            "optimisation | методы оптимизации",
            "mathematical modelling | математическое моделирование",
            "university teaching | преподавание в вузе",
            "olympiad mathematics | олимпиадная математика",
            "statistics | статистика",
            "numerical methods | численные методы",
            "scientific writing | научное письмо",
        ),
        employers_home=(
            "Steklov Mathematical Institute | Математический институт им. В. А. Стеклова РАН",
            _MSU,
            "HSE University, Faculty of Mathematics | Факультет математики НИУ ВШЭ",
            "Independent University of Moscow | Независимый московский университет",
            "Novosibirsk State University | НГУ",
            "St. Petersburg State University | СПбГУ",
        ),
        employers_abroad=(
            "University of Belgrade | Белградский университет",
            "Max Planck Institute for Mathematics | Математический институт Макса Планка",
            "Hebrew University of Jerusalem | Еврейский университет в Иерусалиме",
            "Tbilisi State University | Тбилисский государственный университет",
            "University of Lisbon | Лиссабонский университет",
        ),
        duties=(
            "Built optimisation models for logistics as an industry consultant."
            " | Как консультант строил{a} оптимизационные модели для логистики.",
            "Proved results on moduli spaces published in Inventiones and Compositio."
            " | Получил{a} результаты о пространствах модулей, опубликованные в Inventiones"
            " и Compositio.",
            "Taught calculus, linear algebra and probability to first- and second-year students."
            " | Преподавал{a} матанализ, линейную алгебру и теорию вероятностей на первом и втором"
            " курсах.",
            "Coached the national team for the International Mathematical Olympiad."
            " | Тренировал{a} сборную к Международной математической олимпиаде.",
        ),
        summary=(
            "Mathematician with {years_phrase} of research and teaching experience."
            " | Математик, {years_phrase} исследований и преподавания.",
            "My main interests are algebraic geometry and its links to mathematical physics."
            " | Основные интересы — алгебраическая геометрия и её связи с математической физикой.",
            "I love teaching and have prepared students for olympiads for many years."
            " | Люблю преподавать и много лет готовлю школьников к олимпиадам.",
            "Open to postdoctoral and teaching posts, and to applied work in data science."
            " | Рассматриваю постдоки и преподавательские позиции, а также прикладную работу"
            " в data science.",
        ),
        studies=("Mathematics | Математика", "Applied Mathematics | Прикладная математика"),
        schools="science",
    ),
    Role(
        key="biologist",
        field="academia",
        weight=12,
        seeking=_SEEKING,
        degree_rate=1.0,
        phd_rate=0.4,
        headlines=(
            "Molecular biologist | Молекулярный биолог",
            "Computational biologist, genomics | Биоинформатик, геномика",
            "Neuroscientist | Нейробиолог",
        ),
        titles=_SCIENCE_LADDER,
        skills=(
            "CRISPR",
            "R",
            "Python",
            "molecular biology | молекулярная биология",
            "bioinformatics | биоинформатика",
            "genomics | геномика",
            "cell culture | культуры клеток",
            "next-generation sequencing | секвенирование нового поколения",
            "neuroscience | нейробиология",
            "microscopy | микроскопия",
            "statistics | статистика",
            "scientific writing | научное письмо",
        ),
        employers_home=(
            "Institute of Protein Research | Институт белка РАН",
            "Skolkovo Institute of Science and Technology | Сколтех",
            "Moscow State University, Faculty of Biology | Биологический факультет МГУ",
            "Institute of Cytology and Genetics | Институт цитологии и генетики СО РАН",
            "Institute of Bioorganic Chemistry | ИБХ РАН",
        ),
        employers_abroad=(
            "Weizmann Institute of Science | Институт Вейцмана",
            "Max Delbrück Center (Berlin) | Центр Макса Дельбрюка (Берлин)",
            "Champalimaud Foundation (Lisbon) | Фонд Шампалимо (Лиссабон)",
            "University of Tartu, Institute of Genomics | Институт геномики Тартуского"
            " университета",
        ),
        duties=(
            "Ran CRISPR screens in human cell lines."
            " | Проводил{a} CRISPR-скрининги на клеточных линиях человека.",
            "Studied protein folding with cryo-EM and biochemical assays."
            " | Изучал{a} сворачивание белков методами криоэлектронной микроскопии и биохимии.",
            "Built sequencing analysis pipelines for a population genomics project."
            " | Разработал{a} пайплайны анализа секвенирования для проекта по популяционной"
            " геномике.",
            "Supervised four students and wrote two successful grant applications."
            " | Руководил{a} четырьмя студентами и написал{a} две успешные грантовые заявки.",
        ),
        summary=(
            "Biologist with {years_phrase} of laboratory and computational research."
            " | Биолог, {years_phrase} лабораторной и вычислительной работы.",
            "I combine wet-lab experiments with bioinformatics."
            " | Совмещаю эксперименты в мокрой лаборатории с биоинформатикой.",
            "Looking for a lab where I can continue my work on gene regulation."
            " | Ищу лабораторию, где смогу продолжить работу по регуляции генов.",
            "Main methods: {skill1}, {skill2}. | Основные методы: {skill1}, {skill2}.",
        ),
        studies=(
            "Biology | Биология",
            "Bioengineering and Bioinformatics | Биоинженерия и биоинформатика",
        ),
        schools="science",
    ),
)
