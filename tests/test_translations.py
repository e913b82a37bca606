"""Search-term translations mined from parallel entries: an English or Kazakh question reaches a norm written in
Russian only, and leaves entries that have a version in the question's language alone."""

import re
import shutil
import sqlite3

import pytest
from conftest import REPO, cached_build, ids

from indexer.analysis import translations
from indexer.search import SearchEngine

EVICTION = "landlord evicted me because of my HIV status"
# Questions no lexicon word or concept of the kb reaches housing from: only translations do.
# "I was thrown out of the flat I rented".
EVICTION_KK = "жалға алған пәтерден шығарды"
TERMINATED_EN = "the owner terminated my rental contract"


@pytest.fixture
def no_table(monkeypatch, tmp_path):
    """Searching as before the table existed."""
    monkeypatch.setattr(translations, "TABLE", tmp_path / "missing.tsv")
    translations._table.cache_clear()
    yield
    monkeypatch.undo()
    translations._table.cache_clear()


@pytest.fixture(scope="module")
def housing_in_russian_only(request, tmp_path_factory):
    """The shipped kb with the Housing Relations law in Russian only (its English and Kazakh files removed)."""
    kb = tmp_path_factory.mktemp("kb-ru-housing") / "kb"
    shutil.copytree(REPO / "kb", kb)
    for lang in ("en", "kk"):
        (kb / "laws" / f"kz-housing-law.{lang}.md").unlink()
    engine = SearchEngine(cached_build(request.config, tmp_path_factory, "kb-ru-housing-data", kb))
    yield engine
    engine.close()


def _housing(result) -> list[str]:
    return [i for i in ids(result["norms"])[:5] if i.startswith("kz-housing-law/")]


def test_an_english_question_reaches_a_norm_written_in_russian_only(housing_in_russian_only):
    result = housing_in_russian_only.search(EVICTION)
    assert _housing(result), ids(result["norms"])
    # The hit says which English word it matched, and its snippet marks the Russian one.
    first = next(h for h in result["norms"] if h["id"].startswith("kz-housing-law/"))
    assert "evicted" in first["matched"]
    assert re.search(r"<mark>(Выселить|выселени\w*)</mark>", first["snippet"]), first["snippet"]


def test_a_kazakh_question_reaches_a_norm_written_in_russian_only(housing_in_russian_only):
    result = housing_in_russian_only.search(EVICTION_KK)
    assert len(_housing(result)) >= 3, ids(result["norms"])
    # Translations are not listed as "also searched for" (nearly every word has some).
    assert not [e for e in result["expanded"] if e["means"] == ["квартире"]]


def test_an_english_question_no_concept_reaches_finds_the_russian_only_norm(housing_in_russian_only):
    assert _housing(housing_in_russian_only.search(TERMINATED_EN))


@pytest.mark.parametrize("query", [TERMINATED_EN, EVICTION_KK])
def test_without_the_table_the_russian_only_norm_is_reached_less(housing_in_russian_only, request, query):
    with_table = _housing(housing_in_russian_only.search(query))
    request.getfixturevalue("no_table")
    without = _housing(housing_in_russian_only.search(query))
    # Without it an article may still come up, lifted with the leading hits' violation (eviction), but fewer.
    assert len(without) < len(with_table), (with_table, without)


def test_entries_in_the_questions_language_rank_exactly_as_without_the_table(shipped, request):
    # Every shipped norm and case has an English version: translations never touch them.
    with_table = shipped.search(EVICTION)
    request.getfixturevalue("no_table")
    without = shipped.search(EVICTION)
    for name in ("norms", "cases"):
        assert [(h["id"], h["score"]) for h in with_table[name]] == [(h["id"], h["score"]) for h in without[name]]


def _parallel_db() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    for table in ("provisions", "cases", "remedies"):
        db.execute(f"CREATE TABLE {table} (id TEXT, lang TEXT, title TEXT, text TEXT)")
    db.execute("CREATE TABLE acts (id TEXT, lang TEXT, title TEXT, summary_text TEXT)")
    rows = [
        ("a", "en", "Eviction", "A tenant may be evicted only by a court; rights of the tenant. See V2000021692."),
        ("a", "ru", "Выселение", "Выселение нанимателя только по решению суда; права нанимателя. См. V2000021692, adilet.kz/rus."),
        ("b", "en", "Eviction of families", "Families with children are not evicted in winter; rights. See V2000021692."),
        ("b", "ru", "Выселение семей", "Семьи с детьми не подлежат выселению зимой; права. См. V2000021692, adilet.kz/rus."),
        ("c", "en", "Dismissal", "Dismissal for HIV status is prohibited; rights of the worker."),
        ("c", "ru", "Увольнение", "Увольнение из-за ВИЧ-статуса запрещено; права работника."),
        ("d", "en", "Dismissal notice", "Dismissal needs written notice; rights."),
        ("d", "ru", "Увольнение: уведомление", "Увольнение требует письменного уведомления; права."),
        ("e", "en", "Rights", "Everyone's rights are equal."),
        ("e", "ru", "Права", "Права каждого равны."),
        ("f", "en", "Rights of the child", "A child's rights are protected."),
        ("f", "ru", "Права ребёнка", "Права ребёнка защищены."),
    ]
    db.executemany("INSERT INTO provisions VALUES (?, ?, ?, ?)", rows)
    return db


def test_mining_pairs_the_words_of_aligned_versions():
    found = translations.mine(_parallel_db())
    pairs: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for t in found.rows:
        pairs.setdefault((t.source, t.source_term, t.target), []).append((t.term, t.word))
    # "rights" stands beside "evicted" in both its provisions, but in every other one too: not its translation.
    assert pairs[("en", "evict", "ru")] == [("выселен", "выселение")]
    assert pairs[("ru", "увольнен", "en")] == [("dismiss", "dismissal")]
    assert pairs[("en", "right", "ru")] == [("прав", "права")]
    assert found.aligned[("en", "ru")] == 6
    # Document codes and web addresses in a text are no words of its language.
    assert not [t for t in found.rows if t.term in ("v2000021692", "rus", "adilet") or t.source_term == "v2000021692"]


def test_a_written_table_is_what_searching_reads(tmp_path, monkeypatch):
    path = tmp_path / "translations.tsv"
    translations.write(translations.mine(_parallel_db()).rows, path)
    assert path.read_text(encoding="utf-8").startswith("# Search-term translations")
    monkeypatch.setattr(translations, "TABLE", path)
    translations._table.cache_clear()
    try:
        assert translations.translations_of("evict") == (("en", "выселен"),)
    finally:
        monkeypatch.undo()
        translations._table.cache_clear()


def test_a_word_is_translated_only_from_the_languages_it_may_be_written_in():
    from indexer.search.clauses import _languages

    assert _languages("evicted", kazakh_query=False) == {"en"}
    assert _languages("құқықтары", kazakh_query=False) == {"kk"}
    # «клиента» in a Russian question is Russian, though Kazakh texts write «клиент» too; in a Kazakh question
    # a word without Kazakh letters («адам») may be either.
    assert _languages("клиента", kazakh_query=False) == {"ru"}
    assert _languages("адам", kazakh_query=True) == {"ru", "kk"}
