"""Editions of the official texts: which articles changed since the edition our summaries were checked against.

An act file's `official_version` is the date of the official edition a maintainer
compared its summaries with. When the corpus's clone holds a newer edition, the
older one is found in the clone's git history (every edition of an act is a commit
of its folder): the newest commit whose edition is not after `official_version`, in
the folder's history, else in that of the folder it had before the corpus's layout moved it.
Both editions are split into articles by the same reader (indexer/official.py) and
compared article by article, in Russian and Kazakh.

Running git costs time, so each comparison is kept in a small cache file, by act
folder and `official_version`, with the clone's commit and the act folder's last
commit: a rebuild at the same clone commit runs no git at all, and one after the
clone moved runs one `git log` per act and compares again only the acts whose
folder changed.
"""

from __future__ import annotations

import io
import json
import os
import posixpath
import subprocess
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from indexer.official import CORPUS_LANGUAGES, CorpusError, OfficialAct, act_facts, edition, git_head, read_act

# Bump when what a comparison finds changes: older cached comparisons are dropped.
CACHE_FORMAT = 2
GIT_TIMEOUT = 120


class HistoryUnavailable(Exception):
    """The older edition cannot be read: no clone, a shallow clone, no such edition, no git, or git failed; the message says which.

    `passing` when it may be otherwise next time at the same commit (no git program, git failed or took too long).
    """

    def __init__(self, message: str, passing: bool = False) -> None:
        super().__init__(message)
        self.passing = passing


@dataclass
class EditionChange:
    """How an act's current edition in the corpus differs from the edition checked (`checked`, an official_version).

    `changed`, `added` and `removed` are article ids (`art-16`) in the order of the texts;
    `compared` is the edition found in the history for `checked` ('' with `unavailable`,
    the reason the articles could not be compared; `passing` when that reason may not last).
    """

    checked: str
    edition: str
    compared: str = ""
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unavailable: str = ""
    passing: bool = False


def clone_of(folder: Path) -> Path | None:
    """The git clone a corpus folder belongs to (the nearest folder above holding `.git`), None when it is in none."""
    for candidate in [folder, *folder.parents]:
        if (candidate / ".git").exists():
            return candidate
    return None


def _git(top: Path, *args: str) -> bytes:
    """Run git in a clone and return what it printed; HistoryUnavailable with git's own words when it fails."""
    try:
        done = subprocess.run(["git", "-C", str(top), *args], capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise HistoryUnavailable("git is not installed: history not available", passing=True) from None
    except subprocess.TimeoutExpired:
        raise HistoryUnavailable(f"git {args[0]} in {top} took over {GIT_TIMEOUT} s: history not available", passing=True) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HistoryUnavailable(f"git {args[0]} failed in {top} ({said[0] if said else f'exit {done.returncode}'}): history not available", passing=True)
    return done.stdout


def folder_commits(top: Path, relative: str) -> list[str]:
    """The commits that changed an act's folder, newest first."""
    return _git(top, "log", "--format=%H", "--", relative).decode().split()


def moved_from(top: Path, relative: str) -> list[tuple[str, str]]:
    """The commits of the act from before its folder moved (the corpus changed its layout, `1994/1227-…` →
    `19941227-…`), each with the folder it was in then, newest first: git follows its meta.yaml (else its text) back."""
    anchor = next((name for name in ("meta.yaml", *(f"{n}.md" for n in CORPUS_LANGUAGES.values())) if (top / relative / name).is_file()), None)
    if anchor is None:
        return []
    log = _git(top, "log", "--follow", "--name-only", "--format=%x00%H", "--", f"{relative}/{anchor}").decode()
    moved = []
    for block in log.split("\0")[1:]:
        commit, *paths = [line for line in block.splitlines() if line.strip()]
        if paths and posixpath.dirname(paths[-1]) != relative:
            moved.append((commit, posixpath.dirname(paths[-1])))
    return moved


class _Objects:
    """Files at given commits, read through one `git cat-file --batch` process."""

    def __init__(self, top: Path) -> None:
        try:
            self.process = subprocess.Popen(
                ["git", "-C", str(top), "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
            )
        except FileNotFoundError:
            raise HistoryUnavailable("git is not installed: history not available", passing=True) from None

    def read(self, commit: str, path: str) -> str | None:
        """The text of `path` at `commit`, None when the commit has no such file."""
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(f"{commit}:{path}\n".encode())
        self.process.stdin.flush()
        header = self.process.stdout.readline().decode().split()
        if len(header) != 3:
            return None  # "<object> missing"
        size = int(header[2])
        data = self.process.stdout.read(size + 1)[:size]
        return data.decode("utf-8", "replace")

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=GIT_TIMEOUT)


def edition_commit(top: Path, commits: list[tuple[str, str]], checked: str) -> tuple[str, str, str] | None:
    """Of (commit, the act's folder then), newest first: the first whose edition is not after `checked`,
    as (commit, folder, edition); None when none is."""
    objects = _Objects(top)
    try:
        for commit, folder in commits:

            def read(name: str, commit: str = commit, folder: str = folder) -> str | None:
                return objects.read(commit, f"{folder}/{name}")

            try:
                meta = act_facts(folder, read)
            except CorpusError:
                continue  # a commit where the folder was not yet (or no longer) an act
            found = edition(meta)
            if found and found <= checked:
                return commit, folder, found
    finally:
        objects.close()
    return None


def act_at(top: Path, relative: str, commit: str, workdir: Path) -> OfficialAct:
    """The act as it was at `commit`, read by the same reader from a copy of its folder at that commit."""
    archive = _git(top, "archive", "--format=tar", commit, "--", relative)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(workdir, filter="data")
    return read_act(workdir / relative)


def article_changes(old: OfficialAct, new: OfficialAct) -> tuple[list[str], list[str], list[str]]:
    """The articles whose text (or title) changed in any language, those added and those removed, in the texts' order."""

    def texts(act: OfficialAct) -> dict[str, dict[str, tuple[str, str]]]:
        by_article: dict[str, dict[str, tuple[str, str]]] = {}
        for lang, articles in sorted(act.articles.items()):
            for article in articles:
                by_article.setdefault(article.local_id, {})[lang] = (article.title, article.text)
        return by_article

    before, after = texts(old), texts(new)
    changed = [a for a in after if a in before and before[a] != after[a]]
    return changed, [a for a in after if a not in before], [a for a in before if a not in after]


def compare(official: OfficialAct, checked: str, commits: list[str] | None = None) -> EditionChange:
    """Compare the act's current edition with the one its summaries were checked against (runs git; see EditionCache).

    `commits` are those of the act's folder, newest first, when the caller has read them already.
    """
    change = EditionChange(checked, official.edition)
    try:
        top = clone_of(official.folder)
        if top is None:
            raise HistoryUnavailable(f"{official.folder} is not in a git clone: history not available, clone the corpus with git, without --depth")
        relative = official.folder.resolve().relative_to(top.resolve()).as_posix()
        history = [(commit, relative) for commit in (folder_commits(top, relative) if commits is None else commits)]
        found = edition_commit(top, history, checked) or edition_commit(top, moved_from(top, relative), checked)
        if found is None:
            if _git(top, "rev-parse", "--is-shallow-repository").strip() == b"true":
                raise HistoryUnavailable(f"{top} is a shallow clone: history not available, clone without --depth")
            raise HistoryUnavailable(f"the history of {top} has no edition of {checked} or older")
        commit, folder, change.compared = found
        with tempfile.TemporaryDirectory(prefix="kb-edition-") as workdir:
            old = act_at(top, folder, commit, Path(workdir))
        change.changed, change.added, change.removed = article_changes(old, official)
    except HistoryUnavailable as exc:
        change.unavailable, change.passing = str(exc), exc.passing
    except CorpusError as exc:
        change.unavailable = str(exc)
    return change


class EditionCache:
    """Comparisons kept between builds in one JSON file, by act folder and `official_version` (see the module's docstring).

    Without a file (None) nothing is kept: every call compares again.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, dict] = {}
        self.dirty = False
        if path is not None:
            try:
                stored = json.loads(path.read_text(encoding="utf-8"))
                if stored.get("format") == CACHE_FORMAT:
                    self.entries = stored["entries"]
            except (OSError, ValueError, KeyError, AttributeError):
                self.entries = {}

    def change(self, official: OfficialAct, checked: str) -> EditionChange:
        """The act's change since `checked`: cached while neither the clone nor the act's folder moved."""
        key = f"{official.folder.resolve()}\0{checked}"
        top = clone_of(official.folder)
        head = git_head(top) if top else None
        shallow = bool(top and (top / ".git" / "shallow").exists())  # a clone deepened at the same commit compares again
        kept = self.entries.get(key)
        if kept and (kept["edition"], kept["shallow"]) != (official.edition, shallow):
            kept = None
        if kept and head and kept["head"] == head:
            return EditionChange(**kept["change"])
        commits: list[str] | None = None
        if top is not None:
            try:
                commits = folder_commits(top, official.folder.resolve().relative_to(top.resolve()).as_posix())
            except HistoryUnavailable:
                commits = None
        last = commits[0] if commits else ""
        if kept and last and kept["commit"] == last:  # the clone moved, this act did not
            change = EditionChange(**kept["change"])
        else:
            change = compare(official, checked, commits)
        if (head or last) and not change.passing:
            self.entries[key] = {"head": head, "commit": last, "edition": official.edition, "shallow": shallow, "change": asdict(change)}
            self.dirty = True
        return change

    def save(self) -> None:
        """Write the file (atomically) when a comparison was added; a data folder that cannot be written costs only the cache."""
        if self.path is None or not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
            temporary.write_text(json.dumps({"format": CACHE_FORMAT, "entries": self.entries}, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            return
        self.dirty = False
