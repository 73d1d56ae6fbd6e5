"""Helpers the tests and the benchmarks share to drive the app from outside (standard library only)."""
