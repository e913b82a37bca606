"""The `kb` command contract, run as a real subprocess like other tools will."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURE_KB, REPO

KB = [sys.executable, "-m", "indexer"]


def kb(*args: str, data: Path | None = None, kb_dir: Path = FIXTURE_KB, stdin: str | None = None, env: dict | None = None):
    command = [*KB, "--kb", str(kb_dir)]
    if data is not None:
        command += ["--data", str(data)]
    return subprocess.run(command + list(args), capture_output=True, text=True, input=stdin, cwd=REPO, env={**os.environ, **(env or {})}, timeout=120)


@pytest.fixture(scope="module")
def cli_data(tmp_path_factory):
    data = tmp_path_factory.mktemp("cli-data")
    result = kb("build", data=data)
    assert result.returncode == 0, result.stderr
    return data


def test_check_prints_summary_and_passes_on_clean_kb():
    result = kb("check", "--strict")
    assert result.returncode == 0, result.stderr
    assert "0 errors" in result.stderr
    # The fixture holds one internal act, case and service besides the public ones: they are checked too.
    assert "checked 7 acts, 4 cases, 5 services" in result.stderr


def test_check_strict_fails_with_path_line_messages(kb_dir):
    (kb_dir / "services/bad.ru.md").write_text("---\nid: bad\nname: X\nkind: ngo\njurisdiction: KZ\ncity: almatty\nlang: ru\n---\n", encoding="utf-8")
    lenient = kb("check", kb_dir=kb_dir)
    strict = kb("check", "--strict", kb_dir=kb_dir)
    assert lenient.returncode == 0
    assert strict.returncode == 1
    assert f"{kb_dir}/services/bad.ru.md:6: error[bad-value]: city: 'almatty' is not a key of 'places'" in strict.stderr
    assert "1 error, " in strict.stderr
    assert "Traceback" not in strict.stderr


def test_build_prints_progress_and_summary_then_is_a_no_op(tmp_path):
    data = tmp_path / "data"
    first = kb("build", data=data)
    assert first.returncode == 0, first.stderr
    assert "built 7 acts, 12 provisions, 4 cases, 5 services in" in first.stderr
    second = kb("build", data=data)
    assert "index is up to date" in second.stderr
    forced = kb("build", "--force", data=data)
    assert "built 7 acts" in forced.stderr


def test_strict_build_with_errors_exits_non_zero_and_writes_nothing(kb_dir, tmp_path):
    (kb_dir / "cases/bad.en.md").write_text("---\nid: bad\n---\n", encoding="utf-8")
    result = kb("build", "--strict", data=tmp_path / "data", kb_dir=kb_dir)
    assert result.returncode == 1
    assert "error: build refused in strict mode" in result.stderr
    assert not (tmp_path / "data" / "current").exists()


def test_search_json_has_the_contract_shape(cli_data):
    result = kb("search", "HIV refusal resocialization", "--json", "--city", "ust-kamenogorsk", data=cli_data)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) >= {"query", "took_ms", "norms", "cases", "services", "suggestion"}
    assert payload["cases"][0]["id"] == "test-damir"
    assert payload["norms"][0]["id"].startswith("test-order-379/")
    assert payload["norms"][0]["url"].startswith("/laws/test-order-379/")


def test_search_human_output_names_the_three_lists(cli_data):
    result = kb("search", "омбудсмен", data=cli_data)
    assert "Legal basis" in result.stdout and "Similar cases" in result.stdout and "Whom to contact" in result.stdout
    assert "test-ombudsman" in result.stdout


def test_search_without_query_reads_json_lines_from_stdin(cli_data):
    result = kb("search", "--json", "--limit", "1", data=cli_data, stdin="resocialization\n\nст. 14 Конституции\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    # One output line per input line, a blank one included, so outputs align with inputs.
    assert [line["query"] for line in lines] == ["resocialization", "", "ст. 14 Конституции"]
    assert lines[1]["norms"] == lines[1]["cases"] == lines[1]["services"] == []
    assert all(len(line["norms"]) <= 1 for line in lines)


def test_search_without_index_says_to_build(tmp_path):
    result = kb("search", "HIV", data=tmp_path / "nothing")
    assert result.returncode == 1
    assert "run 'kb build' first" in result.stderr
    assert "Traceback" not in result.stderr


def test_damaged_index_says_to_rebuild(tmp_path):
    data = tmp_path / "data"
    kb("build", data=data)
    (data / "current" / "manifest.json").write_text("{broken", encoding="utf-8")
    result = kb("search", "HIV", data=data)
    assert result.returncode == 1
    assert "kb build --force" in result.stderr


@pytest.mark.parametrize("kind", ["act", "case", "service"])
def test_new_scaffolds_a_file_that_passes_check(kb_dir, kind):
    result = kb("new", kind, f"new-{kind}", kb_dir=kb_dir)
    assert result.returncode == 0, result.stderr
    folder = {"act": "laws", "case": "cases", "service": "services"}[kind]
    assert (kb_dir / folder / f"new-{kind}.ru.md").exists()
    check = kb("check", "--strict", kb_dir=kb_dir)
    assert check.returncode == 0, check.stderr
    again = kb("new", kind, f"new-{kind}", kb_dir=kb_dir)
    assert again.returncode != 0 and "already exists" in again.stderr


def test_new_refuses_a_bad_id(kb_dir):
    result = kb("new", "act", "Bad ID", kb_dir=kb_dir)
    assert result.returncode == 2
    assert "lowercase letters" in result.stderr


def test_eval_prints_metrics_and_enforces_the_threshold(cli_data, tmp_path):
    judgements = tmp_path / "j.yaml"
    judgements.write_text(
        "- query: HIV refusal resocialization\n  city: ust-kamenogorsk\n  norms: {test-order-379/p-30-sp-2: 2}\n  cases: {test-damir: 2}\n  services: {test-ombudsman: 1}\n"
        "- query: private life\n  norms: {test-constitution/art-18: 2}\n",
        encoding="utf-8",
    )
    result = kb("eval", str(judgements), data=cli_data)
    assert result.returncode == 0, result.stderr
    assert "recall@5" in result.stdout and "nDCG@10" in result.stdout and "overall" in result.stdout
    failing = kb("eval", str(judgements), "--min-ndcg", "1.01", data=cli_data)
    assert failing.returncode == 1 and "below --min-ndcg" in failing.stderr


def test_eval_reports_a_bad_judgement_with_its_line(cli_data, tmp_path):
    judgements = tmp_path / "j.yaml"
    judgements.write_text("- query: ok\n  cases: {test-damir: 2}\n- query: bad\n  cases: {test-damir: 5}\n", encoding="utf-8")
    result = kb("eval", str(judgements), data=cli_data)
    assert result.returncode == 1
    assert f"{judgements}:3: 'cases' must map ids to grades 1 or 2" in result.stderr


def test_environment_variables_set_the_folders(cli_data):
    result = subprocess.run([*KB, "search", "HIV", "--json"], capture_output=True, text=True, cwd=REPO, env={**os.environ, "KB_DATA": str(cli_data)}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["query"] == "HIV"
