"""Concept tagging at index time (indexer/schema.py): the thesaurus groups a document mentions."""

from __future__ import annotations

import random

from conftest import REPO

from indexer.analysis import analyze
from indexer.analysis.thesaurus import Thesaurus
from indexer.problems import Problems
from indexer.schema import nested_groups, phrase_starts
from indexer.vocab import load_thesaurus


def test_the_index_time_lookup_finds_the_groups_the_thesaurus_matcher_finds_in_its_order() -> None:
    """Every phrase found, shorter ones inside longer ones too, and groups sharing a phrase, as `matches(nested=True)`
    reports them, over texts made of the shipped thesaurus's phrases run together with other words."""
    thesaurus = Thesaurus(load_thesaurus(REPO / "kb", Problems()))
    starts = phrase_starts(thesaurus)
    phrases = [list(terms) for group in range(len(thesaurus)) for terms in thesaurus.members(group)]
    assert any(len(p) > 2 for p in phrases) and any(len(thesaurus.matches(list(p), nested=True)) > 1 for p in phrases)
    rng = random.Random(7)
    filler = analyze("заявление подано в суд и в прокуратуру өтініш сотқа берілді the claim was filed")
    for _ in range(300):
        terms: list[str] = []
        while len(terms) < 60:
            terms += rng.choice(phrases) if rng.random() < 0.6 else [rng.choice(filler)]
        expected = [m.group for m in thesaurus.matches(terms, nested=True)]
        assert nested_groups(terms, starts) == expected
    assert nested_groups([], starts) == []
