"""Text analysis shared by indexing and querying, so the two never drift apart.

`tokens()` turns text into search terms (folded, hyphen-split, stemmed per
language); `MultilingualAnalyzer` wraps the same pipeline for whoosh; the
thesaurus maps analysed phrases to their synonym groups.
"""

from indexer.analysis.text import Token, analyze, distinct_words, fold, stem_word, tokens
from indexer.analysis.whoosh_analyzer import MultilingualAnalyzer, SurfaceAnalyzer

__all__ = [
    "MultilingualAnalyzer",
    "SurfaceAnalyzer",
    "Token",
    "analyze",
    "distinct_words",
    "fold",
    "stem_word",
    "tokens",
]
