"""Lesson routes: the pages of a lecture in order, each opened at the view the lecture speaks
of, with the quiz questions that fit, and a "next page" link at the end of each page on it.

The routes are data (``content/routes.toml``): the 45-minute lesson (``lecture45``, its words
``home.path.<page>``) and the 90-minute lecture (``lecture90``, its words
``routes.lecture90.<stop id>``). A route's links carry ``?route=<minutes>&lesson=<n>`` (the
route and the stop's number), so the page a link opens knows where it stands and ends with
the link to stop n + 1 of the same route; a link is a deep link a lecturer can paste into a
slide. A lesson number without a route (links made when there was one route) is the 90-minute
lecture's. ``route`` and ``lesson`` are the lecturer's markers, not part of the view: the
class link leaves them out (``ui.share``).
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
ROUTE_KEY = "route"  # URL parameter: the route a page was opened from, by its minutes
LESSON_KEY = "lesson"  # URL parameter: the number of the route's stop a page was opened at
ROUTES = {"45": "lecture45", "90": "lecture90"}  # ?route= value -> route in routes.toml
ROUTE = "lecture90"  # the route of a lesson number given without ?route=
CLASS_ROUTE = "lecture45"  # the home page's 45-minute lesson
AFTER_CLASS = "+"  # the minutes of a stop for after the lesson
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


def stop_query(name: str, index: int, translate: Callable[[str], str]) -> Query:
    """The query of stop ``index`` (0-based) of route ``name``, with ``route`` (its minutes) and
    ``lesson`` (the stop's number); values naming a UI string (``"{playground.linear}"``) read
    it through ``translate``.

    >>> stop_query("lecture90", 1, {"playground.linear": "None (linear)"}.get)
    {'dataset': 'XOR', 'acts': ['None (linear)', 'ReLU'], 'route': '90', 'lesson': '2'}
    >>> stop_query("lecture45", 2, str)
    {'route': '45', 'lesson': '3'}
    """
    stops = route(name)

    def value(text: str) -> str:
        named = _STRING.match(text)
        return translate(named.group(1)) if named else text

    query: Query = {
        name: value(item) if isinstance(item, str) else [value(part) for part in item]
        for name, item in stops[index].query.items()
    }
    query[ROUTE_KEY] = route_value(name)
    query[LESSON_KEY] = str(index + 1)
    return query


def route_value(name: str) -> str:
    """The ``?route=`` value of route ``name``.

    >>> route_value("lecture45")
    '45'
    """
    return next(value for value, known in ROUTES.items() if known == name)


def route_named(value: object) -> str | None:
    """The route a page's ``?route=`` value names: none given is the 90-minute lecture (links
    made before there were two routes); a value naming no route, ``None``.

    >>> route_named("45"), route_named(None), route_named("60"), route_named(["45"])
    ('lecture45', 'lecture90', None, None)
    """
    if value is None:
        return ROUTE
    return ROUTES.get(value.strip()) if isinstance(value, str) else None


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
    from views.quiz import question_ids

    ids = question_ids()
    return [ids.index(qid) + 1 for qid in stop.quiz]


def stop_link(where, name: str, index: int, label: str | None = None, icon: str | None = None):
    """In ``where`` (a Streamlit container), the page link to stop ``index`` of route ``name``:
    the page's title and icon unless given, the stop's query, the reader's language and mode."""
    from ui.i18n import t
    from ui.layout import page_target, url_state
    from views.navigation import page

    spec = page(route(name)[index].page)
    where.page_link(
        page_target(spec.url_path),
        label=label or t(f"nav.{spec.url_path}"),
        icon=icon or spec.icon,
        query_params={**stop_query(name, index, t), **url_state()},
    )


def route_section(name: str = ROUTE) -> None:
    """The route as the home page lists it under its title: one Markdown list
    (:func:`route_markdown`), one element for the whole lesson."""
    import streamlit as st

    from ui.i18n import t
    from ui.layout import url_state

    st.subheader(t(f"routes.{name}_title"))
    st.caption(t(f"routes.{name}_caption"))
    st.markdown(route_markdown(name, t, url_state(), lambda stop: t(f"routes.{name}.{stop.id}")))


def route_markdown(
    name: str,
    translate: Callable[..., str],
    state: Mapping[str, str],
    words: Callable[[Stop], str],
) -> str:
    """Route ``name`` as a numbered Markdown list: per stop its minutes, the page's icon and
    link (its deep link with ``route`` and ``lesson``, and ``state``: the reader's language and
    mode), what to show there (``words``), and links to its quiz questions. A lesson plan's
    link opens a new tab, so the plan stays open beside the lesson; the page it opens ends
    with the next stop's link. A stop reads ``2. **5–12 分钟** · :material/show_chart:
    [Sigmoid 与 Tanh](sigmoid?route=45&lesson=2)`` and its words on the line below.
    """
    from views.navigation import page

    items = []
    for index, stop in enumerate(route(name)):
        query = {**stop_query(name, index, translate), **state}
        target = href("./" if stop.page == "home" else stop.page, query)
        text = words(stop)
        if stop.quiz:
            links = ", ".join(
                f"[{number}]({href('quiz', {'question': str(number), **state})})"
                for number in _quiz_numbers(stop)
            )
            text += "  \n   " + translate("routes.quiz", questions=links)
        after = stop.minutes == AFTER_CLASS
        when = (
            translate("home.after_class") if after else translate("home.minutes", span=stop.minutes)
        )
        title = translate(f"nav.{stop.page}")
        icon = page(stop.page).icon
        items.append(f"{index + 1}. **{when}** · {icon} [{title}]({target})  \n   {text}")
    return "\n".join(items)


def next_label(stop: Stop, translate: Callable[..., str]) -> str:
    """The words of the link to ``stop``: its page and its minutes (or "after class")."""
    title = translate(f"nav.{stop.page}")
    if stop.minutes == AFTER_CLASS:
        return translate("routes.next_after_class", title=title)
    return translate("routes.next", title=title, minutes=stop.minutes)


def next_link(url_path: str) -> None:
    """At the end of a page opened from a route: the link to that route's next stop."""
    import streamlit as st

    from ui.i18n import t

    name = route_named(st.query_params.get(ROUTE_KEY))
    if name is None:
        return
    url_path = url_path or "home"  # the default page's own url_path is empty
    index = next_index(route(name), st.query_params.get(LESSON_KEY), url_path)
    if index is None:
        return
    st.divider()
    stop_link(st, name, index, next_label(route(name)[index], t), ":material/arrow_forward:")
