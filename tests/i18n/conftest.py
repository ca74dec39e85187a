"""The fixtures of tests/i18n/: none beyond pytest's own: the catalogs are read from the package or copied
into tmp_path.

Nothing is defined here yet: a fixture that only this folder uses belongs in this file.
"""
