"""Readers for public benchmark instance and solution formats (VRPLIB, Solomon, CARPLIB)."""
