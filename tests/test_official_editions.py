"""Noticing that the law changed (issue 15, item 5): editions newer than `official_version`, changed articles, statuses.

The corpus is a git repository the tests make from tests/fixtures/official (tests/official_history.py):
commit 1 is edition A of act 9001 (2026-01-15), commit 2 edition B (2026-03-01), in which article 14
(summarised in the linked kb) and article 2 (official-only) changed and article 22-1 was added.
Everything runs the real reader, real git, the `kb` command, a real build (SQLite, whoosh) and the Flask app.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, page
from official_history import ACT, CORPUS, EDITION_A, EDITION_B, git, make_history
from test_official import NEW_CONSTITUTION, kb_in_process, link_corpus

from indexer.build import build
from indexer.load import load_kb
from indexer.official import read_act
from indexer.official_editions import EditionCache, compare
from indexer.official_layer import OfficialLayer, official_layer
from indexer.problems import Problems

ACT_FILE = f"laws/{NEW_CONSTITUTION}.ru.md"
# The act that made edition B, as tests/fixtures/official's meta.yaml names it (`caused_by`).
AMENDED_BY = "Тестовый закон от 20 февраля 2026 года № 1-T о поправках к тестовому основному закону"


def checked_against(kb: Path, edition: str) -> int:
    """Say the 2026 constitution's summaries were checked against `edition`; return the official_version line."""
    path = kb / ACT_FILE
    text = path.read_text(encoding="utf-8").replace("official: '9001'\n", f"official: '9001'\nchecked: 2026-01-20\nofficial_version: {edition}\n")
    path.write_text(text, encoding="utf-8")
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("official_version:"))


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    return make_history(tmp_path_factory.mktemp("history") / "corpus")


@pytest.fixture(scope="module")
def checked_kb(tmp_path_factory) -> tuple[Path, int]:
    kb = tmp_path_factory.mktemp("editions-kb") / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    link_corpus(kb)
    return kb, checked_against(kb, EDITION_A)


def newer_warnings(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if "warning[official-newer]" in line]


# -- comparing editions -------------------------------------------------------------------------


def test_the_articles_that_changed_were_added_or_removed_are_found_in_the_history(history: Path):
    act = read_act(history / ACT)
    change = compare(act, EDITION_A)
    assert (change.edition, change.compared, change.unavailable) == (EDITION_B, EDITION_A, "")
    assert (change.changed, change.added, change.removed) == (["art-2", "art-14"], ["art-22-1"], [])
    # A date between the editions was checked against the edition in force then: edition A.
    assert compare(act, "2026-02-10").compared == EDITION_A
    # Older than any edition in the history: nothing to compare with, and it says so.
    older = compare(act, "2020-01-01")
    assert older.changed == [] and older.unavailable == f"the history of {history} has no edition of 2020-01-01 or older"


def test_the_older_edition_is_found_where_the_act_was_before_the_corpus_moved_it(tmp_path: Path):
    corpus = make_history(tmp_path / "corpus", first_folder=Path("codes") / "2026" / "0115-constitution")
    assert not (corpus / "codes" / "2026" / "0115-constitution").exists()
    change = compare(read_act(corpus / ACT), EDITION_A)
    assert (change.compared, change.changed, change.added, change.unavailable) == (EDITION_A, ["art-2", "art-14"], ["art-22-1"], "")


def test_a_comparison_is_kept_and_git_is_not_run_again_until_the_act_changes(history: Path, tmp_path: Path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(history, corpus)
    cache = tmp_path / "editions.json"
    first = EditionCache(cache)
    assert first.change(read_act(corpus / ACT), EDITION_A).changed == ["art-2", "art-14"]
    first.save()
    # Without git on the PATH, the kept comparison is all there is: it is used.
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    assert EditionCache(cache).change(read_act(corpus / ACT), EDITION_A).changed == ["art-2", "art-14"]
    monkeypatch.undo()
    # A new edition (a new commit of the act's folder) is compared again.
    text = corpus / ACT / "rus" / "sec002.md"
    text.write_text(text.read_text(encoding="utf-8").replace("через трое суток", "через двое суток"), encoding="utf-8")
    git(corpus, "commit", "-qam", "edition C")
    again = EditionCache(cache).change(read_act(corpus / ACT), EDITION_A)
    assert again.changed == ["art-2", "art-14", "art-16"]


# -- kb check -----------------------------------------------------------------------------------


def test_check_warns_of_a_newer_edition_at_the_official_version_line_naming_changed_summaries_first(checked_kb, history: Path, tmp_path: Path):
    kb, line = checked_kb
    result = kb_in_process("--data", str(tmp_path), "check", "--official", str(history), "--list", "official-newer", kb_dir=kb)
    assert newer_warnings(result) == [
        f"{kb / ACT_FILE}:{line}: warning[official-newer]: {NEW_CONSTITUTION}: the corpus has the edition of {EDITION_B} "
        f"(amended by {AMENDED_BY}), our summaries were checked against {EDITION_A}; changed articles with summaries: 14; other changed: 2; added: 22-1"
    ]
    # Checked against the newest edition: nothing to say.
    current = tmp_path / "current-kb"
    shutil.copytree(FIXTURE_KB, current)
    link_corpus(current)
    checked_against(current, EDITION_B)
    assert newer_warnings(kb_in_process("--data", str(tmp_path), "check", "--official", str(history), "--list", "official-newer", kb_dir=current)) == []


def test_a_shallow_clone_still_warns_of_the_newer_edition_and_says_to_clone_without_depth(checked_kb, history: Path, tmp_path: Path):
    kb, line = checked_kb
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{history}", str(shallow)], check=True, capture_output=True)
    result = kb_in_process("--data", str(tmp_path), "check", "--official", str(shallow), "--list", "official-newer", kb_dir=kb)
    assert newer_warnings(result) == [
        f"{kb / ACT_FILE}:{line}: warning[official-newer]: {NEW_CONSTITUTION}: the corpus has the edition of {EDITION_B} "
        f"(amended by {AMENDED_BY}), our summaries were checked against {EDITION_A}; the changed articles cannot be named: "
        f"{shallow} is a shallow clone: history not available, clone without --depth"
    ]


def test_a_corpus_that_is_no_clone_or_a_machine_without_git_gets_a_clear_message_not_a_traceback(checked_kb, history: Path, tmp_path: Path):
    kb, _ = checked_kb
    copy = tmp_path / "plain"
    shutil.copytree(CORPUS, copy)  # edition B without any history
    result = kb_in_process("--data", str(tmp_path), "check", "--official", str(copy), "--list", "official-newer", kb_dir=kb)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert newer_warnings(result)[0].endswith(
        f"the changed articles cannot be named: {copy / ACT} is not in a git clone: history not available, clone the corpus with git, without --depth")
    no_git = kb_in_process("--data", str(tmp_path / "fresh"), "check", "--official", str(history), "--list", "official-newer",
                        kb_dir=kb, env={"PATH": str(tmp_path / "no-programs")})
    assert no_git.returncode == 0 and "Traceback" not in no_git.stderr
    assert newer_warnings(no_git)[0].endswith("the changed articles cannot be named: git is not installed: history not available")


def test_status_mismatches_are_reported_both_ways_with_dates(tmp_path: Path):
    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    link_corpus(kb)
    # In force here, ceased in the corpus: the 2026 constitution linked to the old act 9002.
    new = kb / ACT_FILE
    new.write_text(new.read_text(encoding="utf-8").replace("official: '9001'", "official: '9002'"), encoding="utf-8")
    # Repealed here (until 2026-06-30), in force in the corpus: the old constitution linked to act 9001.
    old = kb / "laws" / "test-constitution.ru.md"
    old.write_text(old.read_text(encoding="utf-8").replace("official: 9002", "official: '9001'"), encoding="utf-8")
    result = kb_in_process("--data", str(tmp_path), "check", "--official", str(CORPUS), "--list", "official-status", kb_dir=kb)
    lines = sorted(line for line in result.stderr.splitlines() if "warning[official-status]" in line)
    new_line = next(n for n, text in enumerate(new.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("official:"))
    old_line = next(n for n, text in enumerate(old.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("status:"))
    assert lines == [
        f"{kb}/laws/test-constitution-2026.ru.md:{new_line}: warning[official-status]: the corpus says act '9002' ceased to apply "
        "(\"Тестовый закон от 1 марта 1999 года. Утратил силу с 1 июля 2026 года в связи с принятием тестового основного закона\"; "
        "its edition of 2020-05-05), but this act is in force here: set status: repealed and valid_until, or link the act in force",
        f"{kb}/laws/test-constitution.ru.md:{old_line}: warning[official-status]: this act is repealed here (valid until 2026-06-30), "
        "but the corpus's edition of 2026-03-01 of act '9001' does not say it ceased to apply: check the status here, or link the act that replaced it",
    ]


def test_each_language_file_is_compared_against_its_own_official_version_even_without_the_link(history: Path, tmp_path: Path):
    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    link_corpus(kb)  # the old constitution's Russian file links act 9002 (edition of 2020-05-05); its Kazakh file does not
    kk = kb / "laws" / "test-constitution.kk.md"
    kk.write_text(kk.read_text(encoding="utf-8").replace("\n---\n", "\nofficial_version: 2019-01-01\n---\n", 1), encoding="utf-8")
    loaded, problems = load_kb(kb)
    official_layer(loaded.of_kind("act"), [history], problems)
    newer = [p for p in problems if p.code == "official-newer"]
    assert [(p.path.split("/")[-1], p.message) for p in newer if "test-constitution:" in p.message] == [(
        "test-constitution.kk.md",
        "test-constitution: the corpus has the edition of 2020-05-05, our summaries were checked against 2019-01-01; "
        f"the changed articles cannot be named: the history of {history} has no edition of 2019-01-01 or older",
    )]


def test_without_a_corpus_nothing_is_compared(checked_kb):
    kb, _ = checked_kb
    problems = Problems()
    loaded, _ = load_kb(kb)
    assert official_layer(loaded.of_kind("act"), [], problems) == OfficialLayer()
    assert not [p for p in problems if p.code == "official-newer"]


# -- pages --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def changed_data(checked_kb, history: Path, tmp_path_factory) -> Path:
    """A build of the kb checked against edition A, with the corpus at edition B."""
    data = tmp_path_factory.mktemp("editions-data")
    result = build(checked_kb[0], data, official=[history])
    assert result.built and not result.problems.errors, result.problems
    return data


@pytest.fixture(scope="module")
def changed_client(checked_kb, changed_data: Path, catalogs):
    from app import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(changed_data), "KB_DIR": str(checked_kb[0])})
    yield app.test_client()
    app.extensions["kb_engine"].close()


def notice(soup) -> str:
    """The edition notice's text, its elements joined by spaces (so a link is followed by " .")."""
    return " ".join(soup.find(id="edition-change").get_text(" ", strip=True).split())


def test_the_act_page_says_when_the_law_changed_and_which_summaries_to_re_read(changed_client):
    ru = page(changed_client.get(f"/laws/{NEW_CONSTITUTION}?lang=ru"))
    assert notice(ru).startswith("Закон изменился 1 марта 2026 г.; наше изложение сверено с редакцией от 15 января 2026 г. "
                                 f"Последние изменения: {AMENDED_BY} .")
    box = ru.find(id="edition-change")
    assert box.find(class_="amended-by")["href"] == "https://adilet.zan.kz/rus/docs/Z2600009003"
    box.find(class_="amended-by").decompose()  # the links below are the summaries to re-read
    assert [a["href"] for a in box.find_all("a")] == [f"/laws/{NEW_CONSTITUTION}/art-14"]
    # The changed provision is marked where it stands; one whose article did not change is not.
    assert ru.find(id="art-14").find(class_="text-changed")
    assert not ru.find(id="art-16-p-2").find(class_="text-changed")
    # So are the changed and added articles in the list of all the official text's articles.
    marked = [li.a.get_text(strip=True) for li in ru.find(id="all-articles").find_all("li") if li.find(class_="text-changed")]
    assert marked == ["Статья 2", "Статья 14", "Статья 22-1"]
    kk = page(changed_client.get(f"/laws/{NEW_CONSTITUTION}?lang=kk"))
    assert notice(kk).startswith("Заң 2026 жылғы 1 наурызда өзгерді; біздің қысқаша мазмұнымыз 2026 жылғы 15 қаңтардағы редакциясымен салыстырылған.")


def test_a_provision_page_says_whether_its_own_article_changed(changed_client):
    changed = page(changed_client.get(f"/laws/{NEW_CONSTITUTION}/art-14?lang=ru"))
    assert notice(changed) == ("Закон изменился 1 марта 2026 г.; наше изложение сверено с редакцией от 15 января 2026 г. "
                               f"Последние изменения: {AMENDED_BY} . "
                               "Текст этой статьи с тех пор изменился: сверьте наше изложение с официальным текстом, прежде чем ссылаться на него.")
    same = page(changed_client.get(f"/laws/{NEW_CONSTITUTION}/art-16-p-2?lang=kk"))
    assert notice(same) == ("Заң 2026 жылғы 1 наурызда өзгерді; біздің қысқаша мазмұнымыз 2026 жылғы 15 қаңтардағы редакциясымен салыстырылған. "
                            f"Соңғы өзгерістер: {AMENDED_BY} . "
                            "Бұл баптың мәтіні содан бері өзгерген жоқ.")
    kk = page(changed_client.get(f"/laws/{NEW_CONSTITUTION}/art-14?lang=kk"))
    assert kk.find(class_="article-changed")["data-change"] == "changed"
    assert "Бұл баптың мәтіні содан бері өзгерді" in notice(kk)


def test_the_client_sheet_cautions_next_to_a_norm_whose_article_changed(changed_client):
    soup = page(changed_client.get(f"/sheet?lang=ru&n={NEW_CONSTITUTION}/art-14&n={NEW_CONSTITUTION}/art-16-p-2"))
    changed = soup.find("li", attrs={"data-id": f"{NEW_CONSTITUTION}/art-14"})
    caution = " ".join(changed.find(class_="law-changed").get_text(" ", strip=True).split())
    assert caution.startswith("Внимание: этот закон изменился 1 марта 2026 г., и текст ниже может быть устаревшим")
    assert not soup.find("li", attrs={"data-id": f"{NEW_CONSTITUTION}/art-16-p-2"}).find(class_="law-changed")
    # The REActor choosing the norms sees it first, in the sheet builder.
    builder = page(changed_client.get(f"/sheet/new?lang=ru&n={NEW_CONSTITUTION}/art-14&n={NEW_CONSTITUTION}/art-16-p-2"))
    marked = [pick["data-id"] for pick in builder.find_all(class_="pick") if pick.find(class_="text-changed", recursive=False)]
    assert marked == [f"{NEW_CONSTITUTION}/art-14"]


def test_search_results_mark_a_summary_whose_article_changed_and_only_that_one(changed_client):
    found = changed_client.get("/api/search", query_string={"q": "Конституция", "lang": "ru"}).get_json()  # validated against OpenAPI
    marks = {hit["id"]: hit["article_change"] for hit in found["norms"]}
    assert marks[f"{NEW_CONSTITUTION}/art-14"] == "changed"
    assert marks[f"{NEW_CONSTITUTION}/art-16-p-2"] == "unchanged"
    # Official-only hits show the current text itself; the act without a newer edition has nothing to say.
    assert {marks[hit["id"]] for hit in found["norms"] if hit["source"] == "official"} == {None}
    assert marks["test-constitution/art-14"] is None
    soup = page(changed_client.get("/search", query_string={"q": "Конституция", "lang": "ru"}))
    marked = [hit["data-id"] for hit in soup.find_all("article", class_="hit") if hit.find(class_="text-changed")]
    assert marked == [f"{NEW_CONSTITUTION}/art-14"]
    badge = soup.find("article", attrs={"data-id": f"{NEW_CONSTITUTION}/art-14"}).find(class_="text-changed")
    assert badge["href"] == f"/laws/{NEW_CONSTITUTION}/art-14#edition-change"


def assert_no_edition_notice(client) -> None:
    """Neither the act page, nor its changed article's page, nor the search results speak of a newer edition."""
    assert page(client.get(f"/laws/{NEW_CONSTITUTION}?lang=ru")).find(id="edition-change") is None
    assert page(client.get(f"/laws/{NEW_CONSTITUTION}/art-14?lang=ru")).find(id="edition-change") is None
    assert page(client.get("/search?q=Конституция&lang=ru")).find(class_="text-changed") is None


def test_without_a_corpus_the_pages_say_nothing_of_editions(checked_kb, tmp_path: Path, catalogs):
    from app import create_app

    kb, _ = checked_kb
    assert build(kb, tmp_path, official=[]).built
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "KB_DIR": str(kb)})
    try:
        assert_no_edition_notice(app.test_client())
    finally:
        app.extensions["kb_engine"].close()


def test_the_act_api_gives_the_newer_edition_and_each_provision_s_change(changed_client):
    act = changed_client.get(f"/api/acts/{NEW_CONSTITUTION}?lang=ru").get_json()  # checked against the OpenAPI document too
    change = act["edition_change"]
    assert (change["checked"], change["edition"], change["changed"], change["added"]) == (EDITION_A, EDITION_B, ["art-2", "art-14"], ["art-22-1"])
    assert (change["amended_by"], change["amended_by_url"]) == (AMENDED_BY, "https://adilet.zan.kz/rus/docs/Z2600009003")
    assert [p["local_id"] for p in act["changed_provisions"]] == ["art-14"]
    assert {p["local_id"]: p["article_change"] for p in act["provisions"]} == {"art-14": "changed", "art-16-p-2": "unchanged", "art-40": "unchanged"}


def test_once_the_summaries_are_checked_against_the_new_edition_the_next_build_drops_the_notice(history: Path, tmp_path: Path, catalogs):
    from app import create_app

    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    link_corpus(kb)
    checked_against(kb, EDITION_A)
    data = tmp_path / "data"
    assert build(kb, data, official=[history]).built
    path = kb / ACT_FILE
    path.write_text(path.read_text(encoding="utf-8").replace(f"official_version: {EDITION_A}", f"official_version: {EDITION_B}"), encoding="utf-8")
    result = build(kb, data, official=[history])  # incremental: only this file and the official layer's rows change
    assert result.built and not [p for p in result.problems if p.code == "official-newer"]
    app = create_app({"TESTING": True, "DATA_DIR": str(data), "KB_DIR": str(kb)})
    try:
        assert_no_edition_notice(app.test_client())
    finally:
        app.extensions["kb_engine"].close()


def test_a_clone_deepened_at_the_same_commit_is_compared_again(history: Path, tmp_path: Path):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{history}", str(shallow)], check=True, capture_output=True)
    cache = tmp_path / "editions.json"
    first = EditionCache(cache)
    assert "shallow clone" in first.change(read_act(shallow / ACT), EDITION_A).unavailable
    first.save()
    subprocess.run(["git", "-C", str(shallow), "fetch", "-q", "--unshallow"], check=True, capture_output=True)
    assert EditionCache(cache).change(read_act(shallow / ACT), EDITION_A).changed == ["art-2", "art-14"]
