"""The wording detectors behind lint.py, one per rule and language: what counts as a reference to another
step, an open stem, the familiar plural of Spain in Spanish, "community" in Italian. Tried on texts that
must and must not be caught in tests/bank/test_lint.py."""

from __future__ import annotations

import re

from assessment.bank.stats import count_words

_F = re.IGNORECASE


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words as every count of the bank makes them (stats, reading time, the limits): split on spaces.
words = count_words


# ------------------------------------------------------------------------------------ options that refer
# A step number is 0–4; "step 3", "as in 3", "(3)" or an option that opens with "3." points at another option.
_STEP = r"[0-4]"
STEP_REFERENCES: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        "|".join(
            [
                rf"\bas in (?:(?:step|option|level|point|answer) )?{_STEP}\b",
                rf"\b(?:same as|like|unlike) (?:in )?(?:step|option|level|point|answer) {_STEP}\b",
                rf"\bsame as {_STEP}\b",
                rf"\b(?:steps?|options?|levels?|points?) {_STEP}\b",
                r"\b(?:as|like) (?:above|before|previously|earlier|below)\b",
                r"\b(?:as|like|same as) (?:in )?the (?:previous|preceding|prior|last|former|above|earlier) "
                r"(?:step|option|level|point|answer|one)\b",
                r"\bthe (?:previous|preceding|prior) (?:step|option|level|point|answer)s?\b",
                r"\b(?:steps?|options?) (?:above|before|below)\b",
                r"\ball (?:of )?(?:that|this|the above|the previous|the preceding)\b",
                r"\b(?:everything|all) (?:above|before|previous|so far)\b",
                r"\b(?:the|what is|what's) above\b",
                r"\b(?:in addition to|on top of|beyond|besides|apart from) (?:that|the above|the previous|"
                r"all that|all this|everything)\b",
                r"^\s*(?:plus|also|and|additionally|furthermore|moreover|in addition)\b",
                r"^\s*[0-4]\s*[.):]",
                rf"\(\s*{_STEP}\s*\)",
            ]
        ),
        _F,
    ),
    "es": re.compile(
        "|".join(
            [
                rf"\bcomo en (?:el |la )?(?:(?:paso|punto|nivel|grado|escalón|opción|respuesta) )?"
                rf"(?:n\.?º\s*)?{_STEP}\b",
                rf"\b(?:igual que|lo mismo que) (?:en )?(?:el |la )?(?:(?:paso|punto|nivel|grado|opción) )?"
                rf"{_STEP}\b",
                rf"\b(?:pasos?|puntos?|niveles?|grados?|escalones?|opci(?:ón|ones)) {_STEP}\b",
                r"\bcomo (?:arriba|antes|anteriormente|se indica arriba|se dijo)\b",
                r"\b(?:el|la|los|las) (?:paso|punto|nivel|grado|escalón|opción|respuesta|caso)s? "
                r"(?:anterior|anteriores|previo|previa|precedente)\b",
                r"\b(?:todo )?lo (?:anterior|de arriba|dicho|mencionado|ya descrito)\b",
                r"\btodo (?:eso|esto|ello)\b",
                r"\b(?:además de|aparte de|más allá de|sumado a) (?:eso|esto|ello|todo|lo anterior)\b",
                r"^\s*(?:además|asimismo|encima)\b(?!\s+de)|^\s*y\b",  # "Además del alcance…" reads alone
                r"^\s*[0-4]\s*[.):]",
                rf"\(\s*{_STEP}\s*\)",
            ]
        ),
        _F,
    ),
    "it": re.compile(
        "|".join(
            [
                rf"\bcome (?:al|nel|in) (?:(?:punto|passo|livello|gradino|opzione|risposta) )?(?:n\.?\s*)?"
                rf"{_STEP}\b",
                r"\bcome (?:al|nel|per il|nella|alla) (?:punto|passo|livello|gradino|opzione|risposta|caso) "
                r"(?:precedente|precedenti|prima|sopra)\b",
                r"\bcome (?:al|nel) precedente\b",
                rf"\b(?:punt[oi]|pass[oi]|livell[oi]|gradin[oi]|opzion[ei]) {_STEP}\b",
                r"\bcome (?:sopra|prima|già detto|detto sopra|indicato sopra)\b",
                r"\b(?:il|al|nel|lo|la|alla|nella) (?:punto|passo|livello|gradino|opzione|risposta) "
                r"(?:precedente|sopra|prima)\b",
                r"\btutto (?:ciò|questo|quanto|quello)\b(?!\s+che\b)",  # "tutto ciò che facciamo" reads alone
                r"\bquanto (?:sopra|detto|descritto|già detto)\b",
                r"\b(?:oltre a|in aggiunta a|in più rispetto a) (?:ciò|questo|quanto|tutto)\b",
                r"^\s*(?:inoltre|in più|e|in aggiunta|per di più)\b",
                r"^\s*[0-4]\s*[.):]",
                rf"\(\s*{_STEP}\s*\)",
            ]
        ),
        _F,
    ),
}


def step_reference(text: str, lang: str) -> str | None:
    """The words of an option that point at another option, or None when it reads alone."""
    found = STEP_REFERENCES[lang].search(text)
    return found.group(0).strip() if found else None


# ----------------------------------------------------------------------------------------------- stems
# An open stem asks with an interrogative, after at most two prepositions ("To what extent", "¿Con qué
# frecuencia", "Fino a che punto"). Spanish opens the question with ¿, which may follow a clause ("Cuando
# alguien pregunta, ¿qué ocurre?"). English and Italian have no such mark: the stem is cut at its commas
# (outside brackets) and an opening clause or phrase ("When a post goes wrong,", "Of the last 20 posts,",
# "Prima di pianificare,") is passed over; the first part after it must ask with an interrogative, so
# "When a crisis hits, do you…" and "Avete una mappa…: quale unità…" are both yes/no questions.
INTERROGATIVES: dict[str, frozenset[str]] = {
    "en": _words("how what which who whom whose when where why"),
    "es": _words("qué cuál cuáles quién quiénes cómo cuándo dónde adónde cuánto cuánta cuántos cuántas"),
    "it": _words(
        "come com che quale quali qual chi quando dove dov quanto quanta quanti quante quant cosa cos perché"
    ),
}
PREPOSITIONS: dict[str, frozenset[str]] = {
    "en": _words("to in with by for at on from of under after up about through within until"),
    "es": _words("a ante bajo con contra de desde en entre hacia hasta para por según sin sobre tras cada"),
    "it": _words(
        "a ad al allo alla ai agli alle con col di del dello della dei degli delle da dal dallo dalla dai "
        "dagli dalle in nel nello nella nei negli nelle per su sul sullo sulla sui sugli sulle fino entro "
        "tra fra secondo ogni verso"
    ),
}
# Words that open a clause or a phrase before the question proper.
OPENERS: dict[str, frozenset[str]] = {
    "en": _words("when if once after before whenever while besides beyond apart aside outside during since"),
    "it": _words("quando se dopo prima mentre ogni appena oltre durante rispetto"),
}
# "When do you…" asks when; "When a post goes wrong, …" opens a clause.
AUXILIARIES = _words(
    "do does did is are was were has have had can could will would should shall may might must"
)
EXAMPLES = {
    "en": "How, What, Which, Who, When, Where, To what extent…",
    "es": "¿Cómo, ¿Qué, ¿Cuál, ¿Quién, ¿Cuándo, ¿Con qué, ¿En qué…",
    "it": "Come, Che, Quale, Chi, Quando, Dove, In che misura…",
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _head(text: str, n: int) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)[:n]]


def _opens_with_interrogative(text: str, lang: str) -> bool:
    for word in _head(text, 3):
        if word in INTERROGATIVES[lang]:
            return True
        if word not in PREPOSITIONS[lang]:
            return False
    return False


def _parts(text: str) -> list[str]:
    """The stem cut at its commas, colons and semicolons, except inside brackets."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(c, 0)
        if depth == 0 and c in ",:;":
            parts.append(text[start:i])
            start = i + 1
    return [p for p in [*parts, text[start:]] if _WORD.search(p)]


def is_open_stem(text: str, lang: str) -> bool:
    if lang == "es":
        mark = text.find("¿")
        return mark >= 0 and _opens_with_interrogative(text[mark + 1 :], lang)
    parts = _parts(text)
    # Inside an opening clause, which may list things: "When someone is harassed, piled on, or…".
    in_clause = False
    for i, part in enumerate(parts):
        head = _head(part, 2)
        if _opens_with_interrogative(part, lang):
            asks = len(head) > 1 and head[1] in AUXILIARIES  # "When do you…"
            if head[0] in OPENERS[lang] and not asks and i < len(parts) - 1:
                in_clause = True  # "When a post goes wrong," then the question
                continue
            return True
        if lang == "en" and head[0] in AUXILIARIES:
            return False  # "If the phone were lost, could you…"
        if head[0] in OPENERS[lang] or head[0] in PREPOSITIONS[lang]:
            in_clause = True  # "Of the last 20 posts,", "Prima di pianificare,"
            continue
        if not in_clause:
            return False
    return False


# ------------------------------------------------------------------------------------------- registers
FAMILIAR_PLURAL = re.compile(
    "|".join(
        [
            r"(?i:\bvosotr[oa]s\b)",
            r"(?i:\bvuestr[oa]s?\b)",
            r"\b[Oo]s\b",  # the pronoun ("os ayuda"); "OS" and "iOS" are left alone
            r"(?i:\b\w+(?:áis|éis)\b)",  # tenéis, publicáis, haréis, estéis; not país, países
            r"(?i:\b\w+íais\b)",  # teníais, haríais
            r"(?i:\b\w+(?:abais|asteis|isteis|aseis|ieseis|arais|ierais)\b)",  # publicabais, hicisteis…
            r"(?i:\b(?:sois|vais|dais|veis)\b)",
        ]
    ),
)
# The familiar plural imperative (revisad, tened, decid; actualizadla): a word in -ad/-ed/-id after a
# consonant, less the nouns that end so (ciudad, usted, red, Madrid…) and the shapes of English
# participles that a Spanish text may quote (planned, posted, shared). "ayudad", "cuidad" and "dad" are
# verbs only.
_IMPERATIVE = re.compile(r"\b\w*[^\W\daeiouáéíóú][aei]d(?:l[aoe]s?|me|nos)?\b", re.UNICODE)
_NOT_IMPERATIVES = _words(
    "usted red pared sed merced césped huésped madrid david lid vid ardid adalid cid áspid abad grid "
    "hybrid android valid solid rapid"
)
_NOT_IMPERATIVE_ENDINGS = tuple(
    _words("dad tad ted nned pped gged tted ssed cked nked sted red wed yed hed ked")
)
_IMPERATIVE_VERBS = _words("ayudad cuidad nadad dad")


def familiar_plural_forms(text: str) -> list[str]:
    """The familiar plural forms (second person plural of Spain) of a Spanish text, in the order they
    appear, each once."""
    found = [m.group(0) for m in FAMILIAR_PLURAL.finditer(text)]
    for m in _IMPERATIVE.finditer(text):
        word = m.group(0).lower()
        if word in _IMPERATIVE_VERBS or (
            word not in _NOT_IMPERATIVES and not word.endswith(_NOT_IMPERATIVE_ENDINGS)
        ):
            found.append(m.group(0))
    return sorted(set(found), key=lambda w: text.find(w))


COMMUNITY = re.compile(r"\bcommunity\b(?!\s+manager)", _F)
