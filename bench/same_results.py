"""`python -m bench.same_results DATA QUERIES OUT [--against OLD]`: dump every search's result, or compare with a dump.

For speed work that must not change results: for each query (`judged`: kb/judgements.yaml,
`bench`: the benchmark's mix) it writes the JSON of `SearchEngine.search` (without `took_ms`)
and the search page the web app renders for it, one line each. Run it before a change with
`OUT`, after it with `--against` the first dump: it prints the queries whose JSON or page differ
and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlencode

import yaml

from bench.queries import query_mix
from indexer.search import SearchEngine

# What differs between two renders of the same result: the time taken and the per-response tokens.
VOLATILE = re.compile(r'\d+(?:[.,]\d+)?\s*(?:ms|мс)|nonce="[^"]*"|name="csrf" value="[^"]*"')


def queries(which: str) -> list[tuple[str, str | None]]:
    """(text, city) of each query of the judgements or of the benchmark's mix."""
    if which == "judged":
        judged = yaml.safe_load(Path("kb/judgements.yaml").read_text(encoding="utf-8"))
        return [(j["query"], j.get("city")) for j in judged]
    return [(q.text, q.city) for q in query_mix()]


def dump(data: Path, which: str) -> list[str]:
    """One JSON line per query: the query, its search result and its rendered page."""
    from app import create_app

    engine = SearchEngine(data)
    client = create_app({"TESTING": True, "DATA_DIR": str(data)}).test_client()
    lines = []
    for text, city in queries(which):
        result = engine.search(text, city=city)
        result.pop("took_ms")
        page = client.get("/search?" + urlencode({"q": text, **({"city": city} if city else {})})).get_data(as_text=True)
        lines.append(json.dumps({"query": text, "city": city, "result": result, "page": VOLATILE.sub("", page)}, ensure_ascii=False))
    engine.close()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.same_results", description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="a data folder built by `kb build`")
    parser.add_argument("queries", choices=("judged", "bench"))
    parser.add_argument("out", type=Path, help="where to write this run's dump")
    parser.add_argument("--against", type=Path, help="an earlier dump to compare with")
    args = parser.parse_args()
    lines = dump(args.data, args.queries)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.against is None:
        print(f"{len(lines)} queries dumped to {args.out}")
        return
    old = args.against.read_text(encoding="utf-8").splitlines()
    if len(old) != len(lines):
        sys.exit(f"the dumps hold {len(old)} and {len(lines)} queries: not the same queries")
    differ = [json.loads(a)["query"] for a, b in zip(old, lines, strict=True) if a != b]
    for query in differ:
        print(f"differs: {query}")
    print(f"{len(lines) - len(differ)} of {len(lines)} queries identical")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
