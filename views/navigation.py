"""The page map: one declaration of every page, its sidebar section and its URL path.

Titles come from the strings table (``nav.<url_path>``), so the sidebar follows the language.
Links, the home page's lineage map and the browser tests read this list; nothing else names
page files.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    url_path: str  # ASCII, stable: lecturers paste these links into slides
    file: str
    section: str  # strings key under ``nav.section_*``
    icon: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "app_pages/home.py", "start", ":material/home:"),
    PageSpec("sigmoid", "app_pages/sigmoid.py", "elementwise", ":material/show_chart:"),
    PageSpec("relu", "app_pages/relu.py", "elementwise", ":material/trending_up:"),
    PageSpec("swish", "app_pages/swish.py", "elementwise", ":material/gesture:"),
    PageSpec("more", "app_pages/more.py", "elementwise", ":material/functions:"),
    PageSpec("hardware", "app_pages/hardware.py", "elementwise", ":material/memory:"),
    PageSpec("compare", "app_pages/compare.py", "elementwise", ":material/compare_arrows:"),
    PageSpec("glu", "app_pages/glu.py", "gated", ":material/door_open:"),
    PageSpec("swiglu", "app_pages/swiglu.py", "gated", ":material/hub:"),
    # The output layer after the hidden layers' two families: softmax is not element-wise.
    PageSpec("softmax", "app_pages/softmax.py", "output", ":material/bar_chart:"),
    PageSpec("vanishing", "app_pages/vanishing.py", "experiments", ":material/trending_down:"),
    PageSpec("dying-relu", "app_pages/dying_relu.py", "experiments", ":material/power_off:"),
    PageSpec("playground", "app_pages/playground.py", "experiments", ":material/model_training:"),
    PageSpec("regions", "app_pages/regions.py", "experiments", ":material/texture:"),
    PageSpec("custom", "app_pages/custom.py", "tools", ":material/edit_note:"),
    PageSpec("quiz", "app_pages/quiz.py", "tools", ":material/quiz:"),
    PageSpec("glossary", "app_pages/glossary.py", "tools", ":material/menu_book:"),
)

SECTIONS: tuple[str, ...] = ("start", "elementwise", "gated", "output", "experiments", "tools")


def page(url_path: str) -> PageSpec:
    """The spec of the page served at ``/<url_path>``."""
    return next(spec for spec in PAGES if spec.url_path == url_path)


def nav_link_selector(url_path: str) -> str:
    """A CSS selector for the sidebar's link to ``/<url_path>`` (Streamlit's navigation, whose
    ``href`` is the page's full address without a query string).

    >>> nav_link_selector("quiz")
    'a[data-testid="stSidebarNavLink"][href$="/quiz"]'
    >>> nav_link_selector("home")
    'a[data-testid="stSidebarNavLink"][href$="/"]'
    """
    path = "" if url_path == "home" else url_path
    return f'a[data-testid="stSidebarNavLink"][href$="/{path}"]'
