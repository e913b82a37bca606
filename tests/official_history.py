"""A git clone of the fixture corpus with two editions of act 9001, for tests of editions (issue 15, item 5).

Commit 1 is edition A, of 2026-01-15: article 14 (summarised in the linked kb) and article 2
(official-only) say something else, and article 22-1 is not there yet. Commit 2 is edition B,
of 2026-03-01: tests/fixtures/official as it is. Every sentence is invented for the tests.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

CORPUS = Path(__file__).parent / "fixtures" / "official"
ACT = Path("codes") / "00-constitution"
EDITION_A, EDITION_B = "2026-01-15", "2026-03-01"

# (file of the act, text of edition B, the same place in edition A); None: not there in edition A.
EDITION_A_TEXTS = [
    ("rus/sec001.md", "2. Никого нельзя притеснять из-за здоровья, диагноза или рода занятий.", "2. Никого нельзя притеснять из-за здоровья."),
    ("kaz.md", "2. Денсаулығына, диагнозына немесе кәсібіне байланысты ешкімді кемсітуге болмайды.", "2. Денсаулығына байланысты ешкімді кемсітуге болмайды."),
    ("rus/sec001.md", "2. Два названия тестового государства равнозначны.", "2. У тестового государства одно название."),
    ("kaz.md", "2. Сынақ мемлекетінің екі атауы бірдей.", "2. Сынақ мемлекетінің бір атауы бар."),
    ("rus/sec002.md", '\n<a id="st22-1"></a>\n\n**Статья 22-1**\n\nСведения о диагнозе человека хранятся в тайне.\n', None),
    ("kaz.md", '\n<a id="st22-1"></a>\n\n**22-1-бап**\n\nАдамның диагнозы туралы мәліметтер құпия сақталады.\n', None),
]


def git(corpus: Path, *args: str) -> str:
    command = ["git", "-C", str(corpus), "-c", "user.name=t", "-c", "user.email=t@example.org", *args]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def make_history(corpus: Path, first_folder: Path = ACT) -> Path:
    """Copy the fixture corpus to `corpus` as a git repository: commit 1 edition A of act 9001, commit 2 edition B.

    With `first_folder`, edition A is in that folder and commit 2 moves it to its place (a change of the corpus's layout).
    """
    shutil.copytree(CORPUS, corpus)
    act = corpus / ACT
    current = {path.relative_to(act): path.read_text(encoding="utf-8") for path in act.rglob("*") if path.is_file()}
    for name, later, earlier in EDITION_A_TEXTS:
        path = act / name
        text = path.read_text(encoding="utf-8")
        assert later in text, (name, later)
        path.write_text(text.replace(later, earlier or ""), encoding="utf-8")
    for path in act.rglob("*"):  # the edition's date, in meta.yaml and the texts' front matter (not approved_on)
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for field in ("version_date: ", "  kaz: ", "  rus: "):
                text = text.replace(field + EDITION_B, field + EDITION_A)
            path.write_text(text, encoding="utf-8")
    git(corpus, "init", "-q", "-b", "main")
    if first_folder != ACT:
        (corpus / first_folder).parent.mkdir(parents=True, exist_ok=True)
        act.rename(corpus / first_folder)
    git(corpus, "add", "-A")
    git(corpus, "commit", "-qm", f"edition of {EDITION_A}")
    if first_folder != ACT:
        git(corpus, "mv", str(first_folder), str(ACT))
    for name, text in current.items():
        (act / name).write_text(text, encoding="utf-8")
    git(corpus, "commit", "-qam", f"edition of {EDITION_B}")
    return corpus
