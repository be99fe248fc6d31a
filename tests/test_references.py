"""References: one data file (content/references.toml), a list at the bottom of every page,
and the home page's dated timeline.

The data checks catch a typo'd key, a link that is not https, an arXiv date that disagrees
with its identifier, and a work nobody cites. One AppTest per page (some in English or in
lecture mode, so each rendering path runs) finds the list under its heading.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from activations import REGISTRY
from activations.gated import GATED
from tests.appdriver import run_page, tables
from ui.i18n import translate
from ui.navigation import PAGES
from ui.references import cited, cites, link_label, timeline, timeline_rows, works

URL_PATHS = {spec.url_path for spec in PAGES}
# Pages being built on other branches, cited ahead of their arrival in ui/navigation.py.
COMING = {"softmax"}
ARXIV = re.compile(r"https://arxiv\.org/abs/(\d{2})(\d{2})\.\d{4,5}")
LINK = re.compile(r"\]\((https?://[^)\s]+)\)")


# --- the data ------------------------------------------------------------------------------


def test_every_cited_key_is_a_work():
    for name, keys in cites().items():
        missing = set(keys) - set(works())
        assert not missing, f"[cites] {name} names unknown works {sorted(missing)}"
        assert len(set(keys)) == len(keys), f"[cites] {name} lists a work twice"


def test_every_cites_entry_is_a_page_or_a_function():
    known = URL_PATHS | set(REGISTRY) | set(GATED) | COMING
    assert set(cites()) <= known, sorted(set(cites()) - known)


def test_every_work_is_cited_somewhere():
    used = {key for keys in cites().values() for key in keys}
    used |= {step.work.key for step in timeline()}
    used |= {work.key for step in timeline() for _, work in step.models}
    assert set(works()) - used == set(), "a work nobody cites"


@pytest.mark.parametrize("key", sorted(works()))
def test_work_is_complete_and_links_over_https(key):
    work = works()[key]
    assert work.authors and work.title and work.venue
    assert all(re.fullmatch(r"[^,]+, [A-ZÀ-Ý][^,]*\.", author) for author in work.authors)
    assert work.url.startswith("https://") and " " not in work.url
    assert 1980 <= work.year <= 2030 and work.month in (None, *range(1, 13))


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


# --- the timeline --------------------------------------------------------------------------


def test_timeline_is_in_date_order_with_glu_before_swish_and_gelu_on_it():
    dates = [step.work.date for step in timeline()]
    assert dates == sorted(dates)
    names = [step.name for step in timeline()]
    assert names.index("GELU") < names.index("GLU") < names.index("Swish") < names.index("SwiGLU")
    assert [model for model, _ in timeline()[names.index("ReLU")].models] == ["AlexNet"]
    assert {model for model, _ in timeline()[names.index("SwiGLU")].models} == {"PaLM", "LLaMA"}


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
    shown = list(_in_order(at.main))
    [start] = [
        i for i, node in enumerate(shown) if node.type == "subheader" and node.value == heading
    ]
    return next(node.value for node in shown[start:] if node.type == "markdown")


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
        }
    )
    dates = [row["时间"] for row in timeline_table]
    assert dates == sorted(dates)
    names = [row["函数"] for row in timeline_table]
    assert names.index("GLU") < names.index("Swish") and "GELU" in names
