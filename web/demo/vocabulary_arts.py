"""Arts occupations: theatre, music, visual art, film and literature."""

from web.demo.vocabulary import Role

_SEEKING = (("grant", 0.75), ("fellowship", 0.7), ("job", 0.45))
_FREELANCE = "Freelance | Фриланс"

ARTS_ROLES = (
    Role(
        key="theatre",
        field="arts",
        weight=22,
        seeking=_SEEKING,
        degree_style="arts",
        degree_rate=0.85,
        headlines=(
            "Theatre director | Театральный режиссёр",
            "Playwright and director | Драматург и режиссёр",
            "Theatre producer | Театральный продюсер",
            "Stage designer | Художник-постановщик, сценография",
        ),
        titles=(
            "Assistant director | Ассистент режиссёра",
            "Director | Режиссёр",
            "Resident director | Штатный режиссёр",
            "Artistic director | Художественный руководитель",
        ),
        skills=(
            "verbatim",
            "stage directing | театральная режиссура",
            "dramaturgy | драматургия",
            "documentary theatre | документальный театр",
            "acting | актёрское мастерство",
            "stage design | сценография",
            "festival production | фестивальный продакшн",
            "theatre pedagogy | театральная педагогика",
            "project management | управление проектами",
            "grant writing | написание грантовых заявок",
        ),
        employers_home=(
            "Gogol Center | Гоголь-центр",
            "Theatre of Nations | Театр Наций",
            "Electrotheatre Stanislavsky | Электротеатр Станиславский",
            "Teatr.doc | Театр.doc",
            "Moscow Art Theatre | МХТ имени Чехова",
            "Alexandrinsky Theatre | Александринский театр",
            "Bolshoi Theatre | Большой театр",
        ),
        employers_abroad=(
            "Independent Russian-language theatre (Berlin)"
            " | Независимый русскоязычный театр (Берлин)",
            "Freedom Theatre (Riga) | Театр «Свобода» (Рига)",
            "Marjanishvili Theatre (Tbilisi) | Театр им. Котэ Марджанишвили (Тбилиси)",
            "Exile theatre festival (Belgrade) | Фестиваль театра в изгнании (Белград)",
        ),
        duties=(
            "Ran an acting studio for teenagers. | Руководил{a} актёрской студией для подростков.",
            "Staged six productions, two of them nominated for the Golden Mask."
            " | Поставил{a} шесть спектаклей, два из них номинированы на «Золотую маску».",
        ),
        duties_abroad=(
            "Created a documentary performance from interviews with emigrants."
            " | Создал{a} документальный спектакль по интервью с эмигрантами.",
            "Toured Europe with a Russian-language production with surtitles."
            " | Гастролировал{a} по Европе с русскоязычным спектаклем с субтитрами.",
        ),
        summary=(
            "Theatre director with {years_phrase} of experience in repertory and independent"
            " theatre. | Театральный режиссёр, {years_phrase} в репертуарном и независимом театре.",
            "My productions deal with memory, war and displacement."
            " | Мои спектакли — о памяти, войне и изгнании.",
            "Since 2022 I keep staging in Russian and in translation for European audiences."
            " | После 2022 года продолжаю ставить на русском и в переводе для европейской публики.",
            "Looking for residencies, co-productions and production grants."
            " | Ищу резиденции, копродукции и гранты на постановку.",
        ),
        studies=("Theatre Directing | Режиссура драмы", "Acting | Актёрское искусство"),
        schools="arts",
    ),
    Role(
        key="musician",
        field="arts",
        weight=22,
        seeking=(("job", 0.6), ("grant", 0.5), ("fellowship", 0.5)),
        degree_style="arts",
        degree_rate=0.9,
        headlines=(
            "Concert pianist | Концертирующий пианист",
            "Violinist, orchestra and chamber music | Скрипка, оркестр и камерная музыка",
            "Composer | Композитор",
            "Conductor | Дирижёр",
        ),
        titles=(
            "Orchestra musician | Артист оркестра",
            "Soloist | Солист",
            "Section principal | Концертмейстер группы",
            "Music director | Музыкальный руководитель",
        ),
        skills=(
            "Ableton Live",
            "piano | фортепиано",
            "violin | скрипка",
            "chamber music | камерная музыка",
            "composition | композиция",
            "conducting | дирижирование",
            "music education | музыкальное образование",
            "music production | музыкальное продюсирование",
            "orchestration | оркестровка",
            "concert programming | составление концертных программ",
        ),
        employers_home=(
            "Bolshoi Theatre | Большой театр",
            "Moscow Philharmonic | Московская филармония",
            "Mariinsky Theatre | Мариинский театр",
            "Moscow Conservatory | Московская консерватория",
            "Russian National Orchestra | Российский национальный оркестр",
        ),
        employers_abroad=(
            "Belgrade Philharmonic | Белградская филармония",
            "Tbilisi Opera and Ballet Theatre | Тбилисский театр оперы и балета",
            "Armenian State Symphony Orchestra | Государственный симфонический оркестр Армении",
            _FREELANCE,
        ),
        duties=(
            "Performed with orchestras in Russia and Europe."
            " | Выступал{a} с оркестрами в России и Европе.",
            "Taught piano at a music school for ten years."
            " | Десять лет преподавал{a} фортепиано в музыкальной школе.",
            "Wrote scores for three films and a theatre production."
            " | Написал{a} музыку к трём фильмам и спектаклю.",
        ),
        duties_abroad=(
            "Organised a concert series of banned composers."
            " | Организовал{a} цикл концертов запрещённых композиторов.",
        ),
        summary=(
            "Musician with {years_phrase} of professional experience in orchestras and chamber"
            " music. | Музыкант, {years_phrase} профессиональной работы в оркестрах и камерных"
            " ансамблях.",
            "Since leaving Russia I have performed in Belgrade, Tbilisi and Berlin."
            " | После отъезда из России выступаю в Белграде, Тбилиси и Берлине.",
            "I also teach and write music for theatre and film."
            " | Также преподаю и пишу музыку для театра и кино.",
            "Looking for an orchestra position, teaching or a residency."
            " | Ищу место в оркестре, преподавание или резиденцию.",
        ),
        studies=(
            "Piano Performance | Фортепиано",
            "Orchestral Strings | Оркестровые струнные инструменты",
            "Composition | Композиция",
        ),
        schools="arts",
    ),
    Role(
        key="visual_artist",
        field="arts",
        weight=22,
        seeking=_SEEKING,
        degree_style="arts",
        degree_rate=0.75,
        headlines=(
            "Visual artist, painting and installation | Художник, живопись и инсталляция",
            "Illustrator and graphic designer | Иллюстратор и графический дизайнер",
            "Contemporary artist, video and performance | Современный художник, видео и перформанс",
        ),
        titles=(
            "Artist's assistant | Ассистент художника",
            "Illustrator | Иллюстратор",
            "Artist | Художник",
            "Curator | Куратор",
        ),
        skills=(
            "Adobe Illustrator",
            "Procreate",
            "painting | живопись",
            "installation | инсталляция",
            "illustration | иллюстрация",
            "graphic design | графический дизайн",
            "video art | видеоарт",
            "curating | кураторство",
            "public art | публичное искусство",
            "printmaking | печатная графика",
            "art education | арт-образование",
        ),
        employers_home=(
            "Garage Museum of Contemporary Art | Музей «Гараж»",
            "Pushkin Museum | ГМИИ им. А. С. Пушкина",
            "Tretyakov Gallery | Третьяковская галерея",
            "Samokat Publishers | издательство «Самокат»",
            "Strelka Institute | Институт «Стрелка»",
        ),
        employers_abroad=(
            "Kiosk Gallery (Tbilisi) | Галерея Kiosk (Тбилиси)",
            "Belgrade Art Residency | Белградская арт-резиденция",
            "Studio collective (Berlin) | Студийный коллектив (Берлин)",
            _FREELANCE,
        ),
        duties=(
            "Designed posters and visual identities for independent festivals."
            " | Делал{a} плакаты и айдентику для независимых фестивалей.",
            "Illustrated twelve children's books. | Проиллюстрировал{a} двенадцать детских книг.",
            "Developed art education programmes for teenagers."
            " | Разрабатывал{a} образовательные программы по искусству для подростков.",
            "Showed work in solo and group exhibitions in Moscow, Tbilisi and Berlin."
            " | Участвовал{a} в персональных и групповых выставках в Москве, Тбилиси и Берлине.",
        ),
        summary=(
            "Visual artist with {years_phrase} of practice in painting, illustration and"
            " installation. | Художник, {years_phrase} практики в живописи, иллюстрации"
            " и инсталляции.",
            "My recent work is about home, loss and the bureaucracy of emigration."
            " | Последние работы — о доме, утрате и бюрократии эмиграции.",
            "I also work commercially as an illustrator."
            " | Также работаю как коммерческий иллюстратор.",
            "Looking for residencies, exhibitions and production grants."
            " | Ищу резиденции, выставки и гранты на производство работ.",
        ),
        studies=("Fine Art | Изобразительное искусство", "Graphic Design | Графический дизайн"),
        schools="arts",
    ),
    Role(
        key="filmmaker",
        field="arts",
        weight=16,
        seeking=_SEEKING,
        degree_style="arts",
        degree_rate=0.8,
        headlines=(
            "Film director, documentaries | Режиссёр документального кино",
            "Screenwriter | Сценарист",
            "Cinematographer | Оператор-постановщик",
        ),
        titles=(
            "Assistant director | Ассистент режиссёра",
            "Screenwriter | Сценарист",
            "Director | Режиссёр",
            "Producer | Продюсер",
        ),
        skills=(
            "DaVinci Resolve",
            "film directing | кинорежиссура",
            "documentary film | документальное кино",
            "screenwriting | сценарное мастерство",
            "cinematography | операторское мастерство",
            "film editing | монтаж",
            "co-production | копродукция",
            "festival distribution | фестивальная дистрибуция",
            "grant writing | написание грантовых заявок",
            "storytelling | сторителлинг",
        ),
        employers_home=(
            "Mosfilm | Мосфильм",
            "Artdocfest | Артдокфест",
            "START streaming | онлайн-кинотеатр START",
            "Kinopoisk | Кинопоиск",
            "Non-Stop Production",
        ),
        employers_abroad=(
            "Independent production company (Berlin) | Независимая продюсерская компания (Берлин)",
            "TV Rain (Amsterdam) | Телеканал «Дождь» (Амстердам)",
            "Artdocfest (Riga) | Артдокфест (Рига)",
            _FREELANCE,
        ),
        duties=(
            "Shot commercials and music videos. | Снимал{a} рекламу и музыкальные клипы.",
            "Wrote episodes of a streaming drama series."
            " | Писал{a} сценарии серий для сериала онлайн-кинотеатра.",
            "Directed a feature documentary shown at IDFA and DOK Leipzig."
            " | Снял{a} полнометражный документальный фильм, показанный на IDFA и DOK Leipzig.",
        ),
        duties_abroad=(
            "Put together a European co-production for a film about exile."
            " | Собрал{a} европейскую копродукцию для фильма об эмиграции.",
        ),
        summary=(
            "Filmmaker with {years_phrase} of experience in documentary and fiction film."
            " | Кинорежиссёр, {years_phrase} в документальном и игровом кино.",
            "My films are about people who stay silent and people who refuse to."
            " | Мои фильмы — о людях, которые молчат, и о тех, кто отказывается молчать.",
            "Currently developing a documentary about Russian emigrants in the Caucasus."
            " | Сейчас в разработке документальный фильм о российских эмигрантах на Кавказе.",
            "Looking for development funding, co-producers and residencies."
            " | Ищу финансирование на девелопмент, копродюсеров и резиденции.",
        ),
        studies=("Film Directing | Режиссура кино", "Screenwriting | Кинодраматургия"),
        schools="arts",
    ),
    Role(
        key="writer",
        field="arts",
        weight=18,
        seeking=_SEEKING,
        degree_style="arts",
        degree_rate=0.85,
        headlines=(
            "Writer and essayist | Писатель и эссеист",
            "Literary translator, English and German"
            " | Литературный переводчик с английского и немецкого",
            "Poet and editor | Поэт и редактор",
        ),
        titles=(
            "Editor | Редактор",
            "Columnist | Колумнист",
            "Literary translator | Литературный переводчик",
            "Author | Автор",
        ),
        skills=(
            "creative writing | художественное письмо",
            "literary translation | художественный перевод",
            "editing | редактирование",
            "essay writing | эссеистика",
            "poetry | поэзия",
            "publishing | книгоиздание",
            "Russian literature | русская литература",
            "creative writing teaching | преподавание литературного мастерства",
            "grant writing | написание грантовых заявок",
        ),
        employers_home=(
            "Corpus Books | издательство Corpus",
            "AST Publishers | издательство АСТ",
            "Individuum | издательство Individuum",
            "Arzamas | Арзамас",
            "New Literary Observer | Новое литературное обозрение",
        ),
        employers_abroad=(
            "Freedom Letters",
            "Meduza (Riga) | Медуза (Рига)",
            "Writers-in-exile programme | Программа для писателей в изгнании",
            _FREELANCE,
        ),
        duties=(
            "Wrote a weekly column on culture. | Писал{a} еженедельную колонку о культуре.",
            "Translated eight books from English, including two Booker-shortlisted novels."
            " | Сделал{a} переводы восьми книг с английского, в том числе двух романов"
            " из шорт-листа Букера.",
            "Taught creative writing courses online."
            " | Преподавал{a} литературное мастерство онлайн.",
            "Published two novels and a collection of essays."
            " | Опубликовал{a} два романа и сборник эссе.",
        ),
        summary=(
            "Writer with {years_phrase} of experience in fiction, essays and translation."
            " | Писатель, {years_phrase} в художественной прозе, эссеистике и переводе.",
            "My last book was banned in Russia and published abroad."
            " | Моя последняя книга запрещена в России и вышла за рубежом.",
            "I write in Russian and translate into Russian from English and German."
            " | Пишу на русском, перевожу на русский с английского и немецкого.",
            "Looking for writers' residencies, translation grants and teaching."
            " | Ищу писательские резиденции, гранты на перевод и преподавание.",
        ),
        studies=("Literary Creation | Литературное творчество", "Philology | Филология"),
        schools="arts",
    ),
)
