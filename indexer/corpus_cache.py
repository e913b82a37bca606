"""The corpus's act folders as the previous build found them: each folder's act code and edition, read again only when its files change.

Finding the linked acts means reading the facts (meta.yaml and the front matter of
rus.md and kaz.md) of every act folder of the corpus, thousands in a full clone. A
build keeps, in the data folder, each folder's act code and edition with the
fingerprints of those three files (indexer/file_stats.py); the next build reads only
the folders whose files changed. Only settled files are trusted, as for kb files.
"""

from __future__ import annotations

import os
from pathlib import Path

from indexer import pickles
from indexer.file_stats import Fingerprint, fingerprint, now_ns, settled
from indexer.official import CORPUS_LANGUAGES, read_meta

# The file the facts are kept in between builds, in the data folder.
ACTS_CACHE = ".official-acts.pickle"
FACT_FILES = ("meta.yaml", *(f"{name}.md" for name in CORPUS_LANGUAGES.values()))

# A folder's facts: the fingerprints of FACT_FILES (None: no such file) and the facts find_acts uses.
Kept = tuple[tuple[Fingerprint | None, ...], dict]


class ActFolders:
    """Reads an act folder's facts (`facts`, for official.find_acts), from the kept ones while its files are unchanged."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.kept = self._load()
        self.found: dict[str, Kept] = {}
        self.seen = now_ns()

    def _load(self) -> dict[str, Kept]:
        kept = pickles.load(self.path) if self.path is not None else None
        return kept if isinstance(kept, dict) else {}

    def facts(self, folder: Path) -> dict:
        """The act code and edition of the act in `folder` (official.read_meta's facts); CorpusError as it raises."""
        stats = [_stat(folder / name) for name in FACT_FILES]
        prints = tuple(fingerprint(info) if info else None for info in stats)
        kept = self.kept.get(str(folder))
        if kept is not None and kept[0] == prints:
            self.found[str(folder)] = kept
            return kept[1]
        meta = read_meta(folder)
        facts = {"act_code": meta["act_code"], "version_date": meta.get("version_date")}
        if all(info is None or settled(info, self.seen) for info in stats):
            self.found[str(folder)] = (prints, facts)
        return facts

    def save(self) -> None:
        """Keep the facts found (only those: folders gone are forgotten), when they differ from those kept.

        Written atomically; a data folder that cannot be written costs only the cache.
        """
        if self.path is not None and self.found != self.kept:
            pickles.replace(self.path, self.found)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None
