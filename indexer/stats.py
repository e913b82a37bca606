"""Coverage of the built knowledge base: what `kb stats` prints.

Counted from the database of the last build, so the figures are those of what the
app serves; contacts are also counted per region ("reachable": a channel beyond a website). A provision counts for a violation type when the kb links the two in
any of three ways: its act tags it (`violations:` in the act's front matter), a case
of that type cites it, or a remedy ladder for that type grounds a step or a
deadline on it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from indexer.kinds import LANGUAGES
from indexer.official_layer import article_of


@dataclass
class ViolationCoverage:
    """Distinct provisions (by status) and cases linked to one violation type."""

    key: str
    label: str
    in_force: set[str] = field(default_factory=set)
    repealed: set[str] = field(default_factory=set)
    cases: set[str] = field(default_factory=set)


def _json_list(value: Any) -> list[Any]:
    return json.loads(value) if isinstance(value, str) and value.startswith("[") else []


def _distinct(db: sqlite3.Connection, table: str) -> dict[str, int]:
    """Distinct entries of a table, and how many of them exist in each language."""
    counts = {"all": db.execute(f"SELECT COUNT(DISTINCT id) FROM {table}").fetchone()[0]}
    for lang, n in db.execute(f"SELECT lang, COUNT(DISTINCT id) FROM {table} GROUP BY lang"):
        counts[lang] = n
    return counts


def _remedy_provisions(steps: list[dict[str, Any]]) -> set[str]:
    found: set[str] = set()
    for step in steps:
        found.update(step.get("grounds", []))
        deadline = step.get("deadline") or {}
        if deadline.get("provision"):
            found.add(deadline["provision"])
    return found


def _official(db: sqlite3.Connection) -> dict[str, Any]:
    """The official texts of the build: acts linked, articles per language, our provisions that got their text, articles we lack."""
    articles = {(act, local) for act, local in db.execute("SELECT DISTINCT act_id, local_id FROM official_texts")}
    ours = db.execute("SELECT DISTINCT id, act_id, local_id FROM provisions WHERE act_id IN (SELECT act_id FROM official_texts)").fetchall()
    summarised = {(act, article_of(local)) for _, act, local in ours}
    return {
        "acts": db.execute("SELECT COUNT(DISTINCT act_id) FROM official_texts").fetchone()[0],
        "articles": dict(db.execute("SELECT lang, COUNT(*) FROM official_texts GROUP BY lang").fetchall()),
        "provisions_with_text": sum((act, article_of(local)) in articles for _, act, local in ours),
        "provisions_of_linked_acts": len(ours),
        "official_only": len(articles - summarised),
    }


def coverage(db: sqlite3.Connection) -> dict[str, Any]:
    """The counts `kb stats` prints, as one JSON-ready mapping."""
    status = dict(db.execute("SELECT DISTINCT id, status FROM provisions").fetchall())
    labels = {key: en or key for key, en in db.execute("SELECT key, en FROM vocab WHERE section = 'violations' ORDER BY rowid")}
    by_key = {key: ViolationCoverage(key, label) for key, label in labels.items()}

    def link(key: str, provision: str) -> None:
        if key in by_key and provision in status:
            bucket = by_key[key].in_force if status[provision] == "in_force" else by_key[key].repealed
            bucket.add(provision)

    for provision, tags in db.execute("SELECT DISTINCT id, violations FROM provisions WHERE violations IS NOT NULL"):
        for key in _json_list(tags):
            link(key, provision)
    norms_of_case: dict[str, set[str]] = {}
    for case_id, ref in db.execute("SELECT case_id, provision_id FROM case_norms WHERE provision_id IS NOT NULL"):
        norms_of_case.setdefault(case_id, set()).add(ref)
    for case_id, violations in db.execute("SELECT DISTINCT id, violations FROM cases"):
        for key in _json_list(violations):
            if key in by_key:
                by_key[key].cases.add(case_id)
            for provision in norms_of_case.get(case_id, ()):
                link(key, provision)
    for violations, steps in db.execute("SELECT violations, steps FROM remedies"):
        for key in _json_list(violations):
            for provision in _remedy_provisions(_json_list(steps)):
                link(key, provision)

    acts = db.execute(
        "SELECT COUNT(*), SUM(checked IS NOT NULL), SUM(official_version IS NOT NULL), SUM(checked IS NOT NULL AND official_version IS NOT NULL) "
        "FROM (SELECT id, MAX(checked) AS checked, MAX(official_version) AS official_version FROM acts GROUP BY id)"
    ).fetchone()
    services = _contacts(db)
    return {
        "services_by_region": _services_by_region(db, services),
        "acts": {**_distinct(db, "acts"), "checked": acts[1] or 0, "official_version": acts[2] or 0, "checked_and_official_version": acts[3] or 0},
        "provisions": {
            **_distinct(db, "provisions"),
            **{s: n for s, n in db.execute("SELECT status, COUNT(DISTINCT id) FROM provisions GROUP BY status")},
        },
        "cases": _distinct(db, "cases"),
        "services": {
            **_distinct(db, "services"),
            "checked": sum(1 for _, _, _, checked, _ in services if checked),
            "with_channel_beyond_website": sum(1 for *_, reachable in services if reachable),
        },
        "remedies": _distinct(db, "remedies"),
        "letters": _distinct(db, "letters"),
        "official": _official(db),
        "violations": [
            {"key": c.key, "label": c.label, "in_force_provisions": len(c.in_force), "repealed_provisions": len(c.repealed), "cases": len(c.cases)}
            for c in by_key.values()
        ],
    }


# The kinds of contact issue 13 wants in every region, counted per region by `kb stats`.
REGIONAL_KINDS = ("ombudsman", "aids-centre", "legal-aid", "prosecutor", "health-authority")


def _contacts(db: sqlite3.Connection) -> list[Any]:
    """One row per contact (over its language versions): city, kind, whether checked, whether reachable beyond a website."""
    return db.execute(
        "SELECT id, MAX(city) AS city, MAX(kind) AS kind, MAX(checked) AS checked, MAX(COALESCE(phones, '[]') != '[]' "
        "OR email IS NOT NULL OR COALESCE(messengers, '[]') != '[]' OR online_form IS NOT NULL) AS reachable FROM services GROUP BY id"
    ).fetchall()


def _services_by_region(db: sqlite3.Connection, contacts: list[Any]) -> list[dict[str, Any]]:
    """Per region (a service's city's region; 'national' for the whole country): contacts, reachable ones, and the key kinds."""
    region_of = {row[0]: row[1] for row in db.execute("SELECT key, region FROM vocab WHERE section = 'places'")}
    regions: dict[str, dict[str, Any]] = {}
    for _, city, kind, _, reachable in contacts:
        region = "national" if city == "national" else region_of.get(city) or city
        entry = regions.setdefault(region, {"region": region, "contacts": 0, "reachable": 0, **{k: 0 for k in REGIONAL_KINDS}})
        entry["contacts"] += 1
        entry["reachable"] += bool(reachable)
        if kind in REGIONAL_KINDS:
            entry[kind] += 1
    return sorted(regions.values(), key=lambda r: (r["region"] != "national", r["region"]))


def _official_lines(official: dict[str, Any]) -> list[str]:
    """The official texts' line of `kb stats` (none when no act is linked to a corpus)."""
    if not official["acts"]:
        return []
    articles = ", ".join(f"{lang} {n}" for lang, n in sorted(official["articles"].items()))
    return [
        f"official    {official['acts']:>5}   acts linked; articles {articles}",
        f"            our provisions with their official text {official['provisions_with_text']} of {official['provisions_of_linked_acts']}, "
        f"articles not yet summarised {official['official_only']}",
    ]


def _share(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.0f} %)" if whole else "0"


def report(figures: dict[str, Any], want_in_force: int = 3) -> list[str]:
    """The figures as the lines `kb stats` prints; a violation type short of `want_in_force` in-force provisions is marked."""
    acts, provisions, services = figures["acts"], figures["provisions"], figures["services"]

    def per_language(counts: dict[str, int]) -> str:
        return ", ".join(f"{lang} {counts.get(lang, 0)}" for lang in LANGUAGES)

    lines = [
        f"acts        {acts['all']:>5}   {per_language(acts)}",
        f"            checked {_share(acts['checked'], acts['all'])}, official_version {_share(acts['official_version'], acts['all'])}, "
        f"both {_share(acts['checked_and_official_version'], acts['all'])}",
        f"provisions  {provisions['all']:>5}   {per_language(provisions)}",
        f"            in force {provisions.get('in_force', 0)}, repealed {provisions.get('repealed', 0)}, "
        f"not yet in force {provisions.get('not_yet_in_force', 0)}",
        f"cases       {figures['cases']['all']:>5}   {per_language(figures['cases'])}",
        f"services    {services['all']:>5}   {per_language(services)}",
        f"            checked {_share(services['checked'], services['all'])}, a channel beyond a website "
        f"{_share(services['with_channel_beyond_website'], services['all'])}",
        f"remedies    {figures['remedies']['all']:>5}   {per_language(figures['remedies'])}",
        f"letters     {figures['letters']['all']:>5}   {per_language(figures['letters'])}",
        *_official_lines(figures["official"]),
        "",
        f"{'violation type':<28}{'in force':>9}{'repealed':>9}{'cases':>7}",
    ]
    short = 0
    for row in figures["violations"]:
        mark = "  < " + str(want_in_force) if row["in_force_provisions"] < want_in_force else ""
        short += bool(mark)
        lines.append(f"{row['key']:<28}{row['in_force_provisions']:>9}{row['repealed_provisions']:>9}{row['cases']:>7}{mark}")
    lines.append(f"{short} of {len(figures['violations'])} violation types have fewer than {want_in_force} in-force provisions")
    lines += ["", f"{'region':<20}{'contacts':>9}{'reachable':>10}" + "".join(f"{kind:>17}" for kind in REGIONAL_KINDS)]
    for row in figures["services_by_region"]:
        lines.append(f"{row['region']:<20}{row['contacts']:>9}{row['reachable']:>10}" + "".join(f"{row[kind]:>17}" for kind in REGIONAL_KINDS))
    return lines
