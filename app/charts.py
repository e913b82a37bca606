"""The case library's chart: outcomes per violation as horizontal stacked bars, laid out for an SVG template."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from indexer.collation import collation_key

# Good outcomes first, so bars read left to right from success to failure.
OUTCOME_ORDER = ("resolved", "partly-resolved", "pending", "not-resolved", "unknown")
WIDTH = 400
BAR_SPACE = 350  # leaves room for the total after the longest bar
ROW = 42
BAR_HEIGHT = 16
SHOWN = 8  # bars drawn; the table under the chart lists every violation


@dataclass
class Segment:
    outcome: str
    label: str
    count: int
    x: float
    width: float


@dataclass
class Bar:
    violation: str
    label: str
    total: int
    y: int
    counts: dict[str, int] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Chart:
    bars: list[Bar]
    legend: list[tuple[str, str]]
    width: int = WIDTH
    row: int = ROW
    bar_height: int = BAR_HEIGHT

    @property
    def shown(self) -> list[Bar]:
        return self.bars[:SHOWN]

    @property
    def height(self) -> int:
        return len(self.shown) * ROW


def outcome_chart(cases: list[dict[str, Any]], label: Callable[[str, str], str], lang: str) -> Chart:
    """One bar per violation (most frequent first, then alphabetical in `lang`), split by outcome; `label(section, key)` names them."""
    per_violation: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for case in cases:
        outcome = case["outcome"]
        for violation in case["violations"]:
            per_violation[violation][outcome] += 1
    outcomes = sorted({o for c in per_violation.values() for o in c}, key=lambda o: (OUTCOME_ORDER.index(o) if o in OUTCOME_ORDER else len(OUTCOME_ORDER), o))
    ranked = sorted(per_violation.items(), key=lambda item: (-sum(item[1].values()), collation_key(label("violations", item[0]), lang)))
    largest = max((sum(c.values()) for c in per_violation.values()), default=1)
    bars = []
    for row, (violation, counts) in enumerate(ranked):
        bar = Bar(violation, label("violations", violation), sum(counts.values()), row * ROW, dict(counts))
        x = 0.0
        for outcome in outcomes:
            if counts[outcome]:
                width = BAR_SPACE * counts[outcome] / largest
                bar.segments.append(Segment(outcome, label("outcomes", outcome), counts[outcome], round(x, 1), round(width, 1)))
                x += width
        bars.append(bar)
    return Chart(bars, [(o, label("outcomes", o)) for o in outcomes])
