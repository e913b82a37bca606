"""whoosh adapters for the shared analysis pipeline in `indexer.analysis.text`."""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Analyzer, Token as WhooshToken

from indexer.analysis.text import tokens


class MultilingualAnalyzer(Analyzer):
    """Folds, splits hyphenated words and stems per token language (index and query)."""

    stem = True

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[WhooshToken]:
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for t in tokens(value, stem=self.stem):
            token.text = t.term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = t.surface
            if positions:
                token.pos = start_pos + t.pos
            if chars:
                token.startchar = start_char + t.start
                token.endchar = start_char + t.end
            yield token

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)


class SurfaceAnalyzer(MultilingualAnalyzer):
    """The same pipeline without stemming: the vocabulary used for typo correction."""

    stem = False
