"""Any input whatsoever gives a normal result from the search engine, never an exception."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

pytestmark = pytest.mark.fuzz

OPERATORS = st.sampled_from(['"', "-", "AND", "OR", "NOT", "(", ")", "*", "?", "~", "^", ":", "title:", "{", "}", "[", "]", "\\", "/", "ст.", "14-бап", "п."])
QUERIES = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(OPERATORS, st.text(max_size=8)), max_size=40).map(" ".join),
    st.text(alphabet=st.characters(whitelist_categories=("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cs")), max_size=50),
    st.sampled_from(["x" * 100_000, "ВИЧ " * 20_000, '"' * 5000, "-" * 5000]),
)
SHAPE = {"query", "took_ms", "norms", "cases", "services", "suggestion"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=QUERIES, city=st.one_of(st.none(), st.text(max_size=20)), lang=st.one_of(st.none(), st.text(max_size=5)),
       filters=st.dictionaries(st.sampled_from(["group", "violation", "kind", "language", "jurisdiction", "other"]), st.text(max_size=10), max_size=3),
       limit=st.integers(min_value=-10, max_value=10_000))
def test_search_never_fails(engine, query, city, lang, filters, limit):
    result = engine.search(query, city=city, lang=lang, filters=filters, limit=limit)
    assert SHAPE <= set(result)
    assert len(result["query"]) <= 500
    for name in ("norms", "cases", "services"):
        assert len(result[name]) <= 100
        assert len({hit["id"] for hit in result[name]}) == len(result[name])
