"""Benchmarks: times against floors measured in the same run (``python -m tests.bench``)."""
