"""Realistic demo data for trying Clientbook and for benchmarks."""
