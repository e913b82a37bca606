"""Split a Markdown file into YAML front matter and body, keeping line numbers.

Field-level problems must point at the line of the offending key, so the YAML
is composed into nodes first (which carry marks) and then constructed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it (the wheels are): several times faster on big knowledge bases.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class KBLoader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """Safe YAML without implicit timestamps: dates stay text and are checked per field, with their line."""


KBLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FrontMatterError(Exception):
    """The front matter is missing or is not valid YAML; `line` is 1-based in the file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Document:
    """A parsed file: its fields, the line of each field, and the body with its first line."""

    meta: dict[str, Any]
    key_lines: dict[str, int]
    item_lines: dict[str, list[int]] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def line_of(self, key: str, item: int | None = None) -> int:
        """Line of a key, or of one item of a list value; 1 when the key is absent."""
        if item is not None and key in self.item_lines and item < len(self.item_lines[key]):
            return self.item_lines[key][item]
        return self.key_lines.get(key, 1)


def parse_yaml_with_lines(text: str, first_line: int = 1) -> tuple[Any, dict[str, int], dict[str, list[int]]]:
    """Parse YAML text; also return file lines of keys and list items.

    `key_lines` holds top-level keys and, one level down, "parent.child" keys;
    `item_lines` holds the line of each item of a list value, under its key
    ("" for a top-level list).
    """
    loader = KBLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        # A quote or bracket left open is found at the end of the text; its opening is the useful line.
        mark = exc.problem_mark
        if exc.context_mark is not None and (mark is None or "end of stream" in (exc.problem or "")):
            mark = exc.context_mark
        line = first_line + (mark.line if mark else 0)
        detail = "; ".join(filter(None, [exc.context, exc.problem]))
        raise FrontMatterError(line, f"invalid YAML: {detail}") from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(first_line, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    key_lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    if isinstance(node, yaml.SequenceNode):
        item_lines[""] = [first_line + item.start_mark.line for item in node.value]
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_lines[key] = first_line + key_node.start_mark.line
            if isinstance(value_node, yaml.SequenceNode):
                item_lines[key] = [first_line + item.start_mark.line for item in value_node.value]
                for i, item in enumerate(value_node.value):
                    _nested_lines(f"{key}.{i}", item, first_line, key_lines)
            elif isinstance(value_node, yaml.MappingNode):
                for child, _ in value_node.value:
                    key_lines[f"{key}.{child.value}"] = first_line + child.start_mark.line
    return data, key_lines, item_lines


def _nested_lines(path: str, node: yaml.Node, first_line: int, key_lines: dict[str, int], depth: int = 2) -> None:
    """Lines inside a list item that is a mapping (a remedy's step): "steps.0.deadline", "steps.0.grounds.1", …"""
    if depth == 0 or not isinstance(node, yaml.MappingNode):
        return
    for child, value in node.value:
        child_path = f"{path}.{child.value}"
        key_lines[child_path] = first_line + child.start_mark.line
        if isinstance(value, yaml.SequenceNode):
            for j, item in enumerate(value.value):
                key_lines[f"{child_path}.{j}"] = first_line + item.start_mark.line
        else:
            _nested_lines(child_path, value, first_line, key_lines, depth - 1)


def parse(text: str) -> Document:
    """Parse a knowledge-base file; raise FrontMatterError for a missing or broken header."""
    if text.startswith("\ufeff"):
        raise FrontMatterError(1, "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        raise FrontMatterError(1, "file must start with a '---' line opening the YAML front matter")
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip("\r\n") == "---":
            closing = number
            break
    else:
        raise FrontMatterError(1, "front matter is not closed: add a '---' line after the fields")
    header = "".join(lines[1 : closing - 1])
    for number, line in enumerate(lines[1 : closing - 1], start=2):
        if line.startswith("\t") or ("\t" in line[: len(line) - len(line.lstrip())]):
            raise FrontMatterError(number, "tab used for indentation in the front matter; use spaces")
    data, key_lines, item_lines = parse_yaml_with_lines(header, first_line=2)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(2, "front matter must be a mapping of 'field: value' lines")
    body = "".join(lines[closing:])
    return Document(data, key_lines, item_lines, body, closing + 1)
