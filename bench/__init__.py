"""Benchmarks, run by ``make bench`` (``python -m bench``). Never imported by the test suite."""
