"""The quick check's strings: the catalog check (assessment.i18n.tools check) proves them complete, with the
same placeholders in every language, and free of tú and vosotros pronouns and verb endings. What it cannot
tell from a word list is a tú imperative ("elige", "profundiza"): this test looks for the ones a quick-check
string would use, in every plural form of the Spanish catalog."""

from __future__ import annotations

import re

from assessment.i18n import catalogs

SPANISH = {
    m.context: catalogs.forms(m.string)
    for m in catalogs.messages(catalogs.read(catalogs.po_path("es")))
    if m.context and m.context.startswith("quick.")
}
# "se profundiza" is impersonal; "profundiza" alone would be the tú imperative.
TU = re.compile(
    r"\b(tú|tu|tus|te|ti|puedes|quieres|tienes|elige|responde)\b|(?<!se )\bprofundiza\b", re.IGNORECASE
)


def test_the_quick_strings_are_in_the_spanish_catalog() -> None:
    assert len(SPANISH) >= 30
    assert all(texts and all(t.strip() for t in texts) for texts in SPANISH.values())


def test_the_spanish_never_says_tu() -> None:
    found = {key: [m.group(0) for text in texts for m in TU.finditer(text)] for key, texts in SPANISH.items()}
    assert {k: v for k, v in found.items() if v} == {}
