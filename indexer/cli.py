"""The `kb` command: check, build, search, stats, translations, new, eval, serve, update and account.

Global options come before the sub-command: `kb --kb DIR --data DIR build`.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from indexer.analysis import translations
from indexer.build import build as run_build, official_dirs
from indexer.designators import ID_RE
from indexer.evaluate import LISTS, PERMUTATIONS, SPLITS, Comparison, compare, evaluate, load_judgements, load_scores, save_scores
from indexer.kinds import kind_named, kinds
from indexer.load import load_kb
from indexer.official_layer import EDITIONS_CACHE, official_layer
from indexer.problems import KBError, Problem, StrictRefusal, summary
from indexer.scaffold import scaffold
from indexer.search import SearchEngine
from indexer.stale import stale_contacts, stale_warnings
from indexer.stats import coverage, report


class Context:
    """Paths shared by every sub-command."""

    def __init__(self, kb: Path, data: Path) -> None:
        self.kb = kb
        self.data = data


# Warnings of one kind beyond this many are folded into one line (all of them with --verbose).
FOLD_WARNINGS_OVER = 3
# Errors that are consequences of others (a reference to an entry that was left out): printed after the causes.
CASCADE_CODES = ("dangling-reference",)


def _print_problems(problems: list[Problem], verbose: bool = False, only: str | None = None) -> None:
    """Errors first, root causes before their cascades; warnings grouped by kind.

    A kind of warning with more than FOLD_WARNINGS_OVER lines is one line with its
    count unless `verbose`; `only` prints every problem of that code and nothing else.
    """
    if only is not None:
        for p in problems:
            if p.code == only:
                click.echo(str(p), err=True)
        click.echo(summary([p for p in problems if p.code == only]), err=True)
        return
    errors = sorted((p for p in problems if p.is_error), key=lambda p: p.code in CASCADE_CODES)
    warnings = [p for p in problems if not p.is_error]
    for p in errors:
        click.echo(str(p), err=True)
    if warnings:
        click.echo(f"-- {len(warnings)} warning{'s' if len(warnings) != 1 else ''} --", err=True)
        by_code: dict[str, list[Problem]] = {}
        for p in warnings:
            by_code.setdefault(p.code, []).append(p)
        for code, group in by_code.items():
            if verbose or len(group) <= FOLD_WARNINGS_OVER:
                for p in group:
                    click.echo(str(p), err=True)
            else:
                first = group[0]
                click.echo(f"warning[{code}] ×{len(group)}, e.g. {first.path}:{first.line}: {first.message} — all of them: kb check --list {code}", err=True)
    click.echo(summary(problems), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--kb", "kb_dir", envvar="KB_DIR", default="kb", show_default=True, type=click.Path(path_type=Path), help="Knowledge-base folder (env KB_DIR)."
)
@click.option(
    "--data", "data_dir", envvar="KB_DATA", default="data", show_default=True, type=click.Path(path_type=Path),
    help="Folder for the database and index (env KB_DATA).",
)
@click.pass_context
def cli(ctx: click.Context, kb_dir: Path, data_dir: Path) -> None:
    """REAct knowledge base: check, build and search Kazakh norms, cases and referral contacts."""
    ctx.obj = Context(kb_dir, data_dir)


def _today(value: str | None) -> dt.date:
    """The date stale contacts are counted from: today, or --today (for reproducible output)."""
    try:
        return dt.date.fromisoformat(value) if value else dt.date.today()
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date YYYY-MM-DD", param_hint="--today") from None


OFFICIAL_OPTION = click.option(
    "--official", "official", multiple=True, type=click.Path(file_okay=False, path_type=Path),
    help="A folder of the official texts' corpus (a clone of its repositories); repeatable. Default: KB_OFFICIAL, folders separated by ':'.",
)


def _official(given: tuple[Path, ...]) -> list[Path]:
    return official_dirs(given or None)


TODAY_OPTION = click.option("--today", default=None, hidden=True, help="Count ages from this date (YYYY-MM-DD) instead of today.")


@cli.command()
@click.option("--strict", is_flag=True, help="Exit non-zero when there is any error.")
@click.option("--verbose", "-v", is_flag=True, help="Print every warning (and every stale contact), not only a count per kind.")
@click.option("--list", "only", metavar="CODE", default=None, help="Print only the problems of this kind, all of them (e.g. unverified).")
@OFFICIAL_OPTION
@TODAY_OPTION
@click.pass_obj
def check(obj: Context, strict: bool, verbose: bool, only: str | None, official: tuple[Path, ...], today: str | None) -> None:
    """Validate every file in the knowledge base and report problems as path:line.

    With a corpus of the official texts (--official or KB_OFFICIAL), an act's `official` link is checked too.
    """
    kb, problems = load_kb(obj.kb)
    official_layer(kb.of_kind("act"), _official(official), problems, cache=obj.data / EDITIONS_CACHE)
    day = _today(today)
    problems.extend(stale_warnings(stale_contacts(kb, day), day, verbose or only == "stale", obj.kb.as_posix()))
    _print_problems(problems, verbose, only)
    counts = ", ".join(f"{len(kb.of_kind(kind.name))} {kind.table}" for kind in kinds())
    click.echo(f"checked {counts}", err=True)
    if strict and problems.errors:
        sys.exit(1)


@cli.command()
@click.option("--strict", is_flag=True, help="Refuse to build (exit 1) when there is any error.")
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed.")
@click.option("--allow-partial", is_flag=True, help="Publish the index even when files were left out for their errors (exit 0).")
@OFFICIAL_OPTION
@click.pass_obj
def build(obj: Context, strict: bool, force: bool, allow_partial: bool, official: tuple[Path, ...]) -> None:
    """Build the SQLite database and search index from the knowledge base, atomically.

    A file with errors is left out; then the build is refused (exit 1, the previous index stays)
    unless --allow-partial publishes the rest.
    """
    try:
        result = run_build(
            obj.kb, obj.data, force=force, strict=strict, allow_partial=allow_partial, official=_official(official), progress=lambda m: click.echo(m, err=True)
        )
    except StrictRefusal as refusal:
        _print_problems(refusal.problems)  # the problems first, each as path:line, then the refusal
        raise
    if result.problems:
        _print_problems(result.problems)
        if result.problems.errors:
            click.echo("the entries with errors were published without what was wrong (links, provisions) or left out; fix them and build again", err=True)


def _print_human(result: dict) -> None:
    click.echo(f"query: {result['query']}  ({result['took_ms']} ms)")
    if result.get("suggestion"):
        click.echo(f"did you mean: {result['suggestion']}")
    for name, label in (("norms", "Legal basis"), ("cases", "Similar cases"), ("services", "Whom to contact"), ("remedies", "Next steps")):
        click.echo(f"\n{label} ({len(result[name])})")
        for i, hit in enumerate(result[name], 1):
            if name == "norms":
                flag = "" if hit["status"] == "in_force" else f" [{hit['status']}]"
                click.echo(f" {i:>2}. {hit['citation']}{flag}\n     {hit['id']}")
            elif name == "remedies":
                click.echo(f" {i:>2}. {hit['title']} ({', '.join(hit['violations'])})\n     {hit['id']}")
            elif name == "cases":
                click.echo(f" {i:>2}. {hit['title']} — {hit['outcome']}, {hit['date']}, {hit['city'] or ''}\n     {hit['id']}")
            else:
                phones = ", ".join(p["number"] if isinstance(p, dict) else p for p in hit["phones"])
                click.echo(f" {i:>2}. {hit['name']} ({hit['kind']}, {hit['city']}) {phones}\n     {hit['id']}")


@cli.command()
@click.argument("query", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (JSON Lines when reading queries from stdin).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100), help="Hits per list.")
@click.option("--city", default=None, help="Place key: its services first, then its region's, then national.")
@click.option("--lang", default=None, type=click.Choice(["ru", "kk", "en"]), help="Preferred language of the entries shown.")
@click.option("--internal", is_flag=True, help="Include entries marked visibility: internal.")
@click.pass_obj
def search(obj: Context, query: str | None, as_json: bool, limit: int, city: str | None, lang: str | None, internal: bool) -> None:
    """Search norms, cases and services. Without QUERY, read one query per line from stdin.

    With --json, every input line gives exactly one output line (a blank line an empty result),
    so outputs align with inputs.
    """
    engine = SearchEngine(obj.data)
    try:
        if query is not None:
            result = engine.search(query, city=city, lang=lang, limit=limit, internal=internal)
            if as_json:
                click.echo(json.dumps(result, ensure_ascii=False))
            else:
                _print_human(result)
            return
        for line in sys.stdin:
            line = line.rstrip("\n")
            if not line.strip() and not as_json:
                continue
            result = engine.search(line, city=city, lang=lang, limit=limit, internal=internal)
            if as_json:
                click.echo(json.dumps(result, ensure_ascii=False))
            else:
                _print_human(result)
                click.echo("")
    finally:
        engine.close()


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.pass_obj
def stats(obj: Context, as_json: bool) -> None:
    """Coverage of the last build: entries per language and verification state, provisions and cases per violation type."""
    engine = SearchEngine(obj.data)
    try:
        figures = coverage(engine.snapshot().db())
    finally:
        engine.close()
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False))
        return
    for line in report(figures):
        click.echo(line)


@cli.command(name="translations")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=translations.TABLE, show_default="the table searching uses",
              help="Where to write the table.")
@click.pass_obj
def translations_command(obj: Context, output: Path) -> None:
    """Mine the search-term translations (ru, kk, en) from the last build's parallel entries and write the table.

    Review the change in git before committing it: it decides what English and Kazakh words search for in
    entries written in Russian only (and the reverse)."""
    engine = SearchEngine(obj.data)
    try:
        click.echo(f"mining the parallel entries of {obj.data} …", err=True)
        found = translations.mine(engine.snapshot().db())
    finally:
        engine.close()
    for (source, target), aligned in found.aligned.items():
        click.echo(f"{source} → {target}: {aligned} entries in both languages, {found.translated[source, target]} term translations")
    translations.write(found.rows, output)
    click.echo(f"wrote {len(found.rows)} translations to {output}")


@cli.command()
@click.option("--unverified", is_flag=True, help="Also list contacts never checked.")
@TODAY_OPTION
@click.pass_obj
def stale(obj: Context, unverified: bool, today: str | None) -> None:
    """List contacts not checked for over 12 months with their source pages, the most cited by cases first."""
    kb, _ = load_kb(obj.kb)
    day = _today(today)
    contacts = stale_contacts(kb, day, unverified)
    what = "not checked for over 12 months" + (" or never" if unverified else "")
    if not contacts:
        click.echo("every contact was checked in the last 12 months" if unverified else "no contact was last checked over 12 months ago")
        return
    click.echo(f"{len(contacts)} contact{'s' if len(contacts) != 1 else ''} {what}, the most cited by cases first:")
    for contact in contacts:
        when = f"checked {contact.checked}, {contact.age_days(day)} days ago" if contact.checked else "never checked"
        cases = f"cited in {contact.cited} case{'s' if contact.cited != 1 else ''}"
        click.echo(f"\n{contact.id}: {contact.name}\n  {when}; {cases}")
        for entry in contact.files:
            click.echo(f"  file: {entry.path}")
        for channel, url in contact.sources:
            click.echo(f"  {'source' if channel == 'source_url' else channel + ' source'}: {url}")
        if not contact.sources:
            click.echo("  source: none given")


@cli.command()
@click.argument("kind", type=click.Choice([k.name for k in kinds()]))
@click.argument("entry_id")
@click.option("--lang", default="ru", show_default=True, type=click.Choice(["ru", "kk", "en"]), help="Language of the new file.")
@click.pass_obj
def new(obj: Context, kind: str, entry_id: str, lang: str) -> None:
    """Create a new entry file with every field explained in comments."""
    if not ID_RE.match(entry_id):
        raise click.BadParameter("use lowercase letters, digits and hyphens, e.g. kz-labour-code", param_hint="ID")
    path = obj.kb / kind_named(kind).folder / f"{entry_id}.{lang}.md"
    if path.exists():
        raise click.ClickException(f"{path} already exists; edit it instead")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scaffold(kind, entry_id, lang), encoding="utf-8")
    click.echo(f"created {path}: fill it in, then run 'kb check'")


@cli.command(name="eval")
@click.argument("judgements", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--min-ndcg", type=float, default=None, help="Exit non-zero when the overall nDCG@10 is below this.")
@click.option("--worst", default=5, show_default=True, help="How many of the worst queries to list.")
@click.option("--split", type=click.Choice(SPLITS), default=None,
              help="Evaluate only the queries of this split (tune on 'tuning'; look at 'heldout' only to accept a change).")
@click.option("--save", "save_to", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write each query's nDCG@10 to this file, to compare a later run against.")
@click.option("--against", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Compare with a run saved by --save: mean nDCG@10 before and after, queries up and down, and a "
                   "paired randomisation test, overall and per split.")
@click.pass_obj
def eval_command(
    obj: Context, judgements: Path, min_ndcg: float | None, worst: int, split: str | None, save_to: Path | None, against: Path | None
) -> None:
    """Measure ranking quality (recall@5, MRR, nDCG@10) against a judgement file."""
    before = load_scores(against) if against else None
    items = [j for j in load_judgements(judgements) if split is None or j.split == split]
    engine = SearchEngine(obj.data)
    try:
        scores, means = evaluate(engine, items)
    finally:
        engine.close()
    click.echo(f"{len(items)} queries")
    click.echo(f"{'list':<10}{'recall@5':>10}{'MRR':>8}{'nDCG@10':>10}")
    for name in [*LISTS, "overall"]:
        if name in means:
            m = means[name]
            click.echo(f"{name:<10}{m['recall@5']:>10.3f}{m['mrr']:>8.3f}{m['ndcg@10']:>10.3f}")
    groups = [name for name in means if ":" in name]
    if groups:
        click.echo(f"\n{'split / tag':<18}{'queries':>8}{'recall@5':>10}{'MRR':>8}{'nDCG@10':>10}")
        for name in groups:
            m = means[name]
            click.echo(f"{name:<18}{int(m['queries']):>8}{m['recall@5']:>10.3f}{m['mrr']:>8.3f}{m['ndcg@10']:>10.3f}")
    click.echo(f"\nworst {min(worst, len(scores))} queries (nDCG@10):")
    for s in sorted(scores, key=lambda s: s.ndcg)[:worst]:
        click.echo(f"  {s.ndcg:.3f}  {s.judgement.query}  ({judgements}:{s.judgement.line})")
    if before is not None:
        _print_comparison(against, *compare(before, scores))
    if save_to:
        save_scores(scores, save_to)
        click.echo(f"\nsaved each query's nDCG@10 to {save_to}")
    overall = means.get("overall", {}).get("ndcg@10", 0.0)
    if min_ndcg is not None and overall < min_ndcg:
        click.echo(f"overall nDCG@10 {overall:.3f} is below --min-ndcg {min_ndcg}", err=True)
        sys.exit(1)


def _print_comparison(against: Path | None, rows: list[Comparison], unmatched: int) -> None:
    """The paired comparison with a saved run, one line per group."""
    click.echo(f"\nagainst {against}: each query's nDCG@10 (its judged lists averaged; so the means differ from the")
    click.echo(f"figures above, which average lists), paired by query; p: randomisation test, {PERMUTATIONS:,} sign flips")
    click.echo(f"{'':<16}{'queries':>8}{'before':>9}{'after':>9}{'change':>9}{'up':>5}{'down':>6}{'p':>8}")
    for r in rows:
        click.echo(f"{r.name:<16}{r.queries:>8}{r.before:>9.4f}{r.after:>9.4f}{r.after - r.before:>+9.4f}{r.up:>5}{r.down:>6}{r.p:>8.3f}")
    if unmatched:
        click.echo(f"{unmatched} queries are in one run only (edited or added since): left out of the comparison")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Server processes (default: one per core, at most 4). A search uses one core; more processes serve more at once.")
@click.option("--debug", is_flag=True, help="Flask's development server with reloading; rebuilds the index when kb/ changes.")
@click.pass_obj
def serve(obj: Context, host: str, port: int, workers: int | None, debug: bool) -> None:
    """Serve the web app (production server unless --debug)."""
    from app import create_app  # imported here: the indexer library never depends on Flask
    from app.deployment import ConfigError, describe
    from app.server import default_workers, serve as serve_app

    try:
        application = create_app({"KB_DIR": str(obj.kb), "DATA_DIR": str(obj.data)})
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(describe(application), err=True)
    if debug:
        application.run(host=host, port=port, debug=True)
        return
    try:
        serve_app(application, host, port, workers or default_workers(), say=lambda line: click.echo(line, err=True))
    except OSError as exc:
        raise click.ClickException(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None


@cli.command()
@click.pass_obj
def update(obj: Context) -> None:
    """Pull the knowledge base's git repository (fast-forward only), check it and build it.

    On any error the index in use keeps serving and the command exits 1 with the problems.
    """
    from indexer.update import UpdateFailed, update as run_update

    say = lambda message: click.echo(message, err=True)  # noqa: E731
    try:
        result = run_update(obj.kb, obj.data, progress=say)
    except UpdateFailed as exc:
        if exc.problems:
            _print_problems(exc.problems)
        click.echo(f"update failed: {exc}; the index in use keeps serving", err=True)
        sys.exit(1)
    if result.problems:
        _print_problems(result.problems)
    say(f"updated to {result.after[:10]}: {'new index switched in' if result.rebuilt else 'index already up to date'}")
    if result.code_changed:
        say(f"the pull also changed {len(result.code_changed)} files outside the knowledge base "
            f"({', '.join(result.code_changed[:5])}{' …' if len(result.code_changed) > 5 else ''}): "
            "reinstall and restart the server (README, Going live: Updates)")


@cli.command()
@click.argument("name")
@click.option("--accounts", "accounts_file", envvar="KB_ACCOUNTS", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The accounts file the server reads (env KB_ACCOUNTS).")
@click.option("--delete", is_flag=True, help="Remove the account instead.")
def account(name: str, accounts_file: Path, delete: bool) -> None:
    """Add a REActor who may sign in and see internal entries, change the password, or remove them."""
    from app.auth import AccountsError, remove_account, write_account  # the indexer library never depends on the web app

    try:
        if delete:
            removed = remove_account(accounts_file, name)
            click.echo(f"removed {name} from {accounts_file}" if removed else f"no account {name} in {accounts_file}")
            return
        password = click.prompt("Password (at least 12 characters)", hide_input=True, confirmation_prompt=True)
        if len(password) < 12:
            raise click.ClickException("the password is too short: use at least 12 characters")
        write_account(accounts_file, name, password)
    except AccountsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"saved {name} in {accounts_file}; the server reads it at the next request")


def main() -> None:
    """Entry point that turns expected errors into one clean line and exit code 1."""
    try:
        cli(standalone_mode=True)
    except KBError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
