"""`python -m bench.generate --scale N --out DIR [--seed S]`: a synthetic knowledge base.

Scale 1 is about 200 provisions, 50 cases and 50 services (rows, one per entry
and language, as `kb build` counts them); everything grows linearly with the
scale. The same seed gives byte-identical files. Files are written one at a
time as they are generated; only the ids needed for cross-references are kept.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import yaml

from bench.files import act_file, case_file, q, service_file
from bench.lexicon import WORDS, Lexicon
from bench.official_corpus import act_code, act_files, is_linked
from bench.places import places
from bench.plans import act_plans, case_plans, service_plans

BENCH = Path(__file__).parent
VOCAB_BASE = BENCH / "vocab_base.yaml"
PROGRESS_EVERY = 2000


def fingerprint() -> str:
    """A hash of the generator's code and word lists: a cached knowledge base is stale when it changes."""
    digest = hashlib.sha256()
    sources = [BENCH / f"{module}.py" for module in ("generate", "files", "plans", "lexicon", "places", "official_corpus")]
    for path in [*sources, *sorted(WORDS.glob("*.txt")), VOCAB_BASE]:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def vocab_text() -> str:
    """vocab.yaml: the fixed sections plus every generated place with its region."""
    lines = [VOCAB_BASE.read_text(encoding="utf-8").rstrip("\n"), "", "places:"]
    for key, labels in places().items():
        lines.append(f"  {key}: {{en: {q(labels['en'])}, ru: {q(labels['ru'])}, kk: {q(labels['kk'])}, region: {labels['region']}}}")
    return "\n".join(lines) + "\n"


def thesaurus_text(lex: Lexicon) -> str:
    lines = ["# Synonym groups of the synthetic knowledge base: each concept in English, Russian and Kazakh."]
    lines += ["- [" + ", ".join(q(word) for word in group) + "]" for group in lex.thesaurus_groups]
    return "\n".join(lines) + "\n"


class Writer:
    """Writes files under the output folder and reports progress now and then."""

    def __init__(self, root: Path, progress: Callable[[str], None]) -> None:
        self.root = root
        self.progress = progress
        self.files = 0
        self.bytes = 0
        self.started = time.perf_counter()

    def write(self, relative: str, text: str) -> None:
        data = text.encode("utf-8")
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.files += 1
        self.bytes += len(data)
        if self.files % PROGRESS_EVERY == 0:
            self.progress(f"generate: {self.files} files, {self.bytes / 1e6:.1f} MB, {time.perf_counter() - self.started:.1f} s")


def generate(scale: int, out: Path | str, seed: int = 1, progress: Callable[[str], None] = lambda message: None,
             official: Path | str | None = None) -> dict[str, int]:
    """Write the knowledge base for `scale` into `out` (which must be empty); return row and file counts.

    The first `scale` acts numbered by articles link a corpus act (`official:`); with
    `official` (a new or empty folder) the corpus of their official texts is written
    there too (bench.official_corpus).
    """
    out = Path(out)
    for folder in (out, *([Path(official)] if official else [])):
        if folder.exists() and any(folder.iterdir()):
            raise SystemExit(f"{folder} is not empty: choose a new folder")
    for folder in ("laws", "cases", "services"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    lex = Lexicon(seed)
    vocab = yaml.safe_load(VOCAB_BASE.read_text(encoding="utf-8"))
    vocab["places"] = places()
    writer = Writer(out, progress)
    writer.write("vocab.yaml", vocab_text())
    writer.write("thesaurus.yaml", thesaurus_text(lex))
    counts = {"acts": 0, "provisions": 0, "cases": 0, "services": 0}
    corpus = Writer(Path(official), progress) if official else None
    if corpus:
        counts.update(official_acts=0, official_articles=0, official_files=0, official_megabytes=0)

    acts, provisions, previous, links = {}, [], None, 0
    for plan in act_plans(seed, scale, len(lex.concepts)):
        linked = is_linked(plan) and links < scale
        links += linked
        for lang in plan.langs:
            writer.write(f"laws/{plan.id}.{lang}.md", act_file(lex, seed, plan, lang, previous, act_code(plan) if linked else None))
        if linked and corpus:
            official_plan, files = act_files(lex, seed, plan)
            for relative, text in files.items():
                corpus.write(relative, text)
            counts["official_acts"] += 1
            counts["official_articles"] += 2 * len(official_plan.articles)
        acts[plan.id] = plan
        provisions += plan.full_ids
        previous = plan.id
        counts["acts"] += len(plan.langs)
        counts["provisions"] += len(plan.units) * len(plan.langs)

    services_by_city: dict[str, list[str]] = defaultdict(list)
    for plan in service_plans(seed, scale, len(lex.concepts)):
        for lang in plan.langs:
            writer.write(f"services/{plan.id}.{lang}.md", service_file(lex, seed, plan, lang, vocab))
        services_by_city[plan.city].append(plan.id)
        counts["services"] += len(plan.langs)

    for plan in case_plans(seed, scale, len(lex.concepts), provisions, list(acts), services_by_city, sorted(vocab["violations"])):
        for lang in plan.langs:
            writer.write(f"cases/{plan.id}.{lang}.md", case_file(lex, seed, plan, lang, vocab, acts))
        counts["cases"] += len(plan.langs)

    counts["files"] = writer.files
    counts["megabytes"] = round(writer.bytes / 1e6, 2)
    if corpus:
        counts["official_files"], counts["official_megabytes"] = corpus.files, round(corpus.bytes / 1e6, 2)
        progress(f"generate: corpus of {counts['official_acts']} official acts, {counts['official_articles']} article texts "
                 f"in {corpus.files} files ({counts['official_megabytes']} MB) → {official}")
    progress(f"generate: {writer.files} files ({counts['provisions']} provisions, {counts['cases']} cases, "
             f"{counts['services']} services) in {time.perf_counter() - writer.started:.1f} s → {out}")
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, required=True, help="1 ≈ 200 provisions, 50 cases, 50 services; linear")
    parser.add_argument("--out", type=Path, required=True, help="output folder (new or empty)")
    parser.add_argument("--seed", type=int, default=1, help="same seed, same files (default 1)")
    parser.add_argument("--official", type=Path, default=None,
                        help="also write the corpus of official texts the kb's acts link, in this folder (new or empty)")
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be at least 1")
    generate(args.scale, args.out, args.seed, progress=lambda m: print(m, file=sys.stderr, flush=True), official=args.official)


if __name__ == "__main__":
    main()
