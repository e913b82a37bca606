"""`python -m indexer` is the `kb` command."""

from indexer.cli import main

main()
