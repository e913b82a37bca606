"""Places of the synthetic knowledge base: real regional centres plus generated towns.

The list is fixed (it does not depend on the scale or the seed), so the query
mix can filter by the same cities at every scale. Generated towns are built
from common Kazakh toponym parts ("Ақ" + "су" = Ақсу / Аксу / Aksu).
"""

from __future__ import annotations

# key, English, Russian, Kazakh, region
REAL_PLACES = [
    ("astana", "Astana", "Астана", "Астана", "astana"),
    ("almaty", "Almaty", "Алматы", "Алматы", "almaty"),
    ("shymkent", "Shymkent", "Шымкент", "Шымкент", "shymkent"),
    ("ust-kamenogorsk", "Ust-Kamenogorsk", "Усть-Каменогорск", "Өскемен", "east-kazakhstan"),
    ("karaganda", "Karaganda", "Караганда", "Қарағанды", "karaganda"),
    ("taldykorgan", "Taldykorgan", "Талдыкорган", "Талдықорған", "zhetysu"),
    ("pavlodar", "Pavlodar", "Павлодар", "Павлодар", "pavlodar"),
    ("semey", "Semey", "Семей", "Семей", "abai"),
    ("temirtau", "Temirtau", "Темиртау", "Теміртау", "karaganda"),
    ("kokshetau", "Kokshetau", "Кокшетау", "Көкшетау", "akmola"),
    ("aktobe", "Aktobe", "Актобе", "Ақтөбе", "aktobe"),
    ("konaev", "Konaev", "Конаев", "Қонаев", "almaty-region"),
    ("atyrau", "Atyrau", "Атырау", "Атырау", "atyrau"),
    ("taraz", "Taraz", "Тараз", "Тараз", "zhambyl"),
    ("kostanay", "Kostanay", "Костанай", "Қостанай", "kostanay"),
    ("kyzylorda", "Kyzylorda", "Кызылорда", "Қызылорда", "kyzylorda"),
    ("aktau", "Aktau", "Актау", "Ақтау", "mangystau"),
    ("petropavlovsk", "Petropavlovsk", "Петропавловск", "Петропавл", "north-kazakhstan"),
    ("turkistan", "Turkistan", "Туркестан", "Түркістан", "turkistan"),
    ("zhezkazgan", "Zhezkazgan", "Жезказган", "Жезқазған", "ulytau"),
    ("uralsk", "Uralsk", "Уральск", "Орал", "west-kazakhstan"),
    ("ekibastuz", "Ekibastuz", "Экибастуз", "Екібастұз", "pavlodar"),
]
REGIONS = sorted({place[4] for place in REAL_PLACES})

# (Kazakh, Russian, English) parts of generated town names.
ROOTS = [
    ("Ақ", "Ак", "Ak"), ("Қара", "Кара", "Kara"), ("Көк", "Кок", "Kok"), ("Сары", "Сары", "Sary"),
    ("Жаңа", "Жана", "Zhana"), ("Ұзын", "Узын", "Uzyn"), ("Ескі", "Эски", "Eski"), ("Қызыл", "Кызыл", "Kyzyl"),
    ("Алтын", "Алтын", "Altyn"), ("Бай", "Бай", "Bai"), ("Шұбар", "Шубар", "Shubar"), ("Терең", "Терен", "Teren"),
]
ENDINGS = [
    ("су", "су", "su"), ("сай", "сай", "sai"), ("тау", "тау", "tau"), ("төбе", "тобе", "tobe"),
    ("бұлақ", "булак", "bulak"), ("көл", "коль", "kol"), ("өзек", "озек", "ozek"), ("дала", "дала", "dala"),
    ("құдық", "кудук", "kuduk"), ("арал", "арал", "aral"),
]


def places() -> dict[str, dict[str, str]]:
    """Every place key with its en/ru/kk labels and region, `national` first."""
    found = {"national": {"en": "National", "ru": "Вся страна", "kk": "Бүкіл ел", "region": "national"}}
    for key, en, ru, kk, region in REAL_PLACES:
        found[key] = {"en": en, "ru": ru, "kk": kk, "region": region}
    number = 0
    for root in ROOTS:
        for ending in ENDINGS:
            kk, ru, en = root[0] + ending[0], root[1] + ending[1], root[2] + ending[2].lower()
            key = en.lower()
            if key in found:
                continue
            found[key] = {"en": en, "ru": ru, "kk": kk, "region": REGIONS[number * 7 % len(REGIONS)]}
            number += 1
    return found


def towns() -> list[str]:
    """Place keys that services and cases may be in (all but `national`)."""
    return [key for key in places() if key != "national"]
