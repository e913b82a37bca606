"""A synthetic corpus of official texts in the open legislation corpus's format (README, "Official texts").

At scale N the first N acts of the synthetic kb numbered by articles (constitution,
codes, laws, treaties) link a corpus act (`official: '<act_code>'`); each corpus
act is a folder `<group>/<date>-<kind>-<code>/` with `meta.yaml`, `rus.md` and
`kaz.md` (front matter, then articles after anchors `<a id="st16"></a>` and
designator lines `**Статья 16. Title**` / `**16-бап. Title**`, chapters as `## `
headings, most articles in numbered paragraphs). About 100 articles per act,
each about 1–2 KB, so scale 100 has about 20,000 article texts (10,000 articles
in two languages) and scale 300 about 60,000. A fifth of the acts continue in
parts (`rus/sec001-ch002.md`), a few have ceased to apply (their requisite says so).
Text comes from `random.Random(f"{seed}:official:{index}:{lang}")`: the same
seed gives the same files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench.files import q
from bench.lexicon import Lexicon, wrap
from bench.plans import ActPlan

LINKED_KINDS = {"constitution": "00-constitution", "code": "02-codes", "law": "03-laws", "treaty": "04-treaties"}
ARTICLES = (80, 120)
CHAPTER_EVERY = 12
SPLIT_SHARE = 0.2
CEASED_SHARE = 0.03
LANGS = {"ru": "rus", "kk": "kaz"}
DESIGNATOR = {"ru": "Статья {}", "kk": "{}-бап"}
CHAPTER = {"ru": "Глава {}", "kk": "{}-тарау"}
TITLE = {"ru": "Официальный текст: {}", "kk": "Ресми мәтін: {}"}
REQUISITE = "Синтетический акт № {code} от {adopted}"
CEASED = ". Утратил силу с {date}"


@dataclass(frozen=True)
class OfficialPlan:
    """One corpus act linked by a kb act: its code, folder, article numbers and whether it is in parts or ceased."""

    index: int
    code: str
    folder: str
    articles: tuple[str, ...]
    split: bool
    ceased: bool
    version_date: str


def act_code(plan: ActPlan) -> str:
    return str(700000 + plan.index)


def official_plan(seed: int, plan: ActPlan) -> OfficialPlan:
    """The corpus act of kb act `plan`: every article the kb act summarises (`art-5`, `art-5-1`) and more, up to ~100."""
    rng = random.Random(f"{seed}:official:{plan.index}")
    kb_articles = {u.parts[0][1] for u in plan.units if u.parts and u.parts[0][0] == "art"}
    count = max(rng.randint(*ARTICLES), *(int(n.split("-")[0]) for n in kb_articles)) if kb_articles else rng.randint(*ARTICLES)
    numbers: list[str] = []
    for n in range(1, count + 1):
        numbers.append(str(n))
        if f"{n}-1" in kb_articles:
            numbers.append(f"{n}-1")
    adopted = f"{rng.randint(1995, 2024)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    code = act_code(plan)
    version = f"{rng.randint(2020, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return OfficialPlan(plan.index, code, f"{LINKED_KINDS[plan.kind]}/{adopted}-{plan.kind}-{code}", tuple(numbers),
                        rng.random() < SPLIT_SHARE, plan.index >= 5 and rng.random() < CEASED_SHARE, version)


def is_linked(plan: ActPlan) -> bool:
    return plan.kind in LINKED_KINDS


def _source(code: str, lang: str) -> str:
    return f"https://example.org/official/{LANGS[lang]}/{code}"


def meta_yaml(plan: OfficialPlan, titles: dict[str, str]) -> str:
    adopted = plan.folder.split("/")[1][:8]
    requisite = REQUISITE.format(code=plan.code, adopted=f"{adopted[:4]}-{adopted[4:6]}-{adopted[6:]}")
    if plan.ceased:
        requisite += CEASED.format(date="2025-01-01")
    lines = [f"act_code: '{plan.code}'", f"requisite: {q(requisite)}", "title:"]
    lines += [f"  {LANGS[lang]}: {q(titles[lang])}" for lang in LANGS]
    lines += ["version_date:"] + [f"  {LANGS[lang]}: {plan.version_date}" for lang in LANGS]
    lines += ["source:"] + [f"  {LANGS[lang]}: {_source(plan.code, lang)}" for lang in LANGS]
    return "\n".join(lines) + "\n"


def _front(plan: OfficialPlan, lang: str, title: str) -> str:
    return "\n".join(["---", f"act_code: '{plan.code}'", f"language: {LANGS[lang]}", f"title: {q(title)}",
                      f"version_date: {plan.version_date}", f"source: {_source(plan.code, lang)}", "---", ""])


def _article(lex: Lexicon, rng: random.Random, lang: str, number: str, topics: list[int]) -> str:
    """One article: anchor, designator line with a title, then numbered paragraphs (or one plain paragraph)."""
    words = topics + [rng.randrange(len(lex.concepts)) for _ in range(2)]
    lines = [f'<a id="st{number}"></a>', "", f"**{DESIGNATOR[lang].format(number)}. {lex.title(rng, lang, words)}**", ""]
    if rng.random() < 0.2:
        lines += [lex.paragraph(rng, lang, words, 4, 8), ""]
    else:
        for n in range(1, rng.randint(2, 4) + 1):
            lines += [wrap(f"{n}. {lex.paragraph(rng, lang, words, 1, 3)}"), ""]
    return "\n".join(lines)


def language_files(lex: Lexicon, seed: int, plan: OfficialPlan, act: ActPlan, lang: str, title: str) -> dict[str, str]:
    """The files of one language, by path inside the act's folder: `rus.md`, and `rus/secNNN-chNNN.md` parts when split."""
    rng = random.Random(f"{seed}:official:{plan.index}:{lang}")
    name = LANGS[lang]
    head = _front(plan, lang, title) + f"\n# {title.upper()}\n\n{lex.paragraph(rng, lang, act.topics, 1, 2)}\n"
    chapters: list[list[str]] = []
    for i, number in enumerate(plan.articles):
        if i % CHAPTER_EVERY == 0:
            chapters.append([f"## {CHAPTER[lang].format(len(chapters) + 1)}. {lex.title(rng, lang, act.topics)}", ""])
        chapters[-1].append(_article(lex, rng, lang, number, act.topics))
    if not plan.split:
        return {f"{name}.md": head + "\n" + "\n".join(line for chapter in chapters for line in chapter)}
    files = {f"{name}.md": head}
    for n, chapter in enumerate(chapters, start=1):
        part = "\n".join(["---", f"part_of: ../{name}.md", f"source: {_source(plan.code, lang)}", "---", ""])
        files[f"{name}/sec{(n - 1) // 4 + 1:03d}-ch{n:03d}.md"] = part + "\n" + "\n".join(chapter)
    return files


def act_files(lex: Lexicon, seed: int, act: ActPlan) -> tuple[OfficialPlan, dict[str, str]]:
    """The corpus act of a kb act and its files (paths relative to the corpus root)."""
    plan = official_plan(seed, act)
    rng = random.Random(f"{seed}:official-title:{act.index}")
    titles = {lang: TITLE[lang].format(lex.title(rng, lang, act.topics, 3)) for lang in LANGS}
    files = {f"{plan.folder}/meta.yaml": meta_yaml(plan, titles)}
    for lang in LANGS:
        files.update({f"{plan.folder}/{path}": text for path, text in language_files(lex, seed, plan, act, lang, titles[lang]).items()})
    return plan, files
