"""The fixtures of tests/io/: the banks of tests/conftest.py: `bank` (synthetic) and `bank_dir` (a valid
YAML bank).

Nothing is defined here yet: a fixture that only this folder uses belongs in this file.
"""
