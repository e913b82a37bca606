"""Load kb/vocab.yaml (labelled keys), kb/thesaurus.yaml (synonym groups) and kb/lexicon.yaml (everyday words)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from indexer.analysis.lexicon import TOPICS
from indexer.analysis.text import analyze
from indexer.frontmatter import FrontMatterError, parse_yaml_with_lines
from indexer.kinds import LANGUAGES
from indexer.problems import Problems

VOCAB_SECTIONS = ("groups", "violations", "actions", "outcomes", "service_kinds", "topics", "places")
Vocab = dict[str, dict[str, dict[str, str]]]


def _read_yaml(path: Path, rel: str, problems: Problems) -> tuple[Any, dict[str, int], dict[str, list[int]]]:
    if not path.is_file():
        problems.error(rel, 0, "missing-file", f"{rel} is missing")
        return None, {}, {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.error(rel, 1, "encoding", f"not valid UTF-8 ({exc.reason} at byte {exc.start})")
        return None, {}, {}
    try:
        return parse_yaml_with_lines(text)
    except FrontMatterError as exc:
        problems.error(rel, exc.line, "yaml", exc.message)
        return None, {}, {}


def load_vocab(kb_root: Path, problems: Problems) -> Vocab:
    """Read vocab.yaml; every key needs en/ru/kk labels and every place a region."""
    rel = (kb_root / "vocab.yaml").as_posix()
    data, key_lines, _ = _read_yaml(kb_root / "vocab.yaml", rel, problems)
    vocab: Vocab = {section: {} for section in VOCAB_SECTIONS}
    if data is None:
        return vocab
    if not isinstance(data, dict):
        problems.error(rel, 1, "vocab", "vocab.yaml must be a mapping of sections")
        return vocab
    for section in data:
        if section not in VOCAB_SECTIONS:
            problems.error(rel, key_lines.get(str(section), 1), "vocab", f"unknown section '{section}'; expected {', '.join(VOCAB_SECTIONS)}")
    for section in VOCAB_SECTIONS:
        line = key_lines.get(section, 1)
        entries = data.get(section)
        if entries is None:
            problems.error(rel, 1, "vocab", f"section '{section}' is missing")
            continue
        if not isinstance(entries, dict):
            problems.error(rel, line, "vocab", f"section '{section}' must map keys to labels")
            continue
        for key, labels in entries.items():
            where = f"{section}.{key}"
            line = key_lines.get(where, key_lines.get(section, 1))
            if not isinstance(labels, dict):
                problems.error(rel, line, "vocab", f"{where} must have labels {{en: …, ru: …, kk: …}}")
                continue
            missing = [lang for lang in LANGUAGES if not isinstance(labels.get(lang), str) or not labels[lang].strip()]
            if missing:
                problems.error(rel, line, "vocab", f"{where} lacks a label in {', '.join(missing)}")
            if section == "places" and not isinstance(labels.get("region"), str):
                problems.error(rel, line, "vocab", f"{where} needs a 'region' key")
            vocab[section][str(key)] = {k: str(v) for k, v in labels.items()}
    return vocab


def load_thesaurus(kb_root: Path, problems: Problems) -> list[list[str]]:
    """Read thesaurus.yaml: a list of synonym groups, each a list of at least two strings."""
    rel = (kb_root / "thesaurus.yaml").as_posix()
    data, _, item_lines = _read_yaml(kb_root / "thesaurus.yaml", rel, problems)
    if data is None:
        return []
    if not isinstance(data, list):
        problems.error(rel, 1, "thesaurus", "thesaurus.yaml must be a list of synonym groups")
        return []
    groups: list[list[str]] = []
    for number, group in enumerate(data, start=1):
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(w, (str, int)) for w in group):
            line = item_lines.get("", [])[number - 1] if number <= len(item_lines.get("", [])) else 1
            problems.error(rel, line, "thesaurus", f"group {number} must be a list of at least two words or phrases")
            continue
        groups.append([str(w) for w in group])
    return groups


def load_lexicon(kb_root: Path, problems: Problems, thesaurus: list[list[str]]) -> list[dict[str, Any]]:
    """Read lexicon.yaml (optional): entries {topic, words or together, means}, every `means` and `together` a thesaurus member.

    Every bad value of an entry is reported, with the entry's line; an entry with
    errors is left out, the others are kept.
    """
    path = kb_root / "lexicon.yaml"
    if not path.exists():
        return []
    rel = path.as_posix()
    data, _, item_lines = _read_yaml(path, rel, problems)
    if data is None:
        return []
    if not isinstance(data, list):
        problems.error(rel, 1, "lexicon", "lexicon.yaml must be a list of entries {topic, words, means}")
        return []
    groups_of: dict[tuple[str, ...], set[int]] = {}
    for number, group in enumerate(thesaurus):
        for word in group:
            groups_of.setdefault(tuple(analyze(word)), set()).add(number)
    members = set(groups_of)
    lines = item_lines.get("", [])
    seen: dict[tuple[str, ...], int] = {}
    entries: list[dict[str, Any]] = []
    for number, item in enumerate(data, start=1):
        line = lines[number - 1] if number <= len(lines) else 1
        if not isinstance(item, dict):
            problems.error(rel, line, "lexicon", f"entry {number} must be a mapping with topic, words and means")
            continue
        errors = _lexicon_entry_errors(item, members)
        for message in errors:
            problems.error(rel, line, "lexicon", f"entry {number}: {message}")
        if errors:
            continue
        meant = {g for m in item["means"] for g in groups_of.get(tuple(analyze(str(m))), set())}
        for word in item.get("words", []):
            terms = tuple(analyze(str(word)))
            if terms in seen and seen[terms] != number:
                problems.error(rel, line, "lexicon", f"entry {number}: '{word}' is already in entry {seen[terms]}")
            elif terms in seen:
                continue  # another form of a word of this entry («увалил», «увалила»): it adds nothing, harms nothing
            elif terms in members and meant <= groups_of[terms]:
                # A thesaurus word is listed to reach a broader concept too («гей» → LGBT); otherwise it is redundant.
                problems.warning(rel, line, "lexicon", f"entry {number}: '{word}' is a thesaurus word; the thesaurus already finds it")
            seen.setdefault(terms, number)
        entry = {"topic": item["topic"], "words": [str(w) for w in item.get("words", [])], "means": [str(m) for m in item["means"]]}
        if "together" in item:
            entry["together"] = [str(c) for c in item["together"]]
        entries.append(entry)
    return entries


def _lexicon_entry_errors(item: dict[str, Any], members: set[tuple[str, ...]]) -> list[str]:
    """Every problem with one lexicon entry's fields."""
    errors = []
    unknown = sorted(set(item) - {"topic", "words", "together", "means"})
    if unknown:
        errors.append(f"unknown field(s) {', '.join(map(str, unknown))}")
    if item.get("topic") not in TOPICS:
        errors.append(f"topic '{item.get('topic')}' is not one of {', '.join(TOPICS)}")
    if ("words" in item) == ("together" in item):
        errors.append("give either 'words' (everyday words) or 'together' (concepts found together), not both")
    for name in ("words", "together", "means"):
        value = item.get(name)
        if name != "means" and name not in item:
            continue
        if not isinstance(value, list) or not value or not all(isinstance(w, (str, int)) and str(w).strip() for w in value):
            errors.append(f"'{name}' must be a non-empty list of words or phrases")
    if "together" in item and isinstance(item["together"], list) and len(item["together"]) < 2:
        errors.append("'together' names at least two concepts")
    for name in ("means", "together"):
        if isinstance(item.get(name), list):
            strange = [str(m) for m in item[name] if isinstance(m, (str, int)) and tuple(analyze(str(m))) not in members]
            if strange:
                errors.append(f"'{name}' names words that are in no thesaurus group: {', '.join(strange)}")
    return errors
