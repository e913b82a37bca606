"""Performance benchmark: a synthetic knowledge-base generator (bench.generate) and the runner (bench.run)."""
