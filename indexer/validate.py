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
from indexer.hours import parse_hours
from indexer.kinds import Field, Kind, References
from indexer.letter_format import check_blanks, check_cites
from indexer.models import Entry
from indexer.problems import Problems
from indexer.remedies import check_steps
from indexer.vocab import Vocab

PARTIAL_DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
PHONE_RE = re.compile(r"^\+\d[\d ()-]{6,22}$")
SHORT_NUMBER_RE = re.compile(r"^\d{3,4}$")  # national short numbers such as 111, 150, 1414
TELEGRAM_RE = re.compile(r"^@[A-Za-z][A-Za-z0-9_]{4,31}$")
SIGNAL_USERNAME_RE = re.compile(r"^@?[A-Za-z][A-Za-z0-9_]{2,31}\.\d{2,9}$")
MESSENGERS = ("telegram", "whatsapp", "signal")
CHANNELS = ("phones", "email", "website", "messengers", "online_form", "address", "hours")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
JURISDICTION_RE = re.compile(r"^[A-Z]{2}$")
LANG_CODE_RE = re.compile(r"^[a-z]{2,3}$")

# Where in a field a problem is: an item's index in a list, a key of a mapping, or None for the whole field.
Location = int | str | None
# A checker returns (normalised value, None), or an error: one message, or a list of (location, message).
Checker = Callable[[Any, Field, Vocab], tuple[Any, "str | list[tuple[Location, str]] | None"]]


def shown(value: Any) -> str:
    """A value as a message quotes it: text as written (cut when long), a list or mapping by its kind.

    Never str() of a structure: YAML aliases can make a small file stand for
    billions of items, and printing them would hang `kb check` (issue 6).
    """
    if isinstance(value, str):
        return "'" + (value if len(value) <= 80 else value[:79] + "…") + "'"
    if value is None or isinstance(value, (bool, int, float)):
        return f"'{value}'"
    structures: dict[type, str] = {list: "a list", dict: "a mapping"}
    return structures.get(type(value), type(value).__name__)


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


def _phone_number(value: Any) -> tuple[str | None, str | None]:
    """A phone number as text (an international number or a national short number), or an error."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and SHORT_NUMBER_RE.match(value):
        return value, None
    digits = re.sub(r"\D", "", value) if isinstance(value, str) else ""
    if not isinstance(value, str) or not PHONE_RE.match(value) or not 10 <= len(digits) <= 15:
        return None, f"{shown(value)} is not a phone number in international format (+7 …) or a short number such as \"111\""
    return value, None


PHONE_KEYS = ("number", "label", "hours")


def _phone_item(item: Any) -> tuple[Any, list[str]]:
    """One item of `phones`: a number, or a mapping {number, label, hours}; its normalised form and errors."""
    if not isinstance(item, dict):
        number, error = _phone_number(item)
        return number, [error] if error else []
    errors = [f"unknown key '{key}' (a phone has {', '.join(PHONE_KEYS)})" for key in item if key not in PHONE_KEYS]
    number, error = _phone_number(item.get("number"))
    if "number" not in item:
        error = "a phone needs a 'number'"
    errors += [error] if error else []
    label = item.get("label")
    if label is not None and (not isinstance(label, str) or not label.strip()):
        errors.append("label: must be non-empty text such as \"Hotline\"")
    if item.get("hours") is not None:
        errors += [f"hours: {message}" for _, message in parse_hours(item["hours"])[1]]
    normalised = {k: v for k, v in {"number": number, "label": label, "hours": item.get("hours")}.items() if v is not None}
    return normalised, errors


def _phones(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | list[tuple[Location, str]] | None]:
    if not isinstance(value, list) or not value:
        return value, "must be a list of phone numbers such as \"+7 727 123 4567\" or \"111\", or {number, label, hours}"
    normalised: list[Any] = []
    problems: list[tuple[Location, str]] = []
    for i, item in enumerate(value):
        phone, errors = _phone_item(item)
        normalised.append(phone)
        problems += [(i, f"item {i + 1}: {error}") for error in errors]
    return (value, problems) if problems else (normalised, None)


def _messenger_item(item: Any) -> list[str]:
    """The errors of one item of `messengers`: {type, value, label?}."""
    if not isinstance(item, dict):
        return [f"{shown(item)} is not a mapping {{type, value, label}}"]
    errors = [f"unknown key '{key}' (a messenger has type, value, label)" for key in item if key not in ("type", "value", "label")]
    kind, value = item.get("type"), item.get("value")
    if kind not in MESSENGERS:
        errors.append(f"type: {shown(kind)} is not one of: {', '.join(MESSENGERS)}")
    phone_ok = isinstance(value, str) and _phone_number(value)[1] is None and not SHORT_NUMBER_RE.match(value)
    if kind == "telegram" and not (phone_ok or (isinstance(value, str) and TELEGRAM_RE.match(value))):
        errors.append(f"value: {shown(value)} is not a Telegram @handle (5-32 letters, digits, _) or a phone number (+7 …)")
    elif kind == "whatsapp" and not phone_ok:
        errors.append(f"value: {shown(value)} is not a phone number in international format (+7 …)")
    elif kind == "signal" and not (phone_ok or (isinstance(value, str) and SIGNAL_USERNAME_RE.match(value))):
        errors.append(f"value: {shown(value)} is not a phone number (+7 …) or a Signal username such as name.01")
    label = item.get("label")
    if label is not None and (not isinstance(label, str) or not label.strip()):
        errors.append("label: must be non-empty text")
    return errors


def _messengers(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | list[tuple[Location, str]] | None]:
    if not isinstance(value, list) or not value:
        return value, "must be a list of {type: telegram|whatsapp|signal, value: \"@handle\" or \"+7 …\", label}"
    problems: list[tuple[Location, str]] = [(i, f"item {i + 1}: {error}") for i, item in enumerate(value) for error in _messenger_item(item)]
    return value, problems or None


def _hours(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | list[tuple[Location, str]] | None]:
    if isinstance(value, str):
        return _text(value, field, vocab)
    _, problems = parse_hours(value)
    return value, list(problems) or None


def _sources(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | list[tuple[Location, str]] | None]:
    if not isinstance(value, dict) or not value:
        return value, f"must be a mapping of channels ({', '.join(CHANNELS)}) to the URL each was read on"
    problems: list[tuple[Location, str]] = []
    for channel, url in value.items():
        if channel not in CHANNELS:
            problems.append((str(channel), f"'{channel}' is not a channel: use {', '.join(CHANNELS)}"))
        elif _url(url, field, vocab)[1]:
            problems.append((str(channel), f"{channel}: {shown(url)} is not an http(s) URL"))
    return value, problems or None


def _act_code(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    """The code of an act in the official corpus (its meta.yaml's `act_code`): digits, as `'223244'` or 223244."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip().isdigit():
        return value, f"must be the act's code in the official corpus (its meta.yaml's act_code, digits such as '223244'), not {shown(value)}"
    return str(value).strip(), None


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
    # Each key and note is checked against the file's provisions, with its own line, in check_provision_maps.
    if not isinstance(value, dict) or not value:
        return value, "must be a mapping from a provision id of this file to a note, e.g. 'art-14: Text not read yet.'"
    return value, None


def _violation_map(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | None]:
    """{local provision id: [violation keys]}; the keys are checked against the file in check_provision_maps."""
    if not isinstance(value, dict) or not value:
        return value, "must map provision ids of this file to violation keys of vocab.yaml: {art-146: [violence, police-abuse]}"
    normalised: dict[str, list[str]] = {}
    bad: list[str] = []
    for local, keys in value.items():
        keys = [keys] if isinstance(keys, str) else keys
        if not isinstance(keys, list) or not keys:
            bad.append(f"{shown(local)}: give a list of violation keys")
            continue
        bad += [f"{local}: {error}" for key in keys if (error := _vocab_key("violations", key, vocab))]
        normalised[str(local)] = [str(k) for k in keys]
    return (value, "; ".join(bad)) if bad else (normalised, None)


def _steps(value: Any, field: Field, vocab: Vocab) -> tuple[Any, list[tuple[Location, str]] | None]:
    """A remedy's ladder: every bad value of every step, each where it is (see indexer/remedies.py)."""
    problems = check_steps(value, set(vocab.get("service_kinds", {})))
    return value, [(where or None, message) for where, message in problems] or None


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


def check_field(value: Any, field: Field, vocab: Vocab) -> tuple[Any, str | list[tuple[Location, str]] | None]:
    """Check one value against its field type; return the normalised value and an error or None."""
    if field.type.startswith("vocab:"):
        return value, _vocab_key(field.type.split(":", 1)[1], value, vocab)
    if field.type.startswith("vocab_list:"):
        section = field.type.split(":", 1)[1]
        if not isinstance(value, list) or (field.required and not value):
            return value, f"must be a non-empty list of '{section}' keys from vocab.yaml"
        # Every bad key is reported, each at its own line (not only the first).
        bad: list[tuple[Location, str]] = [(i, error) for i, item in enumerate(value) if (error := _vocab_key(section, item, vocab))]
        return (value, bad) if bad else (value, None)
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
    "messengers": _messengers,
    "hours": _hours,
    "sources": _sources,
    "act_code": _act_code,
    "text_list": _text_list,
    "lang_list": _lang_list,
    "id_list": _id_list,
    "ref_list": _ref_list,
    "replacement_map": _replacement_map,
    "place": _place,
    "bool": _bool,
    "note_map": _note_map,
    "violation_map": _violation_map,
    "steps": _steps,
    "true": _true,
    "blanks": lambda value, field, vocab: check_blanks(value),
    "provision_list": lambda value, field, vocab: check_cites(value),
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
        if isinstance(error, list):
            for where, message in error:
                problems.error(entry.path, line_within(entry, field.name, where), "bad-value", f"{field.name}: {message}")
            ok = False
        elif error:
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


def check_provision_maps(entry: Entry, problems: Problems) -> bool:
    """An act's `notes` and `violations`: each key must be a provision of this file, each note non-empty text (errors)."""
    local_ids = [p.local_id for p in entry.provisions]
    ok = True
    for field in ("notes", "violations"):
        mapping = entry.meta.get(field)
        if not isinstance(mapping, dict):
            continue
        for key, value in mapping.items():
            line = entry.line_of(f"{field}.{key}")
            if key not in local_ids:
                hint = did_you_mean(str(key), set(local_ids))
                problems.error(entry.path, line, "bad-value", f"{field}: {shown(key)} is not a provision of this file{hint}")
                ok = False
            elif field == "notes" and (not isinstance(value, str) or not value.strip()):
                problems.error(entry.path, line, "bad-value", f"notes: the note on '{key}' must be non-empty text")
                ok = False
    if ok and isinstance(entry.meta.get("notes"), dict):
        entry.meta["notes"] = {str(k): v.strip() for k, v in entry.meta["notes"].items()}
    return ok


def line_within(entry: Entry, name: str, where: Location) -> int:
    """The line of one item (by index) or key of a field, else of the field."""
    if isinstance(where, int):
        return entry.line_of(name, where)
    if where is not None:
        # The nearest line known: "steps.2.deadline.provision", else "steps.2.deadline", else step 2's item.
        parts = f"{name}.{where}".split(".")
        for end in range(len(parts), 1, -1):
            line = entry.key_lines.get(".".join(parts[:end]))
            if line is not None:
                return line
        if parts[1].isdigit():
            return entry.line_of(name, int(parts[1]))
    return entry.line_of(name)


def check_file_name(entry: Entry, problems: Problems) -> None:
    """Warn when a file is not named <id>.<lang>.md, the convention maintainers rely on."""
    expected = f"{entry.id}.{entry.lang}.md"
    if not entry.path.endswith("/" + expected):
        problems.warning(entry.path, entry.line_of("id"), "file-name", f"file should be named {expected}")


def check_entry_rules(entry: Entry, problems: Problems) -> None:
    """Rules that involve several fields of one entry (warnings only; its kind's module holds them)."""
    entry.kind.rules(entry, problems)


def cross_check(entries: list[Entry], problems: Problems, left_out: dict[tuple[str, str], str] | None = None) -> set[str]:
    """Duplicate ids, translations that disagree, and references between entries.

    A duplicate is dropped from `entries`. A dangling reference is reported as an
    error and removed from the entry, so the rest of it is still indexed: the
    entry is replaced in `entries` by a changed copy (the entries given are never
    changed, a build keeps them for the next one). Returns the paths of the
    entries so replaced. `left_out` names the files left out for their own errors,
    by (kind, id): a reference to one of them points there instead of guessing.
    """
    seen: dict[tuple[str, str, str], Entry] = {}
    unique: list[Entry] = []
    for entry in entries:
        key = (entry.kind.name, entry.id, entry.lang)
        if key in seen:
            message = f"{entry.kind.name} '{entry.id}' in '{entry.lang}' is also defined in {seen[key].path}"
            problems.error(entry.path, entry.line_of("id"), "duplicate-id", message)
            continue
        seen[key] = entry
        unique.append(entry)
    entries[:] = unique

    acts: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.kind.name == "act":
            acts[entry.id].append(entry)
    provisions = {p.full_id for act in (e for e in entries if e.kind.name == "act") for p in act.provisions}
    services = {e.id: str(e.meta.get("city", "")) for e in entries if e.kind.name == "service"}

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
                detail = "; ".join(part for part in (missing and f"missing {', '.join(missing)}", extra and f"extra {', '.join(extra)}") if part)
                problems.warning(other.path, other.body_line, "translation-mismatch", f"provisions differ from {reference.path}: {detail}")

    check_persons(entries, problems)

    act_ids = set(acts)
    check_act_links(entries, act_ids, problems)
    refs = References(
        acts=act_ids,
        provisions=provisions,
        services=services,
        letters={e.id for e in entries if e.kind.name == "letter"},
        # Acts compared with the official text: every language version has `checked`.
        checked_acts={act_id for act_id, versions in acts.items() if all("checked" in v.meta for v in versions)},
        left_out=left_out or {},
    )
    adjusted = set()
    for i, entry in enumerate(entries):
        # The entry's fields without its dangling references (each reported); its own fields when there are none.
        meta = entry.kind.cross_check(entry, entry.meta, refs, problems)
        if meta is not entry.meta:
            entries[i] = dataclasses.replace(entry, meta=meta)
            adjusted.add(entry.path)
    return adjusted


def check_act_links(entries: list[Entry], acts: set[str], problems: Problems) -> None:
    """A `[[id]]` link in a body to an act that does not exist: an error at its line (the link shows no title)."""
    for entry in entries:
        for act_id, line in entry.act_links.items():
            if act_id not in acts:
                problems.error(entry.path, line, "dangling-reference", f"[[{act_id}]]: no act with id '{act_id}'{did_you_mean(act_id, acts)}")


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
                    message = f"'{word}' names a person of the case '{case_id}': describe the norm, not the story (a remark for REActors goes in 'notes')"
                    problems.error(entry.path, line, "names-person", message)
                    break


def did_you_mean(value: str, candidates: set[str]) -> str:
    """" (did you mean 'x'?)" for the closest candidate, or nothing."""
    close = difflib.get_close_matches(value, sorted(candidates), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
