"""Front-matter and cross-reference rules. Validators collect every problem; none raises."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from indexer.analysis.text import fold, stem_word
from indexer.designators import ID_RE
from indexer.kinds import Field, Kind
from indexer.models import Entry
from indexer.problems import Problems
from indexer.vocab import Vocab

PARTIAL_DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
PHONE_RE = re.compile(r"^\+\d[\d ()-]{6,22}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
JURISDICTION_RE = re.compile(r"^[A-Z]{2}$")
LANG_CODE_RE = re.compile(r"^[a-z]{2,3}$")

# A checker returns (normalised value, error message or None).
Checker = Callable[[Any, Field, Vocab], tuple[Any, str | None]]


def shown(value: Any) -> str:
    """A value as a message quotes it: text as written (cut when long), a list or mapping by its kind.

    Never str() of a structure: YAML aliases can make a small file stand for
    billions of items, and printing them would hang `kb check` (issue 6).
    """
    if isinstance(value, str):
        return "'" + (value if len(value) <= 80 else value[:79] + "…") + "'"
    if value is None or isinstance(value, (bool, int, float)):
        return f"'{value}'"
    return {list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def _text(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return value, "must be non-empty text"
    return value.strip(), None


def _id(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    if not isinstance(value, str) or not ID_RE.match(value):
        return value, f"{shown(value)} is not a valid id: use lowercase letters, digits and hyphens"
    return value, None


def _enum(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    if value not in field.choices:
        return value, f"{shown(value)} is not one of: {', '.join(field.choices)}"
    return value, None


def _jurisdiction(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    if not isinstance(value, str) or not JURISDICTION_RE.match(value):
        return value, f"{shown(value)} is not an ISO country code such as KZ"
    return value, None


def _date(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    if isinstance(value, dt.date):
        return value.isoformat(), None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).isoformat(), None
        except ValueError:
            pass
    return value, f"{shown(value)} is not a date in the form YYYY-MM-DD"


def _partial_date(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    if isinstance(value, dt.date):
        return value.isoformat(), None
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if PARTIAL_DATE_RE.match(text):
        if len(text) == 10:
            return _date(text, field, vocab)
        return text, None
    return value, f"{shown(value)} is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"


def _url(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    parsed = urlparse(value) if isinstance(value, str) else None
    if not parsed or parsed.scheme not in ("http", "https") or not parsed.netloc or " " in value:
        return value, f"{shown(value)} is not an http(s) URL"
    return value, None


def _email(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    if not isinstance(value, str) or not EMAIL_RE.match(value):
        return value, f"{shown(value)} is not an e-mail address"
    return value, None


def _phones(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    if not isinstance(value, list) or not value:
        return value, "must be a list of phone numbers such as \"+7 727 123 4567\""
    for phone in value:
        digits = re.sub(r"\D", "", phone) if isinstance(phone, str) else ""
        if not isinstance(phone, str) or not PHONE_RE.match(phone) or not 10 <= len(digits) <= 15:
            return value, f"{shown(phone)} is not a phone number in international format (+7 …)"
    return value, None


def _text_list(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) and str(v).strip() for v in value):
        return value, "must be a list of non-empty strings"
    return [str(v) for v in value], None


def _lang_list(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    if not isinstance(value, list) or not all(isinstance(v, str) and LANG_CODE_RE.match(v) for v in value):
        return value, "must be a list of language codes such as [ru, kk, en]"
    return value, None


def _id_list(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    if not isinstance(value, list) or not all(isinstance(v, str) and ID_RE.match(v) for v in value):
        return value, "must be a list of ids (lowercase letters, digits, hyphens)"
    return value, None


def _ref_list(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    if not isinstance(value, list):
        return value, "must be a list of provision ids (act-id/provision-id) or act ids"
    for ref in value:
        parts = ref.split("/") if isinstance(ref, str) else []
        if not parts or len(parts) > 2 or not all(ID_RE.match(p) for p in parts):
            return value, f"{shown(ref)} is not a provision id (act-id/provision-id) or an act id"
    return value, None


def _replacement_map(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    """{local provision id: full provision id or a list of them}, normalised to lists."""
    if not isinstance(value, dict) or not value:
        return value, "must map provision ids of this act to the provisions that replaced them: {p-30: [kz-order-230/p-12]}"
    normalised: dict[str, list[str]] = {}
    bad: list[str] = []
    for local, targets in value.items():
        targets = [targets] if isinstance(targets, str) else targets
        if not isinstance(local, str) or not ID_RE.match(local):
            bad.append(f"{shown(local)} is not a provision id of this act")
            continue
        if not isinstance(targets, list) or not targets:
            bad.append(f"{local}: give the replacing provision ids (act-id/provision-id)")
            continue
        for target in targets:
            parts = target.split("/") if isinstance(target, str) else []
            if len(parts) != 2 or not all(ID_RE.match(p) for p in parts):
                bad.append(f"{local}: {shown(target)} is not a provision id (act-id/provision-id)")
        normalised[local] = [str(t) for t in targets]
    return (value, "; ".join(bad)) if bad else (normalised, None)


def _place(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    """A key of `places`, or `national` (a body serving the whole country) whether or not vocab.yaml lists it."""
    if value == "national":
        return value, None
    return value, _vocab_key("places", value, vocab)


def _note_map(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    # Each key and note is checked against the file's provisions, with its own line, in check_notes.
    if not isinstance(value, dict) or not value:
        return value, "must be a mapping from a provision id of this file to a note, e.g. 'art-14: Text not read yet.'"
    return value, None


def _bool(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    if not isinstance(value, bool):
        return value, "must be true or false"
    return value, None


def _true(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    if value is not True:
        return value, "must be true: only anonymised stories may be published"
    return value, None


def _coordinate(limit: float) -> Checker:
    def check(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not -limit <= value <= limit:
            return value, f"must be a number between -{limit:g} and {limit:g}"
        return float(value), None

    return check


def _vocab_key(section: str, value: Any, vocab: Vocab) -> str | None:
    known = vocab.get(section, {})
    if not isinstance(value, str):
        return f"{shown(value)} is not a key of '{section}' in vocab.yaml"
    if value in known:
        return None
    close = difflib.get_close_matches(str(value), list(known), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"{shown(value)} is not a key of '{section}' in vocab.yaml{hint}"


def check_field(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    """Check one value against its field type; return the normalised value and an error or None."""
    if field.type.startswith("vocab:"):
        return value, _vocab_key(field.type.split(":", 1)[1], value, vocab)
    if field.type.startswith("vocab_list:"):
        section = field.type.split(":", 1)[1]
        if not isinstance(value, list) or (field.required and not value):
            return value, f"must be a non-empty list of '{section}' keys from vocab.yaml"
        for item in value:
            error = _vocab_key(section, item, vocab)
            if error:
                return value, error
        return value, None
    return CHECKERS[field.type](value, field, vocab)


CHECKERS: dict[str, Checker] = {
    "text": _text,
    "id": _id,
    "enum": _enum,
    "jurisdiction": _jurisdiction,
    "date": _date,
    "partial_date": _partial_date,
    "url": _url,
    "email": _email,
    "phones": _phones,
    "text_list": _text_list,
    "lang_list": _lang_list,
    "id_list": _id_list,
    "ref_list": _ref_list,
    "replacement_map": _replacement_map,
    "place": _place,
    "bool": _bool,
    "note_map": _note_map,
    "true": _true,
    "latitude": _coordinate(90),
    "longitude": _coordinate(180),
}


def check_entry(entry: Entry, vocab: Vocab, problems: Problems) -> bool:
    """Check an entry's fields in place (normalising dates); return False if it has errors."""
    ok = True
    kind: Kind = entry.kind
    for field in kind.fields:
        if field.name not in entry.meta or entry.meta[field.name] is None:
            if field.required:
                problems.error(entry.path, 1, "missing-field", f"required field '{field.name}' is missing")
                ok = False
            entry.meta.pop(field.name, None)
            continue
        value, error = check_field(entry.meta[field.name], field, vocab)
        if error:
            problems.error(entry.path, entry.line_of(field.name), "bad-value", f"{field.name}: {error}")
            ok = False
        else:
            entry.meta[field.name] = value
    for key in entry.meta:
        if key not in kind.field_names:
            close = difflib.get_close_matches(str(key), kind.field_names, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.warning(entry.path, entry.line_of(str(key)), "unknown-field", f"unknown field '{key}' for a {kind.name}{hint}")
    return ok


def check_notes(entry: Entry, problems: Problems) -> bool:
    """An act's `notes`: each key must be a provision of this file and each note non-empty text (errors)."""
    notes = entry.meta.get("notes")
    if not isinstance(notes, dict):
        return True
    local_ids = [p.local_id for p in entry.provisions]
    ok = True
    for key, note in notes.items():
        line = entry.line_of(f"notes.{key}")
        if key not in local_ids:
            hint = _close(str(key), set(local_ids))
            problems.error(entry.path, line, "bad-value", f"notes: {shown(key)} is not a provision of this file{hint}")
            ok = False
        elif not isinstance(note, str) or not note.strip():
            problems.error(entry.path, line, "bad-value", f"notes: the note on '{key}' must be non-empty text")
            ok = False
    if ok:
        entry.meta["notes"] = {str(k): v.strip() for k, v in notes.items()}
    return ok


def check_file_name(entry: Entry, problems: Problems) -> None:
    """Warn when a file is not named <id>.<lang>.md, the convention maintainers rely on."""
    expected = f"{entry.id}.{entry.lang}.md"
    if not entry.path.endswith("/" + expected):
        problems.warning(entry.path, entry.line_of("id"), "file-name", f"file should be named {expected}")


def check_entry_rules(entry: Entry, problems: Problems) -> None:
    """Rules that involve several fields of one entry (warnings only)."""
    meta = entry.meta
    if entry.kind.name == "act":
        if meta.get("status") == "repealed" and "valid_until" not in meta:
            problems.warning(entry.path, entry.line_of("status"), "repealed-without-date", "repealed act: add valid_until (the last day it applied)")
        if "checked" not in meta:
            problems.warning(entry.path, 1, "unverified", "act never compared with the official text: add 'checked' once you have")
        if not entry.provisions:
            problems.warning(entry.path, entry.body_line, "no-provisions", "act has no provisions (no '## ' headings)")
    if entry.kind.name == "service" and "checked" not in meta:
        problems.warning(entry.path, 1, "unverified", "service details never confirmed: add 'checked' once you have")


def cross_check(entries: list[Entry], problems: Problems) -> set[str]:
    """Duplicate ids, translations that disagree, and references between entries.

    A duplicate is dropped from `entries`. A dangling reference is reported as an
    error and removed from the entry, so the rest of it is still indexed: the
    entry is replaced in `entries` by a changed copy (the entries given are never
    changed, a build keeps them for the next one). Returns the paths of the
    entries so replaced.
    """
    seen: dict[tuple[str, str, str], Entry] = {}
    unique: list[Entry] = []
    for entry in entries:
        key = (entry.kind.name, entry.id, entry.lang)
        if key in seen:
            problems.error(entry.path, entry.line_of("id"), "duplicate-id", f"{entry.kind.name} '{entry.id}' in '{entry.lang}' is also defined in {seen[key].path}")
            continue
        seen[key] = entry
        unique.append(entry)
    entries[:] = unique

    acts: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.kind.name == "act":
            acts[entry.id].append(entry)
    provisions = {p.full_id for act in (e for e in entries if e.kind.name == "act") for p in act.provisions}
    services = {e.id for e in entries if e.kind.name == "service"}

    for versions in acts.values():
        # Translations are compared with the Russian text where there is one (the usual official language).
        versions = sorted(versions, key=lambda e: (e.lang != "ru", e.path))
        reference = versions[0]
        ids = [p.local_id for p in reference.provisions]
        for other in versions[1:]:
            other_ids = [p.local_id for p in other.provisions]
            if set(other_ids) != set(ids):
                missing = sorted(set(ids) - set(other_ids))
                extra = sorted(set(other_ids) - set(ids))
                detail = "; ".join(filter(None, [missing and f"missing {', '.join(missing)}", extra and f"extra {', '.join(extra)}"]))
                problems.warning(other.path, other.body_line, "translation-mismatch", f"provisions differ from {reference.path}: {detail}")

    check_persons(entries, problems)

    act_ids = set(acts)
    adjusted = set()
    for i, entry in enumerate(entries):
        meta = _without_dangling(entry, act_ids, provisions, services, problems)
        if meta is not entry.meta:
            entries[i] = dataclasses.replace(entry, meta=meta)
            adjusted.add(entry.path)
    return adjusted


def names_person(word: str, person: str) -> bool:
    """Whether a word of a text is a form of a person's name: "Амины", "Аминаның" and "Amina's" are forms of "Амина"."""
    word, person = fold(word), fold(person)
    return word.startswith(person) or stem_word(word) == stem_word(person)


def check_persons(entries: list[Entry], problems: Problems) -> None:
    """An act file whose text (summary or provisions) names a person of a case story: an error at that line.

    Provision summaries go to clients on the referral sheet; a story's (changed)
    names belong in the case, and a remark about the story in the act's `notes`.
    """
    persons: dict[str, str] = {}
    for entry in entries:
        if entry.kind.name == "case":
            for person in entry.meta.get("persons", []):
                persons.setdefault(person, entry.id)
    if not persons:
        return
    for entry in entries:
        if entry.kind.name != "act":
            continue
        for word, line in entry.proper_words.items():
            for person, case_id in persons.items():
                if names_person(word, person):
                    problems.error(entry.path, line, "names-person", f"'{word}' names a person of the case '{case_id}': describe the norm, not the story (a remark for REActors goes in 'notes')")
                    break


def _without_dangling(entry: Entry, acts: set[str], provisions: set[str], services: set[str], problems: Problems) -> dict[str, Any]:
    """The entry's fields without its dangling references (reported as errors); its own fields when there are none."""
    meta = entry.meta
    replaced_by = meta.get("replaced_by")
    if replaced_by and replaced_by not in acts:
        problems.error(entry.path, entry.line_of("replaced_by"), "dangling-reference", f"replaced_by: no act with id '{replaced_by}'")
        meta = {k: v for k, v in meta.items() if k != "replaced_by"}
    if entry.kind.name == "act":
        return _without_dangling_replacements(entry, meta, provisions, problems)
    if entry.kind.name != "case":
        return meta
    kept = []
    for i, ref in enumerate(meta.get("norms", [])):
        if ("/" in ref and ref not in provisions) or ("/" not in ref and ref not in acts):
            what = "provision" if "/" in ref else "act"
            hint = _close(ref, provisions | acts)
            problems.error(entry.path, entry.line_of("norms", i), "dangling-reference", f"norms: no {what} '{ref}'{hint}")
        else:
            kept.append(ref)
    if len(kept) < len(meta.get("norms", [])):
        meta = {**meta, "norms": kept}
    kept = []
    for i, ref in enumerate(meta.get("services", [])):
        if ref not in services:
            problems.error(entry.path, entry.line_of("services", i), "dangling-reference", f"services: no service '{ref}'{_close(ref, services)}")
        else:
            kept.append(ref)
    if len(kept) < len(meta.get("services", [])):
        meta = {**meta, "services": kept}
    return meta


def _without_dangling_replacements(entry: Entry, meta: dict[str, Any], provisions: set[str], problems: Problems) -> dict[str, Any]:
    """An act's `replacements` without keys that are not its provisions and targets that do not exist."""
    replacements = meta.get("replacements")
    if not replacements:
        return meta
    own = {p.local_id for p in entry.provisions}
    kept: dict[str, list[str]] = {}
    line = entry.line_of("replacements")
    for local, targets in replacements.items():
        if local not in own:
            problems.error(entry.path, line, "dangling-reference", f"replacements: this act has no provision '{local}'{_close(local, own)}")
            continue
        for target in targets:
            if target not in provisions:
                problems.error(entry.path, line, "dangling-reference", f"replacements: no provision '{target}'{_close(target, provisions)}")
        found = [t for t in targets if t in provisions]
        if found:
            kept[local] = found
    if kept == replacements:
        return meta
    return {**{k: v for k, v in meta.items() if k != "replacements"}, **({"replacements": kept} if kept else {})}


def _close(value: str, candidates: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(candidates), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
