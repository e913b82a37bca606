"""Problems found in the knowledge base, reported as data, and the error hierarchy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at one line (1-based; 0 when it concerns the whole file)."""

    path: str
    line: int
    severity: str
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}[{self.code}]: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class Problems(list[Problem]):
    """A list of problems with helpers to add them for one file."""

    def error(self, path: str | Path, line: int, code: str, message: str) -> None:
        self.append(Problem(str(path), line, ERROR, code, message))

    def warning(self, path: str | Path, line: int, code: str, message: str) -> None:
        self.append(Problem(str(path), line, WARNING, code, message))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if not p.is_error]


def summary(problems: Iterable[Problem]) -> str:
    """One line such as '3 errors, 1 warning in 2 files'."""
    problems = list(problems)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'file')}"


class KBError(Exception):
    """Base class of every error the indexer raises on purpose."""


class ContentError(KBError):
    """The knowledge base has errors that block the requested operation."""


class StrictRefusal(ContentError):
    """`kb build --strict` found errors: the build is refused; `problems` says which and where."""

    def __init__(self, message: str, problems: Problems) -> None:
        super().__init__(message)
        self.problems = problems


class PartialRefusal(StrictRefusal):
    """`kb build` left files out for their errors and was not allowed to publish a partial index (--allow-partial)."""


class IndexMissing(KBError):
    """No usable index: it was never built, or it is damaged or from another version."""


class BuildBusy(KBError):
    """Another build holds the lock on the data directory."""
