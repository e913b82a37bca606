"""Norms and cases about what the leading hits are about (their violation types) rise in their list (boosts.apply_feedback)."""

import pytest

from indexer.search import boosts


def _norm_ids(engine, query: str) -> list[str]:
    return [hit["id"] for hit in engine.search(query)["norms"]]


def test_slang_for_hiv_positive_finds_the_hiv_guarantees_before_freedom_of_association(shipped):
    # «вичевой» means HIV, HIV-positive, PLHIV (lexicon); the Constitution's freedom of association, which
    # names associations of people with HIV, came first, above the Health Code's guarantees.
    ids = _norm_ids(shipped, "вичевой")
    assert ids[0].startswith("kz-health-code/"), ids[:5]
    assert "kz-constitution-2026/art-26-p-1" not in ids[:5], ids[:5]


def test_an_entry_sharing_the_leading_violation_rises_and_one_about_something_else_falls(shipped, monkeypatch):
    query = "ВИЧ в колонии лечение"
    with_feedback = _norm_ids(shipped, query)
    monkeypatch.setattr(boosts, "FEEDBACK_WEIGHT", 0.0)
    without = _norm_ids(shipped, query)
    # Health Code art. 80 (citizens' duties; discrimination) matched as many words as the state guarantees for
    # people with HIV (denial of health care), which the other leading hits are about.
    assert without.index("kz-health-code/art-80") < without.index("kz-health-code/art-160-p-4")
    assert with_feedback.index("kz-health-code/art-160-p-4") < with_feedback.index("kz-health-code/art-80")


@pytest.mark.parametrize("query", ["ст. 14 Конституции", "п. 2 ст. 14 Конституции"])
def test_a_query_citing_a_provision_is_not_reordered(shipped, monkeypatch, query):
    with_feedback = _norm_ids(shipped, query)
    monkeypatch.setattr(boosts, "FEEDBACK_WEIGHT", 0.0)
    assert _norm_ids(shipped, query) == with_feedback


def test_cases_sharing_the_leading_cases_violation_rise_too(shipped, monkeypatch):
    # «пытки в полиции»: an attack on a lesbian event (hate, violence) came before the police detentions the
    # other leading cases are about.
    query = "пытки в полиции"
    with_feedback = [hit["id"] for hit in shipped.search(query)["cases"]]
    monkeypatch.setattr(boosts, "FEEDBACK_WEIGHT", 0.0)
    without = [hit["id"] for hit in shipped.search(query)["cases"]]
    assert without[0] == "almaty-lesbian-event-attacked-2024"
    assert with_feedback[0] == "taldykorgan-migrant-sex-workers-police-detention"
