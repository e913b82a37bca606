"""Read-only access to the entries of the built database, for the web pages and the JSON API.

Every entry may exist in several languages (one row per language); each
method takes the preferred language and returns the best available version,
with `langs` listing every language the entry exists in. List fields stored
as JSON text come back as lists. The connections are the search engine's
per-thread read-only ones, so the catalog follows rebuilds as the engine does.

Entries marked `visibility: internal` exist only for a catalog made with
`internal=True` (for signed-in REActors): for the others they are not listed,
not counted, not linked and not found by id, exactly as if they did not exist.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from indexer.collation import collation_key
from indexer.kinds import LANGUAGES, Kind, kind_of_folder
from indexer.kinds.act import ACT_KINDS
from indexer.official_layer import article_of
from indexer.search import SearchEngine

JSON_COLUMNS = frozenset(
    {"aliases", "topics", "groups", "violations", "actions", "norms", "services", "phones", "languages", "messengers", "cites", "blanks", "steps"}
)
# Columns holding a JSON value that is not a list (a mapping, or "24/7"); None when empty.
JSON_VALUES = frozenset({"sources", "opening_hours", "replacements"})
FALLBACK = ("ru", "en", "kk")
Row = dict[str, Any]
Vocab = dict[str, dict[str, dict[str, str]]]
# A long act is shown in parts: the provisions' rendered text per part, and what the page adds around
# each provision (heading, permalink, citation button, links, its line in the contents), in bytes.
# With the act's header, a part stays under the 60 KB a page may weigh on a phone.
PART_BYTES = 36_000
PROVISION_FRAME_BYTES = 900
# Ids per query when loading entries by id (SQLite caps the parameters of one statement).
ID_CHUNK = 900


def _has(column: str) -> str:
    """SQL: the JSON list in `column` (empty or NULL when there is nothing) holds the parameter."""
    return f"EXISTS (SELECT 1 FROM json_each(coalesce(nullif({column}, ''), '[]')) WHERE value = ?)"


# The filters of the browse lists: each a condition on one row of its table, with one parameter.
FILTER_SQL: dict[str, dict[str, str]] = {
    "cases": {
        "group": _has("groups"),
        "violation": _has("violations"),
        "outcome": "outcome = ?",
        "year": "instr(date, ?) = 1",
        "city": "city = ?",
    },
    "services": {
        "city": "city = ?",
        "kind": "kind = ?",
        "group": _has("groups"),
        "speaks": _has("languages"),
        "free": "coalesce(free, 0) = ?",
    },
}
# List columns whose values are offered as filter choices (besides the years of `date`).
FACETED = frozenset({"groups", "violations", "outcome", "city", "kind", "languages"})
# What a listing keeps of each case or service once ordered and its facets counted: the version shown,
# and what a page sums up (the case chart) or places (a contact's city). Acts keep every list column.
KEPT = {"cases": ("lang", "violations", "outcome"), "services": ("lang", "city")}
# The few columns a list is ordered, filtered and summed up by (never the text): read once per build.
LIST_COLUMNS = {
    "acts": ("kind", "title", "number", "adopted", "status"),
    "cases": ("date", "groups", "violations", "outcome", "city"),
    "services": ("name", "city", "kind", "groups", "languages", "free"),
}


def kb_file(path: str) -> str:
    """A file's path inside kb/ (`laws/x.ru.md`), whatever folder the build was run from."""
    parts = PurePosixPath(path).parts
    for i in range(len(parts) - 1, -1, -1):
        if kind_of_folder(parts[i]):
            return "/".join(parts[i:])
    return parts[-1] if parts else ""


def _decode(row: sqlite3.Row) -> Row:
    entry = dict(row)
    for key in JSON_COLUMNS.intersection(entry):
        entry[key] = json.loads(entry[key]) if entry[key] else []
    for key in JSON_VALUES.intersection(entry):
        entry[key] = json.loads(entry[key]) if entry[key] else None
    if entry.get("path"):
        entry["kb_file"] = kb_file(entry["path"])
    return entry


def _prefer(rows: Iterable[Row], lang: str | None) -> Row | None:
    """The version in `lang`, else Russian, English, Kazakh; with `langs` listing them all."""
    by_lang = {r["lang"]: r for r in rows}
    if not by_lang:
        return None
    for candidate in (lang, *FALLBACK):
        if candidate in by_lang:
            chosen = dict(by_lang[candidate])
            break
    else:
        chosen = dict(next(iter(by_lang.values())))
    chosen["langs"] = [code for code in LANGUAGES if code in by_lang]
    return chosen


def article_change(change: Row | None, local_id: str) -> str | None:
    """What happened to a provision's article since the edition checked (see Catalog.edition_change):
    'changed', 'added', 'removed', 'unchanged', 'unknown' (the history could not be read), or None (no newer edition)."""
    if change is None:
        return None
    if change["unavailable"]:
        return "unknown"
    article = article_of(local_id)
    return next((status for status in ("changed", "added", "removed") if article in change[status]), "unchanged")


def _with_article_lists(change: Row) -> Row:
    """An `official_changes` row with its `changed`, `added` and `removed` article ids decoded from JSON."""
    for key in ("changed", "added", "removed"):
        change[key] = json.loads(change[key] or "[]")
    return change


def _grouped(rows: Iterable[Row], lang: str | None) -> list[Row]:
    """One preferred version per entry id, in first-seen order."""
    by_id: dict[str, list[Row]] = {}
    for row in rows:
        by_id.setdefault(row["id"], []).append(row)
    return [entry for versions in by_id.values() if (entry := _prefer(versions, lang))]


def _kept(row: Row, columns: tuple[str, ...] | None) -> Row:
    """`row` (only `columns`, when given) with its strings interned: a listing holds thousands of rows
    repeating the same few keys, and is kept per build, language and worker process."""
    kept = {}
    for column, value in row.items():
        if columns is None or column in columns:
            kept[column] = [sys.intern(v) for v in value] if isinstance(value, list) else sys.intern(value) if isinstance(value, str) else value
    return kept


@dataclass
class Listing:
    """The visible entries of one table in one preferred language, worked out once per build.

    `order`: their ids in display order; `facts`: id → what is kept (KEPT) of its preferred version:
    its `lang`, to check a filter's hits against, and what the pages sum up or show (the case chart,
    a contact's city, an act's line on the index); `facets`: the values each filter column takes.
    """

    order: list[str]
    facts: dict[str, Row]
    facets: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, table: str, rows: list[Row]) -> Listing:
        """The listing of `rows` (already in display order), with the values of every filter column in `facets`."""
        values: dict[str, set[str]] = {}
        for row in rows:
            for column, value in row.items():
                if column in FACETED:
                    values.setdefault(column, set()).update(value if isinstance(value, list) else [value] if value else [])
            if "date" in row and row["date"]:
                values.setdefault("year", set()).add(row["date"][:4])
        facets = {column: sorted(found, reverse=column == "year") for column, found in values.items()}
        return cls([r["id"] for r in rows], {r["id"]: _kept(r, KEPT.get(table)) for r in rows}, facets)


@dataclass
class Page:
    """One page of a filtered list: its `entries` (full rows), how many entries matched, how many the
    list has unfiltered (`total`), this page's `number` and the number of `pages` (at least 1).
    `matched_facts` holds the list columns of every match, for summaries of the whole selection;
    `nearby`, entries shown after the matches (see `service_page`)."""

    entries: list[Row]
    matched: int
    total: int
    number: int
    pages: int
    matched_facts: list[Row] = field(default_factory=list)
    nearby: list[Row] = field(default_factory=list)


class PageOutOfRange(LookupError):
    """A page number past the end of a list (or below 1); `pages` is how many there are."""

    def __init__(self, number: int, pages: int) -> None:
        super().__init__(f"page {number} of a list of {pages} page{'s' if pages != 1 else ''}")
        self.number = number
        self.pages = pages


def paginate(items: list[Any], number: int, size: int) -> tuple[list[Any], int]:
    """Page `number` (from 1) of `items`, `size` a page, and the number of pages (an empty list has one).

    PageOutOfRange for a number below 1 or past the last page.
    """
    pages = max(1, -(-len(items) // size))
    if not 1 <= number <= pages:
        raise PageOutOfRange(number, pages)
    return items[(number - 1) * size:number * size], pages


class Catalog:
    """Acts, provisions, cases, services, vocabulary and build facts, read-only.

    With `internal=False` (the default) entries marked internal are left out everywhere.
    """

    def __init__(self, engine: SearchEngine, internal: bool = False) -> None:
        self._engine = engine
        self.internal = internal
        self._vocab: tuple[object, Vocab] | None = None
        self._choices: tuple[Vocab | None, dict[tuple[str, str], list[tuple[str, str]]]] = (None, {})
        # SQL condition on a table with a `visibility` column (issue 6: internal entries for signed-in REActors only).
        self._visible = "1" if internal else "visibility IS NOT 'internal'"
        self._visible_cases = f"case_id IN (SELECT id FROM cases WHERE {self._visible})"
        # (snapshot, {(table, lang): Listing}): acts, cases and services × the languages asked for, of one build.
        self._listings: tuple[object, dict[tuple[str, str | None], Listing]] = (None, {})
        self._listing_lock = threading.Lock()

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """Run one read; a database damaged under the running server becomes IndexMissing."""
        snapshot = self._engine.snapshot()
        try:
            return snapshot.db().execute(sql, tuple(params)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise self._engine.damaged(snapshot, exc) from None

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        return [_decode(r) for r in self._query(sql, params)]

    def _ids(self, sql: str, params: Iterable[Any]) -> list[str]:
        return [r[0] for r in self._query(sql, params)]

    # -- build facts and vocabulary ----------------------------------------

    def meta(self) -> dict[str, Any]:
        """Facts about the build (`built_at`, `content_hash`, …), decoded; the build's counts only for internal use."""
        meta = {r["key"]: json.loads(r["value"]) for r in self._rows("SELECT key, value FROM meta")}
        if not self.internal:
            meta.pop("counts", None)  # they include internal entries
        return meta

    def counts(self) -> dict[str, int]:
        """How many distinct acts, provisions, cases and services this catalog shows."""
        tables = ("acts", "provisions", "cases", "services")
        return {t: self._query(f"SELECT COUNT(DISTINCT id) FROM {t} WHERE {self._visible}")[0][0] for t in tables}

    def internal_ids(self) -> set[str]:
        """Ids of the internal entries this catalog shows (full ids for provisions); empty for the public one."""
        if not self.internal:
            return set()
        tables = ("provisions", "cases", "services", "remedies")
        return {r[0] for t in tables for r in self._query(f"SELECT DISTINCT id FROM {t} WHERE visibility = 'internal'")}

    def vocab(self) -> Vocab:
        """section → key → {en, ru, kk, region}; read once per build."""
        snapshot = self._engine.snapshot()
        if self._vocab is None or self._vocab[0] is not snapshot:
            vocab: Vocab = {}
            for r in self._rows("SELECT * FROM vocab ORDER BY rowid"):
                vocab.setdefault(r["section"], {})[r["key"]] = {k: r[k] for k in ("en", "ru", "kk", "region") if r[k]}
            self._vocab = (snapshot, vocab)
        return self._vocab[1]

    def vocab_choices(self, section: str, lang: str) -> list[tuple[str, str]]:
        """(key, label in `lang`) of a vocabulary section, in the alphabetical order of `lang`; worked out once per build and language.

        A form offers every place on every page: at national size, sorting
        hundreds of labels per request cost more than the search itself.
        """
        vocab = self.vocab()
        key = (section, lang)
        if self._choices[0] is not vocab:
            self._choices = (vocab, {})
        choices = self._choices[1]
        if key not in choices:
            labels = ((k, v.get(lang, k)) for k, v in vocab.get(section, {}).items())
            choices[key] = sorted(labels, key=lambda pair: collation_key(pair[1], lang))
        return choices[key]

    # -- acts and provisions -------------------------------------------------

    def acts(self, lang: str | None) -> list[Row]:
        """Every act in its preferred version, constitution first, then codes, laws …, with `provision_count`.

        Only the columns of a list (id, lang, langs, kind, title, number, adopted, status), read once per build.
        """
        listing = self._listing("acts", lang)
        return [dict(listing.facts[act_id]) for act_id in listing.order]

    def _order_acts(self, acts: list[Row], lang: str | None) -> None:
        """Sort acts by kind (in the order of ACT_KINDS), then title in the order of `lang`; add `provision_count`."""
        counts = dict(map(tuple, self._query(f"SELECT act_id, COUNT(DISTINCT id) FROM provisions WHERE {self._visible} GROUP BY act_id")))
        for act in acts:
            act["provision_count"] = counts.get(act["id"], 0)
        kind_rank = {kind: i for i, kind in enumerate(ACT_KINDS)}
        acts.sort(key=lambda a: (kind_rank.get(a["kind"], len(ACT_KINDS)), collation_key(a["title"], lang or "ru")))

    def act(self, act_id: str, lang: str | None, part: int | None = None) -> Row | None:
        """One act with its `provisions` (same language, in order, each with `cited_in`), `cited_whole` and `replacement`.

        With `part` (from 1), only the provisions of that part of the act (see `_parts`), and `part`
        becomes a Page of them (`number`, `pages`); PageOutOfRange past the last part.
        """
        act = _prefer(self._rows(f"SELECT * FROM acts WHERE id = ? AND {self._visible}", (act_id,)), lang)
        if act is None:
            return None
        cited = self.cited_counts(act_id)
        sql = f"SELECT * FROM provisions WHERE act_id = ? AND lang = ? AND {self._visible}"
        params: tuple[Any, ...] = (act_id, act["lang"])
        if part is not None:
            parts, count = self._parts(act_id, act["lang"])
            chosen, pages = paginate(parts, part, 1)
            sql += " AND position BETWEEN ? AND ?"
            params += chosen[0]
        act["provisions"] = self._rows(sql + " ORDER BY position", params)
        if part is not None:
            act["part"] = Page(act["provisions"], len(act["provisions"]), count, part, pages)
        for provision in act["provisions"]:
            provision["cited_in"] = cited.get(provision["id"], 0)
        whole = f"SELECT DISTINCT case_id FROM case_norms WHERE act_id = ? AND provision_id IS NULL AND {self._visible_cases}"
        act["cited_whole"] = len(self._ids(whole, (act_id,)))
        replacement = act.get("replaced_by")
        replacements = self._rows(f"SELECT id, lang, title FROM acts WHERE id = ? AND {self._visible}", (replacement,)) if replacement else []
        act["replacement"] = _prefer(replacements, act["lang"])
        act["official_articles"] = self.official_articles(act_id, act["lang"])
        act["edition_change"] = change = self.edition_change(act_id, act.get("official_version"))
        # Our provisions (of every part) whose article's text changed since the edition checked: what to re-read first.
        ours = f"SELECT id, lang, local_id, designator, title FROM provisions WHERE act_id = ? AND lang = ? AND {self._visible} ORDER BY position"
        act["changed_provisions"] = [] if change is None else [
            p for p in self._rows(ours, (act_id, act["lang"])) if article_change(change, p["local_id"]) in ("changed", "added", "removed")
        ]
        for article in act["official_articles"]:
            article["article_change"] = article_change(change, article["local_id"])
        with_text = {a["local_id"] for a in act["official_articles"]}
        for provision in act["provisions"]:
            provision["has_official"] = article_of(provision["local_id"]) in with_text
            provision["article_change"] = article_change(act["edition_change"], provision["local_id"])
        return act

    def _parts(self, act_id: str, lang: str) -> tuple[list[tuple[int, int]], int]:
        """The act's provisions in `lang` cut into parts that fit a page: (first, last position) of each, and how many provisions there are.

        A part takes consecutive provisions while their rendered text (plus what a page adds around
        each) stays within PART_BYTES; a provision longer than that is a part of its own.
        """
        sizes = self._query(
            f"SELECT position, length(CAST(body_html AS BLOB)) FROM provisions WHERE act_id = ? AND lang = ? AND {self._visible} ORDER BY position",
            (act_id, lang),
        )
        parts: list[tuple[int, int]] = []
        used = 0
        for position, size in sizes:
            cost = (size or 0) + PROVISION_FRAME_BYTES
            if parts and used + cost <= PART_BYTES:
                parts[-1] = (parts[-1][0], position)
                used += cost
            else:
                parts.append((position, position))
                used = cost
        return parts or [(0, 0)], len(sizes)

    def part_of(self, act_id: str, local_id: str, lang: str | None) -> int:
        """The part (from 1) of the act's page in `lang` that shows provision `local_id`.

        The page shows the act's preferred version for `lang`, whose parts may differ from those of
        the provision's own version (another language, or one the act's version lacks: then part 1).
        """
        act = _prefer(self._rows(f"SELECT id, lang FROM acts WHERE id = ? AND {self._visible}", (act_id,)), lang)
        if act is None:
            return 1
        sql = f"SELECT position FROM provisions WHERE id = ? AND lang = ? AND {self._visible}"
        found = self._query(sql, (f"{act_id}/{local_id}", act["lang"]))
        if not found:
            return 1
        return next((i for i, (_, last) in enumerate(self._parts(act_id, act["lang"])[0], 1) if found[0][0] <= last), 1)

    def provision(self, act_id: str, local_id: str, lang: str | None) -> Row | None:
        """One provision with its `act` (same language) and its `previous` and `next` siblings."""
        full_id = f"{act_id}/{local_id}"
        visible = self._visible
        provision = _prefer(self._rows(f"SELECT * FROM provisions WHERE id = ? AND {visible}", (full_id,)), lang)
        if provision is None:
            return None
        same = (act_id, provision["lang"], provision["position"])
        acts = self._rows(f"SELECT * FROM acts WHERE id = ? AND lang = ? AND {visible}", same[:2])
        if not acts:
            return None
        provision["act"] = acts[0]
        provision["edition_change"] = self.edition_change(act_id, acts[0].get("official_version"))
        provision["article_change"] = article_change(provision["edition_change"], local_id)
        sibling = f"SELECT * FROM provisions WHERE act_id = ? AND lang = ? AND {visible} AND position"
        provision["previous"] = next(iter(self._rows(f"{sibling} < ? ORDER BY position DESC LIMIT 1", same)), None)
        provision["next"] = next(iter(self._rows(f"{sibling} > ? ORDER BY position LIMIT 1", same)), None)
        return provision

    # -- official texts (indexer/official_layer.py) ------------------------------

    def official_text(self, act_id: str, local_id: str) -> dict[str, Row]:
        """The official text of one provision, by language: its paragraph's (`art-16-p-2`), else its article's.

        Each with `blocks` (its paragraphs of text), `edition`, `source_url` and `part`
        (True when it is one paragraph of the article). Empty when the act links no official text.
        """
        article = article_of(local_id)
        if article is None:
            return {}
        rest = local_id[len(article):]
        paragraph = rest[3:] if rest.startswith("-p-") else None  # "art-16-p-2-sp-1": no such paragraph key, the whole article
        found: dict[str, Row] = {}
        for row in self._rows(f"SELECT * FROM official_texts WHERE id = ? AND {self._visible}", (f"{act_id}/{article}",)):
            paragraphs = json.loads(row["paragraphs"] or "{}")
            text = paragraphs.get(paragraph) if paragraph else None
            row["part"] = text is not None
            row["blocks"] = (text or row["text"] or "").split("\n\n")
            found[row["lang"]] = row
        return found

    def edition_change(self, act_id: str, checked: str | None) -> Row | None:
        """What changed in the act's official text since the edition `checked` (an act file's official_version):
        the corpus's `edition` and the article ids `changed`, `added`, `removed`; None when nothing newer is known."""
        if not checked:
            return None
        rows = self._rows(f"SELECT * FROM official_changes WHERE act_id = ? AND checked = ? AND {self._visible}", (act_id, str(checked)))
        return _with_article_lists(rows[0]) if rows else None

    def article_changes(self, provisions: Iterable[tuple[str, str, str]]) -> dict[str, str]:
        """For provisions given as (act id, local id, language): by full id, what happened to each one's article
        since its act file was checked against the official text (see `article_change`); only provisions whose
        act has a newer edition are listed. One query for a whole result list (it runs on every search page)."""
        wanted = list(provisions)
        acts = sorted({act_id for act_id, _, _ in wanted})
        if not acts:
            return {}
        marks = ",".join("?" * len(acts))
        # The newer edition of each act file (act, language) that has one: its official_version's comparison.
        sql = (
            f"SELECT a.lang, c.* FROM acts a JOIN (SELECT * FROM official_changes WHERE {self._visible}) c "
            f"ON c.act_id = a.id AND c.checked = a.official_version WHERE a.id IN ({marks})"
        )
        changes = {(row["act_id"], row["lang"]): _with_article_lists(row) for row in self._rows(sql, acts)}
        found = {}
        for act_id, local_id, lang in wanted:
            status = article_change(changes.get((act_id, lang)), local_id)
            if status is not None:
                found[f"{act_id}/{local_id}"] = status
        return found

    def official_articles(self, act_id: str, lang: str | None) -> list[Row]:
        """Every article of an act's official text in order (in `lang` where it exists), each with `summarised`."""
        articles = _grouped(
            self._rows(
                f"SELECT id, lang, local_id, designator, title, position FROM official_texts WHERE act_id = ? AND {self._visible} ORDER BY position",
                (act_id,),
            ),
            lang,
        )
        ours = set(self._ids(f"SELECT DISTINCT local_id FROM provisions WHERE act_id = ? AND {self._visible}", (act_id,)))
        ours_articles = {article_of(local) for local in ours}
        for article in articles:
            article["summarised"] = article["local_id"] in ours
            article["partly_summarised"] = not article["summarised"] and article["local_id"] in ours_articles
        return articles

    def official_only(self, act_id: str, local_id: str, lang: str | None) -> Row | None:
        """An article of the act's official text that the knowledge base has not summarised, with its `act`
        and `summarised_parts`: our provisions on some of its paragraphs (`art-16-p-2`), if any."""
        article = _prefer(self._rows(f"SELECT * FROM official_texts WHERE id = ? AND {self._visible}", (f"{act_id}/{local_id}",)), lang)
        act = _prefer(self._rows(f"SELECT * FROM acts WHERE id = ? AND {self._visible}", (act_id,)), lang)
        if article is None or act is None:
            return None
        article["act"] = act
        parts = self._rows(f"SELECT * FROM provisions WHERE act_id = ? AND local_id LIKE ? AND {self._visible} ORDER BY position", (act_id, f"{local_id}-%"))
        article["summarised_parts"] = _grouped(parts, lang)
        return article

    def cited_counts(self, act_id: str) -> dict[str, int]:
        """Full provision id → number of (visible) cases citing it, for one act."""
        sql = (
            "SELECT provision_id, COUNT(DISTINCT case_id) FROM case_norms"
            f" WHERE act_id = ? AND provision_id IS NOT NULL AND {self._visible_cases} GROUP BY provision_id"
        )
        return dict(map(tuple, self._query(sql, (act_id,))))

    def citing_cases(self, provision_id: str, lang: str | None) -> list[Row]:
        """The cases that cite one provision (by full id), newest first."""
        return self.cases(lang, ids=self._ids("SELECT DISTINCT case_id FROM case_norms WHERE provision_id = ?", (provision_id,)))

    def entry(self, kind: Kind, entry_id: str, lang: str | None) -> Row | None:
        """One entry of any kind from its table, in its preferred language version (`langs`: the versions there are)."""
        visible = self._visible if "visibility" in kind.field_names else "1"
        return _prefer(self._rows(f"SELECT * FROM {kind.table} WHERE id = ? AND {visible}", (entry_id,)), lang)

    def _entries(self, table: str, lang: str | None, ids: list[str] | None) -> list[Row]:
        """The visible entries of `table` (only `ids`, when given) in their preferred language versions, by id."""
        if ids is not None and not ids:
            return []
        sql, params = f"SELECT * FROM {table} WHERE {self._visible}", []
        if ids is not None:
            sql += f" AND id IN ({','.join('?' * len(ids))})"
            params = list(ids)
        return list(_grouped(self._rows(sql + " ORDER BY id", params), lang))

    # -- browse lists: filtered in SQL, ordered once per build, loaded a page at a time --------

    def _listing(self, table: str, lang: str | None) -> Listing:
        """The ordered visible entries of `table` for `lang`, from its list columns; read once per build."""
        snapshot = self._engine.snapshot()
        with self._listing_lock:
            if self._listings[0] is not snapshot:
                self._listings = (snapshot, {})
            listings = self._listings[1]
            if (table, lang) not in listings:
                columns = ", ".join(("id", "lang", *LIST_COLUMNS[table]))
                rows = _grouped(self._rows(f"SELECT {columns} FROM {table} WHERE {self._visible} ORDER BY id"), lang)
                if table == "cases":
                    rows.sort(key=lambda c: (c["date"], c["id"]), reverse=True)
                elif table == "services":
                    rows.sort(key=lambda s: collation_key(s["name"], lang or "ru"))
                else:
                    self._order_acts(rows, lang)
                listings[(table, lang)] = Listing.of(table, rows)
            return listings[(table, lang)]

    def _matching(self, table: str, lang: str | None, filters: dict[str, Any]) -> list[str]:
        """The ids of the entries whose preferred version passes every filter, in display order.

        The filters are SQL conditions; a hit counts only in the version the reader is shown.
        """
        listing = self._listing(table, lang)
        given = {name: value for name, value in filters.items() if value is not None}
        if not given:
            return listing.order
        conditions = " AND ".join(FILTER_SQL[table][name] for name in given)
        params = [int(value) if isinstance(value, bool) else value for value in given.values()]
        hits = self._query(f"SELECT id, lang FROM {table} WHERE {self._visible} AND {conditions}", params)
        found = {r[0] for r in hits if (fact := listing.facts.get(r[0])) is not None and fact["lang"] == r[1]}
        return [entry_id for entry_id in listing.order if entry_id in found]

    def _load(self, table: str, lang: str | None, ids: list[str]) -> list[Row]:
        """Full rows of `ids` (preferred versions, with `langs`), in the order given."""
        rows = []
        for start in range(0, len(ids), ID_CHUNK):
            chunk = ids[start:start + ID_CHUNK]
            rows += self._rows(f"SELECT * FROM {table} WHERE {self._visible} AND id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk)
        by_id = {entry["id"]: entry for entry in _grouped(rows, lang)}
        return [by_id[entry_id] for entry_id in ids if entry_id in by_id]

    def _list(self, table: str, lang: str | None, ids: list[str] | None, filters: dict[str, Any]) -> list[Row]:
        """Every entry that passes the filters (only `ids`, when given), full rows in display order."""
        matched = self._matching(table, lang, filters)
        if ids is not None:
            wanted = set(ids)
            matched = [entry_id for entry_id in matched if entry_id in wanted]
        return self._load(table, lang, matched)

    def _page(self, table: str, lang: str | None, number: int, size: int, matched: list[str], nearby: tuple[str, ...] | list[str] = ()) -> Page:
        """Page `number` (from 1) of `size` entries of `matched` then `nearby`; PageOutOfRange past the last page (an empty list has one)."""
        listing = self._listing(table, lang)
        ids, pages = paginate([*matched, *nearby], number, size)
        shown = self._load(table, lang, ids)
        first = set(matched)
        return Page(
            [e for e in shown if e["id"] in first], len(matched), len(listing.order), number, pages,
            [listing.facts[i] for i in matched], [e for e in shown if e["id"] not in first],
        )

    def facets(self, table: str, lang: str | None) -> dict[str, list[str]]:
        """The values each filter of `table` can take over its visible entries, sorted (years newest first); once per build."""
        return self._listing(table, lang).facets

    # -- cases ---------------------------------------------------------------

    def cases(
        self,
        lang: str | None,
        *,
        ids: list[str] | None = None,
        group: str | None = None,
        violation: str | None = None,
        outcome: str | None = None,
        year: str | None = None,
        city: str | None = None,
    ) -> list[Row]:
        """Cases in their preferred versions, newest first, narrowed by any of the filters given."""
        filters = {"group": group, "violation": violation, "outcome": outcome, "year": year, "city": city}
        return self._list("cases", lang, ids, filters)

    def case_page(self, lang: str | None, number: int, size: int, **filters: str | None) -> Page:
        """One page of the case library (newest first), narrowed by the filters of `cases`."""
        return self._page("cases", lang, number, size, self._matching("cases", lang, filters))

    def case_ids(self) -> list[str]:
        """The ids of every case this catalog shows."""
        return self._ids(f"SELECT DISTINCT id FROM cases WHERE {self._visible} ORDER BY id", ())

    def case(self, case_id: str, lang: str | None) -> Row | None:
        """One case with `cited` ({ref, act, provision} in the preferred language) and `involved` services."""
        visible = self._visible
        case = _prefer(self._rows(f"SELECT * FROM cases WHERE id = ? AND {visible}", (case_id,)), lang)
        if case is None:
            return None
        case["cited"] = []
        for link in self._rows("SELECT * FROM case_norms WHERE case_id = ? ORDER BY rowid", (case_id,)):
            act = _prefer(self._rows(f"SELECT * FROM acts WHERE id = ? AND {visible}", (link["act_id"],)), case["lang"])
            if act is None:
                continue  # an internal act: not even its id is shown
            provision = None
            if link["provision_id"]:
                provision = _prefer(self._rows(f"SELECT * FROM provisions WHERE id = ? AND {visible}", (link["provision_id"],)), case["lang"])
            case["cited"].append({"ref": link["ref"], "act": act, "provision": provision})
        case["involved"] = self.services(lang, ids=self._ids("SELECT service_id FROM case_services WHERE case_id = ?", (case_id,)))
        return case

    # -- services ------------------------------------------------------------

    def services(
        self,
        lang: str | None,
        *,
        ids: list[str] | None = None,
        city: str | None = None,
        kind: str | None = None,
        group: str | None = None,
        speaks: str | None = None,
        free: bool | None = None,
    ) -> list[Row]:
        """Services in their preferred versions, by name (in the order of `lang`), narrowed by any of the filters given."""
        filters = {"city": city, "kind": kind, "group": group, "speaks": speaks, "free": free}
        return self._list("services", lang, ids, filters)

    def service_page(self, lang: str | None, number: int, size: int, **filters: str | bool | None) -> Page:
        """One page of the directory (by name), narrowed by the filters of `services`.

        With a city, its contacts are followed by the others of its region and the national ones
        (`nearby`: useful to a client there too), paged as one list.
        """
        matched = self._matching("services", lang, filters)
        city, nearby = filters.get("city"), []
        if isinstance(city, str) and city:
            facts = self._listing("services", lang).facts
            places = self.vocab().get("places", {})
            region = places.get(city, {}).get("region")
            others = self._matching("services", lang, {**filters, "city": None})
            nearby = [
                i for i in others
                if (there := facts[i]["city"]) != city and (there == "national" or (region and places.get(there, {}).get("region") == region))
            ]
        return self._page("services", lang, number, size, matched, nearby)

    def service(self, service_id: str, lang: str | None) -> Row | None:
        """One service with the `cases` it was involved in."""
        service = _prefer(self._rows(f"SELECT * FROM services WHERE id = ? AND {self._visible}", (service_id,)), lang)
        if service is not None:
            service["cases"] = self.cases(lang, ids=self._ids("SELECT case_id FROM case_services WHERE service_id = ?", (service_id,)))
        return service

    # -- letters -------------------------------------------------------------

    def letters(self, lang: str | None) -> list[Row]:
        """Every letter template in its preferred version, by title."""
        return sorted(_grouped(self._rows("SELECT * FROM letters ORDER BY id"), lang), key=lambda r: r["title"].casefold())

    def letter(self, letter_id: str, lang: str | None) -> Row | None:
        """One letter template with `citations`: each cited provision ({id, citation}) in the letter's language if it exists."""
        letter = _prefer(self._rows("SELECT * FROM letters WHERE id = ?", (letter_id,)), lang)
        if letter is None:
            return None
        letter["citations"] = []
        for ref in letter["cites"]:
            provision = _prefer(self._rows(f"SELECT id, lang, citation FROM provisions WHERE id = ? AND {self._visible}", (ref,)), letter["lang"])
            if provision is not None:
                letter["citations"].append({"id": ref, "citation": provision["citation"], "lang": provision["lang"]})
        return letter

    def addressees(self, kind: str, city: str | None, lang: str | None) -> list[Row]:
        """Contacts of one service kind to send a letter to: the city's first, then its region's, then national
        ones; with a city, those of other regions are left out."""
        places = self.vocab().get("places", {})
        region = places.get(city or "", {}).get("region")

        def rank(service: Row) -> int:
            if city and service["city"] == city:
                return 0
            if region and places.get(service["city"], {}).get("region") == region:
                return 1
            return 2 if service["city"] == "national" else 3

        found = [s for s in self.services(lang, kind=kind) if not city or rank(s) < 3]
        return sorted(found, key=rank)

    # -- remedies ------------------------------------------------------------

    def remedies(self, lang: str | None, *, violation: str | None = None) -> list[Row]:
        """Escalation ladders in their preferred versions, by title; only those for `violation` when given."""
        found = [r for r in self._entries("remedies", lang, None) if not violation or violation in r["violations"]]
        return sorted(found, key=lambda r: r["title"].casefold())

    def remedy(self, remedy_id: str, lang: str | None) -> Row | None:
        """One ladder; each step's `grounds` and deadline `provision` become provision rows (`grounds_rows`, `deadline_row`)."""
        remedy = _prefer(self._rows(f"SELECT * FROM remedies WHERE id = ? AND {self._visible}", (remedy_id,)), lang)
        if remedy is None:
            return None
        for step in remedy["steps"]:
            step["grounds_rows"] = [row for ref in step.get("grounds", []) if (row := self._provision_row(ref, remedy["lang"]))]
            deadline = step.get("deadline")
            step["deadline_row"] = self._provision_row(deadline["provision"], remedy["lang"]) if deadline else None
        return remedy

    def _provision_row(self, full_id: str, lang: str | None) -> Row | None:
        """A provision by full id in the preferred language (None when it is internal and this catalog is not)."""
        return _prefer(self._rows(f"SELECT * FROM provisions WHERE id = ? AND {self._visible}", (full_id,)), lang)
