"""Lesson routes: the pages of a lecture in order, each opened at the view the lecture speaks
of, with the quiz questions that fit, and a "next page" link at the end of each page on it.

The routes are data (``content/routes.toml``); the words are ``routes.<route>.<stop id>``.
A route's links carry ``?lesson=<n>`` (the stop's number), so the page a link opens knows
where it stands on the route and ends with the link to stop n + 1. ``lesson`` is the
lecturer's marker, not part of the view: the class link leaves it out (``ui.share``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

ROUTES_FILE = Path(__file__).resolve().parent.parent / "content" / "routes.toml"
LESSON_KEY = "lesson"  # URL parameter: the number of the route's stop a page was opened at
ROUTE = "lecture90"  # the route whose stops carry the "next page" links
_STRING = re.compile(r"^\{([\w.]+)\}$")  # a query value that names a UI string

Query = dict[str, str | list[str]]


@dataclass(frozen=True)
class Stop:
    """One stop: minutes into the lesson, a page (url_path), its deep link and quiz ids."""

    id: str
    minutes: str
    page: str
    query: Mapping[str, str | tuple[str, ...]]
    quiz: tuple[str, ...]


@cache
def route(name: str = ROUTE) -> tuple[Stop, ...]:
    """The stops of route ``name`` in order.

    >>> [stop.page for stop in route()][:3]
    ['home', 'playground', 'sigmoid']
    """
    with ROUTES_FILE.open("rb") as handle:
        stops = tomllib.load(handle)[name]
    return tuple(
        Stop(
            id=stop["id"],
            minutes=stop["minutes"],
            page=stop["page"],
            query={k: v if isinstance(v, str) else tuple(v) for k, v in stop["query"].items()},
            quiz=tuple(stop["quiz"]),
        )
        for stop in stops
    )


def stop_query(stops: tuple[Stop, ...], index: int, translate: Callable[[str], str]) -> Query:
    """The query of stop ``index`` (0-based) with ``lesson`` = its number; values naming a UI
    string (``"{playground.linear}"``) read it through ``translate``.

    >>> stop_query(route(), 1, {"playground.linear": "None (linear)"}.get)
    {'dataset': 'XOR', 'acts': ['None (linear)', 'ReLU'], 'lesson': '2'}
    """

    def value(text: str) -> str:
        named = _STRING.match(text)
        return translate(named.group(1)) if named else text

    query: Query = {
        name: value(item) if isinstance(item, str) else [value(part) for part in item]
        for name, item in stops[index].query.items()
    }
    query[LESSON_KEY] = str(index + 1)
    return query


def next_index(stops: tuple[Stop, ...], lesson: object, url_path: str) -> int | None:
    """The index of the stop after ``lesson`` (a URL value), if the page at ``url_path`` is
    that stop's page and a stop follows; else ``None`` (a bad value included).

    >>> next_index(route(), "2", "playground"), next_index(route(), "2", "relu")
    (2, None)
    >>> next_index(route(), "x", "home"), next_index(route(), str(len(route())), "quiz")
    (None, None)
    """
    if not isinstance(lesson, str) or not lesson.isdigit():
        return None
    number = int(lesson)
    if not 1 <= number < len(stops) or stops[number - 1].page != url_path:
        return None
    return number


def href(url_path: str, query: Mapping[str, str | list[str]]) -> str:
    """A relative link to ``url_path`` with ``query`` (repeated keys for lists).

    >>> href("quiz", {"question": "3", "lang": "en"})
    'quiz?question=3&lang=en'
    """
    return f"{url_path}?{urlencode(query, doseq=True)}" if query else url_path


def _quiz_numbers(stop: Stop) -> list[int]:
    from ui.quiz import question_ids

    ids = question_ids()
    return [ids.index(qid) + 1 for qid in stop.quiz]


def route_section(name: str = ROUTE) -> None:
    """The route as the home page lists it: minutes, the page's link, what to show, the quiz;
    one Markdown list (:func:`route_markdown`), one element for the whole lesson."""
    import streamlit as st

    from ui.i18n import t
    from ui.layout import url_state

    st.subheader(t(f"routes.{name}_title"))
    st.caption(t(f"routes.{name}_caption"))
    st.markdown(route_markdown(name, t, url_state()))


def route_markdown(name: str, translate: Callable[..., str], state: Mapping[str, str]) -> str:
    """Route ``name`` as a numbered Markdown list: per stop its minutes, the page's icon and
    link (its deep link with ``lesson``, and ``state``: the reader's language and mode), what
    to show there, and links to its quiz questions. A lesson plan's link opens a new tab, so
    the plan stays open beside the lesson; the page it opens ends with the next stop's link.
    The first line reads ``1. **0–5 分钟** · :material/home: [首页](./?lesson=1)``.
    """
    stops = route(name)
    items = []
    for index, stop in enumerate(stops):
        query = {**stop_query(stops, index, translate), **state}
        target = href("./" if stop.page == "home" else stop.page, query)
        words = translate(f"routes.{name}.{stop.id}")
        if stop.quiz:
            links = ", ".join(
                f"[{number}]({href('quiz', {'question': str(number), **state})})"
                for number in _quiz_numbers(stop)
            )
            words += "  \n   " + translate("routes.quiz", questions=links)
        when = translate("home.minutes", span=stop.minutes)
        items.append(plan_item(index + 1, when, stop.page, target, words, translate))
    return "\n".join(items)


def plan_item(
    number: int, when: str, url_path: str, target: str, words: str, translate: Callable[..., str]
) -> str:
    """One numbered item of a lesson plan: when, the page's icon and title linked to
    ``target``, then what to show there on the lines below.

    >>> plan_item(2, "5–12 分钟", "sigmoid", "sigmoid", "S 形曲线", {"nav.sigmoid": "Sigmoid"}.get)
    '2. **5–12 分钟** · :material/show_chart: [Sigmoid](sigmoid)  \\n   S 形曲线'
    """
    from ui.navigation import page

    title = translate(f"nav.{url_path}")
    return f"{number}. **{when}** · {page(url_path).icon} [{title}]({target})  \n   {words}"


def next_link(url_path: str, name: str = ROUTE) -> None:
    """At the end of a page opened from the route: the link to the route's next stop."""
    import streamlit as st

    from ui.i18n import t
    from ui.layout import page_target, url_state

    stops = route(name)
    url_path = url_path or "home"  # the default page's own url_path is empty
    index = next_index(stops, st.query_params.get(LESSON_KEY), url_path)
    if index is None:
        return
    stop = stops[index]
    st.divider()
    st.page_link(
        page_target(stop.page),
        label=t("routes.next", title=t(f"nav.{stop.page}"), minutes=stop.minutes),
        icon=":material/arrow_forward:",
        query_params={**stop_query(stops, index, t), **url_state()},
    )
