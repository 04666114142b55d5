"""Offline measurement of match quality on the benchmark data in ../shared/bench."""
