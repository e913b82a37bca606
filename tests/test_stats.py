"""Violation tags on provisions and `kb stats` (issue 12): coverage counted from a real build.

A provision counts for a violation type when its act tags it (`violations:`), a case of
that type cites it, or a remedy for that type grounds a step on it; repealed provisions
are counted apart, so that "≥ 3 in-force provisions per type" can be read off.
"""

from __future__ import annotations

import json
from pathlib import Path

from test_cli import kb
from test_notes import write_front_matter

CONSTITUTION_2026 = "laws/test-constitution-2026.ru.md"


def test_a_violation_tag_on_a_provision_the_file_lacks_or_an_unknown_key_is_an_error_at_its_line(kb_dir):
    path = kb_dir / CONSTITUTION_2026
    write_front_matter(path, "violations:\n  art-14: [outing, beatings]\n  art-41: [outing]")
    lines = path.read_text(encoding="utf-8").splitlines()
    result = kb("check", "--strict", kb_dir=kb_dir)
    assert result.returncode == 1
    at = f"{path.as_posix()}:{lines.index('violations:') + 1}: error[bad-value]: violations: art-14: 'beatings' is not a key of 'violations' in vocab.yaml"
    assert at in result.stderr
    assert f"{path.as_posix()}:{lines.index('  art-41: [outing]') + 1}: error[bad-value]: violations: 'art-41' is not a provision of this file" in result.stderr


def test_stats_counts_tagged_case_cited_and_remedy_grounded_provisions_by_status(kb_dir, tmp_path):
    write_front_matter(kb_dir / CONSTITUTION_2026, "violations:\n  art-14: [outing]")
    assert kb("build", kb_dir=kb_dir, data=tmp_path).returncode == 0
    figures = json.loads(kb("stats", "--json", kb_dir=kb_dir, data=tmp_path).stdout)
    by_key = {row["key"]: row for row in figures["violations"]}
    # outing: the tag gives the 2026 article (in force); the outing case cites a repealed article.
    assert by_key["outing"] == {"key": "outing", "label": "Outing", "in_force_provisions": 1, "repealed_provisions": 1, "cases": 1}
    # discrimination: the cases cite one in-force memo point and two repealed provisions; the remedy grounds a third.
    assert (by_key["discrimination"]["in_force_provisions"], by_key["discrimination"]["repealed_provisions"], by_key["discrimination"]["cases"]) == (1, 3, 2)
    assert figures["acts"]["all"] == 4 and figures["acts"]["checked"] == 2
    assert figures["cases"] == {"all": 3, "en": 3, "ru": 1}

    printed = kb("stats", kb_dir=kb_dir, data=tmp_path).stdout.splitlines()
    assert any(line.split()[:4] == ["outing", "1", "1", "1"] and line.endswith("< 3") for line in printed)
    assert "3 of 3 violation types have fewer than 3 in-force provisions" in printed


def test_stats_without_a_build_says_to_build(tmp_path: Path):
    result = kb("stats", data=tmp_path / "none")
    assert result.returncode == 1
    assert "kb build" in result.stderr and "Traceback" not in result.stderr
