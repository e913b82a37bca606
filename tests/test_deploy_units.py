"""The shipped systemd units pass `systemd-analyze verify`, and agree with the nginx site and the README's layout."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = pytest.mark.deploy

UNITS = REPO / "deploy" / "systemd"
NAMES = ("react-kb.service", "react-kb-update.service", "react-kb-update.timer")
INSTALLED_KB = "/srv/react-kb/.venv/bin/kb"
ANALYZE = shutil.which("systemd-analyze")
ANALYZE_MISSING = "!!! UNIT TESTS SKIPPED: systemd-analyze is missing. Install it (apt-get install systemd, as .ci/run does) !!!"


@pytest.mark.skipif(ANALYZE is None, reason=ANALYZE_MISSING)
def test_the_units_pass_systemd_analyze_verify(tmp_path):
    """verify also checks that ExecStart is executable: the installed path is replaced by this checkout's `kb`."""
    kb = Path(sys.executable).with_name("kb")
    assert kb.exists(), "the kb command is not installed in this environment (make test installs it)"
    for name in NAMES:
        text = (UNITS / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.replace(INSTALLED_KB, str(kb)), encoding="utf-8")
    done = subprocess.run([ANALYZE, "verify", "--man=no", *(f"./{name}" for name in NAMES)], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    # verify exits 0 on unknown keys and bad values, but names them: any output is a failure.
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def _directives(name: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in (UNITS / name).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def test_the_service_is_sandboxed_and_writes_only_its_data():
    service = _directives("react-kb.service")
    command = service["ExecStart"][0].split()
    assert command[0] == INSTALLED_KB and "serve" in command
    data = Path(service["WorkingDirectory"][0], command[command.index("--data") + 1])  # as `make install` builds it
    assert service["ReadWritePaths"] == [str(data)]
    assert service["User"] == ["reactkb"] and service["Restart"] == ["on-failure"]
    for key, value in (("ProtectSystem", "strict"), ("NoNewPrivileges", "yes"), ("PrivateTmp", "yes"), ("ProtectHome", "yes")):
        assert service[key] == [value], key
    # It listens on loopback only, on the port nginx sends to.
    assert command[command.index("--host") + 1] == "127.0.0.1"
    port = command[command.index("--port") + 1]
    upstream = re.search(r"upstream react_kb \{\s*server ([\d.]+):(\d+);", (REPO / "deploy/nginx/react-kb.conf").read_text())
    assert upstream and upstream.groups() == ("127.0.0.1", port)


def test_the_timer_runs_the_update_with_the_same_folders():
    serve = _directives("react-kb.service")["ExecStart"][0].split()
    update = _directives("react-kb-update.service")["ExecStart"][0].split()
    assert update[-1] == "update"
    for option in ("--kb", "--data"):
        assert update[update.index(option) + 1] == serve[serve.index(option) + 1]
    assert _directives("react-kb-update.service")["WorkingDirectory"] == _directives("react-kb.service")["WorkingDirectory"]
    assert _directives("react-kb-update.timer")["OnCalendar"]
