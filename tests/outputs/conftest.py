"""The fixtures of tests/outputs/: the banks of tests/conftest.py: `bank` (synthetic) and `real_bank`; the
files people download are read back in the tests themselves.

Nothing is defined here yet: a fixture that only this folder uses belongs in this file.
"""
