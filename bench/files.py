"""The text of each synthetic file: front matter and Markdown body in one language.

Text is drawn from `random.Random(f"{seed}:{kind}:{index}:{lang}")`, so each
file depends only on the seed, its plan and its language.
"""

from __future__ import annotations

import datetime as dt
import json
import random

from bench.lexicon import Lexicon, wrap
from bench.plans import ActPlan, CasePlan, ServicePlan, Unit

Vocab = dict[str, dict[str, dict[str, str]]]

ACT_TITLES = {
    "constitution": ("Конституция Республики Казахстан", "Қазақстан Республикасының Конституциясы", "Constitution of the Republic of Kazakhstan"),
    "code": ("Кодекс Республики Казахстан «{t}»", "Қазақстан Республикасының «{t}» кодексі", "Code of the Republic of Kazakhstan on {t}"),
    "law": ("Закон Республики Казахстан «{t}»", "Қазақстан Республикасының «{t}» туралы заңы", "Law of the Republic of Kazakhstan on {t}"),
    "order": ("Приказ министра № {n} «{t}»", "Министрдің № {n} бұйрығы «{t}»", "Order of the Minister No. {n} on {t}"),
    "rules": ("Правила «{t}»", "«{t}» қағидалары", "Rules on {t}"),
    "decree": ("Указ Президента Республики Казахстан «{t}»", "Қазақстан Республикасы Президентінің «{t}» Жарлығы", "Decree of the President on {t}"),
    "treaty": ("Конвенция «{t}»", "«{t}» конвенциясы", "Convention on {t}"),
}
ISSUERS = {
    "constitution": ("Республиканский референдум", "Республикалық референдум", "Republican referendum"),
    "code": ("Парламент Республики Казахстан", "Қазақстан Республикасының Парламенті", "Parliament of the Republic of Kazakhstan"),
    "order": ("Министр здравоохранения Республики Казахстан", "Қазақстан Республикасының Денсаулық сақтау министрі", "Minister of Health"),
    "decree": ("Президент Республики Казахстан", "Қазақстан Республикасының Президенті", "President of the Republic of Kazakhstan"),
}
ISSUERS.update(law=ISSUERS["code"], rules=ISSUERS["order"], treaty=ISSUERS["code"])
ALIASES = {
    "constitution": ["Конституция", "Основной закон", "Ата Заң", "Constitution"],
    "code": ["Кодекс {n}", "Кодекс № {n}", "Code {n}"],
    "law": ["Закон {n}", "Закон № {n}", "Law {n}", "{n} заң"],
    "order": ["Приказ {n}", "Приказ № {n}", "Order {n}", "{n} бұйрық"],
    "rules": ["Правила {n}", "Rules {n}", "{n} қағидалар"],
    "decree": ["Указ {n}", "Decree {n}"],
    "treaty": ["Конвенция {n}", "Convention {n}"],
}
LANG_INDEX = {"ru": 0, "kk": 1, "en": 2}
# Designator words: (before the number, Kazakh word after it) per unit, per language.
HEADING_UNITS = {
    "ru": {"art": "Статья {}", "p": "пункт {}", "sp": "подпункт {}"},
    "kk": {"art": "{}-бап", "p": "{}-тармақ", "sp": "{}-тармақша"},
    "en": {"art": "Article {}", "p": "paragraph {}", "sp": "sub-paragraph {}"},
}
CITE_UNITS = {
    "ru": {"art": "ст. {}", "p": "п. {}", "sp": "подп. {}"},
    "kk": HEADING_UNITS["kk"],
    "en": {"art": "art. {}", "p": "para. {}", "sp": "sub-para. {}"},
}
GENERAL = {"ru": "Общие положения", "kk": "Жалпы ережелер", "en": "General provisions"}
CASE_SECTIONS = {
    "ru": ("Ситуация", "Действия", "Результат", "Выводы"),
    "kk": ("Жағдай", "Әрекеттер", "Нәтиже", "Қорытынды"),
    "en": ("Situation", "Actions", "Outcome", "Lessons"),
}
NAME_CHANGED = {
    "ru": "{} (имя изменено) обратился к REActor.",
    "kk": "{} (аты өзгертілген) REActor-ға жүгінді.",
    "en": "{} (name changed) contacted a REActor.",
}
REFER = {"ru": "Как направить клиента", "kk": "Клиентті қалай жолдау керек", "en": "How to refer a client"}
USE = {"ru": "Как использовать", "kk": "Қалай қолдануға болады", "en": "How to use it"}
TOPIC_KEYS = ("hiv", "discrimination", "privacy", "health-care", "employment", "education", "social-services", "complaints",
              "legal-aid", "criminal-liability", "administrative-liability", "personal-data", "reproductive-health", "prisoners")


def q(text: str) -> str:
    """A YAML double-quoted string (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def designator(unit: Unit, lang: str, words: dict[str, dict[str, str]] = HEADING_UNITS) -> str:
    """The designator of a provision: "Статья 14, пункт 2", "14-бап, 2-тармақ", "Paragraph 30, sub-paragraph 2"."""
    text = ", ".join(words[lang][code].format(number) for code, number in unit.parts)
    return text[:1].upper() + text[1:]


def _day(rng: random.Random, first: int, last: int) -> str:
    return (dt.date(first, 1, 1) + dt.timedelta(days=rng.randrange((last - first) * 365))).isoformat()


def act_file(lex: Lexicon, seed: int, plan: ActPlan, lang: str, replaced_by: str | None, official: str | None = None) -> str:
    """One language version of an act: front matter (with its corpus act's code when linked), summary, one `## ` section per provision."""
    rng = random.Random(f"{seed}:act:{plan.index}:{lang}")
    meta = random.Random(f"{seed}:act-meta:{plan.index}")
    topic_words = " ".join(lex.concepts[t].lemma(lang) for t in plan.topics[:2])
    topic_words = topic_words[:1].upper() + topic_words[1:]
    title = ACT_TITLES[plan.kind][LANG_INDEX[lang]].format(t=topic_words, n=plan.number)
    repealed = plan.index >= 5 and replaced_by is not None and meta.random() < 0.08
    lines = [
        "---", f"id: {plan.id}", f"title: {q(title)}", f"kind: {plan.kind}", "jurisdiction: KZ", f"lang: {lang}",
        f"source_url: https://example.org/acts/{plan.id}/{lang}",
    ]
    if plan.number:
        lines.append(f"number: {q(plan.number)}")
    if official:
        lines.append(f"official: '{official}'")
    lines += [
        f"adopted: {'1995-08-30' if plan.kind == 'constitution' else _day(meta, 1997, 2024)}",
        f"issuer: {q(ISSUERS[plan.kind][LANG_INDEX[lang]])}",
        f"status: {'repealed' if repealed else 'in_force'}",
    ]
    if repealed:
        lines += [f"valid_until: {_day(meta, 2020, 2024)}", f"replaced_by: {replaced_by}"]
    lines += [
        "checked: 2025-06-01",
        f"aliases: {flow([q(a.format(n=plan.number)) for a in ALIASES[plan.kind]])}",
        f"topics: {flow(meta.sample(TOPIC_KEYS, 2))}",
        "---",
        "",
        lex.paragraph(rng, lang, plan.topics, 1, 3),
    ]
    for unit in plan.units:
        topics = plan.topics + unit.topics
        if unit.parts:
            heading = f"{designator(unit, lang)}. {lex.title(rng, lang, topics)}"
        else:
            heading = f"{GENERAL[lang]} {{#{unit.local_id}}}"
        lines += ["", f"## {heading}", "", lex.paragraph(rng, lang, topics, 2, 6)]
        extra = rng.random()
        if extra < 0.15:
            lines += [""] + [f"- {lex.sentence(rng, lang, topics)}" for _ in range(rng.randint(2, 3))]
        elif extra < 0.22:
            lines += ["", f"### {USE[lang]}", "", lex.paragraph(rng, lang, topics, 1, 2)]
    return "\n".join(lines) + "\n"


def service_file(lex: Lexicon, seed: int, plan: ServicePlan, lang: str, vocab: Vocab) -> str:
    """One language version of a service: contacts in front matter, what they do and how to refer."""
    rng = random.Random(f"{seed}:service:{plan.index}:{lang}")
    meta = random.Random(f"{seed}:service-meta:{plan.index}")
    kind_label = vocab["service_kinds"][plan.kind][lang].split(" (")[0]
    place = vocab["places"][plan.city][lang]
    name = f"{kind_label} «{lex.title(rng, lang, plan.topics, 2)}», {place}"
    groups = meta.sample(sorted(vocab["groups"]), meta.randint(1, 4))
    lat, lon = round(41 + meta.random() * 14, 4), round(47 + meta.random() * 40, 4)
    lines = [
        "---", f"id: {plan.id}", f"name: {q(name)}", f"kind: {plan.kind}", "jurisdiction: KZ", f"city: {plan.city}",
        f"lang: {lang}",
        f"address: {q(f'{place}, {lex.title(rng, lang, plan.topics, 1)} {meta.randint(1, 200)}')}",
        f"phones: [{q(f'+7 7{meta.randint(10, 29)} {meta.randint(100, 999)} {meta.randint(1000, 9999)}')}]",
        f"email: info-{plan.index + 1}@example.org",
        f"website: https://example.org/services/{plan.id}",
        f"hours: {q('9:00–18:00')}",
        f"languages: {flow(sorted(set(plan.langs) | {'ru'}))}",
        f"groups: {flow(groups)}",
        f"free: {'true' if meta.random() < 0.7 else 'false'}",
        f"source_url: https://example.org/services/{plan.id}",
        "checked: 2025-06-01",
        f"lat: {lat}",
        f"lon: {lon}",
        "---",
        lex.paragraph(rng, lang, plan.topics, 2, 4),
        "",
        f"## {REFER[lang]}",
        "",
        lex.paragraph(rng, lang, plan.topics, 1, 2),
        "",
    ]
    lines += [f"- {lex.sentence(rng, lang, plan.topics)}" for _ in range(rng.randint(1, 3))]
    return "\n".join(lines) + "\n"


def citation_text(ref: str, lang: str, acts: dict[str, ActPlan]) -> str:
    """How a case's text cites a provision: "ст. 14, п. 2 (kz-code-107-vi)"."""
    act_id, _, local = ref.partition("/")
    plan = acts[act_id]
    unit = next((u for u in plan.units if u.local_id == local), None)
    if unit is None or not unit.parts:
        return act_id
    return f"{designator(unit, lang, CITE_UNITS)} ({act_id})"


def case_file(lex: Lexicon, seed: int, plan: CasePlan, lang: str, vocab: Vocab, acts: dict[str, ActPlan]) -> str:
    """One language version of a case: the situation, actions, outcome and lessons."""
    rng = random.Random(f"{seed}:case:{plan.index}:{lang}")
    meta = random.Random(f"{seed}:case-meta:{plan.index}")
    title = f"{vocab['violations'][plan.violations[0]][lang]}: {lex.title(rng, lang, plan.topics, 3).lower()}"
    groups = meta.sample(sorted(vocab["groups"]), meta.randint(1, 3))
    actions = meta.sample(sorted(vocab["actions"]), meta.randint(1, 4))
    lines = [
        "---", f"id: {plan.id}", f"title: {q(title)}", f"lang: {lang}",
        f"date: \"{meta.randint(2008, 2025)}-{meta.randint(1, 12):02d}\"", "jurisdiction: KZ",
        f"groups: {flow(groups)}", f"violations: {flow(plan.violations)}", f"actions: {flow(actions)}",
        f"outcome: {meta.choice(sorted(vocab['outcomes']))}", "anonymised: true",
    ]
    if plan.city:
        lines.append(f"city: {plan.city}")
    lines.append("norms:")
    lines += [f"  - {ref}" for ref in plan.norms]
    if plan.services:
        lines.append(f"services: {flow(plan.services)}")
    lines += [f"source_url: https://example.org/cases/{plan.id}", "---"]
    situation, actions_title, outcome, lessons = CASE_SECTIONS[lang]
    opening = NAME_CHANGED[lang].format(plan.name[0].capitalize() if lang == "en" else plan.name[1])
    lines += ["", f"## {situation}", "", wrap(f"{opening} {lex.paragraph(rng, lang, plan.topics, 2, 4)}")]
    for section in (actions_title, outcome):
        lines += ["", f"## {section}", "", lex.paragraph(rng, lang, plan.topics, 1, 3)]
    lines += ["", f"## {lessons}", ""]
    for ref in plan.norms[:3]:
        lines.append(wrap(f"- {citation_text(ref, lang, acts)}: {lex.sentence(rng, lang, plan.topics)}"))
    return "\n".join(lines) + "\n"
