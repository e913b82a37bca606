"""The official texts beside our summaries (issue 15, items 1–4): link, split and align, search, show.

The corpus is tests/fixtures/official: two invented acts in the corpus's format (one split
into parts, one that ceased to apply). Everything runs the real reader, the real build
(SQLite and whoosh), the real search engine, the `kb` command and the Flask app.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, REPO, page
from test_cli import kb

from indexer.build import build
from indexer.official import find_acts, read_act, split_articles
from indexer.search import SearchEngine
from indexer.store import DB_NAME

CORPUS = Path(__file__).parent / "fixtures" / "official"
NEW_CONSTITUTION = "test-constitution-2026"
# A summary (our own words) of an article the official text does not have under that number, worded like
# the official-only article 17: the ranking test compares the two.
EXTRA_SUMMARY = "\n## Статья 40. Условия содержания\n\nКаждый имеет право на чистую питьевую воду в месте лишения свободы.\n"


def link_corpus(kb: Path) -> None:
    """Link two fixture acts to the corpus; give the 2026 constitution a paragraph-level summary and one misnumbered article."""
    path = kb / "laws" / f"{NEW_CONSTITUTION}.ru.md"
    text = path.read_text(encoding="utf-8").replace("aliases: [Новая Конституция]\n", "aliases: [Новая Конституция]\nofficial: '9001'\n")
    text += "\n## Статья 16, пункт 2. Срок задержания\n\nБез решения суда задержание длится не дольше трёх суток.\n" + EXTRA_SUMMARY
    path.write_text(text, encoding="utf-8")
    old = kb / "laws" / "test-constitution.ru.md"
    old.write_text(old.read_text(encoding="utf-8").replace("aliases: [Конституция РК", "official: 9002\naliases: [Конституция РК"), encoding="utf-8")


@pytest.fixture(scope="module")
def linked_kb(tmp_path_factory) -> Path:
    kb = tmp_path_factory.mktemp("official-kb") / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    link_corpus(kb)
    return kb


@pytest.fixture(scope="module")
def official_data(linked_kb: Path, tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("official-data")
    result = build(linked_kb, data, official=[CORPUS])
    assert result.built and not result.problems.errors, result.problems
    return data


@pytest.fixture(scope="module")
def official_engine(official_data: Path):
    engine = SearchEngine(official_data)
    yield engine
    engine.close()


def norms(engine: SearchEngine, query: str, **options) -> list[dict]:
    return engine.search(query, **options)["norms"]


def kb_command(*args: str, kb_dir: Path) -> subprocess.CompletedProcess:
    """`kb` as a real process, without the shell's KB_OFFICIAL (one test per command keeps the process contract)."""
    command = [sys.executable, "-m", "indexer", "--kb", str(kb_dir), *args]
    environment = {k: v for k, v in os.environ.items() if k != "KB_OFFICIAL"}
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=environment, timeout=120)


def kb_in_process(*args: str, kb_dir: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`kb` run by click in this process (test_cli.kb), without the shell's KB_OFFICIAL."""
    return kb(*args, kb_dir=kb_dir, env={"KB_OFFICIAL": None, **(env or {})})


# -- the reader ---------------------------------------------------------------------------------


def test_reader_joins_the_parts_in_order_and_splits_both_languages_by_the_same_anchors():
    act = read_act(CORPUS / "codes" / "00-constitution")
    expected = ["art-1", "art-2", "art-14", "art-16", "art-17", "art-22-1"]
    assert [a.local_id for a in act.articles["ru"]] == expected  # rus.md, then rus/sec001.md, rus/sec002.md
    assert [a.local_id for a in act.articles["kk"]] == expected  # kaz.md alone
    ru = {a.local_id: a for a in act.articles["ru"]}
    kk = {a.local_id: a for a in act.articles["kk"]}
    assert ru["art-16"].designator == "Статья 16" and kk["art-16"].designator == "16-бап"
    assert kk["art-22-1"].designator == "22-1-бап"
    assert ru["art-16"].paragraphs["2"].startswith("2. Задержанного без решения суда")
    assert set(kk["art-16"].paragraphs) == {"1", "2", "3"}
    # A section heading after an article ends it; the preamble belongs to no article.
    assert "Раздел II" not in ru["art-2"].text and "Человек" not in ru["art-2"].text
    assert not any("Вступительные слова" in a.text for a in act.articles["ru"])
    assert act.version_dates == {"ru": "2026-03-01", "kk": "2026-03-01"}
    assert act.sources["kk"].startswith("https://adilet.zan.kz/kaz/")
    assert not act.ceased


def test_reader_reads_headings_with_titles_and_an_act_that_ceased():
    act = read_act(CORPUS / "codes" / "03-laws" / "19990301-test-old-basic-law-9002")
    assert act.ceased  # "Утратил силу …" in its requisite (this act has no meta.yaml: its text files' front matter says it all)
    assert act.version_dates == {"ru": "2020-05-05", "kk": "2020-05-04"} and act.titles["kk"] == "Ескі сынақ заңы"
    kk = act.articles["kk"][0]
    assert (kk.local_id, kk.designator, kk.title, kk.text) == ("art-14", "14-бап", "Теңдік", "Ескі сынақ заңы алдында бәрі тең.")
    assert act.articles["ru"][1].designator == "Статья 18"  # "### Статья 18", an older edition's style


def test_an_announced_repeal_that_took_effect_means_the_act_ceased(tmp_path):
    folder = tmp_path / "act"
    folder.mkdir()
    (folder / "rus.md").write_text("---\nact_code: '5'\nrepealed_on: 2020-01-01\n---\n\n<a id=\"st1\"></a>\n\n**Статья 1**\n\nТекст.\n", encoding="utf-8")
    assert read_act(folder).ceased
    (folder / "rus.md").write_text("---\nact_code: '5'\nrepealed_on: 2999-01-01\n---\n", encoding="utf-8")
    assert not read_act(folder).ceased


def test_annexes_come_after_the_body_and_do_not_take_its_article_numbers(tmp_path):
    folder = tmp_path / "act"
    (folder / "rus").mkdir(parents=True)
    (folder / "rus.md").write_text("---\nact_code: '6'\n---\n\n[Оглавление](rus/sec001.md)\n", encoding="utf-8")
    (folder / "rus" / "an001.md").write_text('<a id="st1"></a>\n\n**Статья 1**\n\nСтатья приложения.\n', encoding="utf-8")
    (folder / "rus" / "sec001.md").write_text('<a id="st1"></a>\n\n**Статья 1**\n\nСтатья закона.\n', encoding="utf-8")
    assert [a.text for a in read_act(folder).articles["ru"]] == ["Статья закона."]


def test_an_anchor_without_a_designator_line_is_still_an_article():
    articles = split_articles('<a id="st5"></a>\n\nТекст без заголовка.\n')
    assert [(a.local_id, a.designator, a.text) for a in articles] == [("art-5", "5", "Текст без заголовка.")]


def test_of_two_folders_of_one_act_the_latest_edition_wins(tmp_path):
    for folder, edition in (("1994/1227-act-77", "2001-01-01"), ("19941227-act-77", "2024-05-05")):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "meta.yaml").write_text(f"act_code: '77'\nversion_date:\n  rus: {edition}\n", encoding="utf-8")
    assert find_acts([tmp_path]) == {"77": tmp_path / "19941227-act-77"}


# -- the build ----------------------------------------------------------------------------------


def test_the_build_stores_every_article_in_both_languages_under_our_provision_ids(official_data: Path):
    db = sqlite3.connect(official_data / "current" / DB_NAME)
    rows = db.execute("SELECT id, lang, edition, source_url FROM official_texts WHERE act_id = ? ORDER BY lang, position", (NEW_CONSTITUTION,)).fetchall()
    assert [r[0] for r in rows if r[1] == "kk"] == [f"{NEW_CONSTITUTION}/{a}" for a in ("art-1", "art-2", "art-14", "art-16", "art-17", "art-22-1")]
    assert len([r for r in rows if r[1] == "ru"]) == 6
    assert {r[2] for r in rows} == {"2026-03-01"}
    assert all(r[3].startswith("https://adilet.zan.kz/") for r in rows)
    # Our own provisions stay ours: the official texts are not summaries.
    ours = {r[0] for r in db.execute("SELECT local_id FROM provisions WHERE act_id = ?", (NEW_CONSTITUTION,))}
    assert ours == {"art-14", "art-16-p-2", "art-40"}
    assert db.execute("SELECT COUNT(*) FROM official_texts WHERE act_id = 'test-constitution'").fetchone()[0] == 4


def test_a_build_without_a_corpus_has_no_official_texts_and_the_links_cost_nothing(linked_kb: Path, tmp_path, official_engine):
    result = build(linked_kb, tmp_path, official=[])
    assert result.built and not result.problems.errors
    db = sqlite3.connect(tmp_path / "current" / DB_NAME)
    assert db.execute("SELECT COUNT(*) FROM official_texts").fetchone()[0] == 0
    engine = SearchEngine(tmp_path)
    try:
        assert norms(engine, "таза ауыз су") == []
    finally:
        engine.close()


def test_kb_official_names_the_corpus_when_no_folder_is_given(linked_kb: Path, tmp_path, monkeypatch):
    monkeypatch.setenv("KB_OFFICIAL", os.pathsep.join([str(tmp_path / "empty-corpus"), str(CORPUS)]))
    (tmp_path / "empty-corpus").mkdir()
    result = build(linked_kb, tmp_path / "data")
    assert result.built and not result.problems.errors
    db = sqlite3.connect(tmp_path / "data" / "current" / DB_NAME)
    assert db.execute("SELECT COUNT(*) FROM official_texts").fetchone()[0] == 16


def test_a_pulled_corpus_is_rebuilt_and_a_dropped_one_leaves_nothing_behind(linked_kb: Path, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    data = tmp_path / "data"
    assert build(linked_kb, data, official=[corpus]).built
    assert not build(linked_kb, data, official=[corpus]).built  # nothing changed
    kaz = corpus / "codes" / "00-constitution" / "kaz.md"
    kaz.write_text(kaz.read_text(encoding="utf-8").replace("таза ауыз суға", "таза ауыз суға және жылы киімге"), encoding="utf-8")
    assert build(linked_kb, data, official=[corpus]).built  # an edition pulled into the clone: rebuilt, incrementally
    engine = SearchEngine(data)
    try:
        # Only the new words find the article; others reach entries with no Kazakh version through the
        # translations of «жыл» (year), never the article.
        assert [n["id"] for n in norms(engine, "жылы киімге")][:1] == [f"{NEW_CONSTITUTION}/art-17"]
        assert build(linked_kb, data, official=[]).built
        assert f"{NEW_CONSTITUTION}/art-17" not in [n["id"] for n in norms(engine, "жылы киімге")]
        assert f"{NEW_CONSTITUTION}/art-17" not in [n["id"] for n in norms(engine, "таза ауыз су")]
    finally:
        engine.close()


def test_an_incremental_build_reads_again_only_the_act_whose_official_text_or_kb_file_changed(linked_kb: Path, tmp_path):
    corpus, kb, data = tmp_path / "corpus", tmp_path / "kb", tmp_path / "data"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(linked_kb, kb)
    assert build(kb, data, official=[corpus]).built
    rus = corpus / "codes" / "03-laws" / "19990301-test-old-basic-law-9002" / "rus.md"
    rus.write_text(rus.read_text(encoding="utf-8").replace("Переписка каждого", "Переписка и звонки каждого"), encoding="utf-8")
    said: list[str] = []
    result = build(kb, data, official=[corpus], progress=said.append)
    assert result.built
    assert "(1 acts read, 1 unchanged since the previous build)" in " ".join(said)
    # The unchanged act kept its texts, documents and warnings; the changed one has its new text.
    assert "art-40: the official text of act '9001' has no article 40 (numbered differently?)" in [p.message for p in result.problems]
    db = sqlite3.connect(data / "current" / DB_NAME)
    assert db.execute("SELECT COUNT(*) FROM official_texts").fetchone()[0] == 16
    engine = SearchEngine(data)
    try:
        assert "test-constitution/art-18" in [n["id"] for n in norms(engine, "звонки")]
        assert [n["id"] for n in norms(engine, "таза ауыз су")][:1] == [f"{NEW_CONSTITUTION}/art-17"]
    finally:
        engine.close()
    # An edit of a linked act's kb file reads that act again (its summarised articles decide its documents).
    path = kb / "laws" / f"{NEW_CONSTITUTION}.ru.md"
    path.write_text(path.read_text(encoding="utf-8").replace(EXTRA_SUMMARY, ""), encoding="utf-8")
    said.clear()
    result = build(kb, data, official=[corpus], progress=said.append)
    assert "(1 acts read, 1 unchanged since the previous build)" in " ".join(said)
    assert not [p for p in result.problems if p.code == "official-missing"]


def test_a_clone_is_rebuilt_when_it_moves_to_a_new_edition(linked_kb: Path, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    git = ["git", "-C", str(corpus), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "edition 1"], check=True)
    data = tmp_path / "data"
    assert build(linked_kb, data, official=[corpus]).built
    assert not build(linked_kb, data, official=[corpus]).built
    rus = corpus / "codes" / "00-constitution" / "rus" / "sec002.md"
    rus.write_text(rus.read_text(encoding="utf-8").replace("чистую питьевую воду", "чистую питьевую воду и тёплую одежду"), encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "edition 2"], check=True)
    assert build(linked_kb, data, official=[corpus]).built
    engine = SearchEngine(data)
    try:
        assert [n["id"] for n in norms(engine, "тёплую одежду")] == [f"{NEW_CONSTITUTION}/art-17"]
    finally:
        engine.close()


# -- kb check -----------------------------------------------------------------------------------


def test_check_reports_an_unknown_act_code_and_an_article_the_official_text_lacks(linked_kb: Path, tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(linked_kb, kb)
    old = kb / "laws" / "test-constitution.ru.md"
    old.write_text(old.read_text(encoding="utf-8").replace("official: 9002", "official: 9999"), encoding="utf-8")
    result = kb_command("check", "--strict", "--official", str(CORPUS), kb_dir=kb)
    assert result.returncode == 1
    line = next(n for n, text in enumerate(old.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("official:"))
    assert f"laws/test-constitution.ru.md:{line}: error[official-unknown]: official: no act '9999' in the corpus" in result.stderr
    assert "error[official-unknown]" in result.stderr
    assert "art-40: the official text of act '9001' has no article 40 (numbered differently?)" in result.stderr
    # Without a corpus the link is not checked against anything: the kb passes as before.
    assert kb_in_process("check", "--strict", kb_dir=kb).returncode == 0


def test_check_refuses_an_official_link_that_is_not_an_act_code(linked_kb: Path, tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(linked_kb, kb)
    path = kb / "laws" / "test-constitution.ru.md"
    path.write_text(path.read_text(encoding="utf-8").replace("official: 9002", "official: the-old-one"), encoding="utf-8")
    result = kb_in_process("check", "--strict", kb_dir=kb)
    assert result.returncode == 1
    assert "laws/test-constitution.ru.md" in result.stderr and "must be the act's code in the official corpus" in result.stderr


def test_check_warns_when_the_corpus_says_an_act_in_force_here_ceased(linked_kb: Path, tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(linked_kb, kb)
    path = kb / "laws" / f"{NEW_CONSTITUTION}.ru.md"
    path.write_text(path.read_text(encoding="utf-8").replace("official: '9001'", "official: '9002'"), encoding="utf-8")
    result = kb_in_process("check", "--official", str(CORPUS), "--list", "official-status", kb_dir=kb)
    assert "warning[official-status]: the corpus says act '9002' ceased to apply" in result.stderr


def test_kb_build_reads_the_corpus_folders_given_on_the_command_line(linked_kb: Path, tmp_path):
    result = kb_command("--data", str(tmp_path), "build", "--official", str(CORPUS), kb_dir=linked_kb)
    assert result.returncode == 0, result.stderr
    assert "read 16 official article texts" in result.stderr


def test_kb_stats_counts_the_official_texts(linked_kb: Path, official_data: Path):
    result = kb_command("--data", str(official_data), "stats", "--json", kb_dir=linked_kb)
    figures = json.loads(result.stdout)["official"]
    # Acts 9001 (6 articles) and 9002 (2); of our 5 provisions of the two acts, art-40 has no official text.
    assert figures == {"acts": 2, "articles": {"kk": 8, "ru": 8}, "provisions_with_text": 4, "provisions_of_linked_acts": 5, "official_only": 4}
    lines = kb_in_process("--data", str(official_data), "stats", kb_dir=linked_kb).stdout
    assert "official        2   acts linked; articles kk 8, ru 8" in lines
    assert "our provisions with their official text 4 of 5, articles not yet summarised 4" in lines


# -- search -------------------------------------------------------------------------------------


def test_a_kazakh_query_reaches_the_kazakh_official_text_of_an_article_summarised_only_in_russian(official_engine):
    found = norms(official_engine, "диагнозына кәсібіне")
    hit = next(n for n in found if n["id"] == f"{NEW_CONSTITUTION}/art-14")
    assert hit["source"] == "summary"  # our Russian summary is what is shown
    assert hit["lang"] == "ru"


def test_an_article_only_the_official_text_has_is_found_in_russian_and_kazakh(official_engine):
    for query in ("таза ауыз су", "чистая питьевая вода"):
        hit = norms(official_engine, query)
        assert hit, query
    kk = norms(official_engine, "таза ауыз су", lang="kk")[0]
    assert (kk["id"], kk["source"], kk["lang"]) == (f"{NEW_CONSTITUTION}/art-17", "official", "kk")
    assert kk["title"] == "17-бап" and kk["status"] == "in_force"
    assert "<mark>" in kk["snippet"]


def test_a_summarised_paragraph_is_found_by_its_own_paragraph_of_the_official_text(official_engine):
    found = norms(official_engine, "үш тәуліктен босатылады")
    assert found[0]["id"] == f"{NEW_CONSTITUTION}/art-16-p-2" and found[0]["source"] == "summary"


def test_our_summary_ranks_above_an_official_only_article_saying_the_same(official_engine):
    found = norms(official_engine, "чистую питьевую воду")
    order = [n["id"] for n in found]
    assert order.index(f"{NEW_CONSTITUTION}/art-40") < order.index(f"{NEW_CONSTITUTION}/art-17")
    assert [n["source"] for n in found[:2]] == ["summary", "official"]


def test_an_article_only_the_official_text_has_can_be_cited(official_engine):
    found = norms(official_engine, "ст. 17 Конституции 2026")
    assert found[0]["id"] == f"{NEW_CONSTITUTION}/art-17" and found[0]["cited"] and found[0]["source"] == "official"


# -- pages --------------------------------------------------------------------------------------


@pytest.fixture
def official_client(official_data: Path, catalogs):
    from app import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(official_data), "KB_DIR": str(FIXTURE_KB)})
    yield app.test_client()
    app.extensions["kb_engine"].close()


def test_a_provision_page_shows_the_official_text_in_the_page_language_and_the_other_one_tap_away(official_client):
    soup = page(official_client.get(f"/laws/{NEW_CONSTITUTION}/art-14?lang=kk"))
    official = soup.find(id="official")
    first = official.find("div", class_="official-text", recursive=False)
    assert first["lang"] == "kk" and "кемсітуге болмайды" in first.get_text()
    other = official.find("details")
    assert other["lang"] == "ru" and "Никого нельзя притеснять" in other.get_text()
    assert "2026 жылғы 1 наурыздағы" in official.get_text()  # the edition's date
    assert official.find("a", href="https://adilet.zan.kz/kaz/docs/K2600009001")
    # Under our summary, not instead of it.
    assert "Права человека принадлежат каждому" in soup.find("article").get_text()

    ru = page(official_client.get(f"/laws/{NEW_CONSTITUTION}/art-14?lang=ru")).find(id="official")
    assert ru.find("div", class_="official-text")["lang"] == "ru"


def test_a_paragraph_provision_shows_its_own_paragraph_of_the_official_text(official_client):
    official = page(official_client.get(f"/laws/{NEW_CONSTITUTION}/art-16-p-2?lang=ru")).find(id="official")
    text = official.find("div", class_="official-text").get_text()
    assert "трое суток" in text and "Личная свобода" not in text


def test_a_hit_on_an_article_only_the_official_text_has_links_to_its_page(official_client):
    hit = official_client.get("/api/search?q=таза+ауыз+су&lang=kk").get_json()["norms"][0]
    assert (hit["source"], hit["url"]) == ("official", f"/laws/{NEW_CONSTITUTION}/art-17")
    assert official_client.get(hit["url"]).status_code == 200


def test_an_article_only_the_official_text_has_gets_a_page_marked_not_yet_summarised(official_client):
    soup = page(official_client.get(f"/laws/{NEW_CONSTITUTION}/art-17?lang=ru"))
    article = soup.find("article", attrs={"data-source": "official"})
    assert article.find("h1").get_text(strip=True) == "Статья 17"
    assert article.find(class_="not-summarised").get_text(strip=True) == "Краткого изложения пока нет"
    assert "чистую питьевую воду" in article.find(id="official").get_text()
    assert official_client.get(f"/laws/{NEW_CONSTITUTION}/art-99").status_code == 404
    # An article only some paragraphs of which we summarised links those summaries.
    partly = page(official_client.get(f"/laws/{NEW_CONSTITUTION}/art-16?lang=ru")).find("article")
    assert partly.find("a", href=f"/laws/{NEW_CONSTITUTION}/art-16-p-2").get_text(strip=True) == "Статья 16, пункт 2. Срок задержания"


def test_the_act_page_lists_every_article_marking_those_not_summarised_within_the_page_budget(official_client):
    response = official_client.get(f"/laws/{NEW_CONSTITUTION}?lang=ru")
    soup = page(response)
    items = soup.find(id="all-articles").find_all("li")
    assert [li.a.get_text(strip=True) for li in items] == ["Статья 1", "Статья 2", "Статья 14", "Статья 16", "Статья 17", "Статья 22-1"]
    marked = [li.a.get_text(strip=True) for li in items if li.find(class_="not-summarised")]
    assert marked == ["Статья 1", "Статья 2", "Статья 16", "Статья 17", "Статья 22-1"]
    assert items[4].a["href"] == f"/laws/{NEW_CONSTITUTION}/art-17"
    assert len(response.data) < 60_000
    # Each summarised provision links its official text rather than repeating it on the act page.
    section = soup.find(id="art-14")
    assert section.find("a", href=f"/laws/{NEW_CONSTITUTION}/art-14#official")


def test_search_results_say_which_are_summaries_and_which_official_texts(official_client):
    result = official_client.get("/api/search?q=таза+ауыз+су&lang=kk").get_json()
    assert result["norms"][0]["source"] == "official"
    soup = page(official_client.get("/search?q=таза+ауыз+су&lang=kk"))
    hit = soup.find(id="norms").find("article", attrs={"data-id": f"{NEW_CONSTITUTION}/art-17"})
    assert hit["data-source"] == "official" and hit.find(class_="not-summarised")
