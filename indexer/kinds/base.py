"""What a content kind is: its folder, fields, table and the hooks that store, index and check it.

Each kind of entry (act, case, service, letter, remedy) is one module in this
package that builds a `Kind`; the pipeline (load → check → derive → write) and the
search only ever call these hooks, so a new kind is a new module registered in
`indexer/kinds/__init__.py`, not a chain of if-statements across the code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indexer.models import Entry
    from indexer.problems import Problems
    from indexer.vocab import Vocab

LANGUAGES = ("ru", "kk", "en")
# internal: shown only to signed-in REActors (e.g. a doctor who helps quietly and does not want to be public).
VISIBILITIES = ("public", "internal")

Row = dict[str, Any]
# A table besides the kind's own: its columns with their types, and its primary key.
TableSpec = tuple[dict[str, type], tuple[str, ...]]


@dataclass(frozen=True)
class Field:
    """One front-matter field: its name, its type (see validate.CHECKERS) and whether it is required.

    `stored=False` keeps it out of the entry's own table row: an act's per-provision maps
    (`notes`, `violations`) go to its provisions' rows, and a case's `persons` only serve
    `kb check` (no provision summary may name them).
    """

    name: str
    type: str
    required: bool = False
    choices: tuple[str, ...] = ()
    stored: bool = True


@dataclass(frozen=True)
class References:
    """What entries may point at, for the checks across files (see `Kind.cross_check`).

    `left_out` names the files left out for their own errors by (kind, id), so that a
    reference to one of them says so instead of guessing another entry.
    """

    acts: set[str]
    provisions: set[str]
    services: dict[str, str]  # service id → its city
    letters: set[str]
    checked_acts: set[str]
    left_out: dict[tuple[str, str], str]


def _keep(entry: Entry, meta: dict[str, Any], refs: References, problems: Problems) -> dict[str, Any]:
    return meta


def _no_rules(entry: Entry, problems: Problems) -> None:
    return None


def _no_documents(entry: Entry, vocab: Vocab) -> Iterable[Row]:
    return ()


def _body_ok(entry: Entry, problems: Problems) -> bool:
    return True


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per kind
class Kind:
    """A kind of entry: where its files live, their fields, and how they are stored, indexed and checked.

    - `rows(entry)`: the (table, row) pairs one file gives (its own table first);
    - `documents(entry, vocab)`: its search documents (none: not searched);
    - `cross_check(entry, meta, refs, problems)`: its fields without dangling references,
      each reported (the entry stays, the link goes);
    - `rules(entry, problems)`: warnings that involve several of its fields;
    - `check_body(entry, problems)`: errors in the body itself (a letter's template); False leaves the file out;
    - `scaffold(entry_id, lang)`: the text `kb new` writes;
    - `result_list`: the list of the search result it fills; `doctype` its documents' type;
    - `title_field`: the field that names an entry; `label`: the kind's name by language, for
      the heading of its list on pages that do not know it (the built-in kinds have their own).
    """

    name: str
    folder: str
    table: str
    fields: tuple[Field, ...]
    rows: Callable[[Entry], list[tuple[str, Row]]]
    scaffold: Callable[[str, str], str]
    columns: Mapping[str, type] = field(default_factory=dict)  # its table's columns beyond the stored fields
    linked_tables: Mapping[str, TableSpec] = field(default_factory=dict)  # tables of rows that hang off an entry
    indexes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (table, columns) to index
    documents: Callable[[Entry, Vocab], Iterable[Row]] = _no_documents
    cross_check: Callable[[Entry, dict[str, Any], References, Problems], dict[str, Any]] = _keep
    rules: Callable[[Entry, Problems], None] = _no_rules
    check_body: Callable[[Entry, Problems], bool] = _body_ok
    result_list: str = ""  # "" when not searched
    doctype: str = ""
    title_field: str = "title"
    label: Mapping[str, str] = field(default_factory=dict)
    has_provisions: bool = False  # an act: its '## ' headings are provisions
    keeps_source: bool = False  # a letter: its Markdown is its template, stored as written

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def stored_fields(self) -> tuple[Field, ...]:
        """The fields that are columns of the kind's own table."""
        return tuple(f for f in self.fields if f.stored)

    def __reduce__(self) -> tuple:
        # Pickled by name, so a cached entry's kind is the registry's own object again.
        from indexer.kinds import kind_named

        return (kind_named, (self.name,))
