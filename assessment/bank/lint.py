"""Wording rules a machine can check, run by the loader on every parsed item (see docs/bank-format.md):

- an option must read alone: no reference to another step ("As in 3", "Todo lo anterior", "Come sopra");
- a stem is an open question: it starts with an interrogative, never a yes/no question over a scale;
- a help text has at most 50 words, a dimension's level summary at most 8;
- Spanish never uses the familiar plural of Spain (its pronouns, possessives, os, -áis/-éis…): usted/ustedes
  or impersonal forms;
- Italian says *comunità*, keeping "community" only in the role "community manager".

Each problem names the file, the item id and the field, like every other problem of the bank. The
detectors, per language, are in wording.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pydantic import BaseModel

from assessment.bank.entity import Problem
from assessment.bank.model import LANGUAGES, Dimension, Question, Text
from assessment.bank.wording import (
    COMMUNITY,
    EXAMPLES,
    familiar_plural_forms,
    is_open_stem,
    step_reference,
    words,
)

MAX_HELP_WORDS = 50
MAX_SUMMARY_WORDS = 8


# ---------------------------------------------------------------------------------------------- walking
def texts_of(model: BaseModel, path: str = "") -> Iterator[tuple[str, Text]]:
    """Every text of an item with its field path, as the loader names fields: 'options[2].text'."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        here = f"{path}.{name}" if path else name
        if isinstance(value, Text):
            yield here, value
        elif isinstance(value, BaseModel):
            yield from texts_of(value, here)
        elif isinstance(value, list):
            for i, element in enumerate(value):
                if isinstance(element, BaseModel):
                    yield from texts_of(element, f"{here}[{i}]")


def lint(items: Iterable[tuple[str, str, BaseModel]]) -> list[Problem]:
    """The wording problems of every (file, item id, item) given."""
    problems: list[Problem] = []
    add = problems.append
    for file, item_id, item in items:
        if isinstance(item, Question):
            for i, option in enumerate(item.options):
                for lang in LANGUAGES:
                    ref = step_reference(option.text(lang), lang)
                    if ref:
                        add(
                            Problem(
                                file,
                                item_id,
                                f"options[{i}].text.{lang}",
                                f"refers to another step (“{ref}”): every option must read alone",
                            )
                        )
            for lang in LANGUAGES:
                if not is_open_stem(item.text(lang), lang):
                    add(
                        Problem(
                            file,
                            item_id,
                            f"text.{lang}",
                            "reads as a yes/no question: an open question starts with an interrogative "
                            f"({EXAMPLES[lang]})",
                        )
                    )
                n = words(item.help(lang))
                if n > MAX_HELP_WORDS:
                    add(Problem(file, item_id, f"help.{lang}", f"has {n} words; at most {MAX_HELP_WORDS}"))
        if isinstance(item, Dimension):
            for i, level in enumerate(item.levels):
                for lang in LANGUAGES:
                    n = words(level.summary(lang))
                    if n > MAX_SUMMARY_WORDS:
                        add(
                            Problem(
                                file,
                                item_id,
                                f"levels[{i}].summary.{lang}",
                                f"has {n} words; at most {MAX_SUMMARY_WORDS}",
                            )
                        )
        for path, text in texts_of(item):
            found = familiar_plural_forms(text.es)
            if found:
                add(
                    Problem(
                        file,
                        item_id,
                        f"{path}.es",
                        f"uses the familiar plural of Spain ({', '.join(found)}): "
                        "write with usted/ustedes or an impersonal form",
                    )
                )
            if COMMUNITY.search(text.it):
                add(
                    Problem(
                        file,
                        item_id,
                        f"{path}.it",
                        "says “community”: write “comunità” (only the role “community manager” keeps it)",
                    )
                )
    return problems
