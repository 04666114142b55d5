"""Business occupations: founders of startups and marketers."""

from web.demo.vocabulary import Role
from web.demo.vocabulary_product import BUSINESS_STUDIES
from web.demo.vocabulary_tech import IT_ABROAD, IT_HOME

_MAIN_AREAS = "Main areas: {skill1}, {skill2}. | Ключевые компетенции: {skill1}, {skill2}."

_STARTUPS_ABROAD = (
    "Kvali Fintech (own startup, Tbilisi) | Kvali Fintech (собственный стартап, Тбилиси)",
    "Ledgerfox (own startup, Limassol) | Ledgerfox (собственный стартап, Лимассол)",
    "Parsly AI (own startup, Yerevan) | Parsly AI (собственный стартап, Ереван)",
    "Routa Logistics (own startup, Belgrade) | Routa Logistics (собственный стартап, Белград)",
)

BUSINESS_ROLES = (
    Role(
        key="founder",
        field="it",
        weight=4,
        seeking=(("investment", 1.0), ("job", 0.15)),
        headlines=(
            "Founder, B2B fintech SaaS | Основатель B2B-финтех-стартапа",
            "Co-founder and CTO, developer tools startup"
            " | Сооснователь и CTO стартапа инструментов для разработчиков",
            "Serial founder, marketplaces and logistics"
            " | Серийный предприниматель, маркетплейсы и логистика",
            "Founder, AI startup for document processing"
            " | Основатель AI-стартапа для обработки документов",
        ),
        titles=(
            "Software engineer | Разработчик",
            "Engineering manager | Руководитель разработки",
            "CTO | Технический директор",
            "Co-founder and CEO | Сооснователь и CEO",
        ),
        skills=(
            "B2B SaaS",
            "Python",
            "fundraising | привлечение инвестиций",
            "go-to-market | вывод продукта на рынок",
            "product strategy | продуктовая стратегия",
            "team building | построение команды",
            "fintech | финтех",
            "unit economics | юнит-экономика",
            "enterprise sales | корпоративные продажи",
            "large language models | большие языковые модели",
            "pitching | питчинг",
            "developer tools | инструменты для разработчиков",
        ),
        employers_home=IT_HOME,
        employers_abroad=_STARTUPS_ABROAD,
        duties=(
            "Hired the first ten engineers and set up the engineering process."
            " | Нанял{a} первых десять инженеров и выстроил{a} процессы разработки.",
            "Closed a $600k pre-seed round from angels in Europe and the US."
            " | Закрыл{a} pre-seed раунд на $600 тыс. от ангелов из Европы и США.",
        ),
        duties_abroad=(
            "Founded the company with two colleagues after relocating; reached $40k MRR in 18"
            " months. | Основал{a} компанию с двумя коллегами после релокации, за 18 месяцев"
            " вышли на $40 тыс. MRR.",
            "Sold the product to banks in Georgia, Armenia and Kazakhstan."
            " | Продал{a} продукт банкам в Грузии, Армении и Казахстане.",
        ),
        summary=(
            "Founder with {years_phrase} of experience in engineering and company building."
            " | Предприниматель, {years_phrase} опыта в разработке и построении компаний.",
            "After we left Russia the whole team relocated and restarted the company from scratch."
            " | После отъезда из России вся команда релоцировалась, и мы перезапустили компанию"
            " с нуля.",
            "We already have paying customers in three countries and a clear path to the EU market."
            " | У нас уже есть платящие клиенты в трёх странах и понятный путь на рынок ЕС.",
            _MAIN_AREAS,
        ),
        studies=BUSINESS_STUDIES + ("Software Engineering | Программная инженерия",),
        schools="tech",
    ),
    Role(
        key="marketing",
        field="business",
        weight=1,
        headlines=(
            "Performance marketing manager | Performance-маркетолог",
            "Marketing lead, B2B SaaS | Руководитель маркетинга, B2B SaaS",
            "Brand and communications manager | Менеджер по бренду и коммуникациям",
        ),
        titles=(
            "Marketing specialist | Маркетолог",
            "Marketing manager | Менеджер по маркетингу",
            "Head of marketing | Руководитель маркетинга",
            "CMO | Директор по маркетингу",
        ),
        skills=(
            "SEO",
            "Google Ads",
            "B2B SaaS",
            "performance marketing | performance-маркетинг",
            "growth marketing | маркетинг роста",
            "content marketing | контент-маркетинг",
            "brand strategy | стратегия бренда",
            "marketing analytics | маркетинговая аналитика",
            "go-to-market | вывод продукта на рынок",
            "CRM marketing | CRM-маркетинг",
        ),
        employers_home=IT_HOME,
        employers_abroad=IT_ABROAD,
        duties=(
            "Launched the brand in Kazakhstan and Uzbekistan."
            " | Запустил{a} бренд в Казахстане и Узбекистане.",
            "Cut customer acquisition cost by 30% while doubling the budget."
            " | Снизил{a} стоимость привлечения клиента на 30% при удвоении бюджета.",
            "Built the content marketing team and the company blog."
            " | Собрал{a} команду контент-маркетинга и блог компании.",
        ),
        summary=(
            "Marketer with {years_phrase} of experience in digital and B2B marketing."
            " | Маркетолог, {years_phrase} опыта в digital- и B2B-маркетинге.",
            "I like channels that can be measured and brands that people remember."
            " | Люблю измеримые каналы и бренды, которые запоминаются.",
            _MAIN_AREAS,
        ),
        studies=BUSINESS_STUDIES,
        schools="economics",
        degree_style="arts",
    ),
    Role(
        key="business_founder",
        field="business",
        weight=1,
        seeking=(("investment", 1.0), ("job", 0.1)),
        headlines=(
            "Founder, edtech startup | Основатель EdTech-стартапа",
            "Founder, media startup | Основатель медиастартапа",
            "Co-founder, relocation services marketplace"
            " | Сооснователь маркетплейса релокационных услуг",
        ),
        titles=(
            "Project manager | Руководитель проектов",
            "Business development manager | Менеджер по развитию бизнеса",
            "Managing director | Управляющий директор",
            "Founder and CEO | Основатель и CEO",
        ),
        skills=(
            "fundraising | привлечение инвестиций",
            "go-to-market | вывод продукта на рынок",
            "business development | развитие бизнеса",
            "edtech | EdTech",
            "marketplaces | маркетплейсы",
            "unit economics | юнит-экономика",
            "pitching | питчинг",
            "team building | построение команды",
            "product strategy | продуктовая стратегия",
            "B2C subscriptions | подписочная модель B2C",
        ),
        employers_home=IT_HOME + ("Skyeng", "Afisha | Афиша"),
        employers_abroad=(
            "Relokant (own startup, Belgrade) | Relokant (собственный стартап, Белград)",
            "Shkola.online (own startup, Tbilisi) | Shkola.online (собственный стартап, Тбилиси)",
            "Polka Media (own startup, Riga) | Polka Media (собственный стартап, Рига)",
        ),
        duties=(
            "Grew an online school to 3,000 paying families."
            " | Вырастил{a} онлайн-школу до 3 тыс. платящих семей.",
            "Closed an angel round and built a team of 15."
            " | Закрыл{a} ангельский раунд и собрал{a} команду из 15 человек.",
        ),
        duties_abroad=(
            "Founded a marketplace connecting emigrants with lawyers and accountants; 20,000 users"
            " in a year. | Основал{a} маркетплейс, связывающий эмигрантов с юристами"
            " и бухгалтерами, — 20 тыс. пользователей за год.",
        ),
        summary=(
            "Entrepreneur with {years_phrase} of experience building consumer businesses."
            " | Предприниматель, {years_phrase} в потребительском бизнесе.",
            "Our customers are the millions of Russian speakers who left after 2022."
            " | Наши клиенты — миллионы русскоязычных людей, уехавших после 2022 года.",
            "We are profitable per unit and ready to scale."
            " | Юнит-экономика положительная, готовы масштабироваться.",
            _MAIN_AREAS,
        ),
        studies=BUSINESS_STUDIES,
        schools="economics",
        degree_style="arts",
    ),
)
