"""The fourth list of a search, `remedies`: the escalation ladders that fit what was found.

A ladder is chosen by its own text (it matched the query) and by the violation
types of the best-matching cases, each case lending its score to every ladder
for one of its violations. Pure functions: the engine gathers the scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# How much the best cases lend to the ladders for their violation types (own text counts fully).
CASE_WEIGHT = 0.5
CASES_CONSIDERED = 5


def violation_weights(cases: Iterable[tuple[float, list[str]]]) -> dict[str, float]:
    """Each violation type's weight: the best score of the cases that name it.

    The best, not the sum: nearly every story names "discrimination" besides its
    specific violation, and a sum would put that general ladder first every time.
    """
    weights: dict[str, float] = {}
    for score, violations in cases:
        for violation in violations:
            weights[violation] = max(weights.get(violation, 0.0), score)
    return weights


def rank(own: Mapping[str, float], weights: Mapping[str, float], ladders: Mapping[str, list[str]]) -> list[tuple[str, float]]:
    """(ladder id, score), best first: own text score plus CASE_WEIGHT × the weight of its best-found violation."""
    scored = []
    for ladder, violations in ladders.items():
        lent = max((weights.get(v, 0.0) for v in violations), default=0.0)
        score = own.get(ladder, 0.0) + CASE_WEIGHT * lent
        if score > 0:
            scored.append((ladder, score))
    return sorted(scored, key=lambda pair: (-pair[1], pair[0]))
