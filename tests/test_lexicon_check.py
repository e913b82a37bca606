"""kb check on kb/lexicon.yaml: a thesaurus word is redundant there unless its entry reaches another concept."""

from indexer.load import load_kb


def lexicon_problems(kb_dir, text):
    (kb_dir / "lexicon.yaml").write_text(text, encoding="utf-8")
    _, problems = load_kb(kb_dir)
    return [str(p) for p in problems if "lexicon" in str(p)]


def test_a_thesaurus_word_that_also_means_a_broader_concept_is_not_warned_about(kb_dir):
    # «гей» → gay + LGBT in the shipped kb: the thesaurus alone finds nothing of LGBT.
    text = "- topic: hiv\n  words: [ВИЧ, вичевой]\n  means: [HIV, discrimination]\n"
    assert lexicon_problems(kb_dir, text) == []


def test_a_thesaurus_word_that_means_only_its_own_group_is_warned_about_at_its_line(kb_dir):
    text = "- topic: hiv\n  words: [вичевой]\n  means: [HIV]\n- topic: hiv\n  words: [АИТВ]\n  means: [HIV]\n"
    assert lexicon_problems(kb_dir, text) == [
        f"{kb_dir.as_posix()}/lexicon.yaml:4: warning[lexicon]: entry 2: 'АИТВ' is a thesaurus word; the thesaurus already finds it"
    ]
