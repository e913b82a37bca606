"""Markdown rendering from many threads at once (gunicorn serves /about/kb-format from a thread pool)."""

import sys
import threading

from indexer.render import render


def _document(n: int) -> str:
    rows = "\n".join(f"| row {n}-{i} | [[act-{n}-{i}]] |" for i in range(20))
    return f"## Document {n}\n\nThe text of document {n}, *once*.\n\n| a | b |\n| --- | --- |\n{rows}\n\n1. first {n}\n2. second {n}\n"


def test_threads_rendering_at_once_each_get_their_own_document():
    documents = [_document(n) for n in range(8)]
    expected = [render(text) for text in documents]
    wrong: list[int] = []
    start = threading.Barrier(len(documents))

    def convert(n: int) -> None:
        start.wait()
        for _ in range(40):
            try:
                if render(documents[n]) != expected[n]:
                    wrong.append(n)
            except Exception:  # a converter shared between threads also breaks half-way
                wrong.append(n)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, as a busy server would
    try:
        threads = [threading.Thread(target=convert, args=(n,)) for n in range(len(documents))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert wrong == []
