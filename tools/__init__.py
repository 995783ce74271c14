"""Developer tools (screenshots, font subsets) and what they share with tests and benchmarks."""
