"""Provision summaries name what their article covers, in the article's own words (issue 10, lever 2).

A summary that paraphrases an article without its key words is found only by luck:
these queries use the words of the law (and of a REActor), over the knowledge base we ship.
"""

from conftest import ids


def test_detained_without_a_lawyer_finds_the_right_to_defence_counsel_first(shipped):
    # CPC art. 66 p. 3: defence counsel (an advocate, by p. 2) from the moment a person is a suspect,
    # which a detained person is (art. 64). It was 11th, below provisions that only mention a lawyer.
    norms = shipped.search("задержали без адвоката")["norms"]
    assert ids(norms)[0] == "kz-criminal-procedure-code/art-66-part-3", ids(norms)[:10]
