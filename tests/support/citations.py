"""In-text citations of the prose ("Glorot, Bordes & Bengio 2011", "Ramachandran 等人（2017）"),
read so the reference tests can find each one's entry in ``content/references.toml``."""

from __future__ import annotations

import re

NAME = r"[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?"
# Capitalised words that stand before a year or an author chain without being an author:
# "the Transformer (2017)", "Sigmoid Linear Unit and Elfwing, Uchibe and Doya's (2017/2018)".
NOT_AUTHORS = ("Transformer", "Unit")
AUTHOR_YEAR = re.compile(
    rf"(?<![A-Za-z])(?!(?:{'|'.join(NOT_AUTHORS)})\b)({NAME})"
    rf"(?: et al\.| 等人?|(?:(?:,|、| &| and| 与) ?{NAME})*)(?:'s)?[ ]?[（(]?((?:19|20)\d\d)"
)


def author_years(text: str) -> set[tuple[str, int]]:
    """(first author's family name, year) of every in-text citation.

    >>> sorted(author_years("Glorot, Bordes & Bengio 2011; Ramachandran 等人（2017）; AlexNet"))
    [('Glorot', 2011), ('Ramachandran', 2017)]
    """
    return {(match[1], int(match[2])) for match in AUTHOR_YEAR.finditer(text)}
