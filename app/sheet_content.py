"""What may go on a referral sheet, which is handed to the client (issue 11).

Three rules hold for everything here: nothing the REActor typed (only entry
ids are taken in), no repealed law presented as the client's right (a repealed
norm is only ever the history of the in-force norm that replaced it: the
provision its act's `replacements` maps it to, else the act named by
`replaced_by`), and no
other client named (a case is told as "a similar case in <city>, <year>:
<outcome>", referred to by an opaque reference, never by its title or id).
Internal entries never come in: everything is read from the public catalog.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from indexer.catalog import Catalog

Row = dict[str, Any]
# Cases worth showing a client as "what helped": the others (unknown, pending, not resolved) are left out.
SHOWN_OUTCOMES = ("resolved", "partly-resolved")
# How far a chain of `replaced_by` is followed (an act replaced by an act itself since replaced …).
MAX_REPLACEMENTS = 5


@dataclass
class Norm:
    """A provision or a whole act, as the sheet shows it: in the best language version available."""

    ref: str  # full provision id (`kz-health-code/art-76-p-2`) or act id (`kz-social-code`)
    lang: str
    citation: str
    text: str  # the entry's own summary: the provision's text, or the act's summary
    status: str
    valid_from: str | None
    valid_until: str | None
    act_id: str
    successors: list[str] = field(default_factory=list)  # a repealed provision's replacements (the act's `replacements`)
    # The date of a newer edition of the law in which this norm's article changed (or may have: history not read),
    # or of any newer edition for a whole act: the sheet then cautions the client not to take it as settled.
    law_changed: str | None = None

    @property
    def is_act(self) -> bool:
        return "/" not in self.ref


@dataclass
class NormGroup:
    """An in-force (or not yet in force) norm with the repealed norms it replaced, shown as history only."""

    current: Norm
    history: list[Norm] = field(default_factory=list)


def _act_norm(act: Row) -> Norm:
    changed = (act.get("edition_change") or {}).get("edition")
    return Norm(
        act["id"], act["lang"], act["title"], act.get("summary_text") or "", act["status"], act.get("valid_from"), act.get("valid_until"), act["id"],
        law_changed=changed,
    )


def find_norm(catalog: Catalog, ref: str, lang: str) -> Norm | None:
    """The provision (`act/local`) or act (`act`) named by `ref` in `lang` (else the fallback language), or None."""
    act_id, _, local_id = ref.partition("/")
    if not local_id:
        act = catalog.act(act_id, lang)
        return _act_norm(act) if act else None
    provision = catalog.provision(act_id, local_id, lang)
    if provision is None:
        return None
    act = provision["act"]
    successors = json.loads(provision["replaced_by"]) if provision.get("replaced_by") else []
    changed = provision["edition_change"]["edition"] if provision.get("article_change") in ("changed", "added", "removed", "unknown") else None
    return Norm(
        ref, provision["lang"], provision["citation"], provision["text"], provision["status"], act.get("valid_from"), act.get("valid_until"), act_id,
        successors, changed,
    )


def _replacing_provisions(catalog: Catalog, norm: Norm, lang: str) -> list[Norm]:
    """The provisions in force that replaced a repealed one (its act's `replacements`, followed while they are repealed too)."""
    found: list[Norm] = []
    todo, seen = list(norm.successors), {norm.ref}
    while todo and len(seen) <= MAX_REPLACEMENTS * 4:
        ref = todo.pop(0)
        successor = find_norm(catalog, ref, lang) if ref not in seen else None
        seen.add(ref)
        if successor is None:
            continue
        if successor.status == "repealed":
            todo += successor.successors
        else:
            found.append(successor)
    return found


def _replacing_act(catalog: Catalog, norm: Norm, lang: str) -> Norm | None:
    """The act in force that replaced a repealed norm's act (`replaced_by`, followed while it leads to repealed acts)."""
    act_id, seen = norm.act_id, {norm.act_id}
    for _ in range(MAX_REPLACEMENTS):
        act = catalog.act(act_id, lang)
        replacement_id = act.get("replaced_by") if act else None
        if not replacement_id or replacement_id in seen:
            return None
        replacement = catalog.act(replacement_id, lang)
        if replacement is None:
            return None
        if replacement["status"] != "repealed":
            return _act_norm(replacement)
        act_id = replacement_id
        seen.add(act_id)
    return None


def in_force_replacements(catalog: Catalog, norm: Norm, lang: str) -> list[Norm]:
    """What is in force now in place of a repealed norm: the provisions mapped to it, else the act that replaced its act.

    Empty when the knowledge base names neither: such a norm is never offered.
    """
    provisions = _replacing_provisions(catalog, norm, lang)
    if provisions:
        return provisions
    act = _replacing_act(catalog, norm, lang)
    return [act] if act else []


def norm_groups(catalog: Catalog, refs: Iterable[str], lang: str) -> tuple[list[NormGroup], int]:
    """The norms offered for a sheet, in the order given: each repealed one moved under its (first) in-force replacement.

    Returns the groups and how many repealed norms were left out because nothing in force replaces them.
    """
    groups: dict[str, NormGroup] = {}
    left_out = 0
    for ref in dict.fromkeys(refs):
        norm = find_norm(catalog, ref, lang)
        if norm is None:
            continue
        if norm.status != "repealed":
            groups.setdefault(norm.ref, NormGroup(norm))
            continue
        replacements = in_force_replacements(catalog, norm, lang)
        if not replacements:
            left_out += 1
            continue
        for replacement in replacements:
            groups.setdefault(replacement.ref, NormGroup(replacement))
        history = groups[replacements[0].ref].history
        if norm.ref not in {h.ref for h in history}:
            history.append(norm)
    return list(groups.values()), left_out


def chosen_norms(catalog: Catalog, refs: Iterable[str], history_refs: Iterable[str], lang: str) -> list[NormGroup]:
    """The norms of a sheet: `refs` that are not repealed, each with the chosen repealed norms it replaced.

    A repealed norm given as a right is dropped, and a history entry none of
    whose replacements is on the sheet is dropped too: however the address is
    edited, repealed law appears only as the history of a norm in force.
    """
    groups: dict[str, NormGroup] = {}
    for ref in dict.fromkeys(refs):
        norm = find_norm(catalog, ref, lang)
        if norm is not None and norm.status != "repealed":
            groups.setdefault(norm.ref, NormGroup(norm))
    for ref in dict.fromkeys(history_refs):
        norm = find_norm(catalog, ref, lang)
        if norm is None or norm.status != "repealed":
            continue
        shown = [r.ref for r in in_force_replacements(catalog, norm, lang) if r.ref in groups]
        if shown:
            groups[shown[0]].history.append(norm)
    return list(groups.values())


def case_ref(case_id: str) -> str:
    """The reference a sheet uses for a case: its id names a person (`damir-…`), so the sheet shows a digest instead."""
    return hashlib.sha256(case_id.encode()).hexdigest()[:12]


def offered_cases(catalog: Catalog, ids: Iterable[str], lang: str) -> tuple[list[Row], int]:
    """The cases worth showing a client (resolved first, then partly resolved), in the order given; and how many were left out."""
    wanted = list(dict.fromkeys(ids))
    by_id = {case["id"]: case for case in catalog.cases(lang, ids=wanted)}
    found = [by_id[i] for i in wanted if i in by_id]
    shown = [case for case in found if case["outcome"] in SHOWN_OUTCOMES]
    shown.sort(key=lambda case: SHOWN_OUTCOMES.index(case["outcome"]))
    for case in shown:
        case["ref"] = case_ref(case["id"])
    return shown, len(found) - len(shown)


def cases_by_ref(catalog: Catalog, refs: Iterable[str], lang: str) -> list[Row]:
    """The cases a sheet's address names by reference, as `offered_cases` gives them."""
    wanted = set(refs)
    ids = [case_id for case_id in catalog.case_ids() if case_ref(case_id) in wanted]
    return offered_cases(catalog, ids, lang)[0]


def contacts(catalog: Catalog, ids: Iterable[str], city: str | None, lang: str) -> list[Row]:
    """The services named, the client's city first, otherwise in the order given."""
    wanted = list(dict.fromkeys(ids))
    by_id = {service["id"]: service for service in catalog.services(lang, ids=wanted)}
    found = [by_id[i] for i in wanted if i in by_id]
    return sorted(found, key=lambda service: service["city"] != city) if city else found


def next_steps(catalog: Catalog, ids: Iterable[str], lang: str, limit: int) -> list[Row]:
    """The first `limit` escalation ladders named, in the order given, each in `lang` or its fallback language.

    The sheet prints a step's title, addressee, how, what to attach and its deadline
    with the provision that sets it; a step's `note` is for REActors and never printed.
    A deadline set by a repealed provision is dropped (the step then says to check
    with a lawyer): repealed law never reaches the client as a rule that applies.
    """
    ladders = [ladder for remedy_id in list(dict.fromkeys(ids))[:limit] if (ladder := catalog.remedy(remedy_id, lang))]
    for ladder in ladders:
        for step in ladder["steps"]:
            if step.get("deadline_row") and step["deadline_row"]["status"] == "repealed":
                step["deadline"] = step["deadline_row"] = None
    return ladders

