"""`kb eval`: relevance figures (recall@5, MRR, nDCG@10) over a judgement file, and the paired comparison of
two runs (`--save`, `--against`) that decides whether a ranking change is kept."""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.frontmatter import FrontMatterError, parse_yaml_with_lines
from indexer.problems import ContentError

LISTS = ("norms", "cases", "services")
# What a judged query tests; `kb eval` reports each tag's figures.
TAGS = ("morph", "typo", "crossling", "colloquial", "citation", "city", "graph", "phrase", "stopword", "repealed", "kk")
# `split: heldout` marks queries no ranking change is tuned on: a change is kept only if their figures hold.
SPLITS = ("tuning", "heldout")
METRICS = ("recall@5", "mrr", "ndcg@10")


@dataclass
class Judgement:
    """One query and the grades of the ids it should find, per list."""

    query: str
    city: str | None
    grades: dict[str, dict[str, int]]
    line: int
    tags: tuple[str, ...] = ()
    split: str = "tuning"


@dataclass
class QueryScore:
    judgement: Judgement
    per_list: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def ndcg(self) -> float:
        values = [m["ndcg@10"] for m in self.per_list.values()]
        return sum(values) / len(values) if values else 0.0


def load_judgements(path: Path) -> list[Judgement]:
    """Read and check a judgement file; ContentError names the file and line of a bad item."""
    try:
        data, _, item_lines = parse_yaml_with_lines(path.read_text(encoding="utf-8"))
    except FrontMatterError as exc:
        raise ContentError(f"{path}:{exc.line}: {exc.message}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, list):
        raise ContentError(f"{path}:1: a judgement file is a YAML list of queries")
    lines = item_lines.get("", [])
    judgements = []
    for i, item in enumerate(data):
        line = lines[i] if i < len(lines) else 1
        if not isinstance(item, dict) or not isinstance(item.get("query"), str):
            raise ContentError(f"{path}:{line}: each item needs a 'query' string")
        grades: dict[str, dict[str, int]] = {}
        for name in LISTS:
            value = item.get(name) or {}
            if not isinstance(value, dict) or not all(isinstance(g, int) and g in (1, 2) for g in value.values()):
                raise ContentError(f"{path}:{line}: '{name}' must map ids to grades 1 or 2")
            if value:
                grades[name] = {str(k): int(v) for k, v in value.items()}
        if not grades:
            raise ContentError(f"{path}:{line}: query '{item['query']}' has no judged ids")
        tags = item.get("tags") or []
        if not isinstance(tags, list) or not all(t in TAGS for t in tags):
            raise ContentError(f"{path}:{line}: 'tags' must be a list of {', '.join(TAGS)}")
        split = item.get("split", "tuning")
        if split not in SPLITS:
            raise ContentError(f"{path}:{line}: 'split' must be one of {', '.join(SPLITS)}")
        judgements.append(Judgement(item["query"], item.get("city"), grades, line, tuple(tags), split))
    return judgements


def dcg(gains: list[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def score_list(ranked: list[str], grades: dict[str, int]) -> dict[str, float]:
    """recall@5, reciprocal rank of the first relevant id, and nDCG@10 for one list."""
    relevant = set(grades)
    recall = len(relevant & set(ranked[:5])) / len(relevant)
    rr = next((1.0 / (i + 1) for i, id_ in enumerate(ranked) if id_ in relevant), 0.0)
    ideal = dcg(sorted((float(g) for g in grades.values()), reverse=True)[:10])
    actual = dcg([float(grades.get(id_, 0)) for id_ in ranked[:10]])
    return {"recall@5": recall, "mrr": rr, "ndcg@10": actual / ideal if ideal else 0.0}


def evaluate(engine: Any, judgements: list[Judgement]) -> tuple[list[QueryScore], dict[str, dict[str, float]]]:
    """Run every judged query; return per-query scores and means per list and overall.

    The means also have an entry per split ("split:heldout") and per tag ("tag:crossling"):
    over every judged list of the queries that carry it.
    """
    scores = []
    for j in judgements:
        result = engine.search(j.query, city=j.city, limit=10)
        qs = QueryScore(j)
        for name, grades in j.grades.items():
            qs.per_list[name] = score_list([hit["id"] for hit in result[name]], grades)
        scores.append(qs)
    means: dict[str, dict[str, float]] = {}
    for name in [*LISTS, "overall"]:
        values = [m for s in scores for list_name, m in s.per_list.items() if name in ("overall", list_name)]
        if values:
            means[name] = _mean(values)
    for group, member in [*((f"split:{x}", lambda s, x=x: s.judgement.split == x) for x in SPLITS),
                          *((f"tag:{t}", lambda s, t=t: t in s.judgement.tags) for t in TAGS)]:
        values = [m for s in scores if member(s) for m in s.per_list.values()]
        if values:
            means[group] = {**_mean(values), "queries": float(sum(1 for s in scores if member(s)))}
    return scores, means


def _mean(values: list[dict[str, float]]) -> dict[str, float]:
    return {metric: sum(v[metric] for v in values) / len(values) for metric in METRICS}


# -- comparing two runs ----------------------------------------------------------

SAVED_FORMAT = 1
# Sign flips drawn for the paired randomisation test; the seed is fixed so that a comparison repeats exactly.
PERMUTATIONS = 10_000


@dataclass
class Comparison:
    """One split's (or all queries') paired comparison of two runs: the mean over queries of each query's nDCG@10
    (its judged lists averaged: the query is the unit, its lists are not independent) before and after, how many
    queries rose and fell, and the two-sided p-value of the mean difference (paired randomisation test)."""

    name: str
    queries: int
    before: float
    after: float
    up: int
    down: int
    p: float


def _key(j: Judgement) -> str:
    """What identifies a query across two runs: its text and city (line numbers move as the file is edited)."""
    return f"{j.query}\x1f{j.city or ''}"


def save_scores(scores: list[QueryScore], path: Path) -> None:
    """Write each query's nDCG@10 (the mean over its judged lists) and split for a later `--against`."""
    data = {
        "format": SAVED_FORMAT,
        "queries": [{"key": _key(s.judgement), "split": s.judgement.split, "ndcg": s.ndcg} for s in scores],
    }
    try:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ContentError(f"{path}: cannot write: {exc}") from None


def load_scores(path: Path) -> dict[str, tuple[str, float]]:
    """A saved run: query key → (split, nDCG@10). ContentError names the file when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != SAVED_FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {SAVED_FORMAT}")
        return {q["key"]: (q["split"], float(q["ndcg"])) for q in data["queries"]}
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"{path}: cannot read: {exc}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ContentError(f"{path}: not a run saved by 'kb eval --save' ({exc})") from None


def compare(before: dict[str, tuple[str, float]], scores: list[QueryScore]) -> tuple[list[Comparison], int]:
    """Paired comparisons (all queries, then each split) of a saved run and this one, over the queries both
    judged; and how many queries only one of them has."""
    now = {_key(s.judgement): (s.judgement.split, s.ndcg) for s in scores}
    shared = [k for k in now if k in before]
    groups = [("all", shared), *((f"split:{x}", [k for k in shared if now[k][0] == x]) for x in SPLITS)]
    found = []
    for name, keys in groups:
        if keys:
            diffs = [now[k][1] - before[k][1] for k in keys]
            found.append(Comparison(
                name, len(keys), sum(before[k][1] for k in keys) / len(keys), sum(now[k][1] for k in keys) / len(keys),
                sum(d > 1e-9 for d in diffs), sum(d < -1e-9 for d in diffs), paired_p(diffs),
            ))
    return found, len(set(now) ^ set(before))


def paired_p(diffs: list[float], rounds: int = PERMUTATIONS, seed: int = 0) -> float:
    """Two-sided p-value of the mean of paired differences: the share of random sign flips whose sum is at
    least as far from zero as the observed one (1.0 when nothing changed)."""
    observed = abs(sum(diffs))
    changed = [d for d in diffs if abs(d) > 1e-12]
    if not changed or observed < 1e-12:
        return 1.0
    rng = random.Random(seed)
    hits = sum(abs(sum(d if rng.random() < 0.5 else -d for d in changed)) >= observed - 1e-12 for _ in range(rounds))
    return (hits + 1) / (rounds + 1)


__all__ = ["compare", "evaluate", "load_judgements", "load_scores", "paired_p", "save_scores"]
