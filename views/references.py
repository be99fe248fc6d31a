"""The app's references, read from ``content/references.toml``: pure, no Streamlit.

Each work is declared once; ``[cites]`` says which works a page or a function's prose cites,
and ``[[timeline]]`` is the home page's dated history. Titles stay in their original language
whatever the reader's.

>>> works()["hendrycks2016"].short()
'Hendrycks & Gimpel (2016)'
>>> names = [step.name for step in timeline()]
>>> names.index("GELU") < names.index("GLU") < names.index("Swish")
True
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from views.strings import CONTENT_DIR

__all__ = [
    "Milestone",
    "Work",
    "cited",
    "cites",
    "link_label",
    "paper_cell",
    "timeline",
    "timeline_rows",
    "works",
]

PATH = CONTENT_DIR / "references.toml"
NONE = "—"  # a timeline cell with nothing to say


@dataclass(frozen=True)
class Work:
    """One paper, book or report, as cited."""

    key: str
    authors: tuple[str, ...]  # "Family, I." in the paper's order
    year: int
    title: str
    venue: str
    url: str
    month: int | None = None  # of the first public release, where it is certain
    et_al: bool = False  # more authors than listed

    @property
    def date(self) -> tuple[int, int]:
        """Sort key: (year, month), an unknown month first in its year."""
        return (self.year, self.month or 0)

    def when(self) -> str:
        """``2016-12``, or ``2016`` when the month is not recorded.

        >>> works()["dauphin2016"].when(), works()["lecun1998"].when()
        ('2016-12', '1998')
        """
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)

    def family_names(self) -> list[str]:
        return [author.split(",")[0].strip() for author in self.authors]

    def author_list(self) -> str:
        """Up to three authors in full, more as "First, I. et al."

        >>> works()["glorot2011"].author_list()
        'Glorot, X., Bordes, A. & Bengio, Y.'
        >>> works()["he2015"].author_list()
        'He, K. et al.'
        """
        if self.et_al or len(self.authors) > 3:
            return f"{self.authors[0]} et al."
        if len(self.authors) == 1:
            return self.authors[0]
        return ", ".join(self.authors[:-1]) + " & " + self.authors[-1]

    def short(self) -> str:
        """The in-text form: "Misra (2019)", "Nair & Hinton (2010)", "Dauphin et al. (2016)"."""
        names = self.family_names()
        who = f"{names[0]} et al." if self.et_al or len(names) > 2 else " & ".join(names)
        return f"{who} ({self.year})"

    def citation(self) -> str:
        """Markdown: Authors (year). Title. Venue. [link](url).

        >>> print(works()["misra2019"].citation())  # doctest: +NORMALIZE_WHITESPACE
        Misra, D. (2019). Mish: A Self Regularized Non-Monotonic Activation Function. BMVC
        2020. [arXiv:1908.08681](https://arxiv.org/abs/1908.08681)
        """
        title = self.title if self.title.endswith(("?", "!", ".")) else f"{self.title}."
        return (
            f"{_escape(self.author_list())} ({self.year}). {_escape(title)} "
            f"{_escape(self.venue)}. [{link_label(self.url)}]({self.url})"
        )


@dataclass(frozen=True)
class Milestone:
    """A timeline row: a function, the work that introduced it (or, with ``popularised``, made
    it common after ``earlier`` works had it), works that reached it ``independently`` later,
    and the models that spread it."""

    name: str
    work: Work
    models: tuple[tuple[str, Work], ...]
    popularised: bool = False
    earlier: tuple[Work, ...] = ()
    independently: tuple[Work, ...] = ()


def link_label(url: str) -> str:
    """A short link text: ``arXiv:1606.08415``, ``doi:10.1038/323533a0`` or the host.

    >>> link_label("https://arxiv.org/abs/1606.08415"), link_label("https://d2l.ai/")
    ('arXiv:1606.08415', 'd2l.ai')
    """
    for prefix, label in (("https://arxiv.org/abs/", "arXiv:"), ("https://doi.org/", "doi:")):
        if url.startswith(prefix):
            return label + url.removeprefix(prefix)
    host = url.split("://", 1)[-1].split("/", 1)[0]
    return host.removeprefix("www.")


def _escape(text: str) -> str:
    """Plain text made safe inside Markdown: no math (``$``), no emphasis, no HTML."""
    for char in ("\\", "$", "*", "_", "[", "]", "<", ">"):
        text = text.replace(char, "\\" + char)
    return text


@cache
def _data() -> dict:
    with PATH.open("rb") as handle:
        return tomllib.load(handle)


@cache
def works() -> Mapping[str, Work]:
    """Every work by key."""
    return {
        key: Work(
            key=key,
            authors=tuple(entry["authors"]),
            year=entry["year"],
            month=entry.get("month"),
            title=entry["title"],
            venue=entry["venue"],
            url=entry["url"],
            et_al=entry.get("et_al", False),
        )
        for key, entry in _data()["works"].items()
    }


@cache
def cites() -> Mapping[str, tuple[str, ...]]:
    """Per content name (registry key or page url_path), the keys of the works it cites."""
    return {name: tuple(keys) for name, keys in _data()["cites"].items()}


def cited(names: Iterable[str]) -> list[Work]:
    """The works cited by any of ``names``, each once, oldest first.

    Unknown names cite nothing (a page without an entry shows no list; a test requires one).

    >>> [work.key for work in cited(["elu", "mish"])]
    ['clevert2015', 'klambauer2017', 'misra2019', 'bochkovskiy2020']
    """
    keys = {key for name in names for key in cites().get(name, ())}
    return sorted((works()[key] for key in keys), key=lambda work: (work.date, work.key))


@cache
def timeline() -> tuple[Milestone, ...]:
    """The home page's history, oldest first (by the introducing work's date)."""
    steps = [
        Milestone(
            name=entry["name"],
            work=works()[entry["work"]],
            models=tuple((model["name"], works()[model["work"]]) for model in entry["models"]),
            popularised=entry.get("popularised", False),
            earlier=tuple(works()[key] for key in entry.get("earlier", ())),
            independently=tuple(works()[key] for key in entry.get("independently", ())),
        )
        for entry in _data()["timeline"]
    ]
    return tuple(sorted(steps, key=lambda step: step.work.date))


def _links(found: Iterable[Work]) -> str:
    return ", ".join(f"[{work.short()}]({work.url})" for work in found)


def paper_cell(step: Milestone, notes: Mapping[str, str]) -> str:
    """The paper column of one row: a link, or ``notes["popularised"]`` around it, then the
    earlier and the independent works (``notes["earlier"]``, ``notes["independently"]``, each
    starting with its own punctuation). Every note has a ``{works}`` placeholder.

    >>> notes = {"popularised": "popularised by {works}", "earlier": "; earlier: {works}",
    ...          "independently": "; independently: {works}"}
    >>> relu = next(step for step in timeline() if step.name == "ReLU")
    >>> print(paper_cell(relu, notes))  # doctest: +NORMALIZE_WHITESPACE
    popularised by [Nair & Hinton (2010)](https://icml.cc/Conferences/2010/papers/432.pdf);
    earlier: [Fukushima (1969)](https://doi.org/10.1109/TSSC.1969.300225),
    [Fukushima (1975)](https://doi.org/10.1007/BF00342633),
    [Hahnloser et al. (2000)](https://doi.org/10.1038/35016072)
    """
    main = _links([step.work])
    parts = [notes["popularised"].format(works=main) if step.popularised else main]
    if step.earlier:
        parts.append(notes["earlier"].format(works=_links(step.earlier)))
    if step.independently:
        parts.append(notes["independently"].format(works=_links(step.independently)))
    return "".join(parts)


def timeline_rows(columns: Mapping[str, str], notes: Mapping[str, str]) -> list[dict[str, str]]:
    """Rows for ``ui.tables.table``; ``columns`` maps ``when``, ``name``, ``paper`` and
    ``models`` to the (translated) column headers, ``notes`` gives the paper cell's words
    (:func:`paper_cell`). Papers and models are Markdown links.

    >>> notes = dict.fromkeys(("popularised", "earlier", "independently"), "{works}")
    >>> rows = timeline_rows({"when": "W", "name": "F", "paper": "P", "models": "M"}, notes)
    >>> rows[-1]["W"], rows[-1]["F"], rows[-1]["P"]
    ('2020-02', 'SwiGLU', '[Shazeer (2020)](https://arxiv.org/abs/2002.05202)')
    """
    rows = []
    for step in timeline():
        models = ", ".join(f"[{name}]({work.url}) ({work.year})" for name, work in step.models)
        rows.append(
            {
                columns["when"]: step.work.when(),
                columns["name"]: step.name,
                columns["paper"]: paper_cell(step, notes),
                columns["models"]: models or NONE,
            }
        )
    return rows
