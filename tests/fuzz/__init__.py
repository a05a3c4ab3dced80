"""Fuzzing the running mock: generated documents and generated variables, one response contract."""
