"""Complaint letter templates (kb/letters/): their blanks, their placeholders and filling them in.

A letter's body is plain paragraphs separated by blank lines; a paragraph whose
lines start with `# ` is a title (centred and bold in print and .docx). `{name}` is replaced by the
blank of that name or by one of the values the app supplies (`FIXED`). What a
REActor types is put in once, as text: braces in it are never read as placeholders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from indexer.problems import Problems

# Supplied by the app, not typed: the chosen contact, the cited provisions in citation form, the date.
FIXED = ("addressee", "citations", "today")
# Names the form itself sends besides the blanks (app/letters.py, templates/letters/form.html).
FORM_FIELDS = ("csrf", "language", "contact", "addressee_text", "cite", "output")
BLANK_KEYS = ("name", "label", "required", "long", "type")
BLANK_TYPES = ("text", "date")
BLANK_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
PLACEHOLDER_RE = re.compile(r"\{([^{}\n]*)\}")
PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n")


def check_blanks(value: Any) -> tuple[Any, list[tuple[int | str | None, str]] | str | None]:
    """The `blanks` field: a non-empty list of {name, label, required?, long?, type?}; errors by item."""
    if not isinstance(value, list) or not value:
        return value, "must be a list of blanks such as {name: facts, label: What happened, required: true, long: true}"
    errors: list[tuple[int | str | None, str]] = []
    names: set[str] = set()
    for i, blank in enumerate(value):
        where = f"item {i + 1}"
        if not isinstance(blank, dict):
            errors.append((i, f"{where}: must be a mapping {{name, label, required, long, type}}"))
            continue
        errors += [(i, f"{where}: unknown key '{key}' (a blank has {', '.join(BLANK_KEYS)})") for key in blank if key not in BLANK_KEYS]
        name = blank.get("name")
        if not isinstance(name, str) or not BLANK_NAME_RE.match(name):
            errors.append((i, f"{where}: name must be lowercase letters, digits and _ (e.g. reply_address)"))
        elif name in FIXED or name in FORM_FIELDS:
            errors.append((i, f"{where}: '{name}' is supplied by the app ({', '.join(FIXED + FORM_FIELDS)}); choose another name"))
        elif name in names:
            errors.append((i, f"{where}: blank '{name}' is listed twice"))
        else:
            names.add(name)
        label = blank.get("label")
        if not isinstance(label, str) or not label.strip():
            errors.append((i, f"{where}: label must be non-empty text (what the form asks)"))
        for flag in ("required", "long"):
            if flag in blank and not isinstance(blank[flag], bool):
                errors.append((i, f"{where}: {flag} must be true or false"))
        if blank.get("type", "text") not in BLANK_TYPES:
            errors.append((i, f"{where}: type must be one of: {', '.join(BLANK_TYPES)}"))
    return value, errors or None


def check_cites(value: Any) -> tuple[Any, str | None]:
    """The `cites` field: full provision ids (act-id/provision-id); whether they exist is checked across files."""
    if not isinstance(value, list) or not all(isinstance(v, str) and re.match(r"^[a-z0-9-]+/[a-z0-9-]+$", v) for v in value):
        return value, "must be a list of provision ids (act-id/provision-id), e.g. [kz-constitution-2026/art-16]"
    return value, None


def check_template(meta: dict[str, Any], body: str, body_line: int, path: str, line_of_blank: list[int], problems: Problems) -> bool:
    """Report each unknown placeholder of the body (at its line) and each blank the body never uses (at the blank);
    whether there was none."""
    blanks = [b.get("name") for b in meta.get("blanks", []) if isinstance(b, dict)] if isinstance(meta.get("blanks"), list) else []
    known = set(FIXED) | {b for b in blanks if isinstance(b, str)}
    used: set[str] = set()
    ok = True
    for offset, line in enumerate(body.splitlines()):
        for match in PLACEHOLDER_RE.finditer(line):
            name = match.group(1)
            used.add(name)
            if name not in known:
                ok = False
                hint = f"; the blanks are {', '.join(sorted(known - set(FIXED)))}" if known - set(FIXED) else ""
                message = f"placeholder '{{{name}}}' is neither a blank nor one of {', '.join(FIXED)}{hint}"
                problems.error(path, body_line + offset, "unknown-placeholder", message)
    for i, name in enumerate(blanks):
        if isinstance(name, str) and name not in used:
            lineno = line_of_blank[i] if i < len(line_of_blank) else 1
            problems.error(path, lineno, "unused-blank", f"blanks: '{name}' is never used in the letter: add {{{name}}} to the text or remove the blank")
            ok = False
    return ok


@dataclass(frozen=True)
class Block:
    """One paragraph of a filled letter: its lines, and whether it is a title."""

    lines: tuple[str, ...]
    title: bool = False


def fill(body: str, values: dict[str, str]) -> list[Block]:
    """The letter's paragraphs with every placeholder replaced by its value.

    A line whose placeholders are all empty is left out (an optional blank left
    empty leaves no "Witnesses:" behind). A value spanning several lines keeps
    its lines; an empty line in a value starts a new paragraph.
    """
    blocks: list[Block] = []
    for template in PARAGRAPH_BREAK_RE.split(body.strip()):
        title = template.startswith("# ")
        lines = [line[2:] if title and line.startswith("# ") else line for line in template.split("\n")]
        kept = [line for line in lines if _has_value(line, values)]
        text = PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), "").strip(), "\n".join(kept))
        for paragraph in PARAGRAPH_BREAK_RE.split(text.replace("\r\n", "\n")):
            paragraph_lines = tuple(line.rstrip() for line in paragraph.strip("\n").split("\n"))
            if any(paragraph_lines):
                blocks.append(Block(paragraph_lines, title))
    return blocks


def _has_value(line: str, values: dict[str, str]) -> bool:
    """Whether a template line has no placeholder or at least one filled in."""
    names = PLACEHOLDER_RE.findall(line)
    return not names or any(values.get(name, "").strip() for name in names)


def plain_text(blocks: list[Block]) -> str:
    """The filled letter as plain text (for pasting into an online form)."""
    return "\n\n".join("\n".join(block.lines) for block in blocks) + "\n"
