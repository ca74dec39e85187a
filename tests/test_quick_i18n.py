"""The quick check's strings: in English, Spanish and Italian, with the same placeholders in each, and the
Spanish in usted or impersonal forms (never tú)."""

from __future__ import annotations

import re
import string

from assessment.i18n import STRINGS

KEYS = sorted(k for k in STRINGS if k.startswith("quick."))
# "se profundiza" is impersonal; "profundiza" alone would be the tú imperative.
TU = re.compile(
    r"\b(tú|tu|tus|te|ti|puedes|quieres|tienes|elige|responde)\b|(?<!se )\bprofundiza\b", re.IGNORECASE
)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_quick_string_is_in_three_languages_with_the_same_placeholders() -> None:
    assert len(KEYS) >= 30
    for key in KEYS:
        texts = STRINGS[key]
        assert set(texts) == {"en", "es", "it"}, key
        assert all(v.strip() for v in texts.values()), key
        assert placeholders(texts["es"]) == placeholders(texts["en"]) == placeholders(texts["it"]), key


def test_the_spanish_never_says_tu() -> None:
    found = {key: [m.group(0) for m in TU.finditer(STRINGS[key]["es"])] for key in KEYS}
    assert {k: v for k, v in found.items() if v} == {}
