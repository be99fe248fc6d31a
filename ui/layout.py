"""Session-wide controls in the sidebar: the language switch and lecture mode (both in the URL),
and the image format the figures' download button saves (PNG or SVG, for this session).

These two are not bound with ``bind="query-params"``: a bound segmented control writes its
*label* to the URL (``?lang=English``), and a bound toggle wants ``true``, while links in
slides say ``?lang=en`` and ``?lecture=1``. So the URL seeds the session once, and every run
writes the current choice back, which also carries it across page switches (Streamlit clears
the query string when the page changes). The export format is a preference, not part of a view:
``?export=svg`` seeds it, but it is not written back, so links pasted into slides stay short.

The choices live in plain session-state entries (``lang``, ``lecture``, ``export``), which the
rest of the app reads; the widgets only display and change them, under their own keys
(``lang_widget`` …). A page switch may reset a widget to its default (a ``st.page_link``
carrying query parameters does, in Streamlit 1.67), so each run hands the saved choice to
the widget before drawing it, and the widget's ``on_change`` saves a new one.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui.errors import safe_callback
from ui.i18n import LANG_KEY, current_lang, forget_run_lang, t
from ui.reconnect import WATCHER_SCRIPT
from views.cards import CARDS_CSS
from views.content import PROSE_CSS
from views.figures import PHONE_CSS
from views.navigation import PAGES, SECTIONS
from views.strings import DEFAULT_LANG, LANGUAGES, normalize_lang, translate
from views.url_keys import EXPORT_KEY, LECTURE_KEY

EXPORT_FORMATS = ("png", "svg")
_LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
_TRUE_WORDS = ("1", "true", "yes", "on")
_WIDGET = "{}_widget"  # widget key of a session-wide choice; the choice itself is plain state
# Lecture mode enlarges the page's own text too, not only the figures: the back row of a
# lecture hall reads body text, captions, widget labels and values, and formulas at about 1.15-1.3×
# the screen size.
# A projector of 1024×768 to 1920×1080 shows a page's head, its controls and its main figure on
# one screen: a compact header (the page starts 3.25rem down, just below the header, with a
# smaller title), and every chart as tall as the screen less a typical head of controls
# (28rem; ``ui.render.chart`` lets it stretch), at least 300 px.
# Captions and code are darker and larger: a washed-out projector loses Streamlit's light grey
# (its captions are the text colour at opacity 0.6, so the colour alone would not show).
LECTURE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.25rem; }
[data-testid="stHeader"] { height: 2.5rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2.1rem; padding: 0 0 0.4rem; }
[data-testid="stMainBlockContainer"] h2 { font-size: 1.6rem; }
[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]:has(.stPlotlyChart) {
  height: max(300px, calc(100vh - 28rem));
}
/* The GLU animation (four panels) has its controls beside it, not below: the screen less
   the page's head. The playground's boundaries keep their own height: squeezed, their labels
   overlap. (Selectors as specific as the rule above, which they override.) */
[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"].st-key-glu_animation {
  height: max(360px, calc(100vh - 15rem));
}
/* The linear-regions plane, a square, has its controls beside it too. */
[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"].st-key-regions_plane {
  height: max(360px, calc(100vh - 15rem));
}
/* The vanishing page's two log panels come right under its title (no controls above). */
[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"].st-key-vanishing_chart {
  height: max(300px, calc(100vh - 24rem));
}
[data-testid="stMainBlockContainer"]
  [data-testid="stElementContainer"][class*="st-key-playground_boundary"] {
  height: auto;
}
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"] {
  color: #2E3440; opacity: 1;
}
[data-testid="stMainBlockContainer"] [data-testid="stCode"] code { font-size: 1.05rem; }
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] :is(p, li, td, th) {
  font-size: 1.3rem; line-height: 1.6;
}
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"] { font-size: 1.1rem; }
[data-testid="stMainBlockContainer"] [data-testid="stWidgetLabel"] p { font-size: 1.15rem; }
[data-testid="stMainBlockContainer"] :is(
  [data-testid="stMetricValue"], [data-testid="stSliderThumbValue"],
  [data-testid="stSliderTickBar"], button
) p { font-size: inherit; }
[data-testid="stMainBlockContainer"] :is(button, input, [data-testid="stSliderThumbValue"]) {
  font-size: 1.15rem;
}
[data-testid="stMainBlockContainer"] [data-tag] > span { font-size: 1.05rem; }
[data-testid="stMainBlockContainer"] .katex-display { font-size: 1.3rem; }
.lab-cards :is(dt, .lab-note), details.lab-cards-help { font-size: 1.1rem; }
.lab-cards .lab-value { font-size: 2rem; }
</style>"""

# The sidebar holds Streamlit's own navigation, then the session controls (language, lecture
# mode, export format, the class link), which stay at the bottom of the sidebar while the
# navigation scrolls behind them: the lecture-mode toggle is in view on a 720 px projector.
# A navigation link's own focus style is a faint background, the same as the current page's:
# keyboard users get an outline in the theme's colour instead. A wide Markdown table scrolls
# inside its own box (a phone's page must not scroll sideways), and a box that scrolls shows
# the keyboard focus that ``PAGE_SCRIPT`` gives it. A chart's toolbar appears
# on hover; it appears too when a keyboard user tabs into it. On a phone the page starts just
# below the app's header (4rem, not 6rem), as in lecture mode: the figure comes into view sooner.
SIDEBAR_CSS = """<style>
[data-testid="stSidebarUserContent"] {
  position: sticky; bottom: 0; z-index: 1; background: #F2F5F8;
  border-top: 1px solid rgba(49, 51, 63, 0.2); padding: 0.75rem 0 1rem;
}
[data-testid="stSidebarNav"] + [data-testid="stSidebarNavSeparator"] { display: none; }
[data-testid="stSidebarNavLink"]:focus-visible {
  outline: 2px solid #0B6E99; outline-offset: -2px;
}
[data-testid="stMarkdownContainer"] table { display: block; max-width: 100%; overflow-x: auto; }
:is(.katex-display, pre, [data-testid="stMarkdownContainer"] table):focus-visible {
  outline: 2px solid #0B6E99; outline-offset: 2px;
}
.js-plotly-plot .plotly .modebar:focus-within { opacity: 1; }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-top: 4rem; }
}
</style>"""
# Three things a script does for the page (installed once per browser tab):
# * On a phone the sidebar lies over the page; after a tap on a navigation link the student
#   must land on the page, not behind the menu: once the tap has done its work, a sidebar still
#   covering the page is folded away (Streamlit does not, in 1.67, with these sections).
# * Streamlit's sectioned navigation puts each section's ``<li>``s, under its header, in a
#   ``<div>`` inside one ``<ul>``, which assistive tools flag (axe-core's ``list`` and
#   ``listitem``). The script gives the markup the structure it shows: the ``<ul>`` and its
#   ``<li>``s no list roles, each section a group named by its header, the header a heading.
# * A formula, code block or table wider (or taller) than its box scrolls inside it; a
#   keyboard user can scroll it only once it takes the focus (WCAG 2.1.1, axe-core's
#   ``scrollable-region-focusable``), so each that overflows gets ``tabindex="0"``.
PAGE_SCRIPT = """<script>
if (!window.labPageScript) {
  window.labPageScript = true;
  const mark = (element, name, value) => {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  };
  const navigation = () => {
    const list = document.querySelector('[data-testid="stSidebarNavItems"]');
    if (!list) return;
    mark(list, "role", "none");
    for (const item of list.querySelectorAll("li")) mark(item, "role", "none");
    for (const section of list.children) {
      const header = section.querySelector(':scope > [data-testid="stNavSectionHeader"]');
      if (!header) continue;
      mark(section, "role", "group");
      mark(section, "aria-label", header.innerText.trim());
      mark(header, "role", "heading");
      mark(header, "aria-level", "3");
    }
  };
  const covers = () => {
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    const main = document.querySelector('[data-testid="stMain"]');
    return sidebar && main && sidebar.getAttribute("data-collapsed") !== "true"
      && main.getBoundingClientRect().left < sidebar.getBoundingClientRect().right - 1;
  };
  document.addEventListener("click", (event) => {
    if (!event.target.closest('a[data-testid="stSidebarNavLink"]') || !covers()) return;
    setTimeout(() => {
      const fold = '[data-testid="stSidebarCollapseButton"] button';
      if (covers()) document.querySelector(fold)?.click();
    }, 300);
  });
  const scrollers = ".katex-display, pre, [data-testid='stMarkdownContainer'] table";
  const reachable = () => {
    for (const box of document.querySelectorAll(scrollers)) {
      const wide = box.scrollWidth > box.clientWidth + 1;
      const scrolls = wide || box.scrollHeight > box.clientHeight + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
      }
    }
  };
  let queued = false;
  const soon = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; navigation(); reachable(); });
  };
  new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", soon);
  document.fonts.addEventListener("loadingdone", soon);  // KaTeX's fonts widen formulas
  soon();
}
</script>"""


def parse_lecture(value: object) -> bool:
    """``?lecture=1`` (or true/yes/on) switches lecture mode on; anything else leaves it off."""
    return isinstance(value, str) and value.strip().lower() in _TRUE_WORDS


def seed_from_url() -> None:
    """On a session's first run, take language, lecture mode and export format from the URL."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = normalize_lang(st.query_params.get(LANG_KEY))
    if LECTURE_KEY not in st.session_state:
        st.session_state[LECTURE_KEY] = parse_lecture(st.query_params.get(LECTURE_KEY))
    if EXPORT_KEY not in st.session_state:
        st.session_state[EXPORT_KEY] = normalize_export(st.query_params.get(EXPORT_KEY))


def _widget(key: str) -> str:
    """The widget key showing choice ``key``, handed the saved choice before it is drawn."""
    st.session_state[_WIDGET.format(key)] = st.session_state[key]
    return _WIDGET.format(key)


@safe_callback
def _save(key: str) -> None:
    """``on_change``: keep the widget's new value (a cleared required control keeps the old)."""
    value = st.session_state.get(_WIDGET.format(key))
    normal = {LANG_KEY: normalize_lang, EXPORT_KEY: normalize_export, LECTURE_KEY: bool}[key]
    if value is not None:
        st.session_state[key] = normal(value)
    if key == LANG_KEY:
        forget_run_lang()


def normalize_export(value: object) -> str:
    """``png`` or ``svg`` (any case); anything else is ``png``."""
    text = value.strip().lower() if isinstance(value, str) else ""
    return text if text in EXPORT_FORMATS else EXPORT_FORMATS[0]


def sidebar_controls() -> None:
    """Draw the language switch, the lecture-mode toggle and the export format (every page),
    under the navigation."""
    first_run = LECTURE_KEY not in st.session_state
    seed_from_url()
    if first_run and lecture_mode():  # a slide's link: the projector shows the page itself,
        st.set_page_config(initial_sidebar_state="collapsed")  # the controls one click away
    with st.sidebar:
        if not st.session_state.get(_ASSETS_DELIVERED):
            st.html(PAGE_ASSETS, unsafe_allow_javascript=True)
        st.segmented_control(
            "语言 / Language",
            LANGUAGES,
            format_func=_LANGUAGE_NAMES.__getitem__,
            key=_widget(LANG_KEY),
            required=True,
            on_change=_save,
            args=(LANG_KEY,),
        )
        st.toggle(
            t("app.lecture_mode"),
            key=_widget(LECTURE_KEY),
            help=t("app.lecture_mode_help"),
            on_change=_save,
            args=(LECTURE_KEY,),
        )
        if lecture_mode():
            st.html(LECTURE_CSS)
        st.segmented_control(
            t("app.export_format"),
            EXPORT_FORMATS,
            format_func=str.upper,
            key=_widget(EXPORT_KEY),
            required=True,
            help=t("app.export_format_help"),
            on_change=_save,
            args=(EXPORT_KEY,),
        )


# Streamlit's frontend adds a history entry (pushState) for every query-string change the server
# sends. Arriving at a page through a link, two came before the new page's own entry, both on the
# page being left: the stale-binding cleanup (/swish) and the language/lecture mirror below
# (/swish?lecture=1). The first Back went to them, a copy of the last page with its controls lost.
# This script keeps one entry per page visit: between a click on a link to another page and that
# page's entry, writes to the page being left are dropped (its entry stays as the reader left
# it); otherwise a change of the query string alone replaces the entry instead of adding one
# (Streamlit does the same for a moved widget).
HISTORY_SCRIPT = """<script>
(() => {
  if (window.labHistory) return;
  window.labHistory = true;
  const history = window.history, push = history.pushState.bind(history);
  const replace = history.replaceState.bind(history);
  const pathOf = (url) => new URL(url, location.href).pathname;
  let leaving = null, since = 0;  // the path a link is taking the reader away from, and when
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.origin !== location.origin || link.pathname === location.pathname) return;
    leaving = location.pathname;
    since = Date.now();
  }, true);
  const onThePageLeft = (url) => {
    if (leaving === null || Date.now() - since > 15000) return false;
    if (pathOf(url) === leaving) return true;
    leaving = null;  // the new page's own entry: the switch is done
    return false;
  };
  history.pushState = (state, title, url) => {
    if (url == null) return push(state, title, url);
    if (onThePageLeft(url)) return undefined;
    const write = pathOf(url) === location.pathname ? replace : push;
    return write(state, title, url);
  };
  history.replaceState = (state, title, url) => {
    if (url != null && onThePageLeft(url)) return undefined;
    return replace(state, title, url);
  };
})();
</script>"""


# The app's styles and scripts, ~10 KB: sent in one element by every full run until one of the
# session's full runs has reached its end (``assets_delivered``), then no more. The browser keeps
# what they installed: Streamlit removes an element that a full run no longer sends, so the
# styles go into the document's head (one ``<style>``, replaced by a new session's copy), and
# each script installs its listeners once per tab. Each element costs every run of every session.
_ASSETS_DELIVERED = "_lab_assets_delivered"
_STYLE_TAG = re.compile(r"</?style>")


def _head_style(css: str) -> str:
    """A script that puts ``css`` (``<style>`` blocks) in the document's head, once per tab."""
    text = json.dumps(_STYLE_TAG.sub("", css)).replace("</", "<\\/")
    return f"""<script>
(() => {{
  let style = document.getElementById("lab-styles");
  if (!style) {{
    style = document.createElement("style");
    style.id = "lab-styles";
    document.head.append(style);
  }}
  const css = {text};
  if (style.textContent !== css) style.textContent = css;
}})();
</script>"""


PAGE_ASSETS = (
    _head_style(SIDEBAR_CSS + PHONE_CSS + CARDS_CSS + PROSE_CSS)
    + PAGE_SCRIPT
    + HISTORY_SCRIPT
    + WATCHER_SCRIPT
)


def assets_delivered() -> None:
    """Called at the end of a full run: the browser has the styles and scripts from now on."""
    st.session_state[_ASSETS_DELIVERED] = True


def write_url_state() -> None:
    """Mirror language and lecture mode into the URL (after navigation, which clears it);
    the history script (:data:`HISTORY_SCRIPT`, drawn by ``sidebar_controls``) keeps the
    browser's history to one entry per page visit."""
    _set_param(LANG_KEY, normalize_lang(st.session_state.get(LANG_KEY)), DEFAULT_LANG)
    _set_param(LECTURE_KEY, "1" if lecture_mode() else "0", "0")


def _set_param(name: str, value: str, default: str) -> None:
    if value == default:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def lecture_mode() -> bool:
    """Whether the projector-friendly style is on."""
    return bool(st.session_state.get(LECTURE_KEY, False))


def prose_in_place(headings: Iterable[str]) -> tuple[str, ...]:
    """The prose sections a page shows between its figures: ``headings`` normally, none in
    lecture mode, where the projector shows figures and controls first.

    A page passes the result as ``only=`` where the sections belong and as ``skip=`` to its
    closing ``prose`` call, which so renders the rest normally and all of it (folded into
    expanders) in lecture mode, after the figures, as the function pages do.
    """
    return () if lecture_mode() else tuple(headings)


def figure_and_controls(
    widths: Sequence[float], gap: str = "small"
) -> tuple[DeltaGenerator, list[DeltaGenerator]]:
    """Where a section's main figure goes, and one place for each of its controls (``widths``:
    their relative widths in a row, ``gap`` between them).

    The figure comes first, its controls after it, at every width (the server never knows the
    screen). A projector (lecture mode) is wide and short: the controls stand in a column beside
    the figure, so both fit its first screen. Otherwise they share a row below the figure
    (stacked under it on a phone).
    """
    if lecture_mode():
        figure, side = st.columns([3, 1], gap="medium")
        return figure, [side] * len(widths)
    # one wrapping row rather than a column each: each block is a message per run and session
    figure, row = st.container(), st.container(horizontal=True, gap=gap)
    return figure, [row] * len(widths)


def export_format() -> str:
    """The image format of the figures' download button: ``png`` (default) or ``svg``."""
    return normalize_export(st.session_state.get(EXPORT_KEY))


def url_state() -> dict[str, str]:
    """Language and lecture mode as query parameters (non-default values only).

    Pass it to ``st.page_link(..., query_params=url_state())`` so a link's address (copied,
    or opened in a new tab) keeps the reader's language and mode.

    >>> url_state()  # doctest: +SKIP
    {'lang': 'en', 'lecture': '1'}
    """
    state = {}
    if normalize_lang(st.session_state.get(LANG_KEY)) != DEFAULT_LANG:
        state[LANG_KEY] = normalize_lang(st.session_state.get(LANG_KEY))
    if lecture_mode():
        state[LECTURE_KEY] = "1"
    return state


class SharedPage(st.Page):
    """An ``st.Page`` that every session shows. ``st.navigation`` marks the page it returns
    callable and ``Page.run`` clears the mark: on one object shared by sessions running at once,
    one session's run would clear another's mark. The mark is kept per thread (each session's
    script runs in its own), so every session's run sees only its own."""

    @property
    def _can_be_called(self) -> bool:
        return getattr(self.__dict__.get("_turn"), "callable", False)

    @_can_be_called.setter
    def _can_be_called(self, value: bool) -> None:
        self.__dict__.setdefault("_turn", threading.local()).callable = value


_PAGES: dict[str, dict[str, SharedPage]] = {}  # language -> url_path -> its page
_PAGES_LOCK = threading.Lock()


def _pages(lang: str) -> dict[str, SharedPage]:
    """The pages with their titles in ``lang``, made once per process: an ``st.Page``
    resolves its file on the disk when it is made, and making sixteen cost a light page's
    first run ~15 % (every student opening a page is a first run of a new session)."""
    with _PAGES_LOCK:
        if lang not in _PAGES:
            _PAGES[lang] = {
                spec.url_path: SharedPage(
                    spec.file,
                    title=translate(f"nav.{spec.url_path}", lang),
                    icon=spec.icon,
                    url_path=spec.url_path,
                    default=spec.url_path == "home",
                )
                for spec in PAGES
            }
        return _PAGES[lang]


def app_pages() -> dict[str, list[st.Page]]:
    """Every page under its section's title, for ``st.navigation``."""
    pages = _pages(current_lang())
    return {
        t(f"nav.section_{section}"): [pages[s.url_path] for s in PAGES if s.section == section]
        for section in SECTIONS
    }


def page_target(url_path: str) -> st.Page:
    """What ``st.page_link`` takes for ``/<url_path>``: the app's ``st.Page`` (a file path
    would be resolved on the disk again at every link)."""
    return _pages(current_lang())[url_path]
