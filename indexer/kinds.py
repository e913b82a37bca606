"""The registry of content kinds: where each lives and which fields it has.

Adding a kind of entry means one entry here (plus storage and index mapping in
`store.py` and `documents.py`), not a new chain of if-statements.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("ru", "kk", "en")
ACT_KINDS = ("constitution", "code", "law", "order", "rules", "decree", "treaty", "other")
ACT_STATUSES = ("in_force", "repealed", "not_yet_in_force")
# internal: shown only to signed-in REActors (e.g. a doctor who helps quietly and does not want to be public).
VISIBILITIES = ("public", "internal")


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
class Kind:
    """A kind of entry: its folder under kb/ and its front-matter fields."""

    name: str
    folder: str
    fields: tuple[Field, ...]

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def stored_fields(self) -> tuple[Field, ...]:
        """The fields that are columns of the kind's own table."""
        return tuple(f for f in self.fields if f.stored)

    def __reduce__(self) -> tuple:
        # Pickled by name, so a cached entry's kind is the registry's own object again.
        return (kind_named, (self.name,))


ACT = Kind(
    "act",
    "laws",
    (
        Field("id", "id", True),
        Field("title", "text", True),
        Field("kind", "enum", True, ACT_KINDS),
        Field("jurisdiction", "jurisdiction", True),
        Field("lang", "enum", True, LANGUAGES),
        Field("source_url", "url", True),
        Field("number", "text"),
        Field("adopted", "date"),
        Field("issuer", "text"),
        Field("status", "enum", False, ACT_STATUSES),
        Field("valid_from", "date"),
        Field("valid_until", "date"),
        Field("replaced_by", "id"),
        Field("replacements", "replacement_map"),
        Field("checked", "date"),
        Field("official_version", "date"),
        Field("aliases", "text_list"),
        Field("topics", "vocab_list:topics"),
        Field("visibility", "enum", False, VISIBILITIES),
        Field("note", "text"),
        Field("notes", "note_map", stored=False),
        Field("violations", "violation_map", stored=False),
    ),
)

CASE = Kind(
    "case",
    "cases",
    (
        Field("id", "id", True),
        Field("title", "text", True),
        Field("lang", "enum", True, LANGUAGES),
        Field("date", "partial_date", True),
        Field("jurisdiction", "jurisdiction", True),
        Field("groups", "vocab_list:groups", True),
        Field("violations", "vocab_list:violations", True),
        Field("outcome", "vocab:outcomes", True),
        Field("anonymised", "true", True),
        Field("city", "vocab:places"),
        Field("actions", "vocab_list:actions"),
        Field("norms", "ref_list"),
        Field("services", "id_list"),
        Field("source_url", "url"),
        Field("visibility", "enum", False, VISIBILITIES),
        Field("date_estimated", "bool"),
        Field("note", "text"),
        Field("persons", "text_list", stored=False),
    ),
)

SERVICE = Kind(
    "service",
    "services",
    (
        Field("id", "id", True),
        Field("name", "text", True),
        Field("kind", "vocab:service_kinds", True),
        Field("jurisdiction", "jurisdiction", True),
        Field("city", "place", True),
        Field("lang", "enum", True, LANGUAGES),
        Field("address", "text"),
        Field("phones", "phones"),
        Field("messengers", "messengers"),
        Field("online_form", "url"),
        Field("email", "email"),
        Field("website", "url"),
        Field("hours", "hours"),
        Field("languages", "lang_list"),
        Field("accessibility", "text"),
        Field("groups", "vocab_list:groups"),
        Field("free", "bool"),
        Field("source_url", "url"),
        Field("sources", "sources"),
        Field("checked", "date"),
        Field("unconfirmed", "bool"),
        Field("lat", "latitude"),
        Field("lon", "longitude"),
        Field("visibility", "enum", False, VISIBILITIES),
    ),
)

# A complaint or request a REActor fills in and hands over (see indexer/letter_format.py).
LETTER = Kind(
    "letter",
    "letters",
    (
        Field("id", "id", True),
        Field("title", "text", True),
        Field("lang", "enum", True, LANGUAGES),
        Field("blanks", "blanks", True),
        Field("addressee", "vocab:service_kinds"),
        Field("violations", "vocab_list:violations"),
        Field("cites", "provision_list"),
        Field("note", "text"),
    ),
)

# An escalation ladder for one or more violation types: steps, each with its addressee and legal deadline.
REMEDY = Kind(
    "remedy",
    "remedies",
    (
        Field("id", "id", True),
        Field("title", "text", True),
        Field("lang", "enum", True, LANGUAGES),
        Field("violations", "vocab_list:violations", True),
        Field("steps", "steps", True),
        Field("groups", "vocab_list:groups"),
        Field("checked", "date"),
        Field("visibility", "enum", False, VISIBILITIES),
    ),
)

KINDS: tuple[Kind, ...] = (ACT, CASE, SERVICE, LETTER, REMEDY)
KIND_BY_FOLDER = {k.folder: k for k in KINDS}


def kind_named(name: str) -> Kind:
    """The registered kind called `name`."""
    return next(k for k in KINDS if k.name == name)
