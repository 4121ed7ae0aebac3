"""Benchmark harness: runs the optimizer on public benchmark sets and compares with best-known values."""
