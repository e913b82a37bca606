"""Remedies (escalation ladders): validation with lines, the search's `remedies` list, the pages, the shipped ladders."""

import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import REPO

from indexer.load import load_kb
from indexer.search import SearchEngine

GOOD = """---
id: test-ladder
title: Test ladder
lang: en
violations: [dismissal]
checked: 2026-12-06
steps:
  - title: Complain to the commission
    addressee: employer
    how: [in-writing]
    grounds: [kz-labour-code/art-159-p-1]
    deadline: {months: 1, from: the day the order was handed over, provision: kz-labour-code/art-160}
---
When to use it.
"""


UNCHECKED_ACT = """---
id: test-unchecked-memo
title: A memo never compared with the official text
kind: other
jurisdiction: KZ
lang: en
source_url: https://example.org/memo
---
A memo.

## Paragraph 1. A time limit

Ten days, it says.
"""

# The ladder of each validation test below, by name: GOOD or GOOD with one kind of mistake.
LADDERS = {
    "valid": GOOD,
    "deadline-without-provision": GOOD.replace(", provision: kz-labour-code/art-160}", "}"),
    "missing-provision": GOOD.replace("provision: kz-labour-code/art-160", "provision: kz-labour-code/art-999"),
    "unchecked-act": GOOD.replace("provision: kz-labour-code/art-160", "provision: test-unchecked-memo/p-1"),
    "missing-letter": GOOD.replace("    how: [in-writing]\n", "    how: [in-writing]\n    letter: complaint-to-nobody\n"),
    "bad-against": GOOD.replace("checked: 2026-12-06\n", "against: [police, cops]\nchecked: 2026-12-06\n"),
    "bad-values": GOOD.replace("addressee: employer", "addressee: boss")
    .replace("how: [in-writing]", "how: [pigeon]")
    .replace("grounds: [kz-labour-code/art-159-p-1]", "grounds: [kz-labour-code/art-404]")
    .replace("months: 1,", "days: 0, count: weekly,"),
}


@pytest.fixture(scope="module")
def shipped_with_ladders(tmp_path_factory):
    """A copy of the shipped kb with every ladder of LADDERS (as remedies/test-ladder-NAME.en.md, id test-ladder-NAME)
    and the unchecked act one of them cites, loaded once: (kb, problems).

    The loader checks each file on its own (a bad file never stops the others), so each test reads the problems
    of its own ladder; one load of the whole shipped kb instead of one per test."""
    kb = tmp_path_factory.mktemp("remedies") / "kb"
    shutil.copytree(REPO / "kb", kb)
    (kb / "laws" / "test-unchecked-memo.en.md").write_text(UNCHECKED_ACT, encoding="utf-8")
    for name, text in LADDERS.items():
        assert text != GOOD or name == "valid", f"the ladder {name!r} changes nothing"
        (kb / "remedies" / f"test-ladder-{name}.en.md").write_text(text.replace("id: test-ladder\n", f"id: test-ladder-{name}\n"), encoding="utf-8")
    return load_kb(kb)


def ladder_and_errors(loaded, name: str):
    """The ladder `name` of LADDERS as loaded (None if left out) and the errors reported for its file, as "line: code: message"."""
    kb, problems = loaded
    path = f"remedies/test-ladder-{name}.en.md"
    ladder = next((e for e in kb.of_kind("remedy") if e.id == f"test-ladder-{name}"), None)
    return ladder, [f"{p.line}: {p.code}: {p.message}" for p in problems if p.path.endswith(path) and p.is_error]


def test_a_valid_ladder_loads(shipped_with_ladders):
    ladder, found = ladder_and_errors(shipped_with_ladders, "valid")
    assert not found
    assert ladder is not None


def test_a_deadline_without_provision_is_reported_at_its_line(shipped_with_ladders):
    _, found = ladder_and_errors(shipped_with_ladders, "deadline-without-provision")
    assert any(line.startswith("12: ") and "needs 'provision'" in line for line in found), found


def test_a_missing_provision_is_reported_at_its_line_and_the_deadline_dropped(shipped_with_ladders):
    ladder, found = ladder_and_errors(shipped_with_ladders, "missing-provision")
    assert any(line.startswith("12: dangling-reference") and "no provision 'kz-labour-code/art-999'" in line for line in found), found
    assert "deadline" not in ladder.meta["steps"][0]


def test_a_deadline_on_an_unchecked_act_is_refused(shipped_with_ladders):
    _, found = ladder_and_errors(shipped_with_ladders, "unchecked-act")
    assert any(line.startswith("12: ") and "never compared with the official text" in line for line in found), found


def test_a_step_letter_that_does_not_exist_is_reported_at_its_line_and_dropped(shipped_with_ladders):
    ladder, found = ladder_and_errors(shipped_with_ladders, "missing-letter")
    assert any(line.startswith("11: dangling-reference") and "no letter template 'complaint-to-nobody'" in line for line in found), found
    assert "letter" not in ladder.meta["steps"][0] and ladder.meta["steps"][0]["deadline"]


def test_bad_values_each_with_their_line(shipped_with_ladders):
    _, found = ladder_and_errors(shipped_with_ladders, "bad-values")
    assert any(line.startswith("9: ") and "'boss'" in line for line in found), found
    assert any(line.startswith("10: ") and "'pigeon'" in line for line in found), found
    assert any(line.startswith("12: ") and "days must be a whole number above 0" in line for line in found), found
    assert any(line.startswith("12: ") and "'count' must be one of" in line for line in found), found


def test_against_names_service_kinds_at_its_line(shipped_with_ladders):
    _, found = ladder_and_errors(shipped_with_ladders, "bad-against")
    assert any(line.startswith("6: ") and "'cops'" in line for line in found), found


@pytest.fixture(scope="module")
def shipped(shipped_data, catalogs):
    from app import create_app

    data = shipped_data
    app = create_app({"TESTING": True, "DATA_DIR": str(data), "KB_DIR": str(REPO / "kb")})
    yield app, SearchEngine(data)
    app.extensions["kb_engine"].close()


@pytest.mark.parametrize("query", ["уволили из-за ВИЧ", "fired because of HIV", "жұмыстан шығарды"])
def test_a_query_about_dismissal_returns_the_dismissal_ladder_first(shipped, query):
    app, engine = shipped
    remedies = engine.search(query, lang="ru")["remedies"]
    assert remedies and remedies[0]["id"] == "dismissal", remedies
    assert "dismissal" in remedies[0]["violations"]
    assert app.test_client().get(f"/api/search?q={query}&lang=ru").get_json()["remedies"][0]["url"] == "/remedies/dismissal"


def test_search_page_shows_next_steps_with_the_first_deadline(shipped):
    app, _ = shipped
    page = BeautifulSoup(app.test_client().get("/search?q=уволили+из-за+ВИЧ&lang=ru").text, "html.parser")
    section = page.find("section", id="remedies")
    assert section.find("article", attrs={"data-id": "dismissal"})
    assert "1 месяц" in section.get_text()


def test_remedy_page_without_a_date_shows_the_steps_and_provisions(shipped):
    app, _ = shipped
    response = app.test_client().get("/remedies/dismissal?lang=ru")
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    steps = page.select("ol.ladder > li")
    assert len(steps) == 3
    assert steps[0].find("a", href="/laws/kz-labour-code/art-160")
    assert not page.select(".last-day")


def test_a_step_with_a_letter_opens_that_letter_for_the_clients_city(shipped):
    app, _ = shipped
    client = app.test_client()
    page = BeautifulSoup(client.get("/remedies/police-abuse?lang=ru&city=almaty").text, "html.parser")
    first = page.select("ol.ladder > li")[0]
    link = first.select_one(".write-letter a")
    assert link["href"].startswith("/letters/complaint-prosecutor?") and "city=almaty" in link["href"]
    form = BeautifulSoup(client.get(link["href"]).text, "html.parser")
    assert form.find("form") and "прокурат" in form.get_text().lower()


def test_remedy_page_with_a_date_computes_each_last_day(shipped):
    app, _ = shipped
    page = BeautifulSoup(app.test_client().get("/remedies/dismissal?lang=en&date=2025-10-15").text, "html.parser")
    days = [node.get_text() for node in page.select(".last-day")]
    # 1 month: 15 November 2025 is a Saturday -> Monday 17 November (Civil Code arts. 174-175).
    assert "November 17, 2025" in days[0], days


def test_remedy_page_says_plainly_when_the_date_is_not_a_date(shipped):
    app, _ = shipped
    response = app.test_client().get("/remedies/dismissal?lang=en&date=2025-02-30")
    assert response.status_code == 200 and "YYYY-MM-DD" in response.text
    assert app.test_client().get("/remedies/no-such-ladder").status_code == 404


def test_remedies_index_lists_every_ladder(shipped):
    app, _ = shipped
    page = BeautifulSoup(app.test_client().get("/remedies?lang=kk").text, "html.parser")
    assert len(page.select("ul.entries li[data-id]")) >= 10


def test_every_shipped_deadline_rests_on_a_provision_of_a_checked_act(shipped_loaded):
    kb, problems = shipped_loaded
    assert not [p for p in problems if "remedies/" in p.path and p.is_error]
    acts = {}
    for act in kb.of_kind("act"):
        acts.setdefault(act.id, []).append(act)
    provisions = {p.full_id for versions in acts.values() for a in versions for p in a.provisions}
    ladders = kb.of_kind("remedy")
    assert len({e.id for e in ladders}) >= 10 and {e.lang for e in ladders} >= {"ru", "kk"}
    for ladder in ladders:
        for step in ladder.meta["steps"]:
            deadline = step.get("deadline")
            if deadline:
                assert deadline["provision"] in provisions
                assert all("checked" in v.meta for v in acts[deadline["provision"].split("/")[0]])
            else:
                assert step.get("note"), f"{ladder.path}: a step without a deadline must say why in its note"


@pytest.mark.parametrize("query", ["менты избили", "police beat me up", "полиция вымогает деньги"])
def test_police_violence_sends_the_client_to_the_prosecutor_before_the_police(shipped, query):
    # The police-abuse ladder leads; its first step goes to the prosecutor, and it names the police as the kind
    # the violation comes from (`against`). Police 102 was the first contact for all three.
    _, engine = shipped
    result = engine.search(query)
    assert result["remedies"][0]["id"] == "police-abuse"
    services = [h["id"] for h in result["services"]]
    assert services[0] != "police-102", services
    assert services.index("prosecutor-call-centre-115") < services.index("police-102"), services


def test_the_police_line_stays_listed_when_the_client_asks_for_the_police(shipped):
    # The same ladder leads "call the police": the police line is kept, just after the prosecutor's.
    _, engine = shipped
    services = [h["id"] for h in engine.search("call the police")["services"]]
    assert "police-102" in services[:5], services
