"""`kb update`: pull the knowledge base's repository, check it, build it; the index in use stays on any error.

Meant for a timer on the server (deploy/react-kb-update.timer). The steps stop
at the first failure, and a build switches `data/current` only when it is
complete, so a failed pull, a broken file or a failed build leaves the running
server answering from the previous index. `kb serve` notices a new build by
itself and replaces its workers; no restart is needed for content.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from indexer.build import build
from indexer.load import load_kb
from indexer.problems import KBError, Problems, summary

GIT_TIMEOUT = 300  # seconds: a hung network must not stall the timer forever


class UpdateFailed(KBError):
    """A step of the update failed; the message says which and why. `problems` holds the content errors, if any."""

    def __init__(self, message: str, problems: Problems | None = None) -> None:
        super().__init__(message)
        self.problems = problems or Problems()


@dataclass
class UpdateResult:
    before: str  # commit before the pull
    after: str  # commit after it
    rebuilt: bool  # whether a new index was switched in
    code_changed: list[str] = field(default_factory=list)  # files outside the kb folder that the pull changed
    problems: Problems = field(default_factory=Problems)  # warnings (errors stop the update)


def _git(kb: Path, *args: str) -> str:
    """Run git in the kb folder; its output, or UpdateFailed with git's own message."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}  # never wait for a password; messages in English
    try:
        done = subprocess.run(["git", "-C", str(kb), *args], capture_output=True, text=True, env=env, timeout=GIT_TIMEOUT)
    except FileNotFoundError:
        raise UpdateFailed("git is not installed (apt-get install git)") from None
    except subprocess.TimeoutExpired:
        raise UpdateFailed(f"git {args[0]} took longer than {GIT_TIMEOUT} s and was stopped") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().replace("\n", " | ")
        raise UpdateFailed(f"git {' '.join(args)} failed in {kb}: {detail}")
    return done.stdout.strip()


def update(kb: Path, data: Path, progress: Callable[[str], None] = lambda message: None) -> UpdateResult:
    """Pull (fast-forward only), check, build. Raises UpdateFailed; the served index is untouched then."""
    if not kb.is_dir():
        raise UpdateFailed(f"{kb} is not a folder: set --kb or KB_DIR to the knowledge base")
    prefix = _git(kb, "rev-parse", "--show-prefix")  # the kb folder inside its repository, e.g. "kb/"
    before = _git(kb, "rev-parse", "HEAD")
    progress(f"pulling {kb} (at {before[:10]}) …")
    _git(kb, "pull", "--ff-only", "--quiet")
    after = _git(kb, "rev-parse", "HEAD")
    changed = _git(kb, "diff", "--name-only", before, after, "--", ":/").splitlines() if after != before else []
    code_changed = [path for path in changed if not path.startswith(prefix)]
    progress(f"now at {after[:10]} ({len(changed)} files changed)")

    progress("checking …")
    _, problems = load_kb(kb)
    if problems.errors:
        raise UpdateFailed(f"the knowledge base at {after[:10]} has errors ({summary(problems)}): nothing was built", problems)
    try:
        result = build(kb, data, strict=True, progress=progress)
    except (KBError, OSError) as exc:  # a build busy elsewhere, a file changed meanwhile, a full disk …
        raise UpdateFailed(f"the build failed: {exc}") from None
    return UpdateResult(before, after, result.built, code_changed, problems)
