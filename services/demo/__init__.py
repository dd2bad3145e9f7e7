"""Realistic demo data for trying Clientbook and for benchmarks. Imports any package (it seeds them all)."""
