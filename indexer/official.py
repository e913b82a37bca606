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
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# The corpus's language folders and files by our language code.
CORPUS_LANGUAGES = {"ru": "rus", "kk": "kaz"}
ANCHOR_RE = re.compile(r'^<a id="st(\d+(?:-\d+)*)"></a>\s*$', re.MULTILINE)
# "**Статья 16**", "### Статья 16. Title", "## 22-1-бап. Title", "**16-бап**"
DESIGNATOR_RE = re.compile(r"^(?:#+\s*)?\**\s*((?:Статья\s+\d+(?:-\d+)*)|(?:\d+(?:-\d+)*\s*-\s*бап))\s*\.?\s*(.*?)\**\s*$")
PARAGRAPH_RE = re.compile(r"^(\d+(?:-\d+)*)\.\s+\S")
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


def _front_matter(path: Path) -> dict:
    """The front matter of a text file (its first lines between '---'), {} when it has none."""
    try:
        with open(path, encoding="utf-8") as handle:
            head = handle.read(8192)
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    if not head.startswith("---\n") or "\n---" not in head[4:]:
        return {}
    return _yaml(path, head[4 : head.index("\n---", 4)])


def _read_meta(folder: Path) -> dict:
    """An act's facts: meta.yaml's, overridden per language by the front matter of rus.md / kaz.md (which describes that very text).

    Values given per language come back as {rus:, kaz:} mappings; `repealed_on` is kept when a text file announces it.
    """
    path = folder / "meta.yaml"
    meta: dict = {}
    if path.is_file():
        try:
            meta = _yaml(path, path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise CorpusError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    for theirs in CORPUS_LANGUAGES.values():
        text = folder / f"{theirs}.md"
        front = _front_matter(text) if text.is_file() else {}
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


def _is_act_folder(files: list[str]) -> bool:
    return "meta.yaml" in files or any(f"{name}.md" in files for name in CORPUS_LANGUAGES.values())


def find_acts(dirs: list[Path]) -> dict[str, Path]:
    """Act code → its folder, over every corpus folder; of two folders of one act, the latest edition's."""
    found: dict[str, tuple[str, Path]] = {}
    for root in dirs:
        if not root.is_dir():
            raise CorpusError(f"{root}: no such corpus folder")
        for folder, subdirs, files in os.walk(root):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
            if not _is_act_folder(files):
                continue
            try:
                meta = _read_meta(Path(folder))
            except CorpusError:
                continue
            code = str(meta["act_code"])
            edition = max(_by_language(meta.get("version_date")).values(), default="")
            if code not in found or edition > found[code][0]:
                found[code] = (edition, Path(folder))
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
        for folder, subdirs, files in os.walk(root):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
            for name in sorted(files):
                try:
                    stat = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                digest.update(f"{os.path.relpath(os.path.join(folder, name), root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


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


def split_articles(text: str) -> list[Article]:
    """The articles of a text, by its anchors: each with its designator line, body and numbered paragraphs.

    A heading after an article's body (the next section's or chapter's) ends it. An anchor
    without a designator line is still an article, named by its anchor.
    """
    anchors = list(ANCHOR_RE.finditer(text))
    articles: list[Article] = []
    seen: set[str] = set()
    for i, anchor in enumerate(anchors):
        number = anchor.group(1)
        local_id = f"art-{number}"
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
        current: str | None = None
        for chunk in re.split(r"\n\s*\n", "\n".join(body).strip("\n")):
            cleaned = " ".join(_clean(line) for line in chunk.splitlines() if _clean(line))
            if not cleaned:
                continue
            blocks.append(cleaned)
            start = PARAGRAPH_RE.match(chunk)
            if start:
                current = start.group(1)
            if current is not None and (start or chunk.startswith((" ", "\t"))):
                paragraphs.setdefault(current, []).append(cleaned)
        articles.append(Article(local_id, designator, title, "\n\n".join(blocks), {k: "\n\n".join(v) for k, v in paragraphs.items()}))
    return articles


def read_act(folder: Path) -> OfficialAct:
    """One act of the corpus, both languages split into articles."""
    meta = _read_meta(folder)
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
    )
