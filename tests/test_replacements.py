"""Acts map repealed provisions to what replaced them; kb check reports bad maps with their lines."""

from indexer.load import load_kb


def set_replacements(kb_dir, text):
    path = kb_dir / "laws" / "test-constitution.ru.md"
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace("replacements: {art-14: test-constitution-2026/art-14}", text), encoding="utf-8")
    return path


def test_the_fixture_map_is_loaded(kb_dir):
    kb, problems = load_kb(kb_dir)
    act = next(e for e in kb.of_kind("act") if e.id == "test-constitution" and e.lang == "ru")
    assert act.meta["replacements"] == {"art-14": ["test-constitution-2026/art-14"]}


def test_unknown_provisions_on_either_side_are_reported_and_dropped(kb_dir):
    set_replacements(kb_dir, "replacements:\n  art-99: test-constitution-2026/art-14\n  art-14: [test-constitution-2026/art-14, test-constitution-2026/art-77]")
    kb, problems = load_kb(kb_dir)
    messages = [str(p) for p in problems if p.code == "dangling-reference"]
    assert any("test-constitution.ru.md:12:" in m and "this act has no provision 'art-99'" in m for m in messages), messages
    assert any("no provision 'test-constitution-2026/art-77'" in m for m in messages)
    act = next(e for e in kb.of_kind("act") if e.id == "test-constitution" and e.lang == "ru")
    assert act.meta["replacements"] == {"art-14": ["test-constitution-2026/art-14"]}


def test_a_badly_shaped_map_names_every_bad_value(kb_dir):
    set_replacements(kb_dir, "replacements: {art-14: not-a-provision-id, Art 18: [x/y]}")
    _, problems = load_kb(kb_dir)
    bad = [str(p) for p in problems if p.code == "bad-value" and "replacements" in p.message]
    assert len(bad) == 1
    assert "'not-a-provision-id' is not a provision id" in bad[0] and "'Art 18' is not a provision id" in bad[0]


def test_a_national_service_needs_no_national_place_in_the_vocabulary(kb_dir):
    vocab = kb_dir / "vocab.yaml"
    kept = [line for line in vocab.read_text(encoding="utf-8").splitlines() if not line.strip().startswith("national:")]
    vocab.write_text("\n".join(kept) + "\n", encoding="utf-8")
    kb, problems = load_kb(kb_dir)
    assert [str(p) for p in problems if p.is_error] == []
    assert "test-ombudsman" in {e.id for e in kb.of_kind("service")}
