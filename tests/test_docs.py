"""README.md's `kb` command table and route table say what the code does.

The tables are parsed as written (the first cell of each row) and compared with
the click commands of indexer/cli.py and the Flask app's url_map: a command,
option or route added, renamed or removed on one side only fails here.
"""

from __future__ import annotations

import re

import click
from conftest import REPO

from indexer.cli import cli
from indexer.kinds import kinds

README = REPO / "README.md"
OPTION_RE = re.compile(r"--[a-z][a-z-]*")
# An address in the route table, then optionally its methods: `/letters/<id>?city=…` (GET, POST)
ADDRESS_RE = re.compile(r"`(/[^`]*)`(?:\s*\(([A-Z, ]+)\))?")
PARAMETER_RE = re.compile(r"<[^>]*>")


def _section(title: str) -> str:
    """The text of README's `## title` section."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def _first_cells(section: str, header: str) -> list[str]:
    """The first cell of every row of the table whose header row starts with `header` (escaped pipes kept)."""
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header} |"))
    cells = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells.append(re.split(r"(?<!\\)\|", line)[1].strip().replace("\\|", "|"))
    return cells


def documented_commands() -> dict[str, set[str]]:
    """Each `kb` sub-command of the README's table with the options its first cell names."""
    commands = {}
    for cell in _first_cells(_section("The `kb` command"), "command"):
        usage = cell.strip("`")
        assert usage.startswith("kb "), cell
        commands[usage.split()[1]] = set(OPTION_RE.findall(usage))
    return commands


def documented_routes() -> dict[str, set[str]]:
    """Each address of the README's route table (parameters as <>, no query) with its methods (GET unless named)."""
    routes = {}
    for cell in _first_cells(_section("The web app"), "address"):
        found = ADDRESS_RE.findall(cell)
        assert found, cell
        for address, methods in found:
            path = PARAMETER_RE.sub("<>", address.split("?", 1)[0])
            routes[path] = {m.strip() for m in methods.split(",")} if methods else {"GET"}
    return routes


def test_the_command_table_lists_every_command_with_its_options():
    code = {
        name: {opt for param in command.params if isinstance(param, click.Option) and not param.hidden for opt in param.opts if opt.startswith("--")}
        for name, command in cli.commands.items()
        if not command.hidden
    }
    assert documented_commands() == code


def test_the_global_options_and_the_kinds_kb_new_makes_are_the_documented_ones():
    section = _section("The `kb` command")
    sentence = section[section.index("Global options") :].split("\n\n")[0]
    assert set(OPTION_RE.findall(sentence)) == {opt for param in cli.params for opt in param.opts}
    new = next(cell for cell in _first_cells(section, "command") if cell.startswith("`kb new "))
    assert new.strip("`").split()[2].split("|") == [kind.name for kind in kinds()]


def test_the_route_table_lists_every_route_with_its_methods(built_data, catalogs):
    from app import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(built_data)})
    try:
        code = {
            PARAMETER_RE.sub("<>", rule.rule): set(rule.methods or ()) - {"HEAD", "OPTIONS"}
            for rule in app.url_map.iter_rules()
            if rule.endpoint != "static"  # Flask's own /static/<path:filename>
        }
    finally:
        app.extensions["kb_engine"].close()
    assert documented_routes() == code


def test_the_parsers_read_the_rows_they_are_meant_to():
    # Guards against a parser that reads nothing and so agrees with nothing.
    routes = documented_routes()
    assert routes["/letters/<>"] == {"GET", "POST"} and routes["/sign-out"] == {"POST"} and routes["/services/<>.vcf"] == {"GET"}
    assert documented_commands()["check"] == {"--strict", "--verbose", "--list", "--official"}
