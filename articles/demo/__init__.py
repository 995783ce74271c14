"""Synthetic Arabic stories for demos, tests and benchmarks (deterministic by seed)."""
