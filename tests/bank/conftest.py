"""The fixtures of tests/bank/: the banks of tests/conftest.py: `bank` (synthetic), `bank_files` and
`bank_dir` (a valid YAML bank to break one thing in), `real_bank` (questions/).

Nothing is defined here yet: a fixture that only this folder uses belongs in this file.
"""
