"""One built index opened for reading: full-text index, database, thesaurus and act names.

The engine keeps one Snapshot per build folder and switches to a new one when
`data/current` points elsewhere, so a running server follows rebuilds without
a restart. Searchers and database connections are per thread.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
from collections import OrderedDict
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.analysis import analyze, dictionaries, translations
from indexer.analysis.kazakh import plain_letters
from indexer.analysis.lexicon import Lexicon
from indexer.analysis.stopwords import is_stopword
from indexer.analysis.text import WORD_RE, fold
from indexer.analysis.thesaurus import Thesaurus
from indexer.fulltext import Query, Searcher, matching_docs, open_index, stored_documents
from indexer.layout import CURRENT, INDEX_FORMAT, LEXICON, MANIFEST, THESAURUS, WHOOSH_DIR
from indexer.problems import IndexMissing
from indexer.search.scoring import Impacts
from indexer.store import DB_NAME

SCORED_FIELDS = ("title", "names", "body", "concepts")
# Repealed acts rank below in-force ones for the same match.
# Filter masks kept per index (one byte per document each: 64 masks of 30,000 documents are 2 MB).
MAX_FILTER_MASKS = 64
STATUS_FACTOR = {"in_force": 1.0, "not_yet_in_force": 0.85, "repealed": 0.5}
# An official text we have not summarised (or the official text beside a summary) ranks below our own
# summaries for the same match: the summary is what a REActor can use mid-consultation.
OFFICIAL_FACTOR = 0.6
KIND_ORDER = {"constitution": 0, "code": 1, "law": 2, "rules": 3, "order": 4, "decree": 5, "treaty": 6, "other": 7}


@dataclass(frozen=True)
class ActName:
    """What a query can call an act by: analysed title, aliases and number."""

    id: str
    terms: frozenset[str]
    number: str
    kind: str
    status: str
    # Each of its names (title, aliases) as its own set of terms: a query may name the act by one of them whole.
    names: tuple[frozenset[str], ...] = ()


# Words in many acts' names that do not tell them apart: the country, its abbreviations, "year".
GENERIC_NAME_WORDS = frozenset(fold(w) for w in (
    "Kazakhstan", "Republic", "RK", "Казахстан", "Казахстана", "Республика", "Республики", "РК", "Қазақстан",
    "Республикасы", "Республикасының", "ҚР", "год", "года", "жылғы",
))


def distinctive_terms(name: str) -> frozenset[str]:
    """The terms of an act's name that tell it apart: without function words, the country's name and years."""
    words = [w for w in WORD_RE.findall(name) if not is_stopword(w) and fold(w) not in GENERIC_NAME_WORDS and not w.isdigit()]
    return frozenset(t for w in words for t in analyze(w))


def resolve_current(data_dir: Path) -> Path:
    """The build folder being served; IndexMissing with a fix when there is none."""
    link = data_dir / CURRENT
    if not link.exists():
        raise IndexMissing(f"no index in {data_dir}: run 'kb build' first")
    return link.resolve()


# Where the violation types of each searched kind are kept (see `Snapshot.violations`).
VIOLATION_TABLES = {"norm": "provisions", "case": "cases"}


class Snapshot:
    """Read access to one complete build."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise IndexMissing(f"the index in {path} is incomplete or damaged: run 'kb build --force'") from None
        if manifest.get("format") != INDEX_FORMAT:
            raise IndexMissing(f"the index in {path} was built by another version: run 'kb build --force'")
        self.manifest = manifest
        self._local = threading.local()
        # Whoosh objects are not thread-safe: searches take turns on one searcher.
        self.lock = threading.RLock()
        self._searcher: Searcher | None = None
        # Filter masks by query, least recently used first; bounded, so distinct filters cannot grow memory.
        self._docsets: OrderedDict[str, np.ndarray] = OrderedDict()
        try:
            self._open(path)
        except IndexMissing:
            raise
        except Exception as exc:  # whoosh, sqlite and json raise many kinds of errors for damaged files
            raise IndexMissing(f"the index in {path} cannot be read ({exc.__class__.__name__}): run 'kb build --force'") from None

    def _open(self, path: Path) -> None:
        self.index = open_index(path / WHOOSH_DIR)
        self.thesaurus = Thesaurus(json.loads((path / THESAURUS).read_text(encoding="utf-8")))
        self.lexicon = Lexicon.from_json(json.loads((path / LEXICON).read_text(encoding="utf-8")), self.thesaurus)
        self.act_names = self._load_act_names()
        self.place_words = self._load_place_words()
        written = [phrase for group in self.thesaurus.groups for phrase in group]
        written += [phrase for entry in self.lexicon.entries for phrase in entry.words]
        words = sorted({w for phrase in written for w in WORD_RE.findall(fold(phrase))})
        # The thesaurus and lexicon words as written, by length: a typo of one the kb's texts never use is corrected
        # to it («kiced out»: kicked out, «абақоы»: абақты, «вичвеой»: вичевой).
        self.concept_spellings: dict[int, list[str]] = {}
        for word in words:
            self.concept_spellings.setdefault(len(word), []).append(word)
        # The thesaurus and lexicon words with Kazakh letters, by how they look typed without them («ұрып» by «урып»).
        self.kazakh_plain = {plain_letters(word): word for word in words if plain_letters(word) != word}
        dictionaries.load()
        searcher = self.searcher()
        self.impacts = Impacts(searcher, SCORED_FIELDS)
        # Per document number: type, entry id and language, for collecting hits without stored-field reads. The
        # few distinct types and languages are interned: a forked server worker reading 60,000 separate copies of
        # "norm" or "ru" would change their reference counts and so copy the pages holding them (15 MB of memory
        # at scale 100 after the bench's load runs).
        self.doc_type: list[str] = []
        self.doc_id: list[str] = []
        self.doc_lang: list[str] = []
        statuses: list[str] = []
        official: list[bool] = []
        # (doctype, entry id) → its live document numbers (one per language).
        self.docs_of: dict[tuple[str, str], list[int]] = {}
        for docnum, fields, live in stored_documents(searcher):
            self.doc_type.append(sys.intern(fields.get("doctype", "")))
            self.doc_id.append(fields.get("id", ""))
            self.doc_lang.append(sys.intern(fields.get("lang", "")))
            statuses.append(fields.get("status") or "in_force")
            official.append(fields.get("source") == "official")
            if live:
                self.docs_of.setdefault((self.doc_type[-1], self.doc_id[-1]), []).append(docnum)
        self.status_factor = np.array([STATUS_FACTOR.get(s, 1.0) for s in statuses], dtype=np.float64)
        # Each norm's or case's violation types (see `violations`): an index into the distinct sets, -1 until read.
        self._violation_of = np.full(len(self.doc_id), -1, dtype=np.int32)
        self._violation_sets: list[frozenset[str]] = []
        self._violation_index: dict[frozenset[str], int] = {}  # a set → its place in `_violation_sets`
        self._lacking = _lacking_versions(self.doc_type, self.doc_id, self.doc_lang, self.docs_of)
        # Whether any entry lacks a language the translation table knows: when none does, the table is never read.
        self.translating = any(self.lacking(lang) is not None for lang in translations.LANGUAGES)
        if self.translating:
            translations.load()
        # Each document's place in the order of its (type, entry, language, source): breaks ties between equal
        # scores the same way in every build. Document numbers cannot: the build writes in parallel, and which
        # worker takes which batch of documents varies from run to run.
        keys = list(zip(self.doc_type, self.doc_id, self.doc_lang, official, strict=True))
        self.doc_order = np.empty(len(keys), dtype=np.int64)
        self.doc_order[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys))
        self.status_factor[np.asarray(official, dtype=bool)] *= OFFICIAL_FACTOR

    def knows_concept(self, terms: list[str]) -> bool:
        """True when these analysed terms are a thesaurus member or a lexicon word."""
        return tuple(terms) in self.thesaurus or self.lexicon.knows(terms)

    def lacking(self, lang: str) -> np.ndarray | None:
        """Which documents belong to entries with no version in `lang` (by document number); None when none do."""
        if lang in self._lacking:
            return self._lacking[lang]
        return np.ones(len(self.doc_id), dtype=bool)  # no document is in `lang`

    def violations(self, doctype: str, ids: list[str]) -> dict[str, frozenset[str]]:
        """The violation types of these norms or cases (`doctype`), over their language versions.

        Read from the database as searches ask for them and kept per document number, as an index into the few
        distinct sets: a worker serving a national-size kb keeps an array, not a dictionary of every entry it met.
        """
        todo = [i for i in ids if not self._violations_known(doctype, i)]
        if todo:
            read: dict[str, set[str]] = {i: set() for i in todo}
            marks = ",".join("?" * len(todo))
            for row in self.db().execute(f"SELECT id, violations FROM {VIOLATION_TABLES[doctype]} WHERE id IN ({marks})", todo):
                read[row["id"]].update(json.loads(row["violations"] or "[]"))
            for entry_id, found in read.items():
                key = frozenset(found)
                if key not in self._violation_index:
                    self._violation_index[key] = len(self._violation_sets)
                    self._violation_sets.append(key)
                self._violation_of[self.docs_of.get((doctype, entry_id), [])] = self._violation_index[key]
        sets = self._violation_sets
        return {i: sets[self._violation_of[docs[0]]] if (docs := self.docs_of.get((doctype, i))) else frozenset() for i in ids}

    def _violations_known(self, doctype: str, entry_id: str) -> bool:
        docs = self.docs_of.get((doctype, entry_id), [])
        return bool(docs) and bool(self._violation_of[docs[0]] >= 0)

    def db(self) -> sqlite3.Connection:
        """This thread's read-only connection to the database."""
        conn = getattr(self._local, "db", None)
        if conn is None:
            conn = self._local.db = self._connect()
        return conn

    def _connect(self) -> sqlite3.Connection:
        uri = f"file:{self.path / DB_NAME}?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        except sqlite3.Error:
            raise IndexMissing(f"the database in {self.path} cannot be opened: run 'kb build --force'") from None
        conn.row_factory = sqlite3.Row
        return conn

    def searcher(self) -> Searcher:
        """The snapshot's one searcher (for indexer/fulltext.py's functions); use it only while holding `self.lock`.

        One per process, not per thread: each whoosh searcher holds its own
        copies of segment data (about 100 MB per serving thread at 30,000
        documents), while searches are bound by one core anyway.
        """
        if self._searcher is None:
            self._searcher = self.index.searcher()
        return self._searcher

    def docset(self, query: Query) -> np.ndarray:
        """The documents a filter query admits, as a boolean per document number.

        Computed once per filter (under `self.lock`) and kept packed, a bit per document (a worker keeps dozens,
        one per city and kind filter); a search gets it unpacked and combines it with its scores in one
        vectorised step.
        """
        cache = self._docsets
        key = repr(query)
        count = len(self.doc_id)
        if key in cache:
            cache.move_to_end(key)
            return np.unpackbits(cache[key], count=count).view(bool)
        mask = np.zeros(count, dtype=bool)
        mask[matching_docs(self.searcher(), query)] = True
        cache[key] = np.packbits(mask)
        if len(cache) > MAX_FILTER_MASKS:
            cache.popitem(last=False)
        return mask

    def _load_act_names(self) -> list[ActName]:
        """What queries can call acts by; fills `act_titles` ((id, language) → title) and `act_dates` on the way."""
        self.act_titles: dict[tuple[str, str], str] = {}
        # act id → (valid_from, valid_until, replaced_by): shown beside every norm, read once per build.
        self.act_dates: dict[str, tuple[str | None, str | None, str | None]] = {}
        # act id → its status, for the official-only provisions of the act.
        self.act_status: dict[str, str] = {}
        names: dict[str, set[str]] = {}
        whole_names: dict[str, set[frozenset[str]]] = {}
        info: dict[str, tuple[str, str, str]] = {}
        # Its own connection, closed at once: a server opens the snapshot before forking its workers,
        # and a SQLite connection must not cross a fork.
        with closing(self._connect()) as db:
            rows = db.execute("SELECT id, lang, title, aliases, number, kind, status, valid_from, valid_until, replaced_by FROM acts").fetchall()
        for row in rows:
            self.act_titles[(row["id"], row["lang"])] = row["title"]
            self.act_dates[row["id"]] = (row["valid_from"], row["valid_until"], row["replaced_by"])
            aliases = json.loads(row["aliases"]) if row["aliases"] else []
            terms = names.setdefault(row["id"], set())
            for name in [row["title"], *aliases]:
                terms.update(analyze(name))
                whole_names.setdefault(row["id"], set()).add(distinctive_terms(name))
            number = str(row["number"] or "")
            if number:
                terms.update(analyze(number))
            info[row["id"]] = (number, row["kind"], row["status"])
            self.act_status[row["id"]] = row["status"] or "in_force"
        return [ActName(i, frozenset(t), *info[i], names=tuple(n for n in whole_names[i] if n)) for i, t in names.items()]

    def _load_place_words(self) -> frozenset[str]:
        """Every word of every place's label, folded: typo correction never turns a verb into one."""
        with closing(self._connect()) as db:
            rows = db.execute("SELECT en, ru, kk FROM vocab WHERE section = 'places'").fetchall()
        return frozenset(fold(word) for row in rows for label in row for word in WORD_RE.findall(label or ""))

    def close(self) -> None:
        """Close the searcher, this thread's database connection and the index."""
        if self._searcher is not None:
            self._searcher.close()
        conn = getattr(self._local, "db", None)
        if conn is not None:
            conn.close()
        self.index.close()


# The kinds whose entries a query word's translations search (indexer/analysis/translations.py). Not contacts:
# most are described in Russian only, and their kinds and groups already reach them through concepts; translated
# words lifted loosely matching ones (services on the tuning split: recall@5 0.910 → 0.882, nDCG@10 0.870 → 0.868).
TRANSLATED_TYPES = ("norm", "case")


def _lacking_versions(types: list[str], ids: list[str], langs: list[str], docs_of: dict[tuple[str, str], list[int]]) -> dict[str, np.ndarray | None]:
    """Per language of the index, which documents of the translated kinds belong to an entry with no live version
    in it (None: none do)."""
    entry_of = {key: number for number, key in enumerate(docs_of)}
    entry = np.full(len(ids), -1, dtype=np.int64)  # per document: its entry's number; -1: not live
    for number, docs in enumerate(docs_of.values()):
        entry[docs] = number
    translated = np.array([t in TRANSLATED_TYPES for t in types], dtype=bool)
    names = sorted(set(langs) - {""})
    code = np.array([names.index(lang) if lang else -1 for lang in langs], dtype=np.int64)
    found: dict[str, np.ndarray | None] = {}
    for number, lang in enumerate(names):
        has = np.zeros(len(entry_of) + 1, dtype=bool)  # the last slot (-1): documents of no live entry
        has[entry[(code == number) & (entry >= 0)]] = True
        has[-1] = True
        lacks = ~has[entry] & translated
        found[lang] = lacks if lacks.any() else None
    return found
