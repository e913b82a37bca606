"""kb/lexicon.yaml: everyday words that find the law, checked with their lines and applied below the literal word."""

import textwrap

from conftest import ids

from indexer.build import build
from indexer.load import load_kb
from indexer.search import SearchEngine


def lexicon_problems(kb_dir, text):
    (kb_dir / "lexicon.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    kb, problems = load_kb(kb_dir)
    return kb, [str(p) for p in problems if p.path.endswith("lexicon.yaml")]


def test_fixture_lexicon_is_clean_and_loaded(kb_dir):
    kb, problems = load_kb(kb_dir)
    assert [str(p) for p in problems if p.path.endswith("lexicon.yaml")] == []
    assert {w for e in kb.lexicon for w in e["words"]} >= {"вичевой", "сиделый"}


def test_every_bad_value_of_an_entry_is_reported_with_its_line(kb_dir):
    kb, problems = lexicon_problems(kb_dir, """\
        - topic: hiv
          words: [вичевой]
          means: [ВИЧ]
        - topic: gossip
          words: []
          means: [ВИЧ, nonexistent concept, другое]
          colour: red
        - topic: prison
          words: [вичевой, зэк]
          means: [ресоциализация]
        - topic: hiv
          words: [ВИЧ-инфекция, HIV]
          means: [ВИЧ]
        """)
    second = [p for p in problems if "lexicon.yaml:4:" in p]
    assert any("topic 'gossip'" in p for p in second)
    assert any("'words' must be a non-empty list" in p for p in second)
    assert any("nonexistent concept, другое" in p for p in second)
    assert any("unknown field(s) colour" in p for p in second)
    assert any("lexicon.yaml:8:" in p and "'вичевой' is already in entry 1" in p for p in problems)
    assert any("lexicon.yaml:11:" in p and "warning" in p and "'HIV' is a thesaurus word" in p for p in problems)
    # The bad entry is left out, the good ones are kept.
    assert [e["topic"] for e in kb.lexicon] == ["hiv", "prison", "hiv"]


def test_a_lexicon_that_is_not_a_list_is_one_clear_error(kb_dir):
    _, problems = lexicon_problems(kb_dir, "topic: hiv\n")
    assert problems == [f"{kb_dir.as_posix()}/lexicon.yaml:1: error[lexicon]: lexicon.yaml must be a list of entries {{topic, words, means}}"]


def test_no_lexicon_file_is_no_problem(kb_dir):
    (kb_dir / "lexicon.yaml").unlink()
    kb, problems = load_kb(kb_dir)
    assert kb.lexicon == [] and not [p for p in problems if p.path.endswith("lexicon.yaml")]


def test_an_everyday_word_finds_the_concept_and_says_so(engine):
    # «сиделый» appears in no text: the lexicon maps it to resocialization, which finds the Damir case.
    result = engine.search("сиделый")
    assert ids(result["cases"]) == ["test-damir"]
    assert result["expanded"] == [{"word": "сиделый", "means": ["ресоциализация"]}]
    assert result["suggestion"] is None


def test_an_everyday_word_scores_below_the_literal_word(kb_dir, tmp_path):
    # A case that says «сиделый» itself outranks one that only matches the concept it stands for.
    case = kb_dir / "cases" / "test-outing.en.md"
    case.write_text(case.read_text(encoding="utf-8") + "\nHe calls himself сиделый.\n", encoding="utf-8")
    data = tmp_path / "data"
    build(kb_dir, data)
    engine = SearchEngine(data)
    try:
        assert ids(engine.search("сиделый")["cases"])[:2] == ["test-outing", "test-damir"]
    finally:
        engine.close()


def test_a_together_entry_is_checked_like_the_others(kb_dir):
    kb, problems = lexicon_problems(kb_dir, """\
        - topic: police
          together: [ВИЧ, ресоциализация]
          means: [ВИЧ]
        - topic: police
          together: [ВИЧ]
          means: [ВИЧ]
        - topic: police
          together: [ВИЧ, no such concept]
          words: [вичевой]
          means: [ВИЧ]
        """)
    assert any("lexicon.yaml:4:" in p and "'together' names at least two concepts" in p for p in problems)
    assert any("lexicon.yaml:7:" in p and "either 'words'" in p for p in problems)
    assert any("lexicon.yaml:7:" in p and "'together' names words that are in no thesaurus group: no such concept" in p for p in problems)
    assert [e.get("together") for e in kb.lexicon] == [["ВИЧ", "ресоциализация"]]
