"""The fixtures of tests/engine/: the banks of tests/conftest.py: `bank` (synthetic, where every number is
worked by hand), `next_bank` and `third_bank` (N+1 and N+2 of helpers.py), `real_bank`.

Nothing is defined here yet: a fixture that only this folder uses belongs in this file.
"""
