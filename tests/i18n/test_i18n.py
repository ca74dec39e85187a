"""The UI catalogs: t() and tn() at run time, the completeness check, and the tools that keep the catalogs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import assessment.i18n as i18n
from assessment.i18n import MissingMessage, catalogs, t, tn
from assessment.i18n.check import Problem, check
from assessment.i18n.tools import DictError, Entry, import_dict, load_dict, sync
from assessment.i18n.usage import REPO, SOURCES

ES_PO = Path("es") / "LC_MESSAGES" / "foco.po"
IT_PO = Path("it") / "LC_MESSAGES" / "foco.po"
EN_PO = Path("en") / "LC_MESSAGES" / "foco.po"


@pytest.fixture
def locale(tmp_path: Path) -> Path:
    """A copy of the real catalogs to break."""
    copy = tmp_path / "locale"
    shutil.copytree(catalogs.LOCALE_DIR, copy)
    return copy


@pytest.fixture
def runtime(locale: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """t() and tn() reading the copy instead of the real catalogs."""
    monkeypatch.setattr(catalogs, "LOCALE_DIR", locale)
    i18n._catalog.cache_clear()
    yield locale
    i18n._catalog.cache_clear()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def about(problems: list[Problem], key: str) -> list[str]:
    return [p.what for p in problems if p.key == key]


# --- at run time ----------------------------------------------------------------------------------------


def test_t_reads_each_language_and_fills_the_values() -> None:
    assert t("start.button", "en") == "Start the survey"
    assert t("start.button", "es") == "Empezar el cuestionario"
    assert t("start.button", "it") == "Inizia il questionario"
    assert t("results.header", "es", org="Biblioteca de Soria") == "Resultados de Biblioteca de Soria"


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("en", 1, "1 question in this section is still unanswered."),
        ("en", 0, "0 questions in this section are still unanswered."),
        ("en", 2, "2 questions in this section are still unanswered."),
        ("es", 1, "Queda 1 pregunta sin responder en esta sección."),
        ("es", 0, "Quedan 0 preguntas sin responder en esta sección."),
        ("es", 21, "Quedan 21 preguntas sin responder en esta sección."),
        ("it", 1, "In questa sezione resta 1 domanda senza risposta."),
        ("it", 3, "In questa sezione restano 3 domande senza risposta."),
    ],
)
def test_tn_picks_the_plural_form_of_the_language(lang: str, n: int, expected: str) -> None:
    assert tn("survey.unanswered_left", n, lang) == expected


def test_tn_fills_values_beside_the_count() -> None:
    assert tn("ws.portfolio.count", 1, "es", total=9).startswith("Se muestra 1 de 9.")
    assert tn("ws.portfolio.count", 4, "es", total=9).startswith("Se muestran 4 de 9.")


def test_nothing_falls_back_to_another_language() -> None:
    with pytest.raises(MissingMessage, match="no such message"):
        t("start.no_such_key", "es")
    with pytest.raises(MissingMessage, match="no catalog for language 'fr'"):
        t("start.button", "fr")


def test_singular_and_plural_calls_do_not_mix() -> None:
    with pytest.raises(MissingMessage, match="has plural forms: call tn"):
        t("survey.unanswered_left", "en", n=2)
    with pytest.raises(MissingMessage, match="has no plural forms: call t"):
        tn("start.button", 2, "en")


def test_a_removed_or_fuzzy_translation_raises_at_run_time(runtime: Path) -> None:
    edit(runtime / ES_PO, 'msgstr "Empezar el cuestionario"', 'msgstr ""')
    edit(runtime / IT_PO, 'msgctxt "start.button"', '#, fuzzy\nmsgctxt "start.button"')
    with pytest.raises(MissingMessage, match="'start.button' in .*es.*foco.po: not translated"):
        t("start.button", "es")
    with pytest.raises(MissingMessage, match="fuzzy"):
        t("start.button", "it")
    assert t("start.button", "en") == "Start the survey", "English is untouched"


def test_the_catalogs_are_read_once_per_process(runtime: Path) -> None:
    assert t("start.button", "es") == "Empezar el cuestionario"
    edit(runtime / ES_PO, 'msgstr "Empezar el cuestionario"', 'msgstr "Comenzar"')
    assert t("start.button", "es") == "Empezar el cuestionario", "cached: the file is not read again"
    i18n._catalog.cache_clear()
    assert t("start.button", "es") == "Comenzar"


# --- the check: the real catalogs -----------------------------------------------------------------------


def test_the_real_catalogs_and_code_pass_the_check() -> None:
    problems = check()
    assert problems == [], "\n".join(map(str, problems))


def test_the_check_runs_from_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assessment.i18n.tools", "check"], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "OK: the UI catalogs are complete."


# --- the check: what it catches -------------------------------------------------------------------------


def test_a_removed_spanish_string_fails_the_check(locale: Path) -> None:
    edit(locale / ES_PO, 'msgstr "Empezar el cuestionario"', 'msgstr ""')
    problems = check(locale)
    assert about(problems, "start.button") == ["empty: not translated"]
    assert str(problems[0]).startswith(f"{locale / ES_PO}:"), "names the file and line"


def test_a_spanish_message_deleted_outright_fails_the_check(locale: Path) -> None:
    edit(
        locale / ES_PO,
        'msgctxt "start.button"\nmsgid "Start the survey"\nmsgstr "Empezar el cuestionario"\n',
        "",
    )
    assert about(check(locale), "start.button") == ["missing (English: 'Start the survey')"]


def test_a_mismatched_placeholder_fails_the_check(locale: Path) -> None:
    edit(locale / ES_PO, 'msgstr "Resultados de {org}"', 'msgstr "Resultados de {organizacion}"')
    assert about(check(locale), "results.header") == ["placeholders {organizacion}, but English has {org}"]


def test_a_placeholder_missing_from_one_plural_form_fails_the_check(locale: Path) -> None:
    edit(
        locale / IT_PO,
        'msgstr[0] "In questa sezione resta {n} domanda senza risposta."',
        'msgstr[0] "In questa sezione resta una domanda senza risposta."',
    )
    assert about(check(locale), "survey.unanswered_left") == [
        "placeholders no placeholder (plural form 0), but English has {n}"
    ]


def test_a_fuzzy_entry_fails_the_check(locale: Path) -> None:
    edit(locale / IT_PO, 'msgctxt "start.button"', '#, fuzzy\nmsgctxt "start.button"')
    assert about(check(locale), "start.button") == ["fuzzy: review the translation and remove the fuzzy flag"]


def test_a_wrong_plural_forms_header_fails_the_check(locale: Path) -> None:
    header = '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"'
    edit(locale / ES_PO, header, '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"')  # French's rule
    assert (
        f"{locale / ES_PO}: Plural-Forms is 'nplurals=2; plural=(n > 1);', not 'nplurals=2; plural=(n != 1);'"
        in [str(p) for p in check(locale)]
    )
    edit(locale / ES_PO, '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"', "")
    assert f"{locale / ES_PO}: no Plural-Forms header (it should be 'nplurals=2; plural=(n != 1);')" in [
        str(p) for p in check(locale)
    ]


def test_a_plural_forms_count_the_messages_do_not_have_fails_the_check(locale: Path) -> None:
    edit(
        locale / IT_PO,
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
        '"Plural-Forms: nplurals=1; plural=0;\\n"',
    )
    problems = [str(p) for p in check(locale)]
    assert any(p.startswith(f"{locale / IT_PO}: cannot be read: msg has more translations") for p in problems)


def test_an_english_text_changed_without_sync_fails_the_check(locale: Path) -> None:
    edit(
        locale / EN_PO, 'msgid "Start the survey"\nmsgstr "Start the survey"', 'msgid "Begin"\nmsgstr "Begin"'
    )
    problems = check(locale)
    assert any("foco.pot" in p.where and "out of date" in p.what for p in problems)
    assert about(problems, "start.button") == [
        "translated from another English text; now 'Begin' (run tools sync)",
        "translated from another English text; now 'Begin' (run tools sync)",
    ], "es and it"


def test_en_po_must_repeat_its_msgid(locale: Path) -> None:
    edit(locale / EN_PO, 'msgstr "Start the survey"', 'msgstr "Begin the survey"')
    assert about(check(locale), "start.button") == ["en.po's msgstr must repeat the msgid (run tools sync)"]


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        (
            'msgstr "Escriba el nombre de la organización."',
            'msgstr "Escribe tu nombre."',
            "familiar register (tu)",
        ),
        ('msgstr "Sigan así"', 'msgstr "Seguid así, podéis"', "familiar register (podéis)"),
        # The plural's possessive, which the pattern writes as a class (vuestr[oa]s?), not as the word.
        ('msgstr "Sigan así"', 'msgstr "Seguid así con vuestras cuentas"', "familiar register (vuestras)"),
    ],
)
def test_the_familiar_register_in_spanish_fails_the_check(
    locale: Path, old: str, new: str, what: str
) -> None:
    edit(locale / ES_PO, old, new)
    assert any(p.what.startswith(what) for p in check(locale))


def test_community_in_italian_fails_the_check_but_not_the_role(locale: Path) -> None:
    edit(locale / IT_PO, 'msgstr "Sei qui"', 'msgstr "La tua community"')
    assert about(check(locale), "results.you_are_here") == ["says 'community': the word is 'comunità'"]
    edit(locale / IT_PO, 'msgstr "La tua community"', 'msgstr "Parla con il community manager"')
    assert about(check(locale), "results.you_are_here") == []


# --- the check: the code's side -------------------------------------------------------------------------


def code(tmp_path: Path, body: str) -> list[Path]:
    """A module of 'product code' calling t()/tn(), checked alongside the real sources."""
    path = tmp_path / "page.py"
    path.write_text("from assessment.i18n import t, tn\n\n" + body, encoding="utf-8")
    return [*SOURCES, path]


def test_a_message_no_code_uses_fails_the_check(locale: Path) -> None:
    import_dict(
        {"start.spare": Entry({"en": "Spare", "es": "De sobra", "it": "Di scorta"})}, locale_dir=locale
    )
    assert about(check(locale), "start.spare") == ["defined but never used by the code"]


def test_a_key_no_catalog_defines_fails_the_check(tmp_path: Path) -> None:
    problems = check(sources=code(tmp_path, 't("start.buton", "en")\n'), base=tmp_path)
    assert [str(p) for p in problems] == [
        "page.py:3: start.buton: t() asks for a key that no catalog defines"
    ]


def test_calls_that_do_not_fit_their_message_fail_the_check(tmp_path: Path) -> None:
    body = (
        't("survey.unanswered_left", "en")\n'  # 3: plural message through t()
        'tn("start.button", 2, "en")\n'  # 4: singular message through tn()
        't("results.header", "en", organization="x")\n'  # 5: {org} not passed, organization unused
        "t(KEY, 'en')\n"  # 6: cannot be checked
    )
    problems = [str(p) for p in check(sources=code(tmp_path, body), base=tmp_path)]
    assert sorted(problems) == [
        "page.py:3: survey.unanswered_left: has plural forms: call tn(key, n, lang)",
        "page.py:4: start.button: has no plural forms: call t(key, lang)",
        "page.py:5: results.header: does not pass {org}",
        "page.py:5: results.header: passes {organization}, which the message does not use",
        "page.py:6: t(KEY, 'en'): the key must be a literal or an f-string, so it can be checked",
    ]


def test_an_f_string_key_uses_every_key_it_can_make(tmp_path: Path, locale: Path) -> None:
    entries = {f"tip.{p}": Entry({"en": p, "es": p + " es", "it": p + " it"}) for p in ("soon", "never")}
    import_dict(entries, locale_dir=locale)
    assert about(check(locale), "tip.soon") == ["defined but never used by the code"]
    problems = check(locale, sources=code(tmp_path, 'tip = "soon"\nt(f"tip.{tip}", "en")\n'), base=tmp_path)
    assert about(problems, "tip.soon") == [] and about(problems, "tip.never") == []
    problems = check(locale, sources=code(tmp_path, 't(f"phaze.{x}", "en")\n'), base=tmp_path)
    assert "page.py:3: phaze\\.[^.]+: t() asks for a key that no catalog defines" in [
        str(p) for p in problems
    ]


# --- the tools ------------------------------------------------------------------------------------------


def test_sync_marks_a_translation_fuzzy_when_its_english_changes(locale: Path) -> None:
    edit(
        locale / EN_PO, 'msgid "Start the survey"\nmsgstr "Start the survey"', 'msgid "Begin"\nmsgstr "Begin"'
    )
    sync(locale)
    es = (locale / ES_PO).read_text(encoding="utf-8")
    assert '#, fuzzy\n#| msgid "Start the survey"\nmsgctxt "start.button"\nmsgid "Begin"\n' in es
    assert 'msgstr "Empezar el cuestionario"' in es, "the old translation stays, for the translator to review"
    assert about(check(locale), "start.button") == [
        "fuzzy: review the translation and remove the fuzzy flag",
        "fuzzy: review the translation and remove the fuzzy flag",
    ]
    # Read back and synced again, the entry stays as it was: Babel alone would turn `#| msgid` into a
    # translator's comment `# | msgid`.
    sync(locale)
    assert (locale / ES_PO).read_text(encoding="utf-8") == es


def test_sync_leaves_unchanged_catalogs_byte_for_byte(locale: Path) -> None:
    before = {p: p.read_bytes() for p in locale.rglob("*.po*")}
    sync(locale)
    assert {p: p.read_bytes() for p in locale.rglob("*.po*")} == before


DICT = """
from assessment.bank.model import LANGUAGES  # never run: the file is read, not imported

STRINGS: dict[str, dict[str, str]] = {
    "start.button": {
        "en": "Start the survey",
        "es": "Empieza tu cuestionario",
        "it": "Inizia il questionario",
    },
    "start.extra_help": {
        "note": "Under the start button.",
        "en": "Takes a while.",
        "es": "Lleva un rato.",
        "it": "Richiede un po' di tempo.",
    },
    "ws.import.skipped": {
        "en": ["{n} row skipped", "{n} rows skipped"],
        "es": ["{n} fila omitida", "{n} filas omitidas"],
        "it": ["{n} riga saltata", "{n} righe saltate"],
    },
}
"""


def test_import_dict_adds_new_entries_next_to_their_family(tmp_path: Path, locale: Path) -> None:
    source = tmp_path / "strings.py"
    source.write_text(DICT, encoding="utf-8")
    before = [m.context or "" for m in catalogs.messages(catalogs.read(locale / EN_PO))]
    last_start = [k for k in before if k.startswith("start.")][-1]  # whichever feature added it
    last_import = [k for k in before if k.startswith("ws.import.")][-1]
    report = import_dict(load_dict(source), locale_dir=locale)
    assert report.added == ["start.extra_help", "ws.import.skipped"]
    en = [m.context for m in catalogs.messages(catalogs.read(locale / EN_PO))]
    assert en.index("start.extra_help") == en.index(last_start) + 1, "after the last start.* key"
    assert en.index("ws.import.skipped") == en.index(last_import) + 1
    es = {m.context: m for m in catalogs.messages(catalogs.read(locale / ES_PO))}
    assert es["ws.import.skipped"].string == ("{n} fila omitida", "{n} filas omitidas")
    assert es["start.extra_help"].auto_comments == ["Under the start button."]
    pot = (locale / "foco.pot").read_text(encoding="utf-8")
    assert '#. Under the start button.\nmsgctxt "start.extra_help"\nmsgid "Takes a while."\nmsgstr ""' in pot


def test_import_dict_without_base_writes_what_the_file_says(tmp_path: Path, locale: Path) -> None:
    source = tmp_path / "strings.py"
    source.write_text(DICT, encoding="utf-8")
    report = import_dict(load_dict(source), locale_dir=locale)
    assert report.updated == ["start.button (es)"]
    es = {m.context: m for m in catalogs.messages(catalogs.read(locale / ES_PO))}
    assert es["start.button"].string == "Empieza tu cuestionario"
    # An old familiar form came back (what --base prevents), and the check says so.
    assert about(check(locale), "start.button") == ["familiar register (tu): write with usted/ustedes"]


def test_import_dict_with_base_keeps_what_the_other_branch_did_not_change(
    tmp_path: Path, locale: Path
) -> None:
    # The other branch started from this dict; it changed one Spanish string and one English one.
    base = {
        "start.button": Entry(
            {"en": "Start the survey", "es": "Empieza el cuestionario", "it": "Inizia il questionario"}
        ),
        "start.org": Entry({"en": "Organization name", "es": "Nombre de la organización", "it": "Nome"}),
        "start.type": Entry({"en": "Type of organization", "es": "Tipo de organización", "it": "Tipo"}),
        "start.gone": Entry({"en": "Removed here", "es": "Quitado aquí", "it": "Tolto qui"}),
    }
    theirs = {
        "start.gone": base["start.gone"],  # removed from the catalogs on this side: it stays out
        "start.button": base["start.button"],  # untouched there: the catalog's newer Spanish must stay
        "start.org": Entry({"en": "Organization name", "es": "Nombre de su organización", "it": "Nome"}),
        "start.type": Entry({"en": "Kind of organization", "es": "Tipo de organización", "it": "Tipo"}),
    }
    report = import_dict(theirs, base=base, locale_dir=locale)
    assert report.updated == ["start.org (es)", "start.type (en)"]
    assert report.added == [] and report.not_here == ["start.gone"]
    es = {m.context: m for m in catalogs.messages(catalogs.read(locale / ES_PO))}
    assert es["start.button"].string == "Empezar el cuestionario"
    assert es["start.org"].string == "Nombre de su organización" and not es["start.org"].fuzzy
    assert es["start.type"].fuzzy and es["start.type"].previous_id == ["Type of organization"]


def test_load_dict_names_the_file_line_and_key_of_a_bad_entry(tmp_path: Path) -> None:
    source = tmp_path / "strings.py"
    source.write_text(
        'STRINGS = {\n    "a.b": {"en": "A", "es": "B"},\n    "a.c": {"en": X},\n}\n', encoding="utf-8"
    )
    with pytest.raises(DictError) as caught:
        load_dict(source)
    assert caught.value.problems == [
        f"{source}:2: a.b: it is missing or empty",
        f"{source}:3: not a literal (strings only, no names or calls)",
    ]
    source.write_text("OTHER = {}\n", encoding="utf-8")
    with pytest.raises(DictError, match="no top-level `STRINGS = {...}` dict literal"):
        load_dict(source)
