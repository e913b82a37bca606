"""The structure of the synthetic entries: ids, kinds, languages, provisions, links.

A plan is what translations of one entry share; the text of each language is
drawn later (bench.files). Every plan comes from its own seeded generator
(`random.Random(f"{seed}:act:{i}")`), so entry i is the same whatever else is
generated, and the whole knowledge base is reproducible byte for byte.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from bench.places import REAL_PLACES, towns

# Provision, case and service rows (one per entry and language) per unit of scale.
PROVISIONS_PER_SCALE = 200
CASES_PER_SCALE = 50
SERVICES_PER_SCALE = 50

# The first acts are the same at every scale, so queries can cite them: (kind, languages, provisions).
FIXED_ACTS = [
    ("constitution", ("ru", "kk", "en"), 12),
    ("code", ("ru", "kk"), 20),
    ("law", ("ru", "en"), 12),
    ("order", ("ru",), 10),
    ("rules", ("ru", "kk"), 8),
]
ACT_KINDS = {"code": 4, "law": 36, "order": 34, "rules": 14, "decree": 6, "treaty": 6}
PROVISION_RANGE = {"code": (30, 60), "law": (8, 25), "order": (5, 15), "rules": (5, 15), "decree": (3, 8), "treaty": (6, 20)}
ARTICLE_KINDS = ("constitution", "code", "law", "treaty")
ROMAN = {"code": "-VI", "law": "-V"}

SERVICE_KINDS = {
    "lawyer": 18, "legal-aid": 10, "ngo": 16, "aids-centre": 8, "human-rights-organisation": 8, "ombudsman": 5,
    "doctor": 6, "psychologist": 6, "crisis-centre": 5, "community-organisation": 8, "medical-centre": 5,
    "prosecutor": 3, "hotline": 2,
}
# Bigger cities get more of the real places' services.
CITY_WEIGHT = {"almaty": 6, "astana": 5, "shymkent": 4, "karaganda": 3, "ust-kamenogorsk": 2, "pavlodar": 2, "aktobe": 2}
# Changed names of clients: (in ids and English, in Russian and Kazakh).
CASE_NAMES = [
    ("aigerim", "Айгерим"), ("damir", "Дамир"), ("alla", "Алла"), ("marat", "Марат"), ("ruslan", "Руслан"),
    ("dana", "Дана"), ("aliya", "Алия"), ("erlan", "Ерлан"), ("saule", "Сауле"), ("timur", "Тимур"),
    ("asel", "Асель"), ("nurlan", "Нурлан"), ("madina", "Мадина"), ("bolat", "Болат"), ("zhanna", "Жанна"),
    ("oleg", "Олег"), ("irina", "Ирина"), ("sergey", "Сергей"), ("gulnara", "Гульнара"), ("arman", "Арман"),
    ("yerzhan", "Ержан"), ("kamila", "Камила"), ("dias", "Диас"), ("aruzhan", "Аружан"), ("vladimir", "Владимир"),
]


@dataclass
class Unit:
    """One provision: its local id, designator numbers and the concepts it is about."""

    local_id: str
    parts: tuple[tuple[str, str], ...]
    topics: list[int]


@dataclass
class ActPlan:
    index: int
    id: str
    kind: str
    number: str
    langs: tuple[str, ...]
    topics: list[int]
    units: list[Unit] = field(default_factory=list)

    @property
    def full_ids(self) -> list[str]:
        return [f"{self.id}/{u.local_id}" for u in self.units]


@dataclass
class ServicePlan:
    index: int
    id: str
    kind: str
    city: str
    langs: tuple[str, ...]
    topics: list[int]


@dataclass
class CasePlan:
    index: int
    id: str
    name: tuple[str, str]
    langs: tuple[str, ...]
    city: str | None
    norms: list[str]
    services: list[str]
    topics: list[int]
    violations: list[str]


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def act_number(index: int, kind: str) -> str:
    """The number printed on act `index` ("" for the constitution)."""
    return "" if kind == "constitution" else f"{100 + 7 * index}{ROMAN.get(kind, '')}"


def act_plan(seed: int, index: int, topic_count: int, max_units: int | None = None) -> ActPlan:
    """The structure of act `index`, with at most `max_units` provisions."""
    rng = random.Random(f"{seed}:act:{index}")
    if index < len(FIXED_ACTS):
        kind, langs, units = FIXED_ACTS[index]
    else:
        kind = _weighted(rng, ACT_KINDS)
        langs = ("ru",) + tuple(lang for lang, p in (("kk", 0.45), ("en", 0.35)) if rng.random() < p)
        units = rng.randint(*PROVISION_RANGE[kind])
    number = act_number(index, kind)
    plan = ActPlan(index, f"kz-{kind}" + (f"-{number.lower()}" if number else ""), kind, number, langs, rng.sample(range(topic_count), 3))
    if index >= len(FIXED_ACTS) and rng.random() < 0.2:
        plan.units.append(Unit("general", (), [rng.randrange(topic_count)]))
    unit, number_in_act = ("art", "p") if kind in ARTICLE_KINDS else ("p", "sp")
    n = 0
    while len(plan.units) < min(units, max_units or units):
        n += 1
        numbers = [str(n)] + ([f"{n}-1"] if index >= len(FIXED_ACTS) and rng.random() < 0.05 else [])
        for number in numbers:
            split = rng.randint(2, 3) if index >= len(FIXED_ACTS) and rng.random() < 0.25 else 0
            for parts in ([((unit, number), (number_in_act, str(m))) for m in range(1, split + 1)] or [((unit, number),)]):
                local_id = "-".join(f"{code}-{num}" for code, num in parts)
                plan.units.append(Unit(local_id, parts, [rng.randrange(topic_count) for _ in range(2)]))
    del plan.units[min(units, max_units or units):]
    return plan


def act_plans(seed: int, scale: int, topic_count: int) -> Iterator[ActPlan]:
    """Acts until their provisions (one per act language) reach the scale's budget."""
    budget = PROVISIONS_PER_SCALE * scale
    index = 0
    while budget > 0:
        plan = act_plan(seed, index, topic_count)
        if len(plan.units) * len(plan.langs) > budget:
            plan = act_plan(seed, index, topic_count, max_units=math.ceil(budget / len(plan.langs)))
        budget -= len(plan.units) * len(plan.langs)
        yield plan
        index += 1


def _trim(langs: tuple[str, ...], budget: int) -> tuple[str, ...]:
    return langs[: max(1, budget)]


def service_plans(seed: int, scale: int, topic_count: int) -> Iterator[ServicePlan]:
    """Services over every place (a tenth national) until their rows reach the budget."""
    budget = SERVICES_PER_SCALE * scale
    places = towns()
    real = [p[0] for p in REAL_PLACES]
    index = 0
    while budget > 0:
        rng = random.Random(f"{seed}:service:{index}")
        kind = _weighted(rng, SERVICE_KINDS)
        draw = rng.random()
        if draw < 0.1 or kind in ("ombudsman", "hotline") and draw < 0.5:
            city = "national"
        elif draw < 0.55:
            city = rng.choices(real, weights=[CITY_WEIGHT.get(p, 1) for p in real])[0]
        else:
            city = rng.choice(places)
        langs = _trim(rng.choices([("ru",), ("ru", "kk"), ("ru", "en"), ("en",), ("kk",)], weights=[70, 15, 8, 4, 3])[0], budget)
        budget -= len(langs)
        yield ServicePlan(index, f"{kind}-{city}-{index + 1}", kind, city, langs, rng.sample(range(topic_count), 3))
        index += 1


def case_plans(seed: int, scale: int, topic_count: int, provisions: list[str], acts: list[str],
               services_by_city: dict[str, list[str]], violations: list[str]) -> Iterator[CasePlan]:
    """Cases citing existing provisions and services until their rows reach the budget."""
    budget = CASES_PER_SCALE * scale
    real = [p[0] for p in REAL_PLACES]
    places = towns()
    index = 0
    while budget > 0:
        rng = random.Random(f"{seed}:case:{index}")
        city = None if rng.random() < 0.2 else rng.choice(real) if rng.random() < 0.7 else rng.choice(places)
        norms = rng.sample(provisions, min(len(provisions), rng.randint(1, 5)))
        if rng.random() < 0.2:
            norms.append(rng.choice([a for a in acts if a not in {n.split("/")[0] for n in norms}] or acts))
        nearby = services_by_city.get(city or "", []) + services_by_city.get("national", [])
        services = sorted(set(rng.sample(nearby, min(len(nearby), rng.randint(0, 3)))))
        case_violations = rng.sample(violations, rng.randint(1, 3))
        name = rng.choice(CASE_NAMES)
        langs = _trim(rng.choices([("ru",), ("ru", "en"), ("en",), ("kk",), ("ru", "kk")], weights=[60, 20, 10, 5, 5])[0], budget)
        budget -= len(langs)
        yield CasePlan(index, f"{name[0]}-{case_violations[0]}-{index + 1}", name, langs, city, list(dict.fromkeys(norms)), services,
                       rng.sample(range(topic_count), 3), case_violations)
        index += 1
