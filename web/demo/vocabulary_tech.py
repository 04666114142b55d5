"""Engineering occupations: backend, frontend, mobile, machine learning and data."""

from web.demo.vocabulary import Role

IT_HOME = (
    "Yandex | Яндекс",
    "Kaspersky Lab | Лаборатория Касперского",
    "VK",
    "Tinkoff | Тинькофф",
    "Sber | Сбер",
    "Ozon",
    "Avito | Авито",
    "Wildberries",
    "MTS | МТС",
    "ABBYY",
    "2GIS | 2ГИС",
    "SKB Kontur | СКБ Контур",
    "Raiffeisenbank Russia | Райффайзенбанк",
    "Lamoda",
)

IT_ABROAD = (
    "JetBrains (Amsterdam)",
    "Nebius (Amsterdam)",
    "Tbilisi Fintech Labs",
    "Semrush (Limassol)",
    "Exness (Limassol)",
    "Wolt (Helsinki)",
    "Yerevan Cloud Works",
    "Belgrade AI Studio",
    "Bolt (Tallinn)",
    "Caspian Commerce (Almaty)",
)

TECH_STUDIES = (
    "Applied Mathematics and Computer Science | Прикладная математика и информатика",
    "Software Engineering | Программная инженерия",
    "Computer Science | Информатика и вычислительная техника",
    "Radio Engineering | Радиотехника",
)

_MAIN_TOOLS = "Main tools: {skill1}, {skill2}. | Основные инструменты: {skill1}, {skill2}."

TECH_ROLES = (
    Role(
        key="backend",
        field="it",
        weight=20,
        seniority=True,
        headlines=(
            "Backend engineer, payments | Backend-разработчик, платежи",
            "Backend engineer (Go, PostgreSQL) | Backend-разработчик (Go, PostgreSQL)",
            "Python developer, high-load services | Python-разработчик, высоконагруженные сервисы",
            "Backend engineer, fintech | Backend-разработчик в финтехе",
            "Java/Kotlin backend developer | Java/Kotlin-разработчик, бэкенд",
        ),
        titles=(
            "Junior backend developer | Младший backend-разработчик",
            "Backend developer | Backend-разработчик",
            "Senior backend developer | Старший backend-разработчик",
            "Tech lead, backend | Техлид backend-команды",
            "Head of backend engineering | Руководитель backend-разработки",
        ),
        skills=(
            "Python",
            "Go",
            "Java",
            "Kotlin",
            "PostgreSQL",
            "Kafka",
            "Redis",
            "Docker",
            "Kubernetes",
            "gRPC",
            "Django",
            "FastAPI",
            "ClickHouse",
            "REST API design | проектирование REST API",
            "microservices | микросервисная архитектура",
            "distributed systems | распределённые системы",
            "payments | платёжные системы",
            "high-load systems | высоконагруженные системы",
            "code review | код-ревью",
        ),
        employers_home=IT_HOME,
        employers_abroad=IT_ABROAD,
        duties=(
            "Wrote the anti-fraud rules engine in Kotlin."
            " | Написал{a} на Kotlin движок антифрод-правил.",
            "Built payment reconciliation services in Go processing two million transactions a day."
            " | Разрабатывал{a} на Go сервисы сверки платежей — два миллиона транзакций в сутки.",
            "Migrated billing from Oracle to PostgreSQL without downtime."
            " | Мигрировал{a} биллинг с Oracle на PostgreSQL без простоя.",
            "Split a monolith into a dozen services and cut p99 latency by 40%."
            " | Распилил{a} монолит на десяток сервисов и снизил{a} p99-латентность на 40%.",
            "Designed the public REST API used by 300 partner shops."
            " | Спроектировал{a} публичное REST API, которым пользуются 300 магазинов-партнёров.",
            "Led a team of five engineers; introduced code review and on-call rotation."
            " | Руководил{a} командой из пяти разработчиков, внедрил{a} код-ревью и дежурства.",
        ),
        summary=(
            "Backend engineer with {years_phrase} of experience in payment and high-load systems."
            " | Backend-разработчик, {years_phrase} опыта в платёжных и высоконагруженных"
            " системах.",
            "Most of my career I have worked on money movement: acquiring, payouts, reconciliation."
            " | Большую часть карьеры занимаюсь движением денег: эквайринг, выплаты, сверки.",
            "I like boring, reliable systems and clear on-call runbooks."
            " | Люблю скучные надёжные системы и понятные runbook-и для дежурств.",
            "Comfortable owning a service end to end, from schema design to production incidents."
            " | Умею отвечать за сервис целиком — от схемы данных до разбора инцидентов в проде.",
            _MAIN_TOOLS,
        ),
        studies=TECH_STUDIES,
        schools="tech",
    ),
    Role(
        key="frontend",
        field="it",
        weight=12,
        seniority=True,
        headlines=(
            "Frontend engineer (React, TypeScript) | Frontend-разработчик (React, TypeScript)",
            "Frontend developer, design systems | Frontend-разработчик, дизайн-системы",
            "Full-stack developer, TypeScript and Node.js"
            " | Fullstack-разработчик, TypeScript и Node.js",
        ),
        titles=(
            "Junior frontend developer | Младший frontend-разработчик",
            "Frontend developer | Frontend-разработчик",
            "Senior frontend developer | Старший frontend-разработчик",
            "Frontend team lead | Тимлид frontend-команды",
        ),
        skills=(
            "TypeScript",
            "JavaScript",
            "React",
            "Next.js",
            "Vue.js",
            "Node.js",
            "CSS",
            "GraphQL",
            "Storybook",
            "Webpack",
            "web performance | производительность веба",
            "accessibility | доступность интерфейсов",
            "design systems | дизайн-системы",
            "unit testing | юнит-тестирование",
        ),
        employers_home=IT_HOME,
        employers_abroad=IT_ABROAD,
        duties=(
            "Made the personal account accessible for screen-reader users."
            " | Сделал{a} личный кабинет доступным для пользователей скринридеров.",
            "Rewrote the checkout in React and TypeScript; conversion grew by 8%."
            " | Переписал{a} оформление заказа на React и TypeScript, конверсия выросла на 8%.",
            "Cut the bundle size in half and brought Core Web Vitals to green."
            " | Уменьшил{a} бандл вдвое и вывел{a} Core Web Vitals в зелёную зону.",
            "Built the component library shared by six product teams."
            " | Создал{a} библиотеку компонентов, которой пользуются шесть продуктовых команд.",
            "Mentored three junior developers and ran the frontend guild."
            " | Менторил{a} трёх младших разработчиков и организовал{a} frontend-гильдию.",
        ),
        summary=(
            "Frontend developer with {years_phrase} of experience in React and TypeScript."
            " | Frontend-разработчик, {years_phrase} опыта с React и TypeScript.",
            "I care about fast, accessible interfaces and predictable component APIs."
            " | Мне важны быстрые и доступные интерфейсы и предсказуемые API компонентов.",
            "Worked on e-commerce, banking and media products with millions of users."
            " | Работал{a} над e-commerce, банковскими и медийными продуктами с миллионной"
            " аудиторией.",
            "Happy to pair with designers and to own a feature from mock-up to release."
            " | Люблю работать в паре с дизайнерами и вести фичу от макета до релиза.",
            _MAIN_TOOLS,
        ),
        studies=TECH_STUDIES,
        schools="tech",
    ),
    Role(
        key="mobile",
        field="it",
        weight=8,
        seniority=True,
        headlines=(
            "iOS developer (Swift) | iOS-разработчик (Swift)",
            "Android developer (Kotlin) | Android-разработчик (Kotlin)",
            "Mobile engineer, iOS and Android | Мобильный разработчик, iOS и Android",
        ),
        titles=(
            "Junior mobile developer | Младший мобильный разработчик",
            "Mobile developer | Мобильный разработчик",
            "Senior mobile developer | Старший мобильный разработчик",
            "Mobile team lead | Тимлид мобильной разработки",
        ),
        skills=(
            "Swift",
            "SwiftUI",
            "Kotlin",
            "Jetpack Compose",
            "Android SDK",
            "iOS SDK",
            "Flutter",
            "React Native",
            "offline-first",
            "mobile CI/CD | CI/CD для мобильных приложений",
            "app performance | производительность приложений",
            "push notifications | push-уведомления",
            "App Store release | публикация в App Store",
        ),
        employers_home=IT_HOME,
        employers_abroad=IT_ABROAD,
        duties=(
            "Built offline maps for a travel app."
            " | Разработал{a} офлайн-карты для тревел-приложения.",
            "Moved the Android app to Jetpack Compose screen by screen."
            " | Поэкранно мигрировал{a} Android-приложение на Jetpack Compose.",
            "Set up mobile CI/CD: the release cycle dropped from a week to a day."
            " | Настроил{a} мобильный CI/CD: релизный цикл сократился с недели до дня.",
            "Shipped the banking app to four million users with a 4.8 rating."
            " | Выпустил{a} банковское приложение для четырёх миллионов пользователей с рейтингом"
            " 4,8.",
        ),
        summary=(
            "Mobile developer with {years_phrase} of experience on iOS and Android."
            " | Мобильный разработчик, {years_phrase} опыта под iOS и Android.",
            "Shipped apps in banking, food delivery and ride-hailing."
            " | Выпускал{a} приложения для банков, доставки еды и такси.",
            "I pay attention to startup time, crash-free rate and the small details of the UI."
            " | Слежу за временем запуска, crash-free rate и мелочами интерфейса.",
            "Prefer small product teams where developers talk to users."
            " | Предпочитаю небольшие продуктовые команды, где разработчики общаются"
            " с пользователями.",
            _MAIN_TOOLS,
        ),
        studies=TECH_STUDIES,
        schools="tech",
    ),
    Role(
        key="ml",
        field="it",
        weight=12,
        seniority=True,
        headlines=(
            "Machine learning engineer, NLP | ML-инженер, NLP",
            "Data scientist, recommender systems | Data scientist, рекомендательные системы",
            "ML engineer, computer vision | ML-инженер, компьютерное зрение",
            "Research engineer, large language models | Исследователь, большие языковые модели",
        ),
        titles=(
            "Junior data scientist | Младший data scientist",
            "Data scientist",
            "Senior ML engineer | Старший ML-инженер",
            "ML team lead | Руководитель ML-команды",
        ),
        skills=(
            "Python",
            "PyTorch",
            "SQL",
            "Spark",
            "scikit-learn",
            "MLOps",
            "machine learning | машинное обучение",
            "deep learning | глубокое обучение",
            "NLP | обработка естественного языка",
            "computer vision | компьютерное зрение",
            "recommender systems | рекомендательные системы",
            "large language models | большие языковые модели",
            "A/B testing | A/B-тестирование",
            "statistics | статистика",
            "information retrieval | информационный поиск",
        ),
        employers_home=IT_HOME,
        employers_abroad=IT_ABROAD,
        duties=(
            "Deployed a defect-detection model on a factory line."
            " | Внедрил{a} модель поиска дефектов на производственной линии.",
            "Trained search ranking models that raised click-through by 6%."
            " | Обучал{a} модели ранжирования для поиска, CTR вырос на 6%.",
            "Fine-tuned language models to route support tickets in Russian and Kazakh."
            " | Дообучал{a} языковые модели для маршрутизации обращений на русском и казахском.",
            "Built a recommender for a video service with 20 million monthly users."
            " | Построил{a} рекомендательную систему для видеосервиса с 20 млн пользователей"
            " в месяц.",
            "Set up the experiment platform and an A/B testing culture."
            " | Запустил{a} платформу экспериментов и культуру A/B-тестов.",
        ),
        summary=(
            "ML engineer with {years_phrase} of experience taking models from notebook to"
            " production. | ML-инженер, {years_phrase} опыта вывода моделей из ноутбука в прод.",
            "Worked on search ranking, recommendations and text classification."
            " | Занимаюсь ранжированием в поиске, рекомендациями и классификацией текстов.",
            "I care about honest offline evaluation and experiments that answer a real question."
            " | Мне важны честная офлайн-оценка и эксперименты, которые отвечают на реальный"
            " вопрос.",
            "Published at ACL and RecSys workshops. | Есть публикации на воркшопах ACL и RecSys.",
            _MAIN_TOOLS,
        ),
        studies=TECH_STUDIES,
        schools="tech",
        phd_rate=0.1,
    ),
    Role(
        key="data",
        field="it",
        weight=11,
        seniority=True,
        headlines=(
            "Data analyst, product analytics | Продуктовый аналитик",
            "Data engineer (Airflow, dbt, ClickHouse) | Дата-инженер (Airflow, dbt, ClickHouse)",
            "BI analyst | BI-аналитик",
            "Analytics engineer, marketplaces | Инженер данных, маркетплейсы",
        ),
        titles=(
            "Junior analyst | Младший аналитик",
            "Data analyst | Аналитик данных",
            "Senior data analyst | Старший аналитик данных",
            "Head of analytics | Руководитель аналитики",
        ),
        skills=(
            "SQL",
            "Python",
            "dbt",
            "Airflow",
            "ClickHouse",
            "Tableau",
            "Power BI",
            "ETL",
            "Looker",
            "product analytics | продуктовая аналитика",
            "A/B testing | A/B-тестирование",
            "data modelling | моделирование данных",
            "statistics | статистика",
            "data visualisation | визуализация данных",
        ),
        employers_home=IT_HOME,
        employers_abroad=IT_ABROAD,
        duties=(
            "Designed dashboards the executive team uses every week."
            " | Сделал{a} дашборды, которыми каждую неделю пользуется топ-менеджмент.",
            "Rewrote the nightly ETL in Airflow; data delay fell from a day to an hour."
            " | Переписал{a} ночной ETL на Airflow, задержка данных сократилась с суток до часа.",
            "Built the company's metrics layer in dbt on top of ClickHouse."
            " | Построил{a} слой метрик компании на dbt поверх ClickHouse.",
            "Ran 150 A/B tests a year for the marketplace and taught product managers to read them."
            " | Проводил{a} 150 A/B-тестов в год для маркетплейса и учил{a} продактов их читать.",
        ),
        summary=(
            "Data analyst with {years_phrase} of experience in product and marketing analytics."
            " | Аналитик данных, {years_phrase} опыта в продуктовой и маркетинговой аналитике.",
            "I turn vague business questions into metrics, experiments and clear dashboards."
            " | Превращаю размытые бизнес-вопросы в метрики, эксперименты и понятные дашборды.",
            "Worked for a marketplace, a bank and a food-tech startup."
            " | Работал{a} в маркетплейсе, банке и фудтех-стартапе.",
            "Comfortable with messy data and with explaining uncertainty to managers."
            " | Не боюсь грязных данных и умею объяснять менеджерам неопределённость.",
            _MAIN_TOOLS,
        ),
        studies=TECH_STUDIES
        + ("Economics and Statistics | Экономика и статистика", "Sociology | Социология"),
        schools="tech",
    ),
)
