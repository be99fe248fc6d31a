"""References: one data file (content/references.toml), a list at the bottom of every page,
and the home page's dated timeline.

The data checks catch a typo'd key, a link that is not https, an arXiv date that disagrees
with its identifier, a work nobody cites, and an author-year in the prose ("Shazeer 2020",
"Ramachandran 等人（2017）") that has no entry, or none in the list of the page that says
it. One AppTest per page (some in English or in lecture mode, so each rendering path runs)
finds the list under its heading.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import pytest

from activations import REGISTRY
from activations.gated import GATED
from harness.appdriver import run_page, tables
from tests.support.citations import author_years
from views.navigation import PAGES
from views.references import cited, cites, link_label, paper_cell, timeline, timeline_rows, works
from views.strings import CONTENT_DIR, LANGUAGES, translate

URL_PATHS = {spec.url_path for spec in PAGES}
NOTES = ("popularised", "earlier", "independently")  # the timeline's words around a paper
# Pages being built on other branches, cited ahead of their arrival in views/navigation.py.
COMING = {"softmax"}
# Prose topics shown on several pages, with their own list (the low-precision lesson).
TOPICS = {"precision"}
ARXIV = re.compile(r"https://arxiv\.org/abs/(\d{2})(\d{2})\.\d{4,5}")
LINK = re.compile(r"\]\((https?://[^)\s]+)\)")


# --- the data ------------------------------------------------------------------------------


def test_every_cited_key_is_a_work():
    for name, keys in cites().items():
        missing = set(keys) - set(works())
        assert not missing, f"[cites] {name} names unknown works {sorted(missing)}"
        assert len(set(keys)) == len(keys), f"[cites] {name} lists a work twice"


def test_every_cites_entry_is_a_page_or_a_function():
    known = URL_PATHS | set(REGISTRY) | set(GATED) | COMING | TOPICS
    assert set(cites()) <= known, sorted(set(cites()) - known)


def test_every_work_is_cited_somewhere():
    used = {key for keys in cites().values() for key in keys}
    used |= {step.work.key for step in timeline()}
    used |= {work.key for step in timeline() for _, work in step.models}
    used |= {work.key for step in timeline() for work in (*step.earlier, *step.independently)}
    assert set(works()) - used == set(), "a work nobody cites"


@pytest.mark.parametrize("key", sorted(works()))
def test_work_is_complete_and_links_over_https(key):
    work = works()[key]
    assert work.authors and work.title and work.venue
    assert all(re.fullmatch(r"[^,]+, [A-ZÀ-Ý][^,]*\.", author) for author in work.authors)
    assert work.url.startswith("https://") and " " not in work.url
    assert 1940 <= work.year <= 2030 and work.month in (None, *range(1, 13))


@pytest.mark.parametrize("key", sorted(k for k, w in works().items() if "arxiv.org" in w.url))
def test_arxiv_links_are_well_formed_and_match_the_date(key):
    """An arXiv identifier starts with the year and month of its first version (YYMM)."""
    work = works()[key]
    match = ARXIV.fullmatch(work.url)
    assert match, work.url
    assert (2000 + int(match[1]), int(match[2])) == (work.year, work.month)


def test_the_function_papers_the_issue_names_are_cited_with_their_arxiv_ids():
    expected = {
        "hendrycks2016": "1606.08415",
        "dauphin2016": "1612.08083",
        "elfwing2017": "1702.03118",
        "ramachandran2017": "1710.05941",
        "misra2019": "1908.08681",
        "shazeer2020": "2002.05202",
        "clevert2015": "1511.07289",
        "he2015": "1502.01852",
        "touvron2023": "2302.13971",
        "chowdhery2022": "2204.02311",
        "devlin2018": "1810.04805",
    }
    assert {key: link_label(works()[key].url) for key in expected} == {
        key: f"arXiv:{number}" for key, number in expected.items()
    }


def test_more_page_lists_only_the_function_shown():
    elu = {work.key for work in cited(["elu"])}
    assert "clevert2015" in elu and "hendrycks2016" not in elu


def test_citation_reads_authors_year_title_venue_link():
    text = works()["glorot2011"].citation()
    assert text == (
        "Glorot, X., Bordes, A. & Bengio, Y. (2011). Deep Sparse Rectifier Neural Networks. "
        "AISTATS 2011, PMLR 15. "
        "[proceedings.mlr.press](https://proceedings.mlr.press/v15/glorot11a.html)"
    )
    assert works()["touvron2023"].citation().startswith("Touvron, H. et al. (2023). LLaMA")


# --- every author-year in the prose has its entry ------------------------------------------

DATA = Path(__file__).resolve().parents[2] / "activations" / "data" / "gated_ffn.toml"


def test_the_citation_pattern_reads_both_languages():
    assert author_years("Hendrycks 与 Gimpel 2016、Elfwing、Uchibe 与 Doya 2017/2018") == {
        ("Hendrycks", 2016),
        ("Elfwing", 2017),
    }
    assert author_years("Touvron et al. 2023b; Hendrycks and Gimpel's (2016) Sigmoid") == {
        ("Touvron", 2023),
        ("Hendrycks", 2016),
    }
    assert author_years("the Transformer (2017) and Sigmoid Linear Unit and Doya's (2017)") == {
        ("Doya", 2017)
    }


def _sources() -> dict[str, list[str]]:
    """Texts by the [cites] name whose list must hold their citations ("" for strings that
    appear on several pages: there any entry will do)."""
    texts: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        for path in sorted((CONTENT_DIR / lang).glob("*.md")):
            texts.setdefault(path.stem, []).append(path.read_text(encoding="utf-8"))
        for path in sorted((CONTENT_DIR / lang / "ui").glob("*.toml")):
            name = "quiz" if path.stem == "quiz" else ""
            texts.setdefault(name, []).append(path.read_text(encoding="utf-8"))
    texts.setdefault("glossary", []).append((CONTENT_DIR / "glossary.toml").read_text("utf-8"))
    models = tomllib.loads(DATA.read_text(encoding="utf-8"))["models"]
    texts.setdefault("swiglu", []).extend(model["source"] for model in models)
    return texts


def _keys(family: str, year: int) -> set[str]:
    return {
        key
        for key, work in works().items()
        if (work.family_names()[0], work.year) == (family, year)
    }


def test_the_pattern_finds_the_citations_of_the_prose():
    found = {pair for texts in _sources().values() for text in texts for pair in author_years(text)}
    assert {("Shazeer", 2020), ("He", 2015), ("Fukushima", 1969), ("Touvron", 2023)} <= found
    assert len(found) >= 40


@pytest.mark.parametrize("name", sorted(_sources()))
def test_every_author_year_in_the_prose_is_a_work_the_page_lists(name):
    found = {pair for text in _sources()[name] for pair in author_years(text)}
    missing = sorted(pair for pair in found if not _keys(*pair))
    assert missing == [], f"{name}: no entry in content/references.toml for {missing}"
    if name:
        listed = set(cites()[name])
        unlisted = sorted(pair for pair in found if not _keys(*pair) & listed)
        assert unlisted == [], f"[cites] {name} lacks {unlisted}"


# --- the timeline --------------------------------------------------------------------------


def test_timeline_is_in_date_order_with_glu_before_swish_and_gelu_on_it():
    dates = [step.work.date for step in timeline()]
    assert dates == sorted(dates)
    names = [step.name for step in timeline()]
    assert names.index("GELU") < names.index("GLU") < names.index("Swish") < names.index("SwiGLU")
    assert [model for model, _ in timeline()[names.index("ReLU")].models] == ["AlexNet"]
    assert {model for model, _ in timeline()[names.index("SwiGLU")].models} == {"PaLM", "LLaMA"}


def test_relu_is_made_common_in_2010_not_proposed_and_silu_is_named_in_2016():
    steps = {step.name: step for step in timeline()}
    relu, silu = steps["ReLU"], steps["SiLU"]
    assert relu.popularised and relu.work.key == "nair2010"
    assert [work.key for work in relu.earlier] == [
        "fukushima1969",
        "fukushima1975",
        "hahnloser2000",
    ]
    assert all(work.date < relu.work.date for work in relu.earlier)
    assert silu.work.key == "hendrycks2016" and not silu.popularised  # as swish.md and the quiz
    assert [work.key for work in silu.independently] == ["elfwing2017"]
    for lang in LANGUAGES:
        notes = {note: translate(f"home.timeline_{note}", lang) for note in NOTES}
        cell = paper_cell(relu, notes)
        assert cell.startswith(notes["popularised"].split("{works}")[0])
        assert "Fukushima (1969)" in cell and "Hahnloser et al. (2000)" in cell
        assert "Elfwing et al. (2017)" in paper_cell(silu, notes)
        title = translate("home.timeline_title", lang)
        assert "提出" not in title and "proposed" not in title
        # the cell's words do not repeat the models column's header on the same row
        header = translate("home.timeline_models", lang)
        words = notes["popularised"].replace("{works}", " ").split()
        assert [word for word in words if word in header] == [], (words, header)


# --- every page shows its list -------------------------------------------------------------

# Each page once; some in English, some in lecture mode (the list folds into an expander).
QUERIES = {
    "home": {},
    "sigmoid": {"lecture": "1"},
    "relu": {"lang": "en"},
    "swish": {},
    "more": {"fn": "ELU", "lang": "en"},
    "glu": {"lecture": "1", "lang": "en"},
    "quiz": {"lang": "en"},
}


@cache
def _page(url_path: str):
    spec = next(spec for spec in PAGES if spec.url_path == url_path)
    return run_page(spec.file, **QUERIES.get(url_path, {}))


def _in_order(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _in_order(child)


def _reference_list(at, lang: str, lecture: bool) -> str:
    """The Markdown list under the references heading (an expander in lecture mode)."""
    heading = translate("app.references", lang)
    if lecture:
        [block] = [block for block in at.expander if block.label == heading]
        return block.markdown[0].value
    head = f"### {heading}\n\n"  # rule, heading and list are one Markdown element
    texts = [getattr(node, "value", None) for node in _in_order(at.main)]
    [block] = [text for text in texts if isinstance(text, str) and head in text]
    return block.split(head, 1)[1]


@pytest.mark.parametrize("url_path", sorted(URL_PATHS))
def test_every_page_ends_with_its_dated_reference_list(url_path):
    query = QUERIES.get(url_path, {})
    at = _page(url_path)
    assert not at.exception
    text = _reference_list(at, query.get("lang", "zh"), query.get("lecture") == "1")
    items = text.splitlines()
    links = LINK.findall(text)
    assert links and len(links) == len(items), "one link per reference"
    assert all(link.startswith("https://") for link in links)
    years = [int(re.search(r"\((\d{4})\)\.", item)[1]) for item in items]
    assert years == sorted(years), "oldest first"
    if url_path == "more":
        assert "Clevert" in text and "Hendrycks" not in text, "only the function shown"


def test_home_timeline_table_is_dated_and_in_order():
    [timeline_table] = [rows for rows in tables(_page("home")) if "函数" in rows[0]]
    assert timeline_table == timeline_rows(
        {
            column: translate(f"home.timeline_{column}", "zh")
            for column in ("when", "name", "paper", "models")
        },
        {note: translate(f"home.timeline_{note}", "zh") for note in NOTES},
    )
    relu = next(row for row in timeline_table if row["函数"] == "ReLU")
    assert relu["提出（或推广）它的论文"].startswith("由 [Nair & Hinton (2010)]")
    dates = [row["时间"] for row in timeline_table]
    assert dates == sorted(dates)
    names = [row["函数"] for row in timeline_table]
    assert names.index("GLU") < names.index("Swish") and "GELU" in names
