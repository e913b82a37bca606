"""`kb check` messages: every broken file gives a precise path:line, and the rest still loads."""

import os
import shutil

import pytest
from conftest import BROKEN

from indexer.load import load_kb

# (file under tests/fixtures/broken, line, severity[code], words in the message)
CASES = [
    ("laws/yaml-error.ru.md", 3, "error[front-matter]", "invalid YAML"),
    ("laws/tab-indent.ru.md", 5, "error[front-matter]", "tab used for indentation"),
    ("laws/bom.ru.md", 1, "error[front-matter]", "byte-order mark"),
    ("laws/latin1.ru.md", 3, "error[encoding]", "not valid UTF-8 (byte 0xe9)"),
    ("laws/empty.ru.md", 1, "error[empty-file]", "file is empty"),
    ("laws/no-front-matter.ru.md", 1, "error[front-matter]", "must start with a '---' line"),
    ("laws/unclosed.ru.md", 1, "error[front-matter]", "front matter is not closed"),
    ("laws/binary.ru.md", 1, "error[binary]", "NUL bytes"),
    ("laws/missing-title.ru.md", 1, "error[missing-field]", "required field 'title' is missing"),
    ("laws/bad-kind.ru.md", 4, "error[bad-value]", "kind: 'statute' is not one of"),
    ("laws/bad-date.ru.md", 8, "error[bad-value]", "adopted: '2020-13-45' is not a date"),
    ("laws/bad-url.ru.md", 7, "error[bad-value]", "source_url: 'adilet.zan.kz/rus/docs/Z000' is not an http(s) URL"),
    ("laws/bad-heading.ru.md", 15, "error[bad-heading]", "heading 'Общие положения' has no designator"),
    ("laws/duplicate-provision.ru.md", 13, "error[duplicate-provision]", "provision 'art-1' already starts at line 9"),
    ("laws/bad-id.ru.md", 2, "error[bad-value]", "'Bad_ID' is not a valid id"),
    ("laws/x-duplicate-id.ru.md", 2, "error[duplicate-id]", "act 'test-order-379' in 'ru' is also defined in"),
    ("laws/dangling-replaced-by.ru.md", 10, "error[dangling-reference]", "replaced_by: no act with id 'no-such-act'"),
    ("cases/unknown-group.en.md", 7, "error[bad-value]", "'prisoner' is not a key of 'groups' in vocab.yaml (did you mean 'prisoners'?)"),
    ("cases/dangling-norm.en.md", 13, "error[dangling-reference]", "norms: no provision 'test-order-379/p-31'"),
    ("cases/dangling-service.en.md", 11, "error[dangling-reference]", "services: no service 'no-such-service'"),
    (
        "cases/dangling-act-link.en.md", 18, "error[dangling-reference]",
        "[[test-constitusion]]: no act with id 'test-constitusion' (did you mean 'test-constitution'?)",
    ),
    ("cases/not-anonymised.en.md", 10, "error[bad-value]", "anonymised: must be true"),
    ("cases/bad-partial-date.en.md", 5, "error[bad-value]", "'April 2023' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"),
    ("services/bad-phone.ru.md", 8, "error[bad-value]", "'8 (727) 123-45-67' is not a phone number in international format"),
    ("services/unknown-city.ru.md", 6, "error[bad-value]", "'almatty' is not a key of 'places' in vocab.yaml (did you mean 'almaty'?)"),
    ("services/misspelt-field.ru.md", 8, "warning[unknown-field]", "unknown field 'adress' for a service (did you mean 'address'?)"),
    # Issue 6: other encodings, '..' in references and ids, values of the wrong shape, an alias bomb.
    ("laws/utf16.ru.md", 1, "error[encoding]", "file is saved as UTF-16; save it as UTF-8"),
    ("laws/cp1251.ru.md", 3, "error[encoding]", "not valid UTF-8 (byte 0xc7) (it looks like Windows-1251)"),
    ("laws/dotdot-replaced-by.ru.md", 10, "error[bad-value]", "replaced_by: '../../etc/passwd' is not a valid id"),
    ("cases/dotdot-norm.en.md", 11, "error[bad-value]", "norms: '../../etc/passwd' is not a provision id"),
    ("cases/dotdot-service.en.md", 11, "error[bad-value]", "services: must be a list of ids"),
    ("services/dotdot-id.ru.md", 2, "error[bad-value]", "id: '../../outside' is not a valid id"),
    ("cases/nested-values.en.md", 7, "error[bad-value]", "groups: a list is not a key of 'groups' in vocab.yaml"),
    ("services/yaml-bomb.ru.md", 12, "error[bad-value]", "name: must be non-empty text"),
]


def test_fixture_kb_is_clean(kb_dir):
    kb, problems = load_kb(kb_dir)
    assert problems.errors == []
    assert len(kb.of_kind("act")) == 7  # one of them internal
    assert {p.full_id for a in kb.of_kind("act") for p in a.provisions} >= {"test-order-379/p-30-sp-2", "test-constitution/art-14"}


@pytest.mark.parametrize(("name", "line", "label", "words"), CASES, ids=[c[0] for c in CASES])
def test_broken_file_is_reported_at_its_line(kb_dir, name, line, label, words):
    target = kb_dir / name
    shutil.copyfile(BROKEN / name, target)
    kb, problems = load_kb(kb_dir)
    expected_prefix = f"{kb_dir.as_posix()}/{name}:{line}: {label}: "
    messages = [str(p) for p in problems]
    assert any(m.startswith(expected_prefix) and words in m for m in messages), "\n".join(messages)
    # Everything valid is still loaded: the six fixture acts and three cases at least.
    assert {"test-order-379", "test-constitution"} <= {e.id for e in kb.of_kind("act")}
    assert len(kb.of_kind("case")) >= 3


def test_every_problem_is_reported_at_once(kb_dir):
    for name, *_ in CASES:
        shutil.copyfile(BROKEN / name, kb_dir / name)
    _, problems = load_kb(kb_dir)
    reported = {p.path.split("/kb/", 1)[1] for p in problems}
    assert {name for name, *_ in CASES} <= reported


def test_dangling_reference_keeps_the_rest_of_the_case(kb_dir):
    shutil.copyfile(BROKEN / "cases/dangling-norm.en.md", kb_dir / "cases/dangling-norm.en.md")
    kb, _ = load_kb(kb_dir)
    case = next(e for e in kb.of_kind("case") if e.id == "dangling-norm")
    assert case.meta["norms"] == ["test-constitution/art-14"]
    assert case.meta["services"] == ["test-ombudsman"]


def test_symlink_out_of_kb_is_refused(kb_dir, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text((kb_dir / "services/test-aids-almaty.ru.md").read_text(encoding="utf-8").replace("test-aids-almaty", "outside"))
    os.symlink(outside, kb_dir / "services/outside.ru.md")
    kb, problems = load_kb(kb_dir)
    assert any(p.code == "outside-kb" and p.path.endswith("services/outside.ru.md") for p in problems)
    assert "outside" not in {e.id for e in kb.of_kind("service")}


def test_translation_with_other_provisions_is_flagged(kb_dir):
    path = kb_dir / "laws/test-order-379.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("## Paragraph 30, sub-paragraph 2.", "## Paragraph 31."), encoding="utf-8")
    _, problems = load_kb(kb_dir)
    mismatch = [p for p in problems if p.code == "translation-mismatch"]
    assert mismatch and "missing p-30-sp-2" in mismatch[0].message and "extra p-31" in mismatch[0].message


def test_broken_vocab_is_reported_with_its_line(kb_dir):
    vocab = kb_dir / "vocab.yaml"
    text = vocab.read_text(encoding="utf-8")
    vocab.write_text(text.replace("  prisoners: {en: Prisoners, ru: Заключённые, kk: Сотталғандар}", "  prisoners: {en: Prisoners}"), encoding="utf-8")
    _, problems = load_kb(kb_dir)
    assert any(str(p).endswith("vocab.yaml:4: error[vocab]: groups.prisoners lacks a label in ru, kk") for p in problems), [str(p) for p in problems]


def make_unusual_files(kb_dir, tmp_path):
    """Files no editor makes: a 10 MB one, a named pipe, links in a loop, a dangling link, a folder named like a file."""
    (kb_dir / "laws/huge.ru.md").write_bytes(b"---\nid: huge\n---\n" + b"x" * (10 * 1024 * 1024))
    os.mkfifo(kb_dir / "laws/pipe.ru.md")
    os.symlink("loop-b.ru.md", kb_dir / "laws/loop-a.ru.md")
    os.symlink("loop-a.ru.md", kb_dir / "laws/loop-b.ru.md")
    os.symlink(tmp_path / "gone.md", kb_dir / "laws/dangling.ru.md")
    (kb_dir / "laws/folder.ru.md").mkdir()
    (kb_dir / "cases/junk.en.md").write_bytes(bytes(range(256)) * 64)


def test_unusual_files_are_reported_and_the_rest_is_indexed(kb_dir, tmp_path):
    import time

    make_unusual_files(kb_dir, tmp_path)
    started = time.monotonic()
    kb, problems = load_kb(kb_dir)
    assert time.monotonic() - started < 10  # the pipe is never opened, the big file never read
    messages = [str(p) for p in problems]
    expected = {
        "laws/huge.ru.md:1: error[too-large]: file is 10240 KiB; the limit is 2048 KiB",
        "laws/pipe.ru.md:1: error[not-a-file]: not a regular file",
        "laws/loop-a.ru.md:1: error[unreadable]: cannot read file",
        "laws/loop-b.ru.md:1: error[unreadable]: cannot read file",
        "laws/dangling.ru.md:1: error[unreadable]: cannot read file: No such file or directory",
        "cases/junk.en.md:1: error[binary]: file contains NUL bytes",
    }
    for prefix in expected:
        assert any(m.startswith(f"{kb_dir.as_posix()}/{prefix}") for m in messages), (prefix, messages)
    assert len(kb.of_kind("act")) == 7 and len(kb.of_kind("case")) == 4 and len(kb.of_kind("service")) == 5


def test_unusual_files_do_not_stop_a_build(kb_dir, tmp_path):
    from indexer.build import build

    make_unusual_files(kb_dir, tmp_path)
    for name, *_ in CASES:
        shutil.copyfile(BROKEN / name, kb_dir / name)
    result = build(kb_dir, tmp_path / "data")
    assert result.built and result.problems.errors
    # Every fixture entry is there (plus the broken files whose only fault was a warning or a dropped reference).
    assert result.counts["services"] >= 5 and result.counts["cases"] >= 4 and result.counts["acts"] >= 7


def test_every_bad_value_of_a_list_is_reported_at_its_line(kb_dir):
    # Maintainers saw only the first bad key of `groups: [plhiv, prisoner, sexworkers, gay]`.
    case = kb_dir / "cases" / "test-outing.en.md"
    text = case.read_text(encoding="utf-8")
    groups_line = next(line for line in text.splitlines() if line.startswith("groups:"))
    case.write_text(text.replace(groups_line, "groups:\n  - lgbtiq\n  - prisoner\n  - sexworkers\n  - gay"), encoding="utf-8")
    _, problems = load_kb(kb_dir)
    bad = sorted((p.line, p.message) for p in problems if p.path.endswith("test-outing.en.md") and p.code == "bad-value")
    assert [message.split("'")[1] for _, message in bad] == ["prisoner", "sexworkers", "gay"]
    first = text.splitlines().index(groups_line) + 1
    assert [line for line, _ in bad] == [first + 2, first + 3, first + 4]


def test_a_reference_to_a_file_left_out_points_at_that_file_not_at_a_lookalike(kb_dir):
    # One bad value in a service used to give each citing case a "did you mean" for another organisation.
    service = kb_dir / "services" / "test-ombudsman.ru.md"
    service.write_text(service.read_text(encoding="utf-8").replace("kind: ombudsman", "kind: ombudsmann"), encoding="utf-8")
    _, problems = load_kb(kb_dir)
    dangling = [p for p in problems if p.code == "dangling-reference"]
    assert dangling and all("test-ombudsman.ru.md has errors" in p.message and "did you mean" not in p.message for p in dangling)


def test_did_you_mean_for_a_service_stays_in_the_case_city(kb_dir):
    case = kb_dir / "cases" / "test-damir.ru.md"
    case.write_text(case.read_text(encoding="utf-8").replace("services: [test-ombudsman]", "services: [test-aids-almaty-x]"), encoding="utf-8")
    _, problems = load_kb(kb_dir)
    message = next(p.message for p in problems if p.code == "dangling-reference" and p.path.endswith("test-damir.ru.md"))
    # The Almaty AIDS centre is the closest spelling, but the story happened in Ust-Kamenogorsk.
    assert "test-aids-almaty'" not in message
