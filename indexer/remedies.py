"""A remedy's escalation ladder (`steps`): the rules of one file, and its references to the laws.

A step's deadline is a fact of law: it must rest on a provision that exists in
the kb, in an act compared with the official text (`checked`). A deadline that
does not is reported and left out, so no page ever shows an unbacked date.
"""

from __future__ import annotations

from typing import Any

from indexer.designators import ID_RE

HOW = ("in-person", "in-writing", "e-otinish", "phone", "online-form")
COUNTS = ("calendar", "working")
STEP_KEYS = ("title", "addressee", "how", "attach", "grounds", "deadline", "letter", "note")
DEADLINE_KEYS = ("days", "months", "count", "from", "provision", "none")

# (where in the field, message): where is "2" (a step) or "2.deadline.provision" (a key inside it).
Problem = tuple[str, str]


def _is_provision_id(value: Any) -> bool:
    parts = value.split("/") if isinstance(value, str) else []
    return len(parts) == 2 and all(ID_RE.match(p) for p in parts)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def check_deadline(deadline: Any, where: str) -> list[Problem]:
    """The problems of one step's `deadline`: a period (days or months) counted from an event, or none; always a provision."""
    if not isinstance(deadline, dict):
        return [(where, "deadline: must be a mapping {days|months, count, from, provision} or {none: true, provision}")]
    problems = [
        (f"{where}.{key}", f"deadline: unknown key '{key}' (a deadline has {', '.join(DEADLINE_KEYS)})") for key in deadline if key not in DEADLINE_KEYS
    ]
    if not _is_provision_id(deadline.get("provision")):
        problems.append(
            (
                f"{where}.provision" if "provision" in deadline else where,
                "deadline: needs 'provision', the full id of the provision that sets it (act-id/provision-id)",
            )
        )
    if "none" in deadline:
        if deadline["none"] is not True:
            problems.append((f"{where}.none", "deadline: 'none' must be true (the law sets no deadline)"))
        extra = [k for k in ("days", "months", "count", "from") if k in deadline]
        if extra:
            problems.append((where, f"deadline: 'none: true' cannot have {', '.join(extra)}"))
        return problems
    periods = [k for k in ("days", "months") if k in deadline]
    if len(periods) != 1:
        problems.append((where, "deadline: give exactly one of 'days' or 'months' (or 'none: true' when the law sets no deadline)"))
    for key in periods:
        if not _positive(deadline[key]):
            problems.append((f"{where}.{key}", f"deadline: {key} must be a whole number above 0"))
    if "days" in deadline and deadline.get("count") not in COUNTS:
        problems.append((f"{where}.count" if "count" in deadline else where, f"deadline: 'count' must be one of: {', '.join(COUNTS)}"))
    if "months" in deadline and deadline.get("count", "calendar") != "calendar":
        problems.append((f"{where}.count", "deadline: months are counted as calendar months: leave out 'count'"))
    if not _text(deadline.get("from")):
        problems.append(
            (
                f"{where}.from" if "from" in deadline else where,
                "deadline: needs 'from', the event the period runs from (e.g. the day the order was handed over)",
            )
        )
    return problems


def check_step(step: Any, index: int, addressees: set[str]) -> list[Problem]:
    """The problems of one step, each with where it is."""
    where = str(index)
    if not isinstance(step, dict):
        return [(where, f"step {index + 1}: must be a mapping with title, addressee, how, attach, grounds, deadline")]
    problems = [(f"{where}.{key}", f"step {index + 1}: unknown key '{key}' (a step has {', '.join(STEP_KEYS)})") for key in step if key not in STEP_KEYS]
    if not _text(step.get("title")):
        problems.append((f"{where}.title" if "title" in step else where, f"step {index + 1}: needs a 'title'"))
    addressee = step.get("addressee")
    if addressee not in addressees:
        problems.append(
            (f"{where}.addressee" if "addressee" in step else where, f"step {index + 1}: addressee {addressee!r} is not a key of 'service_kinds' in vocab.yaml")
        )
    for j, how in enumerate(step.get("how") or []):
        if how not in HOW:
            problems.append((f"{where}.how.{j}", f"step {index + 1}: how: {how!r} is not one of: {', '.join(HOW)}"))
    if "how" in step and not isinstance(step["how"], list):
        problems.append((f"{where}.how", f"step {index + 1}: how must be a list such as [in-writing, e-otinish]"))
    if "attach" in step and not (isinstance(step["attach"], list) and all(_text(a) for a in step["attach"])):
        problems.append((f"{where}.attach", f"step {index + 1}: attach must be a list of documents (text)"))
    grounds = step.get("grounds", [])
    if not isinstance(grounds, list):
        problems.append((f"{where}.grounds", f"step {index + 1}: grounds must be a list of provision ids (act-id/provision-id)"))
    else:
        problems += [
            (f"{where}.grounds.{j}", f"step {index + 1}: grounds: {ref!r} is not a provision id (act-id/provision-id)")
            for j, ref in enumerate(grounds)
            if not _is_provision_id(ref)
        ]
    if "letter" in step and not (isinstance(step["letter"], str) and ID_RE.match(step["letter"])):
        problems.append((f"{where}.letter", f"step {index + 1}: letter must be the id of a letter template"))
    if "note" in step and not _text(step["note"]):
        problems.append((f"{where}.note", f"step {index + 1}: note must be non-empty text"))
    if "deadline" in step:
        problems += [(w, f"step {index + 1}: {m}") for w, m in check_deadline(step["deadline"], f"{where}.deadline")]
    return problems


def check_steps(value: Any, addressees: set[str]) -> list[Problem]:
    """Every problem of a `steps` list (empty when it is valid)."""
    if not isinstance(value, list) or not value:
        return [("", "must be a non-empty list of steps, each {title, addressee, how, attach, grounds, deadline}")]
    return [problem for i, step in enumerate(value) for problem in check_step(step, i, addressees)]


def dangling(steps: list[dict[str, Any]], provisions: set[str], checked_acts: set[str], letters: set[str]) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The steps without references to missing provisions or letters, and without deadlines on unchecked acts; and the problems.

    A missing ground or letter is dropped; a deadline whose provision is missing, or whose act
    was never compared with the official text, is dropped from the step (the step stays).
    """
    kept_steps, problems = [], []
    for i, step in enumerate(steps):
        step = dict(step)
        grounds = []
        for j, ref in enumerate(step.get("grounds", [])):
            if ref in provisions:
                grounds.append(ref)
            else:
                problems.append((f"{i}.grounds.{j}", f"step {i + 1}: grounds: no provision '{ref}'"))
        if "grounds" in step:
            step["grounds"] = grounds
        if "letter" in step and step["letter"] not in letters:
            problems.append((f"{i}.letter", f"step {i + 1}: letter: no letter template '{step['letter']}'"))
            del step["letter"]
        deadline = step.get("deadline")
        if deadline:
            ref = deadline["provision"]
            if ref not in provisions:
                problems.append((f"{i}.deadline.provision", f"step {i + 1}: deadline: no provision '{ref}'"))
                del step["deadline"]
            elif ref.split("/")[0] not in checked_acts:
                act = ref.split("/")[0]
                message = f"step {i + 1}: deadline: the act '{act}' was never compared with the official text (no 'checked'): "
                problems.append((f"{i}.deadline.provision", message + "a deadline must rest on a checked act"))
                del step["deadline"]
        kept_steps.append(step)
    return kept_steps, problems
