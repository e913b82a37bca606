"""Text analysis shared by indexing and querying, so the two never drift apart.

`tokens()` turns text into search terms (folded, hyphen-split, stemmed per
language); `indexer.fulltext.MultilingualAnalyzer` wraps the same pipeline for
the index; the thesaurus maps analysed phrases to their synonym groups.
"""

from indexer.analysis.text import Token, analyze, distinct_words, fold, stem_word, tokens

__all__ = [
    "Token",
    "analyze",
    "distinct_words",
    "fold",
    "stem_word",
    "tokens",
]
