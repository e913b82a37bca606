"""The official texts: a reader of a local clone of the open legislation corpus.

A deployment clones the corpus's repositories (one folder per act) and names the
clones with `kb build --official DIR` or KB_OFFICIAL. An act's folder holds
`rus.md` / `kaz.md` (front matter — `act_code`, `version_date`, `source` of that
very text, `repealed_on` when a repeal is announced — then the text), in some
layouts beside a `meta.yaml` (`act_code`, `requisite`, `title.rus/kaz`,
`version_date`, `source`);
each article after an anchor (`<a id="st16"></a>`) and a designator line
(`**Статья 16**`, `### Статья 16`, `## 16-бап. Title`); a large act continues in
parts (`rus/sec001-ch002.md`), read in the order of their names, annexes (`an002.md`)
last; an article number seen twice (an annex's own numbering) keeps its first text. The texts are
read here and stored in the built index only, never in kb/.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# The corpus's language folders and files by our language code.
CORPUS_LANGUAGES = {"ru": "rus", "kk": "kaz"}
# Anchors: an article `st16` / `st22-1` (codes and laws); a point of an order `p3` and a point of its
# annex `an1_p30` (ministerial acts, whose points are numbered "3." without a designator line).
ANCHOR_RE = re.compile(r'^<a id="((?:st|p|an\d+_p)\d+(?:-\d+)*)"></a>\s*$', re.MULTILINE)
ANCHOR_ID_RE = re.compile(r"^(?:st|p(?=\d)|an(\d+)_p)(\d+(?:-\d+)*)$")
# "**Статья 16**", "### Статья 16. Title", "## 22-1-бап. Title", "**16-бап**"
DESIGNATOR_RE = re.compile(r"^(?:#+\s*)?\**\s*((?:Статья\s+\d+(?:-\d+)*)|(?:\d+(?:-\d+)*\s*-\s*бап))\s*\.?\s*(.*?)\**\s*$")
# "2. Text"; "*4. Исключен …*" (a paragraph taken out keeps its number, in italics); "1\\. Text" (Markdown's
# escaped full stop, as some Kazakh texts write it).
PARAGRAPH_RE = re.compile(r"^\s*\*?(\d+(?:-\d+)*)\\?\.\s+\S")
# The reference bank's editorial notes, not the law's words: amendment footnotes ("> *Сноска. …*",
# "> *Ескерту. …*"), pointers to court rulings ("Примечание. См. …", "Ескертпе. … қараңыз.", "*Примечание!*")
# and a court's reading set in italics ("*Нормативным постановлением Конституционного Суда … *"); a
# paragraph taken out, also in italics, keeps its number ("*4. Исключен …*", "*23) исключен …*").
NOTE_RE = re.compile(r"^\s*(?:>\s*)?\*?\s*(?:Сноска|Ескерту|Примечание|Ескертпе)\s*[.!]")
ITALIC_NOTE_RE = re.compile(r"\*(?!\d+(?:-\d+)*[.)])[^*].*\*", re.DOTALL)
HEADING_RE = re.compile(r"^#+\s")
# Words of `requisite` that say an act no longer applies.
CEASED_RE = re.compile(r"утратил\w* силу|прекратил\w* действие|күші жойыл", re.IGNORECASE)
# libyaml's safe loader when installed: a corpus has three small YAML headers per act, read at every build.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CorpusError(Exception):
    """A corpus folder or file that cannot be read, with its path."""


@dataclass(frozen=True)
class Article:
    """One article of an official text: its local id (`art-16`), designator, title, text and numbered paragraphs."""

    local_id: str
    designator: str
    title: str
    text: str
    paragraphs: dict[str, str] = field(default_factory=dict)


@dataclass
class OfficialAct:
    """One act of the corpus: its code, titles, edition dates and sources by language, and its articles by language."""

    act_code: str
    folder: Path
    titles: dict[str, str]
    requisite: str
    version_dates: dict[str, str]
    sources: dict[str, str]
    articles: dict[str, list[Article]]
    repealed_on: str = ""
    # The act whose amendments made the current edition (meta.yaml's `caused_by`): its requisite and official link.
    amended_by: str = ""
    amended_by_url: str = ""

    @property
    def edition(self) -> str:
        """The corpus's current edition of the act: the latest `version_date` of its languages ('' when none)."""
        return max(self.version_dates.values(), default="")

    @property
    def ceased(self) -> bool:
        """Whether the corpus says the act no longer applies: its requisite says when it ceased, or its repeal took effect.

        (The corpus deletes a repealed act from the current tree; one still there says so in these ways.)
        """
        return bool(CEASED_RE.search(self.requisite)) or bool(self.repealed_on and self.repealed_on <= dt.date.today().isoformat())


def corpus_dirs(value: str | None) -> list[Path]:
    """The corpus folders named by KB_OFFICIAL (separated by os.pathsep)."""
    return [Path(part) for part in (value or "").split(os.pathsep) if part]


def _by_language(value: object) -> dict[str, str]:
    """A meta.yaml value given per corpus language ({rus:, kaz:}) or once for both, by our language code."""
    if isinstance(value, dict):
        return {ours: str(value[theirs]) for ours, theirs in CORPUS_LANGUAGES.items() if value.get(theirs)}
    return {ours: str(value) for ours in CORPUS_LANGUAGES} if value else {}


def _yaml(path: Path, text: str) -> dict:
    try:
        value = yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    return value if isinstance(value, dict) else {}


def _front_matter_of(path: Path | str, head: str) -> dict:
    """The front matter at the start of a text (its first lines between '---'), {} when it has none."""
    if not head.startswith("---\n") or "\n---" not in head[4:]:
        return {}
    return _yaml(Path(path), head[4 : head.index("\n---", 4)])


def _head(path: Path) -> str | None:
    """The first 8 KB of a file (where its front matter is), None when there is no such file."""
    if not path.is_file():
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read(8192)
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot be read ({exc.__class__.__name__})") from None


def act_facts(folder: Path | str, read: Callable[[str], str | None]) -> dict:
    """An act's facts: meta.yaml's, overridden per language by the front matter of rus.md / kaz.md (which describes that very text).

    `read(name)` gives the text of one file of the act's folder (None: no such file), from the
    working tree or from an older commit (indexer/official_editions.py). Values given per
    language come back as {rus:, kaz:} mappings; `repealed_on` is kept when a text file announces it.
    A meta.yaml naming another act than the text files' front matter is stale and ignored.
    """
    meta: dict = {}
    text = read("meta.yaml")
    if text is not None:
        meta = _yaml(Path(folder) / "meta.yaml", text)
    fronts = {}
    for theirs in CORPUS_LANGUAGES.values():
        head = read(f"{theirs}.md")
        fronts[theirs] = _front_matter_of(Path(folder) / f"{theirs}.md", head) if head is not None else {}
    if meta.get("act_code") and any(f.get("act_code") and str(f["act_code"]) != str(meta["act_code"]) for f in fronts.values()):
        meta = {}  # a meta.yaml left from the act this folder held before (the text files name the one it holds now)
    for theirs, front in fronts.items():
        if front.get("act_code"):
            meta["act_code"] = front["act_code"]
        for key in ("version_date", "source", "title"):
            if front.get(key):
                meta[key] = {**(meta[key] if isinstance(meta.get(key), dict) else {}), theirs: front[key]}
        for key in ("requisite", "repealed_on"):
            if front.get(key) and not meta.get(key):
                meta[key] = front[key]
    if not meta.get("act_code"):
        raise CorpusError(f"{folder}: no act_code in meta.yaml or the front matter of {', '.join(n + '.md' for n in CORPUS_LANGUAGES.values())}")
    return meta


def read_meta(folder: Path) -> dict:
    """An act's facts as its folder in the working tree gives them (see act_facts)."""

    def read(name: str) -> str | None:
        path = folder / name
        if name != "meta.yaml":
            return _head(path)
        if not path.is_file():
            return None
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CorpusError(f"{path}: cannot be read ({exc.__class__.__name__})") from None

    return act_facts(folder, read)


def edition(meta: dict) -> str:
    """An act's edition: the latest `version_date` of its languages ('' when it names none)."""
    return max(_by_language(meta.get("version_date")).values(), default="")


def _is_act_folder(files: list[str]) -> bool:
    return "meta.yaml" in files or any(f"{name}.md" in files for name in CORPUS_LANGUAGES.values())


def find_acts(dirs: list[Path], facts: Callable[[Path], dict] = read_meta) -> dict[str, Path]:
    """Act code → its folder, over every corpus folder; of two folders of one act, the latest edition's.

    `facts` reads an act folder's facts (its act code and version dates; see read_meta).
    """
    found: dict[str, tuple[str, Path]] = {}
    for root in dirs:
        if not root.is_dir():
            raise CorpusError(f"{root}: no such corpus folder")
        for folder, subdirs, files in os.walk(root):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
            if not _is_act_folder(files):
                continue
            try:
                meta = facts(Path(folder))
            except CorpusError:
                continue
            code = str(meta["act_code"])
            latest = edition(meta)
            if code not in found or latest > found[code][0]:
                found[code] = (latest, Path(folder))
    return {code: folder for code, (_, folder) in found.items()}


def git_head(root: Path) -> str | None:
    """The commit a git clone's working tree is at (read from .git, without running git); None when it is no clone."""
    git = root / ".git"
    try:
        head = (git / "HEAD").read_text(encoding="utf-8").strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        if (git / ref).is_file():
            return (git / ref).read_text(encoding="utf-8").strip()
        for line in (git / "packed-refs").read_text(encoding="utf-8").splitlines():
            if line.endswith(" " + ref):
                return line.split()[0]
    except OSError:
        return None
    return None


def signature(dirs: list[Path]) -> str:
    """A digest that changes when a corpus folder changes: a clone's commit, else every file's name, size and time.

    A deployment's clone only changes by a fetch and reset (a new commit), so reading its
    commit is enough and costs nothing; any other folder is walked.
    """
    digest = hashlib.sha256()
    for root in dirs:
        digest.update(str(root.resolve()).encode() + b"\0")
        head = git_head(root)
        if head:
            digest.update(b"git\0" + head.encode())
            continue
        add_files(digest, root)
    return digest.hexdigest()


def add_files(digest: Any, root: Path) -> None:
    """Feed `digest` every file's path (relative to `root`), size, times and inode under `root`, hidden folders skipped.

    The status-change time moves with every write, even one that sets the modification time back.
    """
    for folder, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(files):
            try:
                stat = os.stat(os.path.join(folder, name))
            except OSError:
                continue  # gone meanwhile: reading the act will say so
            relative = os.path.relpath(os.path.join(folder, name), root)
            digest.update(f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0{stat.st_ino}\n".encode())


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[end + 4 :]
    return text


def language_text(folder: Path, lang: str) -> str | None:
    """The whole text of an act in one language: its main file's body, then its parts' bodies (None: no such language)."""
    name = CORPUS_LANGUAGES[lang]
    main = folder / f"{name}.md"
    parts_dir = folder / name
    # Parts in the order of their names, annexes (`an002.md`, numbered on their own) after the body.
    parts = sorted(parts_dir.glob("*.md"), key=lambda p: (p.name.startswith("an"), p.name)) if parts_dir.is_dir() else []
    if not main.is_file() and not parts:
        return None
    texts = []
    for path in ([main] if main.is_file() else []) + parts:
        try:
            texts.append(_strip_front_matter(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise CorpusError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    return "\n\n".join(texts)


def _clean(line: str) -> str:
    """A line of text without Markdown's block quote and emphasis marks."""
    line = line.strip()
    line = re.sub(r"^>\s*", "", line)
    return line.replace("**", "").replace("\\.", ".").strip("* ").strip()


def anchor_id(anchor: str) -> tuple[str, str]:
    """Our provision id and the number of an anchor: `st16` → art-16, `p3` → p-3, `an1_p30` → an-1-p-30 (the annex's own point 30)."""
    match = ANCHOR_ID_RE.match(anchor)
    assert match, anchor  # ANCHOR_RE only finds anchors of these forms
    annex, number = match.group(1), match.group(2)
    if anchor.startswith("st"):
        return f"art-{number}", number
    return (f"an-{annex}-p-{number}" if annex else f"p-{number}"), number


def split_articles(text: str) -> list[Article]:
    """The articles of a text, by its anchors: each with its designator line, body and numbered paragraphs.

    A heading after an article's body (the next section's or chapter's) ends it. An anchor
    without a designator line is still an article, named by its anchor.
    """
    anchors = list(ANCHOR_RE.finditer(text))
    articles: list[Article] = []
    seen: set[str] = set()
    for i, anchor in enumerate(anchors):
        local_id, number = anchor_id(anchor.group(1))
        if local_id in seen:
            continue
        seen.add(local_id)
        block = text[anchor.end() : anchors[i + 1].start() if i + 1 < len(anchors) else len(text)]
        lines = block.strip("\n").splitlines()
        designator, title = f"{number}", ""
        while lines and not lines[0].strip():
            lines.pop(0)
        if lines:
            match = DESIGNATOR_RE.match(lines[0].strip())
            if match:
                designator, title = re.sub(r"\s*-\s*бап", "-бап", match.group(1)), match.group(2).strip(" .*")
                lines.pop(0)
        body: list[str] = []
        for line in lines:
            if HEADING_RE.match(line) and body:
                break
            body.append(line)
        paragraphs: dict[str, list[str]] = {}
        blocks: list[str] = []
        notes: list[str] = []
        current: str | None = None
        for chunk in re.split(r"\n\s*\n", "\n".join(body).strip("\n")):
            cleaned = " ".join(_clean(line) for line in chunk.splitlines() if _clean(line))
            if not cleaned:
                continue
            if NOTE_RE.match(chunk) or ITALIC_NOTE_RE.fullmatch(chunk.strip()):
                notes.append(cleaned)
                continue
            blocks.append(cleaned)
            start = PARAGRAPH_RE.match(chunk)
            if start:
                current = start.group(1)
            if current is not None:  # a numbered paragraph runs on (indented or not) until the next number
                paragraphs.setdefault(current, []).append(cleaned)
        # An article taken out is only its note ("Статья 197 исключена …"): that note is its text.
        body_text = "\n\n".join(blocks or notes)
        articles.append(Article(local_id, designator, title, body_text, {k: "\n\n".join(v) for k, v in paragraphs.items()}))
    return articles


def read_act(folder: Path) -> OfficialAct:
    """One act of the corpus, both languages split into articles."""
    meta = read_meta(folder)
    articles = {}
    for lang in CORPUS_LANGUAGES:
        text = language_text(folder, lang)
        if text is not None:
            articles[lang] = split_articles(text)
    return OfficialAct(
        act_code=str(meta["act_code"]),
        folder=folder,
        titles=_by_language(meta.get("title")),
        requisite=str(meta.get("requisite") or ""),
        version_dates=_by_language(meta.get("version_date")),
        sources=_by_language(meta.get("source")),
        articles=articles,
        repealed_on=str(meta.get("repealed_on") or ""),
        **_amending_act(meta.get("caused_by")),
    )


def _amending_act(caused_by: object) -> dict[str, str]:
    """meta.yaml's `caused_by` (`requisite`, `link`) as OfficialAct's `amended_by` fields; none when absent or malformed."""
    if not isinstance(caused_by, dict) or not caused_by.get("requisite"):
        return {}
    link = str(caused_by.get("link") or "")
    return {"amended_by": str(caused_by["requisite"]), "amended_by_url": link if link.startswith(("https://", "http://")) else ""}
