"""Pieces of the deterministic district generator (see scenarios/generate.py)."""
