"""The `kb` command contract: each command family run at least once as a real subprocess like other tools will
(exit codes, stdout/stderr), the rest in this process through click's runner."""

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURE_KB, REPO

from indexer.cli import cli
from indexer.problems import KBError

KB = [sys.executable, "-m", "indexer"]


def kb_process(*args: str, data: Path | None = None, kb_dir: Path = FIXTURE_KB, stdin: str | None = None) -> subprocess.CompletedProcess:
    """`kb` started as a real separate process, as other tools run it: for the exit code and stdout/stderr contract
    (one or more tests per command family keep it)."""
    command = [*KB, "--kb", str(kb_dir)]
    if data is not None:
        command += ["--data", str(data)]
    return subprocess.run(command + list(args), capture_output=True, text=True, input=stdin, cwd=REPO, timeout=120)


def kb(
    *args: str, data: Path | None = None, kb_dir: Path = FIXTURE_KB, stdin: str | None = None, env: dict[str, str | None] | None = None
) -> subprocess.CompletedProcess:
    """The same command run by click in this process: for tests about what a command writes or finds, where
    starting Python again for each call is most of the time. An expected error (KBError) becomes the line and exit
    code 1 that `main()` gives it (the real-process tests check `main()` itself); any other exception that escapes
    the command fails the test, as a traceback on stderr would. `env` changes environment variables for the run
    (None removes one)."""
    options = ["--kb", str(kb_dir)] + (["--data", str(data)] if data is not None else [])
    result = CliRunner(env=env).invoke(cli, [*options, *args], input=stdin)
    if isinstance(result.exception, KBError):
        return subprocess.CompletedProcess(args, 1, result.stdout, result.stderr + f"error: {result.exception}\n")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


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
    lenient = kb_process("check", kb_dir=kb_dir)
    strict = kb_process("check", "--strict", kb_dir=kb_dir)
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
    result = kb_process("build", "--strict", data=tmp_path / "data", kb_dir=kb_dir)
    assert result.returncode == 1
    assert "error: build refused in strict mode" in result.stderr
    # The refusal says what is wrong and where, not only how many problems there are.
    assert "cases/bad.en.md:1: error[missing-field]: required field 'title' is missing" in result.stderr
    assert result.stderr.index("missing-field") < result.stderr.index("build refused")
    assert not (tmp_path / "data" / "current").exists()


def test_a_file_left_out_refuses_the_build_and_the_previous_index_stays_unless_partial_is_allowed(kb_dir, tmp_path):
    """Issue 14: a build that loses an entry says so with exit 1 and publishes nothing; --allow-partial publishes the rest."""
    data = tmp_path / "data"
    assert kb("build", data=data, kb_dir=kb_dir).returncode == 0
    before = (data / "current").resolve()
    (kb_dir / "services/bad.ru.md").write_text("---\nid: bad\nname: X\nkind: ngo\njurisdiction: KZ\ncity: almatty\nlang: ru\n---\n", encoding="utf-8")
    story = kb_dir / "cases/test-outing.en.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nThe colleague called it quorbelt.\n", encoding="utf-8")
    refused = kb("build", data=data, kb_dir=kb_dir)
    assert refused.returncode == 1
    assert "services/bad.ru.md:6: error[bad-value]: city: 'almatty'" in refused.stderr
    assert "error: build refused: 1 file left out for its errors (" in refused.stderr and "--allow-partial" in refused.stderr
    assert (data / "current").resolve() == before, "the index served stays the previous one"
    assert json.loads(kb("search", "quorbelt", "--json", data=data, kb_dir=kb_dir).stdout)["cases"] == [], "the edit is not served yet"
    allowed = kb("build", "--allow-partial", data=data, kb_dir=kb_dir)
    assert allowed.returncode == 0, allowed.stderr
    assert (data / "current").resolve() != before
    assert json.loads(kb("search", "quorbelt", "--json", data=data, kb_dir=kb_dir).stdout)["cases"][0]["id"] == "test-outing"


def test_a_provision_with_a_bad_heading_is_reported_and_the_rest_of_its_act_indexed(kb_dir, tmp_path):
    """Issue 14: one changed heading used to drop the whole act from search (and /laws fell back to another language)."""
    path = kb_dir / "laws/test-constitution.ru.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("## Статья 14. Равенство перед законом", "## Равенство перед законом"), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index("## Равенство перед законом") + 1
    data = tmp_path / "data"
    result = kb("build", data=data, kb_dir=kb_dir)
    assert result.returncode == 0, result.stderr
    assert f"laws/test-constitution.ru.md:{line}: error[bad-heading]" in result.stderr
    db = sqlite3.connect(data / "current" / "kb.sqlite")
    kept = [r[0] for r in db.execute("SELECT local_id FROM provisions WHERE act_id = 'test-constitution' AND lang = 'ru' ORDER BY position")]
    db.close()
    assert kept == ["art-18"], "the other provision of the act is indexed; the one with the bad heading is not"


def test_search_json_has_the_contract_shape(cli_data):
    result = kb("search", "HIV refusal resocialization", "--json", "--city", "ust-kamenogorsk", data=cli_data)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) >= {"query", "took_ms", "norms", "cases", "services", "suggestion"}
    assert payload["cases"][0]["id"] == "test-damir"
    assert payload["norms"][0]["id"].startswith("test-order-379/")
    assert payload["norms"][0]["act"] == "test-order-379"
    assert not any("url" in hit for name in ("norms", "cases", "services", "remedies") for hit in payload[name]), "pages are the web app's"


def test_search_human_output_names_the_three_lists(cli_data):
    result = kb("search", "омбудсмен", data=cli_data)
    assert "Legal basis" in result.stdout and "Similar cases" in result.stdout and "Whom to contact" in result.stdout
    assert "test-ombudsman" in result.stdout


def test_search_without_query_reads_json_lines_from_stdin(cli_data):
    result = kb_process("search", "--json", "--limit", "1", data=cli_data, stdin="resocialization\n\nст. 14 Конституции\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    # One output line per input line, a blank one included, so outputs align with inputs.
    assert [line["query"] for line in lines] == ["resocialization", "", "ст. 14 Конституции"]
    assert lines[1]["norms"] == lines[1]["cases"] == lines[1]["services"] == []
    assert all(len(line["norms"]) <= 1 for line in lines)


def test_search_without_index_says_to_build(tmp_path):
    result = kb_process("search", "HIV", data=tmp_path / "nothing")
    assert result.returncode == 1
    assert "run 'kb build' first" in result.stderr
    assert "Traceback" not in result.stderr


def test_damaged_index_says_to_rebuild(tmp_path):
    data = tmp_path / "data"
    kb("build", data=data)
    (data / "current" / "manifest.json").write_text("{broken", encoding="utf-8")
    result = kb("search", "HIV", data=data)  # in-process: the missing index's test runs the real process's error path
    assert result.returncode == 1
    assert "kb build --force" in result.stderr


@pytest.mark.parametrize("kind", ["act", "case", "service"])
@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_new_scaffolds_a_file_that_passes_check_once_filled_in(kb_dir, kind, lang):
    result = kb("new", kind, f"new-{kind}", "--lang", lang, kb_dir=kb_dir)
    assert result.returncode == 0, result.stderr
    folder = {"act": "laws", "case": "cases", "service": "services"}[kind]
    path = kb_dir / folder / f"new-{kind}.{lang}.md"
    text = path.read_text(encoding="utf-8")
    # Untouched, it is refused: every line still holding a placeholder is named.
    untouched = kb("check", "--strict", kb_dir=kb_dir)
    assert untouched.returncode == 1
    marked = [n for n, line in enumerate(text.splitlines(), 1) if "✎" in line]
    assert marked and all(f"new-{kind}.{lang}.md:{n}: error[placeholder]" in untouched.stderr for n in marked)
    # The body is written in the file's language.
    english = ("## Situation", "What happened", "Title of the article", "What they help with")
    assert (lang == "en") == any(phrase in text for phrase in english)
    path.write_text(text.replace("✎ ", "").replace("✎", ""), encoding="utf-8")
    check = kb("check", "--strict", kb_dir=kb_dir)
    assert check.returncode == 0, check.stderr
    again = kb("new", kind, f"new-{kind}", "--lang", lang, kb_dir=kb_dir)
    assert again.returncode != 0 and "already exists" in again.stderr


def test_new_refuses_a_bad_id(kb_dir):
    result = kb_process("new", "act", "Bad ID", kb_dir=kb_dir)
    assert result.returncode == 2
    assert "lowercase letters" in result.stderr


def test_eval_prints_metrics_and_enforces_the_threshold(cli_data, tmp_path):
    judgements = tmp_path / "j.yaml"
    judgements.write_text(
        "- query: HIV refusal resocialization\n  city: ust-kamenogorsk\n  norms: {test-order-379/p-30-sp-2: 2}\n"
        "  cases: {test-damir: 2}\n  services: {test-ombudsman: 1}\n"
        "- query: private life\n  norms: {test-constitution/art-18: 2}\n",
        encoding="utf-8",
    )
    result = kb("eval", str(judgements), data=cli_data)
    assert result.returncode == 0, result.stderr
    assert "recall@5" in result.stdout and "nDCG@10" in result.stdout and "overall" in result.stdout
    failing = kb("eval", str(judgements), "--min-ndcg", "1.01", data=cli_data)
    assert failing.returncode == 1 and "below --min-ndcg" in failing.stderr


def test_eval_split_measures_only_that_split(cli_data, tmp_path):
    judgements = tmp_path / "j.yaml"
    judgements.write_text(
        "- query: private life\n  norms: {test-constitution/art-18: 2}\n"
        "- query: HIV refusal resocialization\n  split: heldout\n  cases: {test-damir: 2}\n",
        encoding="utf-8",
    )
    result = kb("eval", str(judgements), "--split", "tuning", data=cli_data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 queries")
    assert "split:tuning" in result.stdout and "split:heldout" not in result.stdout
    assert "private life" in result.stdout and "resocialization" not in result.stdout


def test_eval_reports_a_bad_judgement_with_its_line(cli_data, tmp_path):
    judgements = tmp_path / "j.yaml"
    judgements.write_text("- query: ok\n  cases: {test-damir: 2}\n- query: bad\n  cases: {test-damir: 5}\n", encoding="utf-8")
    result = kb_process("eval", str(judgements), data=cli_data)
    assert result.returncode == 1
    assert f"{judgements}:3: 'cases' must map ids to grades 1 or 2" in result.stderr


def test_eval_compares_a_run_with_a_saved_one_query_by_query(cli_data, tmp_path):
    # The acceptance rule ("keep a ranking change only when held-out does not drop") needs a paired comparison:
    # --save keeps each query's nDCG@10, --against pairs them by query text and city and tests the difference.
    judgements, saved = tmp_path / "j.yaml", tmp_path / "run.json"
    right = "- query: private life\n  norms: {test-constitution/art-18: 2}\n"
    other = "- query: HIV refusal resocialization\n  split: heldout\n  cases: {test-damir: 2}\n"
    judgements.write_text(right + other, encoding="utf-8")
    first = kb("eval", str(judgements), "--save", str(saved), data=cli_data)
    assert first.returncode == 0, first.stderr
    assert [q["split"] for q in json.loads(saved.read_text(encoding="utf-8"))["queries"]] == ["tuning", "heldout"]
    same = kb("eval", str(judgements), "--against", str(saved), data=cli_data)
    rows = {line.split()[0]: line.split() for line in same.stdout.splitlines() if line.startswith(("all ", "split:"))}
    assert rows["all"][1:] == ["2", rows["all"][2], rows["all"][2], "+0.0000", "0", "0", "1.000"], same.stdout
    # Judged differently (an id the search does not find), the tuning query falls and one query is new.
    judgements.write_text(right.replace("art-18", "art-99") + other + "- query: a new query\n  cases: {test-damir: 1}\n", encoding="utf-8")
    changed = kb("eval", str(judgements), "--against", str(saved), data=cli_data)
    rows = {line.split()[0]: line.split() for line in changed.stdout.splitlines() if line.startswith(("all ", "split:"))}
    assert rows["split:tuning"][1] == "1" and float(rows["split:tuning"][4]) < 0 and rows["split:tuning"][5:7] == ["0", "1"]
    assert rows["split:heldout"][4] == "+0.0000"
    assert "1 queries are in one run only" in changed.stdout


def test_eval_against_a_file_it_did_not_save_says_so(cli_data, tmp_path):
    judgements, saved = tmp_path / "j.yaml", tmp_path / "run.json"
    judgements.write_text("- query: private life\n  norms: {test-constitution/art-18: 2}\n", encoding="utf-8")
    saved.write_text('{"rows": []}', encoding="utf-8")
    result = kb_process("eval", str(judgements), "--against", str(saved), data=cli_data)
    assert result.returncode == 1
    assert f"{saved}: not a run saved by 'kb eval --save'" in result.stderr


def test_the_paired_test_tells_a_consistent_change_from_noise():
    from indexer.evaluate import paired_p

    assert paired_p([0.1] * 10) < 0.01  # ten queries all up: 2 of 1,024 sign patterns are as extreme
    assert paired_p([0.1, -0.1] * 10) == 1.0  # up and down alike
    assert paired_p([0.0] * 5) == 1.0
    assert paired_p([0.3, -0.05, 0.02, -0.01]) > 0.1


def test_environment_variables_set_the_folders(cli_data):
    result = kb("search", "HIV", "--json", env={"KB_DATA": str(cli_data)})  # in-process: click reads the variable
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["query"] == "HIV"


def test_check_counts_stale_contacts_in_one_line_and_lists_them_when_verbose():
    result = kb("check", "--today", "2026-12-06")
    stale = [line for line in result.stderr.splitlines() if "[stale]" in line]
    assert stale == [
        f"{FIXTURE_KB.as_posix()}/services: warning[stale]: 1 contact not checked for over 12 months: "
        "'kb stale' lists them with their sources (or 'kb check --verbose')"
    ]
    verbose = kb("check", "--verbose", "--today", "2026-12-06")
    stale = [line for line in verbose.stderr.splitlines() if "[stale]" in line]
    assert stale == [
        f"{FIXTURE_KB.as_posix()}/services/test-aids-almaty.ru.md:9: warning[stale]: "
        "details last checked on 2024-01-15, 1056 days ago: confirm them and update 'checked'"
    ]


def test_stale_lists_contacts_with_their_sources_most_cited_first():
    result = kb_process("stale", "--today", "2028-06-01")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "3 contacts not checked for over 12 months, the most cited by cases first:"
    headers = [line.split(":")[0] for line in lines if line and not line.startswith(" ") and line != lines[0]]
    assert headers == ["test-quiet-doctor", "test-ombudsman", "test-aids-almaty"]  # 2 cases, 1 case, none
    block = result.stdout.split("\n\ntest-ombudsman:")[1].split("\n\n")[0]
    assert "checked 2026-11-28, 551 days ago; cited in 1 case" in block
    assert "source: https://www.gov.kz/memleket/entities/ombudsman" in block
    with_unverified = kb("stale", "--unverified", "--today", "2028-06-01").stdout
    assert "test-aids-east: " in with_unverified and "messengers source: https://example.org/east/whatsapp" in with_unverified
    assert kb("stale", "--today", "2024-06-01").stdout == "no contact was last checked over 12 months ago\n"


def test_search_prints_labelled_and_short_phone_numbers(cli_data):
    result = kb("search", "СПИД", "--city", "ridder", data=cli_data)
    assert result.returncode == 0, result.stderr
    assert "+7 7233 000 003, 1234" in result.stdout


def test_check_folds_a_common_warning_into_one_line_and_lists_it_on_request(kb_dir):
    # 63 "unverified" lines on every run used to bury the errors.
    for i in range(5):
        (kb_dir / "services" / f"extra-{i}.ru.md").write_text(
            f"---\nid: extra-{i}\nname: Extra {i}\nkind: ngo\njurisdiction: KZ\ncity: almaty\nlang: ru\n---\nText.\n", encoding="utf-8")
    (kb_dir / "cases" / "broken.en.md").write_text("---\nid: broken\n---\n", encoding="utf-8")
    folded = kb("check", kb_dir=kb_dir).stderr
    assert "unverified] ×" in folded and "kb check --list unverified" in folded
    assert "extra-3.ru.md:1: warning[unverified]" not in folded
    assert folded.index("error[missing-field]") < folded.index("warnings --")
    listed = kb("check", "--list", "unverified", kb_dir=kb_dir).stderr
    assert all(f"extra-{i}.ru.md:1: warning[unverified]" in listed for i in range(5))
    assert "missing-field" not in listed
    verbose = kb("check", "--verbose", kb_dir=kb_dir).stderr
    assert all(f"extra-{i}.ru.md:1: warning[unverified]" in verbose for i in range(5))


def test_kb_translations_mines_a_build_and_reports_each_language_pair(cli_data, tmp_path):
    out = tmp_path / "table.tsv"
    result = kb("translations", "--output", str(out), data=cli_data)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^en → ru: \d+ entries in both languages, \d+ term translations$", result.stdout, re.M), result.stdout
    assert out.read_text(encoding="utf-8").startswith("# Search-term translations")


def test_kb_translations_without_a_build_says_so_and_writes_nothing(tmp_path):
    result = kb("translations", "--output", str(tmp_path / "t.tsv"), data=tmp_path / "none")
    assert result.returncode == 1
    assert "run 'kb build' first" in result.stderr
    assert not (tmp_path / "t.tsv").exists()
