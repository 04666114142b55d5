"""Delivery occupations: infrastructure, testing, security, product management and design."""

from web.demo.vocabulary import Role
from web.demo.vocabulary_tech import IT_ABROAD, IT_HOME, TECH_STUDIES

_MAIN_TOOLS = "Main tools: {skill1}, {skill2}. | Основные инструменты: {skill1}, {skill2}."
_MAIN_AREAS = "Main areas: {skill1}, {skill2}. | Ключевые компетенции: {skill1}, {skill2}."

BUSINESS_STUDIES = (
    "Management | Менеджмент",
    "Economics | Экономика",
    "Marketing | Маркетинг",
    "Applied Mathematics | Прикладная математика",
)

DELIVERY_ROLES = (
    Role(
        key="devops",
        field="it",
        weight=10,
        seniority=True,
        headlines=(
            "DevOps engineer, Kubernetes and AWS | DevOps-инженер, Kubernetes и AWS",
            "Site reliability engineer | SRE-инженер",
            "Platform engineer, internal developer platform"
            " | Платформенный инженер, внутренняя платформа разработки",
        ),
        titles=(
            "System administrator | Системный администратор",
            "DevOps engineer | DevOps-инженер",
            "Senior SRE | Старший SRE-инженер",
            "Head of infrastructure | Руководитель инфраструктуры",
        ),
        skills=(
            "Kubernetes",
            "Terraform",
            "AWS",
            "GCP",
            "Linux",
            "Docker",
            "Ansible",
            "Prometheus",
            "Grafana",
            "CI/CD",
            "GitLab CI",
            "Helm",
            "Go",
            "incident management | управление инцидентами",
            "observability | наблюдаемость",
            "networking | сетевые технологии",
        ),
        employers_home=IT_HOME,
        employers_abroad=IT_ABROAD,
        duties=(
            "Migrated 200 services from bare metal to Kubernetes."
            " | Мигрировал{a} 200 сервисов с железа в Kubernetes.",
            "Described the whole AWS estate in Terraform and ended manual changes."
            " | Описал{a} всю инфраструктуру в AWS на Terraform и запретил{a} ручные изменения.",
            "Built monitoring on Prometheus and Grafana and halved incident response time."
            " | Построил{a} мониторинг на Prometheus и Grafana, время реакции на инциденты"
            " сократилось вдвое.",
            "Ran on-call for a payment platform with 99.95% availability."
            " | Отвечал{a} за дежурства платёжной платформы с доступностью 99,95%.",
        ),
        summary=(
            "DevOps engineer with {years_phrase} of experience running production infrastructure."
            " | DevOps-инженер, {years_phrase} опыта эксплуатации продакшен-инфраструктуры.",
            "I automate everything that happens twice and write blameless postmortems."
            " | Автоматизирую всё, что случается дважды, и пишу постмортемы без поиска виноватых.",
            "Equally comfortable in AWS, GCP and on bare metal."
            " | Одинаково уверенно работаю в AWS, GCP и на своём железе.",
            _MAIN_TOOLS,
        ),
        studies=TECH_STUDIES,
        schools="tech",
        degree_rate=0.65,
    ),
    Role(
        key="qa",
        field="it",
        weight=7,
        headlines=(
            "QA automation engineer | Инженер по автоматизации тестирования",
            "QA engineer, mobile and web | QA-инженер, мобильные и веб-приложения",
            "Test lead | Руководитель тестирования",
        ),
        titles=(
            "QA engineer | Тестировщик",
            "QA automation engineer | Инженер по автоматизации тестирования",
            "Senior QA engineer | Старший QA-инженер",
            "QA lead | Руководитель отдела тестирования",
        ),
        skills=(
            "Selenium",
            "Playwright",
            "pytest",
            "Java",
            "Python",
            "Postman",
            "CI/CD",
            "Allure",
            "test automation | автоматизация тестирования",
            "API testing | тестирование API",
            "load testing | нагрузочное тестирование",
            "mobile testing | тестирование мобильных приложений",
            "test design | тест-дизайн",
        ),
        employers_home=IT_HOME,
        employers_abroad=IT_ABROAD,
        duties=(
            "Ran load tests for an online retailer before Black Friday."
            " | Проводил{a} нагрузочное тестирование интернет-магазина перед «чёрной пятницей».",
            "Built a UI test framework on Playwright from scratch."
            " | С нуля построил{a} фреймворк UI-тестов на Playwright.",
            "Cut regression from three days of manual testing to 40 minutes in CI."
            " | Сократил{a} регресс с трёх дней ручного тестирования до 40 минут в CI.",
            "Hired and trained a team of six testers."
            " | Нанял{a} и обучил{a} команду из шести тестировщиков.",
        ),
        summary=(
            "QA engineer with {years_phrase} of experience in manual and automated testing."
            " | QA-инженер, {years_phrase} опыта в ручном и автоматизированном тестировании.",
            "I like finding the bug before the user does and making releases boring."
            " | Люблю находить баги раньше пользователей и делать релизы скучными.",
            "Tested web, mobile and backend APIs in fintech and e-commerce."
            " | Тестировал{a} веб, мобильные приложения и API в финтехе и e-commerce.",
            _MAIN_TOOLS,
        ),
        studies=(
            "Information Systems | Информационные системы и технологии",
            "Applied Mathematics | Прикладная математика",
            "Physics | Физика",
        ),
        schools="tech",
        degree_rate=0.6,
    ),
    Role(
        key="security",
        field="it",
        weight=5,
        seniority=True,
        headlines=(
            "Application security engineer | Специалист по безопасности приложений",
            "Penetration tester | Пентестер",
            "Security analyst, SOC and threat intelligence | Аналитик SOC и threat intelligence",
        ),
        titles=(
            "SOC analyst | Аналитик SOC",
            "Security engineer | Инженер по информационной безопасности",
            "Senior penetration tester | Старший пентестер",
            "Head of application security | Руководитель направления безопасности приложений",
        ),
        skills=(
            "SIEM",
            "OWASP",
            "Burp Suite",
            "Python",
            "penetration testing | тестирование на проникновение",
            "application security | безопасность приложений",
            "threat modelling | моделирование угроз",
            "malware analysis | анализ вредоносного ПО",
            "incident response | реагирование на инциденты",
            "reverse engineering | реверс-инжиниринг",
            "cloud security | облачная безопасность",
            "digital security training | обучение цифровой безопасности",
        ),
        employers_home=IT_HOME + ("Positive Technologies", "Group-IB"),
        employers_abroad=IT_ABROAD + ("Tbilisi Security Lab",),
        duties=(
            "Ran external penetration tests for banks and retailers."
            " | Проводил{a} внешние пентесты для банков и ритейла.",
            "Analysed APT campaigns and wrote public threat reports."
            " | Анализировал{a} APT-кампании и писал{a} публичные отчёты об угрозах.",
            "Trained journalists and activists in digital security."
            " | Обучал{a} журналистов и активистов цифровой безопасности.",
            "Introduced threat modelling and security code review into development."
            " | Внедрил{a} моделирование угроз и security-ревью кода в процесс разработки.",
        ),
        summary=(
            "Security engineer with {years_phrase} of experience in offensive and defensive"
            " security. | Специалист по информационной безопасности, {years_phrase} опыта"
            " в атаке и защите.",
            "Path so far: SOC, then penetration testing, then application security."
            " | Путь: SOC, затем пентест, затем безопасность приложений.",
            "Since 2022 I also help independent media and NGOs protect their people and data."
            " | С 2022 года также помогаю независимым медиа и НКО защищать людей и данные.",
            _MAIN_TOOLS,
        ),
        studies=(
            "Information Security | Информационная безопасность",
            "Computer Science | Информатика и вычислительная техника",
        ),
        schools="tech",
    ),
    Role(
        key="product",
        field="it",
        weight=6,
        headlines=(
            "Product manager, fintech | Продакт-менеджер, финтех",
            "Senior product manager, B2B SaaS | Старший продакт-менеджер, B2B SaaS",
            "Product owner, marketplaces | Владелец продукта, маркетплейсы",
        ),
        titles=(
            "Business analyst | Бизнес-аналитик",
            "Product manager | Менеджер продукта",
            "Senior product manager | Старший менеджер продукта",
            "Head of product | Руководитель продукта",
        ),
        skills=(
            "SQL",
            "Jira",
            "B2B SaaS",
            "product management | управление продуктом",
            "product discovery | продуктовое исследование",
            "roadmapping | дорожная карта продукта",
            "customer development | кастдев",
            "A/B testing | A/B-тестирование",
            "fintech | финтех",
            "unit economics | юнит-экономика",
            "stakeholder management | работа со стейкхолдерами",
            "go-to-market | вывод продукта на рынок",
        ),
        employers_home=IT_HOME,
        employers_abroad=IT_ABROAD,
        duties=(
            "Did 60 customer interviews and reshaped onboarding; activation rose by 15%."
            " | Сделал{a} 60 кастдев-интервью и переделал{a} онбординг — активация выросла на 15%.",
            "Launched an in-app credit card and grew it to 300,000 active users."
            " | Запустил{a} кредитную карту в приложении и вырастил{a} её до 300 тыс. активных"
            " пользователей.",
            "Owned the roadmap of a B2B analytics product with 400 corporate clients."
            " | Отвечал{a} за роадмап B2B-продукта аналитики с 400 корпоративными клиентами.",
            "Grew the product team from two to twelve people."
            " | Собрал{a} продуктовую команду: от двух до двенадцати человек.",
        ),
        summary=(
            "Product manager with {years_phrase} of experience in fintech and B2B products."
            " | Продакт-менеджер, {years_phrase} опыта в финтехе и B2B-продуктах.",
            "I start from customer problems and numbers, not from feature lists."
            " | Начинаю с проблем клиентов и цифр, а не со списка фич.",
            "Comfortable with SQL and with explaining trade-offs to engineers and executives."
            " | Свободно пишу SQL и умею объяснять компромиссы и разработчикам, и руководству.",
            _MAIN_AREAS,
        ),
        studies=BUSINESS_STUDIES,
        schools="economics",
    ),
    Role(
        key="designer",
        field="it",
        weight=5,
        headlines=(
            "Product designer, fintech and mobile"
            " | Продуктовый дизайнер, финтех и мобильные приложения",
            "UX/UI designer | UX/UI-дизайнер",
            "Design lead, design systems | Руководитель дизайна, дизайн-системы",
        ),
        titles=(
            "Junior designer | Младший дизайнер",
            "Product designer | Продуктовый дизайнер",
            "Senior product designer | Старший продуктовый дизайнер",
            "Design lead | Руководитель дизайна",
        ),
        skills=(
            "Figma",
            "UX research | UX-исследования",
            "UI design | UI-дизайн",
            "design systems | дизайн-системы",
            "prototyping | прототипирование",
            "user interviews | интервью с пользователями",
            "interaction design | проектирование взаимодействия",
            "usability testing | юзабилити-тестирование",
            "motion design | моушн-дизайн",
            "typography | типографика",
        ),
        employers_home=IT_HOME,
        employers_abroad=IT_ABROAD,
        duties=(
            "Ran weekly usability tests with real customers."
            " | Каждую неделю проводил{a} юзабилити-тесты с реальными клиентами.",
            "Redesigned the mobile bank's payment flow; support tickets fell by a third."
            " | Переделал{a} сценарий платежей в мобильном банке — обращений в поддержку стало"
            " на треть меньше.",
            "Built and documented the design system in Figma."
            " | Собрал{a} и задокументировал{a} дизайн-систему в Figma.",
        ),
        summary=(
            "Product designer with {years_phrase} of experience in fintech and consumer apps."
            " | Продуктовый дизайнер, {years_phrase} опыта в финтехе и потребительских"
            " приложениях.",
            "I design from research: interviews first, pixels later."
            " | Проектирую от исследований: сначала интервью, потом пиксели.",
            "Worked in-house and at an agency with clients from banking and retail."
            " | Работал{a} в продуктовых командах и в агентстве с клиентами из банков и ритейла.",
            _MAIN_TOOLS,
        ),
        studies=(
            "Graphic Design | Графический дизайн",
            "Communication Design | Коммуникационный дизайн",
            "Architecture | Архитектура",
        ),
        schools="arts",
        degree_style="arts",
    ),
)
