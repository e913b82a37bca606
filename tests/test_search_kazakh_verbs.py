"""Kazakh queries in the past tense or negated find norms that use other forms of the verb (issue 10), over the
shipped kb.

People tell what happened («жауап алды» "they questioned", «жұмыстан шығарды» "they fired", «бермеді» "did not
give"); the law says what may or must be done («жауап алу», «шығарылады», «береді»). Each form was a term of its
own until indexer/analysis/kazakh_verbs.py gave every form of a verb one key.
"""

from conftest import ids, means


def matched(hits: list[dict], hit_id: str) -> list[str]:
    """The query words a hit matched."""
    return next(hit["matched"] for hit in hits if hit["id"] == hit_id)


def test_questioned_without_a_lawyer_finds_the_right_to_a_defence_counsel(shipped):
    norms = shipped.search("адвокаттың көмегінсіз жауап алды")["norms"]
    assert ids(norms)[0] == "kz-criminal-procedure-code/art-66-part-3", ids(norms)[:5]
    assert "алды" in matched(norms, "kz-criminal-procedure-code/art-66-part-3")


def test_fired_in_the_passive_past_finds_dismissal_by_the_employer(shipped):
    norms = shipped.search("жұмыстан шығарылды")["norms"]
    assert "kz-labour-code/art-52-p-1" in ids(norms)[:3], ids(norms)[:5]
    assert "шығарылды" in matched(norms, "kz-labour-code/art-52-p-1")


def test_a_negated_verb_matches_the_positive_forms_in_the_law(shipped):
    for query, verb in (("жалақы төлемеді", "төлемеді"), ("дәрігер емдемеді", "емдемеді"),
                        ("мектепке қабылдамады", "қабылдамады")):
        norms = shipped.search(query)["norms"]
        assert sum(verb in hit["matched"] for hit in norms[:5]) >= 3, (query, norms[:5])



def test_did_not_give_is_a_refusal_but_gave_and_the_employer_are_not(shipped):
    # «бермеді» (did not give) means refusal; its term is that of «берді» (gave) and «жұмыс беруші» (employer):
    # the negation is read from the typed word.
    assert "refusal" in means(shipped.search("интернатта орын бермеді"))
    assert "refusal" not in means(shipped.search("дәрігер анықтама берді"))
    employer = shipped.search("дәрігер менің диагнозымды жұмыс берушіге айтып қойды")
    assert not {"refusal", "denial of medical care"} & means(employer), employer["expanded"]
    assert "disclosure of diagnosis" in means(employer)


def test_without_is_read_from_the_word_law_is_not_lawlessness(shipped):
    # The stemmer cuts «-сыз» ("without"): «заңсыздық» (lawlessness, abuse of office) has the term of «заң» (law).
    assert "abuse of office" not in means(shipped.search("тегін заң көмегі"))  # free legal aid
    assert "abuse of office" in means(shipped.search("заңсыздық"))
    assert "unlawful detention" in means(shipped.search("полиция заңсыз ұстады"))


def _searched_concepts(engine, query: str) -> set[str]:
    """The concept groups a query is searched as (thesaurus and lexicon), by their first member."""
    from indexer.search.clauses import plan
    from indexer.search.query import parse_query

    snap = engine.snapshot()
    searched = plan(parse_query(query), snap, snap.searcher())
    numbers = {int(t[1:]) for c in searched.clauses for a in c.alternatives for f, t, _ in a.postings if f == "concepts"}
    return {snap.thesaurus.groups[n][0] for n in numbers}


def test_a_thesaurus_member_that_says_not_needs_a_query_word_that_says_it(shipped):
    # «ауруханаға жатқызбады» (did not admit to hospital) is a member of denial of medical care; «ауруханаға
    # жатқызды» (admitted) and «емдеді» (treated) have its terms but say the opposite.
    assert "denial of medical care" in _searched_concepts(shipped, "ауруханаға жатқызбады")
    assert "denial of medical care" in _searched_concepts(shipped, "дәрігер емдемеді")
    assert "denial of medical care" not in _searched_concepts(shipped, "ауруханаға жатқызды")
    assert "denial of medical care" not in _searched_concepts(shipped, "дәрігер емдеді")
