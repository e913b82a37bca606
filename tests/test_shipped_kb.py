"""The knowledge base we ship: it checks clean, holds what REActors need, and ranks well."""

import re

from conftest import REPO, ids
from test_cli import kb

from indexer.search import SearchEngine
from indexer.validate import names_person

KB = REPO / "kb"
# kb/judgements.yaml (154 queries, 2026-12-06): overall nDCG@10 0.81, held-out 0.75 when these floors were set.
MIN_NDCG = 0.80
# The held-out split (queries no ranking change was tuned on) has its own floor.
MIN_HELDOUT_NDCG = 0.74


def test_shipped_kb_has_no_errors(shipped_loaded):
    kb, problems = shipped_loaded
    assert [str(p) for p in problems.errors] == []


def test_shipped_kb_covers_the_content_contract(shipped_loaded):
    kb, _ = shipped_loaded
    acts = kb.of_kind("act")
    provisions = {p.full_id for a in acts for p in a.provisions}
    assert len(provisions) >= 60
    langs = {}
    for act in acts:
        langs.setdefault(act.id, set()).add(act.lang)
    assert all({"ru", "en"} <= found for found in langs.values()), langs
    for act_id in ("kz-constitution-1995", "kz-health-code", "kz-labour-code"):
        assert "kk" in langs[act_id]
    assert len({e.id for e in kb.of_kind("case")}) >= 12
    assert len({e.id for e in kb.of_kind("service")}) >= 20
    assert len(kb.thesaurus) >= 80
    old = next(a for a in acts if a.id == "kz-constitution-1995")
    assert (old.meta["status"], old.meta["valid_until"], old.meta["replaced_by"]) == ("repealed", "2026-06-30", "kz-constitution-2026")


def test_the_resocialization_example_finds_norm_case_and_ombudsman(shipped_data):
    engine = SearchEngine(shipped_data)
    result = engine.search("HIV refusal resocialization", city="ust-kamenogorsk")
    engine.close()
    assert "kz-order-379/p-30-sp-2" in ids(result["norms"])[:3]
    assert ids(result["cases"])[0] == "damir-resocialisation-refusal"
    assert {"ombudsman-rep-east-kazakhstan", "ombudsman-kz"} & set(ids(result["services"])[:5])


def test_judgements_meet_the_ndcg_floor(shipped_data):
    # `kb eval` in this process through click's runner (test_cli runs it as a real process).
    result = kb("eval", str(KB / "judgements.yaml"), "--min-ndcg", str(MIN_NDCG), data=shipped_data, kb_dir=KB)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    heldout = next(line for line in result.stdout.splitlines() if line.startswith("split:heldout"))
    assert float(heldout.split()[-1]) >= MIN_HELDOUT_NDCG, heldout


# Issue 12: provision summaries go to clients. Remarks an editor left in them, in any language of the kb.
EDITORIAL_PHRASES = (
    "не найден", "не найдена", "своими словами", "не подтвержд", "не прочитан", "по проекту", "номер по проекту",
    "сверить с официальным", "draft numbering", "under the draft", "not found", "not confirmed", "paraphrased",
    "check against the official", "not read", "жоба бойынша", "жоба", "расталмаған", "табылмады", "өз сөзімізбен",
)


def summaries(kb):
    """(path, what, text) of every act summary and provision summary of the shipped kb."""
    for act in kb.of_kind("act"):
        yield act.path, "summary", act.text
        for provision in act.provisions:
            yield act.path, provision.local_id, f"{provision.title} {provision.text}"


def test_no_summary_holds_an_editorial_note(shipped_loaded):
    kb, _ = shipped_loaded
    found = [(path, what, phrase) for path, what, text in summaries(kb) for phrase in EDITORIAL_PHRASES if phrase in text.casefold()]
    assert found == [], "move these remarks into the act's `note`/`notes`"


def test_no_summary_names_a_person_of_a_case(shipped_loaded):
    kb, problems = shipped_loaded
    persons = {p for case in kb.of_kind("case") for p in case.meta.get("persons", [])}
    assert {"Амина", "Amina", "Дамир", "Damir", "Данара", "Danara"} <= persons
    found = [
        (path, what, word)
        for path, what, text in summaries(kb)
        for word in re.findall(r"\w+", text)
        if word[0].isupper() and any(names_person(word, person) for person in persons)
    ]
    assert found == []
    assert [str(p) for p in problems if p.code == "names-person"] == []


def test_every_case_cites_only_provisions_that_exist(shipped_loaded):
    from indexer.frontmatter import parse

    kb, _ = shipped_loaded
    provisions = {p.full_id for act in kb.of_kind("act") for p in act.provisions}
    acts = {act.id for act in kb.of_kind("act")}
    dangling = []
    for path in sorted((KB / "cases").glob("*.md")):
        for ref in parse(path.read_text(encoding="utf-8")).meta.get("norms", []):
            if ref not in (provisions if "/" in ref else acts):
                dangling.append((path.name, ref))
    assert dangling == []
