"""The wording rules of `python -m assessment validate` (assessment/bank/lint.py).

Each rule gets one small broken bank: the valid YAML bank of helpers.py with one text changed, and the exact
problem a bank author reads (file, item id, field). The detectors are then tried on texts that must and must
not be caught, in each language, so that a rule can neither go quiet nor cry wolf at ordinary wording.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assessment.bank import load_bank
from assessment.bank.wording import familiar_plural_forms, is_open_stem, step_reference, words
from tests.helpers import bank_problems, find, write_bank

CR_Q = "questions/questions/crisis_readiness.yaml"
SF_R = "questions/recommendations/strategic_focus.yaml"


def problems_after(tmp_path: Path, files: dict[str, Any]) -> list[str]:
    return bank_problems(write_bank(tmp_path / "questions", files))


def test_the_fixture_bank_passes_every_rule(bank_dir: Path) -> None:
    assert bank_problems(bank_dir) == []


# ---------------------------------------------------------------------------------- one broken bank each
@pytest.mark.parametrize(
    ("lang", "option", "quoted"),
    [
        ("en", "As in 3, and we review the rules every year.", "As in 3"),
        ("es", "Todo lo anterior y, además, revisamos las normas cada año.", "Todo lo anterior"),
        ("it", "Come al punto 3; inoltre rivediamo le regole ogni anno.", "Come al punto 3"),
    ],
)
def test_an_option_that_refers_to_another_step(
    tmp_path: Path, bank_files: dict[str, Any], lang: str, option: str, quoted: str
) -> None:
    find(bank_files["questions/crisis_readiness.yaml"], "cr_q2")["options"][4]["text"][lang] = option
    assert problems_after(tmp_path, bank_files) == [
        f"{CR_Q}: cr_q2: options[4].text.{lang}: refers to another step (“{quoted}”): "
        "every option must read alone"
    ]


@pytest.mark.parametrize(
    ("lang", "stem", "examples"),
    [
        (
            "en",
            "Do you have written goals for each account?",
            "How, What, Which, Who, When, Where, To what extent…",
        ),
        (
            "es",
            "¿Tienen objetivos escritos para cada cuenta?",
            "¿Cómo, ¿Qué, ¿Cuál, ¿Quién, ¿Cuándo, ¿Con qué, ¿En qué…",
        ),
        (
            "it",
            "Avete obiettivi scritti per ogni account?",
            "Come, Che, Quale, Chi, Quando, Dove, In che misura…",
        ),
    ],
)
def test_a_yes_no_stem(
    tmp_path: Path, bank_files: dict[str, Any], lang: str, stem: str, examples: str
) -> None:
    find(bank_files["questions/crisis_readiness.yaml"], "cr_q5")["text"][lang] = stem
    assert problems_after(tmp_path, bank_files) == [
        f"{CR_Q}: cr_q5: text.{lang}: reads as a yes/no question: an open question starts with an "
        f"interrogative ({examples})"
    ]


@pytest.mark.parametrize("lang", ["en", "es", "it"])
def test_a_help_text_over_fifty_words(tmp_path: Path, bank_files: dict[str, Any], lang: str) -> None:
    q = find(bank_files["questions/crisis_readiness.yaml"], "cr_q1")
    q["help"][lang] = " ".join(["palabra"] * 50)  # fifty is the most allowed
    assert problems_after(tmp_path, bank_files) == []
    q["help"][lang] += " más"
    assert problems_after(tmp_path / "51", bank_files) == [
        f"{CR_Q}: cr_q1: help.{lang}: has 51 words; at most 50"
    ]


def test_vosotros_in_spanish(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    rec = find(bank_files["recommendations/strategic_focus.yaml"], "rec_sf_r3")
    rec["action"]["es"] = (
        "Revisad vuestras cuentas con el equipo: si tenéis dudas, os ayudamos y lo publicáis."
    )
    assert problems_after(tmp_path, bank_files) == [
        f"{SF_R}: rec_sf_r3: action.es: uses the familiar plural of Spain "
        "(Revisad, vuestras, tenéis, os, publicáis): write with usted/ustedes or an impersonal form"
    ]


def test_vosotros_is_looked_for_in_every_text_of_the_bank(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["dimensions.yaml"], "crisis_readiness")["levels"][3]["description"]["es"] = (
        "Sabéis qué hacer."
    )
    find(bank_files["levels.yaml"], "planned")["name"]["es"] = "Vuestro plan"
    find(bank_files["principles.yaml"], "P07")["title"]["es"] = "Cuidad la comunidad"
    find(bank_files["questions/crisis_readiness.yaml"], "cr_q6")["quality"] = {
        "en": "The log",
        "es": "El registro que lleváis",
        "it": "Il registro",
    }
    why = "with usted/ustedes or an impersonal form"
    assert problems_after(tmp_path, bank_files) == [
        f"questions/principles.yaml: P07: title.es: uses the familiar plural of Spain (Cuidad): write {why}",
        "questions/dimensions.yaml: crisis_readiness: levels[3].description.es: uses the familiar plural "
        f"of Spain (Sabéis): write {why}",
        f"questions/levels.yaml: planned: name.es: uses the familiar plural of Spain (Vuestro): write {why}",
        f"{CR_Q}: cr_q6: quality.es: uses the familiar plural of Spain (lleváis): write {why}",
    ]


def test_community_in_italian(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    q = find(bank_files["questions/crisis_readiness.yaml"], "cr_q4")
    q["help"]["it"] = "Il community manager risponde alla comunità."  # the role keeps the English word
    assert problems_after(tmp_path, bank_files) == []
    q["help"]["it"] = "Il community manager modera la community."
    assert problems_after(tmp_path / "again", bank_files) == [
        f"{CR_Q}: cr_q4: help.it: says “community”: write “comunità” "
        "(only the role “community manager” keeps it)"
    ]


def test_a_dimension_level_summary_over_eight_words(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    levels = find(bank_files["dimensions.yaml"], "help_orientation")["levels"]
    levels[1]["summary"]["it"] = "Uno due tre quattro cinque sei sette otto"
    assert problems_after(tmp_path, bank_files) == []
    levels[1]["summary"]["it"] += " nove"
    assert problems_after(tmp_path / "9", bank_files) == [
        "questions/dimensions.yaml: help_orientation: levels[1].summary.it: has 9 words; at most 8"
    ]


def test_every_rule_is_reported_together_and_lint_can_be_left_out(
    tmp_path: Path, bank_files: dict[str, Any]
) -> None:
    q = find(bank_files["questions/crisis_readiness.yaml"], "cr_q3")
    q["text"]["en"] = "Is there a plan?"
    q["options"][3]["text"]["it"] = "Tutto questo, più una verifica."
    q["help"]["es"] = "Vosotros sabéis."
    root = write_bank(tmp_path / "questions", bank_files)
    assert [p.split(": ")[2] for p in bank_problems(root)] == ["options[3].text.it", "text.en", "help.es"]
    # The structure still holds: a test that needs a bank being rewritten can load it without the wording.
    assert load_bank(root, lint=False).questions["cr_q3"].text("en") == "Is there a plan?"


# ------------------------------------------------------------------------------------ the detectors alone
REFERS = {
    "en": [
        "As in 3, and we review it.",
        "As in the previous step, with a deputy.",
        "All of that, plus a yearly check.",
        "Same as step 2, but written down.",
        "As above, and the manager signs it.",
        "The previous option, done every month.",
        "Everything above, checked by a colleague.",
        "Plus a named deputy for holidays.",
        "Also a written log of every case.",
        "In addition to that, we publish the figures.",
        "On top of the above, members can appeal.",
        "Level 3 practice, reviewed yearly.",
        "3. We publish a report.",
        "What (2) describes, in writing.",
    ],
    "es": [
        "Como en el 3, y además la revisamos.",
        "Como en el paso anterior; además, la firmamos.",
        "Todo lo anterior y, además, una revisión.",
        "Además de lo anterior, la publicamos.",
        "Lo mismo que en el nivel 2, por escrito.",
        "Como antes, con una persona suplente.",
        "Todo esto se revisa cada año.",
        "La opción anterior, cada mes.",
        "Además, lo publicamos cada mes.",
        "Y una persona suplente en vacaciones.",
        "Igual que el 3, con suplente.",
    ],
    "it": [
        "Come al punto 3; inoltre la rivediamo.",
        "Come al punto precedente, con un sostituto.",
        "Tutto ciò, più una verifica annuale.",
        "Tutto questo e, in più, un registro.",
        "Come sopra, e la firma il direttore.",
        "Oltre a questo, pubblichiamo i dati.",
        "Quanto sopra, verificato da un collega.",
        "Inoltre teniamo un registro dei casi.",
        "Come nel livello 2, ma per iscritto.",
        "Il passo precedente, ogni mese.",
    ],
}
STANDS_ALONE = {
    "en": [
        "We answer within 2 working days.",
        "More than 3 people can log in to every account.",
        "At most 2 of our last 20 posts offer help.",
        "16 or more of our last 20 posts offer help.",
        "Each review ends with the next steps written down.",
        "We check all of these channels every week.",
        "Besides reach, we count questions solved.",
        "Someone reads our accounts, mentions and reviews every working day.",
    ],
    "es": [
        "Más de 15: incluso los anuncios ofrecen ayuda.",
        "Además del alcance, se cuentan las preguntas resueltas.",
        "Respondemos en 2 días laborables.",
        "También otra persona conoce las contraseñas, pero no hay registro.",
        "Entre 3 y 6 de las últimas 20 publicaciones ofrecen ayuda.",
        "Decidimos el paso siguiente con la dirección.",
    ],
    "it": [
        "Più di 15: anche gli annunci offrono aiuto.",
        "Anche un'altra persona conosce le password, ma non c'è un registro.",
        "Controlliamo tutto ciò che pubblichiamo prima dell'uscita.",
        "Da 3 a 6 degli ultimi 20 post offrono aiuto.",
        "Rispondiamo entro 2 giorni lavorativi.",
        "L'anno precedente abbiamo fatto una simulazione.",
    ],
}


@pytest.mark.parametrize(("lang", "text"), [(lang, t) for lang, ts in REFERS.items() for t in ts])
def test_references_to_another_step_are_caught(lang: str, text: str) -> None:
    assert step_reference(text, lang), text


@pytest.mark.parametrize(("lang", "text"), [(lang, t) for lang, ts in STANDS_ALONE.items() for t in ts])
def test_options_that_read_alone_pass(lang: str, text: str) -> None:
    assert step_reference(text, lang) is None


OPEN = {
    "en": [
        "How do you listen to what is said about you online?",
        "When someone asks a question on your accounts, what happens next?",
        "When someone in a space you run is harassed, piled on, or has their details exposed, what happens?",
        "When do you review your goals against figures?",
        "Which of these best describes your social-media guide?",
        "To what extent do units coordinate before they publish?",
        "Of the last 20 posts on your main account, how many offer help?",
        "Besides your social accounts, which channels do you own?",
        "Who answers users in online conversations?",
        "How often is the crisis manual rehearsed?",
    ],
    "es": [
        "¿Cómo escuchan lo que se dice de su organización en internet?",
        "Cuando alguien hace una pregunta en sus cuentas, ¿qué ocurre después?",
        "¿Con qué frecuencia se ensaya el manual de crisis?",
        "¿Cuál de estas opciones describe mejor su guía?",
        "¿Hasta qué punto se coordinan las unidades?",
        "¿A quién llegan las quejas de los usuarios?",
        "¿Cada cuánto se revisan los objetivos?",
        "De las últimas 20 publicaciones, ¿cuántas ofrecen ayuda?",
    ],
    "it": [
        "Come ascoltate ciò che si dice online della vostra organizzazione?",
        "Quando qualcuno fa una domanda sui vostri account, cosa succede poi?",
        "In che misura le unità si coordinano prima di pubblicare?",
        "Quale di queste descrive meglio le vostre linee guida?",
        "Chi risponde agli utenti nelle conversazioni online?",
        "Fino a che punto il piano è condiviso con le unità?",
        "Degli ultimi 20 post del vostro account principale, quanti offrono aiuto?",
        "Ogni quanto rivedete gli obiettivi?",
        "Con quale frequenza simulate una crisi?",
        "Cos'è previsto se l'account viene sospeso?",
    ],
}
YES_NO = {
    "en": [
        "Do you have written goals for each account?",
        "Is there a written social-media guide?",
        "If the phone that holds your accounts were lost tomorrow, could the organization still get in?",
        "When several units publish, do they coordinate?",
        "Before planning, have you analysed who your public is?",
        "Does what users say change how you work, beyond the social-media team?",
        "Please describe how you plan.",
    ],
    "es": [
        "¿Tienen objetivos escritos para cada cuenta?",
        "Cuando varias unidades publican, ¿se coordinan?",
        "Lo que dicen los usuarios, ¿cambia la forma de trabajar?",
        "¿Existe una guía escrita?",
        "Cómo escuchan lo que se dice de su organización",  # no ¿: not asked as a question
        "¿Que hacen cuando alguien pregunta?",  # an interrogative takes its accent
    ],
    "it": [
        "Avete obiettivi scritti per ogni account?",
        "Esistono linee guida scritte per i social?",
        "Quando più unità pubblicano, si coordinano per non contraddirsi?",
        "Prima di pianificare, avete analizzato chi è il vostro pubblico e di cosa ha bisogno?",
        "Avete una mappa degli account: quale unità lo gestisce, chi ne è responsabile?",
        "Se domani l'account fosse sospeso, riuscireste a recuperarlo?",
    ],
}


@pytest.mark.parametrize(("lang", "text"), [(lang, t) for lang, ts in OPEN.items() for t in ts])
def test_open_stems_pass(lang: str, text: str) -> None:
    assert is_open_stem(text, lang)


@pytest.mark.parametrize(("lang", "text"), [(lang, t) for lang, ts in YES_NO.items() for t in ts])
def test_yes_no_stems_are_caught(lang: str, text: str) -> None:
    assert not is_open_stem(text, lang)


@pytest.mark.parametrize(
    ("text", "forms"),
    [
        ("Si usáis las redes para ayudar a vuestro público", ["usáis", "vuestro"]),
        ("¿Tenéis un mapa? Os lo explicamos.", ["Tenéis", "Os"]),
        ("Lo que vosotras decidáis", ["vosotras", "decidáis"]),
        ("Cuando lo publicasteis, lo hicisteis bien", ["publicasteis", "hicisteis"]),
        ("Si teníais dudas, ¿qué haríais?", ["teníais", "haríais"]),
        ("Sois quienes vais a decidir", ["Sois", "vais"]),
        (
            "Revisad los objetivos, incorporad a las unidades y actualizadla",
            ["Revisad", "incorporad", "actualizadla"],
        ),
        ("Tened a mano el manual y decidid quién responde", ["Tened", "decidid"]),
        ("Ayudad a la gente y cuidad la comunidad", ["Ayudad", "cuidad"]),
    ],
)
def test_familiar_plural_forms_are_found(text: str, forms: list[str]) -> None:
    assert familiar_plural_forms(text) == forms


@pytest.mark.parametrize(
    "text",
    [
        "En cada país y en todos los países de la región",
        "Usted y ustedes: la ciudad, la comunidad, la calidad, la red y la pared",
        "Publiquen en Madrid; revisen las cuentas de iOS y de Android",
        "Sus cuentas, su público: la verdad es que la gente lo nota",
        "Los seis pasos del plan, con un feed y un hashtag",
        "La libertad de la ciudadanía y la salud de la comunidad",
        "El resultado planned en el informe",
    ],
)
def test_usted_and_ordinary_words_are_not_vosotros(text: str) -> None:
    assert familiar_plural_forms(text) == []


def test_words_are_counted_by_spaces() -> None:
    assert words("  Una guía, dos  unidades — tres. ") == 6
