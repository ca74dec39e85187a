"""The fixtures of tests/cli/: the banks of tests/conftest.py (`bank_dir`, `real_bank_dir`); the command
runs in a subprocess (tests/cli_support.py).

Nothing is defined here yet: a fixture that only this folder uses belongs in this file.
"""
