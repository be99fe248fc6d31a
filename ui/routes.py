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
    """The route as the home page lists it: minutes, the page's link, what to show, the quiz."""
    import streamlit as st

    from ui.i18n import t
    from ui.layout import page_target, url_state
    from ui.navigation import page

    stops = route(name)
    st.subheader(t(f"routes.{name}_title"))
    st.caption(t(f"routes.{name}_caption"))
    for index, stop in enumerate(stops):
        when, where, what = st.columns((1.2, 4.5, 5), vertical_alignment="center")
        when.markdown(t("home.minutes", span=stop.minutes))
        spec = page(stop.page)
        query = {**stop_query(stops, index, t), **url_state()}
        where.page_link(
            page_target(stop.page), label=t(f"nav.{stop.page}"), icon=spec.icon, query_params=query
        )
        words = t(f"routes.{name}.{stop.id}")
        if stop.quiz:
            links = ", ".join(
                f"[{number}]({href('quiz', {'question': str(number), **url_state()})})"
                for number in _quiz_numbers(stop)
            )
            words += "  \n" + t("routes.quiz", questions=links)
        what.markdown(words)


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
