"""What the project relies on whoosh for, held to whoosh's public API (indexer/fulltext.py).

whoosh-reloaded is no longer maintained and pinned; each behaviour the search
depends on (the schema, writing and committing, reading postings through the
private block reader, positions, lengths, filters, spelling neighbours) has a
test here, so an upgrade that changes one fails by name. These tests write
small indexes of their own with the real schema and analyzer.
"""

from __future__ import annotations

import concurrent.futures
import importlib.metadata
import re
import tomllib
from pathlib import Path

import pytest
from conftest import REPO
from whoosh import index as whoosh_index, query as Q
from whoosh.util.numeric import byte_to_length, length_to_byte

import indexer.fulltext as fulltext
from indexer.analysis import analyze, tokens
from indexer.fulltext import (
    BLOCK_READER,
    MultilingualAnalyzer,
    SurfaceAnalyzer,
    doc_count,
    doc_frequency,
    field_lengths,
    filter_query,
    live_doc_count,
    make_schema,
    matching_docs,
    open_index,
    positions_at,
    postings,
    similar_terms,
    stored_documents,
    update_index,
    write_index,
)

TEXTS = {
    "a": "Отказ в ресоциализации из-за ВИЧ: отказ незаконен, отказ обжалуют.",
    "b": "HIV status disclosed at work; the employer disclosed the status to colleagues.",
    "c": "Жұмыс берушi ВИЧ-статусты жариялады.",
}


def document(key: str, body: str, **extra: str) -> dict[str, str]:
    """A search document as the kinds make them (indexer/schema.py), with the fields the tests look at."""
    return {
        "key": f"case:{key}:ru", "doctype": "case", "id": key, "lang": "ru", "title": f"Case {key}", "names": "", "body": body,
        "spell": body, "concepts": "c1 c2", "status": "in_force", "visibility": "public", "groups": "plhiv,sex workers",
        "kind": "", "source": "", **extra,
    }


def written(path: Path) -> Path:
    write_index(path, [document(k, t) for k, t in TEXTS.items()])
    return path


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full build's index (shared by the module's tests: none changes it)."""
    return written(tmp_path_factory.mktemp("full") / "whoosh")


@pytest.fixture(scope="module")
def updated_dir(index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An incremental build's index: several segments, one document deleted, one replaced, one added.

    The deleted documents follow a live one in their segment: whoosh's own deletion filter skips
    deleted documents at the start of a posting list before the block reader sees it.
    """
    path = tmp_path_factory.mktemp("incremental") / "whoosh"
    docs = {"case:b:ru": document("b", "HIV status disclosed twice: status, status."), "case:d:ru": document("d", "отказ в лечении ВИЧ")}
    update_index(index_dir, path, docs, removed={"case:c:ru"}, written=set(docs))
    return path


def searcher_of(path: Path):
    return open_index(path).searcher()


def by_id(searcher) -> dict[str, int]:
    """Live document numbers by entry id."""
    return {fields["id"]: docnum for docnum, fields, live in stored_documents(searcher) if live}


def test_the_pinned_whoosh_version_is_the_one_installed() -> None:
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = [d for d in dependencies if d.lower().startswith("whoosh-reloaded")]
    assert len(pins) == 1 and re.fullmatch(r"whoosh-reloaded==\d+(\.\d+)+", pins[0]), pins
    assert pins[0].split("==")[1] == importlib.metadata.version("whoosh-reloaded")


def test_the_analyzer_gives_whoosh_the_shared_pipelines_terms_positions_and_offsets() -> None:
    text = TEXTS["a"]
    found = [(t.text, t.pos, t.startchar, t.endchar) for t in MultilingualAnalyzer()(text, positions=True, chars=True)]
    assert found == [(t.term, t.pos, t.start, t.end) for t in tokens(text)]
    assert [t.text for t in SurfaceAnalyzer()(text)] == [t.term for t in tokens(text, stem=False)]
    assert MultilingualAnalyzer() == MultilingualAnalyzer() != SurfaceAnalyzer()


def test_the_schema_stores_what_the_snapshot_reads_and_indexes_what_the_engine_searches() -> None:
    schema = make_schema()
    assert set(schema.stored_names()) == {"key", "doctype", "id", "lang", "status", "source"}
    assert set(schema.scorable_names()) >= {"title", "names", "body", "concepts"}
    for name in ("title", "names", "body"):
        assert schema[name].format.supports("positions"), name
    assert not schema["spell"].format.supports("positions")
    assert schema["title"].analyzer == MultilingualAnalyzer() and schema["spell"].analyzer == SurfaceAnalyzer()


def test_written_documents_are_read_back_with_their_stored_fields(index_dir: Path) -> None:
    searcher = searcher_of(index_dir)
    assert doc_count(searcher) == 3
    docs = list(stored_documents(searcher))
    assert [d for d, _, _ in docs] == [0, 1, 2]
    assert {fields["id"] for _, fields, live in docs if live} == set(TEXTS)
    assert docs[0][1] == {"key": "case:a:ru", "doctype": "case", "id": "a", "lang": "ru", "status": "in_force", "source": ""}


def test_a_failed_write_commits_nothing(tmp_path: Path) -> None:
    def failing():
        yield document("a", TEXTS["a"])
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_index(tmp_path / "whoosh", failing())
    assert doc_count(searcher_of(tmp_path / "whoosh")) == 0


def test_an_update_leaves_the_previous_index_as_it_was(index_dir: Path, updated_dir: Path) -> None:
    before = sorted(p.name for p in index_dir.iterdir())
    old, new = searcher_of(index_dir), searcher_of(updated_dir)
    assert set(by_id(old)) == {"a", "b", "c"}
    assert set(by_id(new)) == {"a", "b", "d"}
    assert len(new.leaf_searchers()) > 1
    assert matching_docs(old, filter_query([("body", "twice")])) == []
    assert [by_id(new)["b"]] == matching_docs(new, filter_query([("body", "twice")]))
    assert sorted(p.name for p in index_dir.iterdir()) == before


def test_a_failed_update_leaves_the_previous_index_serving(index_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        update_index(index_dir, tmp_path / "updated", {}, removed={"case:a:ru"}, written={"case:missing:ru"})
    assert set(by_id(searcher_of(index_dir))) == {"a", "b", "c"}
    assert set(by_id(searcher_of(tmp_path / "updated"))) == {"a", "b", "c"}


@pytest.mark.parametrize("which", ["index_dir", "updated_dir"])
@pytest.mark.parametrize(("field", "word"), [("body", "отказ"), ("body", "status"), ("body", "ВИЧ"), ("title", "case"), ("concepts", "c1")])
def test_postings_read_through_the_block_reader_equal_whooshs_matcher(request, which: str, field: str, word: str) -> None:
    searcher = searcher_of(request.getfixturevalue(which))
    term = word if field == "concepts" else analyze(word)[0]
    expected: list[tuple[int, float]] = []
    matcher = searcher.reader().postings(field, term) if (field, term) in searcher.reader() else None
    while matcher is not None and matcher.is_active():  # the public, one-posting-at-a-time way (skips deleted documents)
        expected.append((matcher.id(), matcher.weight()))
        matcher.next()
    docs, freqs = postings(searcher, field, term)
    assert list(zip(docs, freqs, strict=True)) == expected
    if which == "index_dir":  # without deletions: how many documents hold the term (BM25's idf)
        assert doc_frequency(searcher, field, term) == len(expected)


def test_the_private_block_reader_is_there(index_dir: Path) -> None:
    """Without these attributes postings are read one by one: the same answers, many times slower."""
    reader = searcher_of(index_dir).reader()
    leaf = reader.postings("body", analyze("отказ")[0])
    assert all(hasattr(leaf, name) for name in BLOCK_READER), [n for n in BLOCK_READER if not hasattr(leaf, n)]


def test_term_frequencies_count_repeats(index_dir: Path) -> None:
    searcher = searcher_of(index_dir)
    docs, freqs = postings(searcher, "body", analyze("отказ")[0])
    assert dict(zip(docs, freqs, strict=True)) == {by_id(searcher)["a"]: 3.0}


def test_field_lengths_are_the_analysed_terms_rounded_as_whoosh_stores_them(updated_dir: Path) -> None:
    """BM25's document lengths: whoosh keeps each in one byte, exact up to 10 terms (11 reads as 12)."""
    searcher = searcher_of(updated_dir)
    lengths = field_lengths(searcher, "body")
    assert len(lengths) == doc_count(searcher)
    texts = {"a": TEXTS["a"], "b": "HIV status disclosed twice: status, status.", "d": "отказ в лечении ВИЧ"}
    for entry, docnum in by_id(searcher).items():
        assert lengths[docnum] == byte_to_length(length_to_byte(len(analyze(texts[entry])))), entry
    assert byte_to_length(length_to_byte(11)) == 12


@pytest.mark.parametrize("which", ["index_dir", "updated_dir"])
def test_positions_at_chosen_documents(request, which: str) -> None:
    searcher = searcher_of(request.getfixturevalue(which))
    term = analyze("status")[0]
    live = by_id(searcher)
    expected = {}
    for entry, docnum in live.items():
        text = TEXTS.get(entry, "") if which == "index_dir" else {"b": "HIV status disclosed twice: status, status."}.get(entry, "")
        found = [t.pos for t in tokens(text) if t.term == term]
        if found:
            expected[docnum] = found
    assert expected
    assert positions_at(searcher, "body", term, sorted(live.values())) == expected
    assert positions_at(searcher, "body", term, []) == {}


@pytest.mark.parametrize("slop", [1, 3])
def test_positions_agree_with_whooshs_phrase_query(updated_dir: Path, slop: int) -> None:
    from indexer.search.positions import with_sequence

    searcher = searcher_of(updated_dir)
    for phrase in (["status", "disclosed"], ["hiv", "status"], ["status", "status"], ["отказ", "лечении"]):
        terms = [analyze(w)[0] for w in phrase]
        expected = set(searcher.docs_for_query(Q.Phrase("body", terms, slop=slop)))
        assert with_sequence(searcher, ["body"], terms, range(doc_count(searcher)), slop) == expected, phrase


def test_filter_queries_match_every_term_but_the_excluded_one(index_dir: Path) -> None:
    searcher = searcher_of(index_dir)
    ids = {docnum: entry for entry, docnum in by_id(searcher).items()}
    assert sorted(ids[d] for d in matching_docs(searcher, filter_query([("doctype", "case")]))) == ["a", "b", "c"]
    # Comma-separated keywords: "sex workers" is one value.
    assert len(matching_docs(searcher, filter_query([("doctype", "case"), ("groups", "sex workers")]))) == 3
    assert matching_docs(searcher, filter_query([("groups", "sex")])) == []
    assert matching_docs(searcher, filter_query([("doctype", "case")], ("id", "b"))) != matching_docs(searcher, filter_query([("doctype", "case")]))
    assert sorted(ids[d] for d in matching_docs(searcher, filter_query([("doctype", "case")], ("id", "b")))) == ["a", "c"]
    # The filter's text is what the snapshot caches masks by: equal filters must give equal keys.
    assert repr(filter_query([("doctype", "case")], ("visibility", "internal"))) == repr(filter_query([("doctype", "case")], ("visibility", "internal")))


def test_deleted_documents_match_no_filter(updated_dir: Path) -> None:
    searcher = searcher_of(updated_dir)
    live = set(by_id(searcher).values())
    assert set(matching_docs(searcher, filter_query([("doctype", "case")]))) == live
    assert len(live) < doc_count(searcher)  # the deleted and the replaced documents keep their numbers


def test_deleted_documents_count_in_no_statistic(updated_dir: Path) -> None:
    """An update deletes the replaced documents, but whoosh keeps their lengths and terms until it merges their
    segment: BM25 must see only live documents, or an updated index ranks differently from a fresh build."""
    searcher = searcher_of(updated_dir)
    live = by_id(searcher)
    assert live_doc_count(searcher) == len(live) == 3 < doc_count(searcher)
    lengths = field_lengths(searcher, "body")
    assert {docnum for docnum in range(len(lengths)) if lengths[docnum]} == set(live.values())
    # «жариялады» was in document c only, which was deleted; «disclosed» is still in the new b (not in the old b twice).
    assert doc_frequency(searcher, "spell", "жариялады") == 0
    assert similar_terms(searcher, "spell", "жариялад", 1, prefix=1) == []
    assert doc_frequency(searcher, "spell", "disclosed") == 1
    assert doc_frequency(searcher, "body", analyze("отказ")[0]) == 2  # a and the added d


def test_spelling_neighbours_come_from_the_unstemmed_field(index_dir: Path) -> None:
    searcher = searcher_of(index_dir)
    assert "disclosed" in similar_terms(searcher, "spell", "disclosd", 1, prefix=1)
    assert similar_terms(searcher, "spell", "xisclosed", 1, prefix=1) == []  # the first letter must agree
    assert "disclosed" in similar_terms(searcher, "spell", "dsiclosed", 1, prefix=1)  # a swap is one edit
    assert similar_terms(searcher, "spell", "dsiclosde", 1, prefix=1) == []  # two swaps are two
    assert doc_frequency(searcher, "spell", "disclosed") == 1
    assert doc_frequency(searcher, "spell", "disclos") == 0


def test_an_opened_index_does_not_read_its_files_again(tmp_path: Path) -> None:
    """Read into memory (issue 6): damage on disk after opening does not change or crash a search."""
    index_dir = written(tmp_path / "whoosh")
    index = open_index(index_dir)
    searcher = index.searcher()
    term = analyze("status")[0]
    before = postings(searcher, "body", term)
    for path in index_dir.iterdir():
        if path.suffix in (".seg", ".toc"):
            path.write_bytes(b"\0" * 16)
    assert postings(searcher, "body", term) == before
    assert positions_at(searcher, "body", term, before[0])



def _index_content(path: Path) -> dict:
    """Everything a search reads of an index, by document key: postings with weights and positions, lengths, stored fields."""
    reader = open_index(path).reader()
    keys = {docnum: fields["key"] for docnum, fields in reader.iter_docs()}
    content: dict = {"stored": {keys[d]: reader.stored_fields(d) for d in keys}}
    content["lengths"] = {(keys[d], f): reader.doc_field_length(d, f) for d in keys for f in ("title", "names", "body", "spell", "concepts")}
    for field, term in reader.all_terms():
        matcher = reader.postings(field, term)
        found = []
        while matcher.is_active():
            positions = matcher.value_as("positions") if matcher.supports("positions") else None
            found.append((keys[matcher.id()], matcher.weight(), positions))
            matcher.next()
        content[(field, term)] = sorted(found)
    return content


@pytest.mark.parametrize("in_thread", [False, True], ids=["forked-worker", "spawned-worker"])
def test_a_large_write_in_two_processes_holds_what_whooshs_own_writer_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_thread: bool) -> None:
    """The full build's writer (two segments written at once, postings of repeated `names` made once, sorted runs
    spilled to disk in chunks) indexes exactly what whoosh's plain writer does, spilled runs included; also from a
    thread (a server rebuilding in debug mode), where the worker is spawned, not forked."""
    monkeypatch.setattr(fulltext, "PARALLEL_FROM", 200)
    monkeypatch.setattr(fulltext, "LIMIT_MB", 1)  # a few runs spilled to disk and merged back
    words = [w for text in TEXTS.values() for w in text.split()]
    docs = [document(f"k{i}", " ".join(words[(i * 7 + j) % len(words)] for j in range(40 + i % 30)),
                     names=f"Кодекс {i % 5} Code names", title=f"Статья {i}") for i in range(600)]
    if in_thread:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pool.submit(write_index, tmp_path / "ours", docs).result()
    else:
        write_index(tmp_path / "ours", docs)
    (tmp_path / "whooshs").mkdir()
    writer = whoosh_index.create_in(str(tmp_path / "whooshs"), make_schema()).writer()
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    assert len(open_index(tmp_path / "ours").searcher().leaf_searchers()) == 2
    ours, whooshs = _index_content(tmp_path / "ours"), _index_content(tmp_path / "whooshs")
    assert len(ours["stored"]) == 600
    assert ours == whooshs


def test_the_writers_text_fields_give_the_postings_whooshs_own_fields_give() -> None:
    """The full build's writer makes a text field's postings from the pipeline's tokens directly (fulltext._direct):
    term bytes, frequencies, weights and encoded positions are those whoosh's field makes through the analyzer,
    for repeated words, hyphenated words (whole and parts at one position), context terms, look-alike letters."""
    texts = [*TEXTS.values(), "исправительные работы, работы и снова работы", "ВИЧ-инфекция ВИЧ-инфекции 14-бап 30-1 бап",
             "кепiлдiк мiндеттi кепілдік", "", "   ", "Ё ё ёлка centre centres"]
    schema = make_schema()
    for name in ("title", "names", "body", "spell"):
        field = schema[name]
        direct = fulltext._direct(field)
        assert direct is not field
        for text in texts:
            assert list(direct.index(text)) == list(field.index(text)), (name, text)
    assert fulltext._direct(schema["concepts"]) is schema["concepts"]


def test_the_writers_length_tables_give_what_the_segments_reader_gives(index_dir: Path) -> None:
    """The full build reads a finished segment's field lengths into tables (fulltext._FieldLengths): for every field,
    scored or not, empty or not, they equal the per-document reader's answers, defaults included."""
    segment = whoosh_index.open_dir(str(index_dir)).reader()
    reader = segment.codec().per_document_reader(segment.storage(), segment.segment())
    tables = fulltext._FieldLengths(reader, reader.doc_count_all())
    for field in ("title", "names", "body", "spell", "concepts", "key", "groups"):
        for default in (0, None):
            assert [tables.doc_field_length(d, field, default) for d in range(3)] == [reader.doc_field_length(d, field, default) for d in range(3)]


def test_a_write_failing_in_the_worker_commits_nothing_and_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fulltext, "PARALLEL_FROM", 200)
    docs = [document(f"k{i}", f"текст {i}") for i in range(300)]
    docs[150]["body"] = 150  # in the worker's share (documents 100-199): whoosh refuses a number for a text field
    with pytest.raises(RuntimeError, match="in a worker: ValueError: 150 is not unicode"):
        write_index(tmp_path / "whoosh", docs)
    assert doc_count(searcher_of(tmp_path / "whoosh")) == 0
