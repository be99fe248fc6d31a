"""The lesson routes (45 and 90 minutes): every link opens a real page at values the page
keeps, the home page lists both (the 90-minute one with its quiz questions), and each page on
a route ends with the link to that route's next stop.

A page drops a URL value it cannot take (malformed, out of range, an unknown label) and one
equal to its default from its query string: a value still there after the run is one the
page's widget took, so a route link that opens the wrong view fails here.
"""

from __future__ import annotations

import itertools
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from harness.appdriver import run_page
from ui.routes import (
    AFTER_CLASS,
    CLASS_ROUTE,
    LESSON_KEY,
    ROUTE,
    ROUTE_KEY,
    ROUTES,
    href,
    next_index,
    route,
    route_named,
    stop_query,
)
from views.navigation import PAGES, page
from views.quiz import question_ids
from views.strings import LANGUAGES, translate

STOPS = route()
STOP_LINK = re.compile(r"^\d+\. .*? \[([^\]]+)\]\(([^)]+)\)", re.MULTILINE)
CASES = [
    (name, lang, index)
    for name in (CLASS_ROUTE, ROUTE)
    for lang in LANGUAGES
    for index in range(len(route(name)))
]


def query_of(at) -> dict[str, list[str]]:
    """The page's query string after its run (AppTest keeps it as a dict of str or lists)."""
    return as_lists(at.query_params)


def as_lists(query) -> dict[str, list[str]]:
    return {
        name: [value] if isinstance(value, str) else list(value) for name, value in query.items()
    }


def test_the_route_is_ninety_minutes_of_real_pages_and_questions():
    assert {stop.page for stop in STOPS} <= {spec.url_path for spec in PAGES}
    assert STOPS[0].minutes.startswith("0") and STOPS[-1].minutes.endswith("90")
    ids = question_ids()
    quiz = [qid for stop in STOPS for qid in stop.quiz]
    assert set(quiz) <= set(ids) and len(quiz) == len(set(quiz))
    # A page link to the page already open does not navigate: no stop follows one on its page.
    assert all(a.page != b.page for a, b in itertools.pairwise(STOPS))
    # The lecture's first point comes first: the playground without an activation, on XOR.
    assert STOPS[1].page == "playground" and "{playground.linear}" in STOPS[1].query["acts"]
    # Where the text says ReLU keeps its gradient, the link opens He initialisation.
    he = next(stop for stop in STOPS if stop.id == "he_init")
    assert he.page == "vanishing" and he.query["init"] == "He" and "ReLU" in he.query["acts"]


def test_the_route_of_a_link_is_named_by_its_minutes():
    assert {value: len(route(name)) for value, name in ROUTES.items()} == {"45": 17, "90": 13}
    # links pasted into slides before there were two routes carry a lesson number only
    assert route_named(None) == ROUTE == "lecture90"
    assert route_named("45") == CLASS_ROUTE and route_named(" 90 ") == ROUTE
    assert route_named("60") is None and route_named("") is None


def test_the_45_minute_lesson_is_every_page_once_then_after_class():
    stops = route(CLASS_ROUTE)
    assert sorted(stop.page for stop in stops) == sorted(spec.url_path for spec in PAGES)
    timed = [stop.minutes for stop in stops if stop.minutes != AFTER_CLASS]
    assert timed[0].startswith("0–") and timed[-1].endswith("–45")
    assert all(stop.minutes == AFTER_CLASS for stop in stops[len(timed) :]), "then after class"
    # the time slots follow on
    starts, ends = ([int(span.split("–")[i]) for span in timed] for i in (0, 1))
    assert starts[1:] == ends[:-1]
    assert all(a.page != b.page for a, b in itertools.pairwise(stops))


@pytest.mark.parametrize(("name", "lang", "index"), CASES)
def test_route_link_opens_the_view_and_ends_with_the_next_stop(name, lang, index):
    stops = route(name)
    stop = stops[index]
    query = stop_query(name, index, lambda key: translate(key, lang))
    assert query[ROUTE_KEY] == name.removeprefix("lecture")
    at = run_page(page(stop.page).file, **query, lang=lang)
    assert not at.exception, [item.value for item in at.exception]
    kept = query_of(at)
    for key, values in as_lists(query).items():
        assert kept.get(key) == values, f"{stop.page} did not take {key}={values}"
    links = at.main.get("page_link")  # the sidebar holds the navigation's links
    if index + 1 < len(stops):
        following = stops[index + 1]
        last = links[-1].proto
        title = translate(f"nav.{following.page}", lang)
        if following.minutes == AFTER_CLASS:
            assert last.label == translate("routes.next_after_class", lang, title=title)
        else:
            minutes = following.minutes
            assert last.label == translate("routes.next", lang, title=title, minutes=minutes)
        assert last.page == page(following.page).url_path or following.page in last.page
        target = parse_qs(last.query_string)
        expected = as_lists(stop_query(name, index + 1, lambda key: translate(key, lang)))
        assert {k: v for k, v in target.items() if k != "lang"} == expected
        assert target.get("lang") == (["en"] if lang == "en" else None)
    else:
        next_word = translate("routes.next", lang, title="", minutes="").split("：")[0][:4]
        assert not any(link.proto.label.startswith(next_word) for link in links)


def test_a_page_opened_outside_the_route_has_no_next_link():
    next_word = translate("routes.next", "zh", title="", minutes="")[:3]
    assert next_index(STOPS, "2", "swish") is None  # stop 2 is the playground
    for query in (
        {"beta": "2", "lesson": "2"},
        {"beta": "2", "route": "45", "lesson": "2"},  # stop 2 of the 45-minute lesson: sigmoid
        {"beta": "2", "route": "60", "lesson": "6"},  # no such route (stop 6 would be swish)
        {"beta": "2", "route": "45", "lesson": "x"},
    ):
        at = run_page(page("swish").file, **query)
        assert not at.exception
        assert not any(link.proto.label.startswith(next_word) for link in at.get("page_link"))
    # the same page, opened from the 45-minute lesson at its stop, does end with the next stop
    at = run_page(page("swish").file, route="45", lesson="6")
    assert at.main.get("page_link")[-1].proto.label.startswith(next_word)
    # a link from a slide made before ?route=: its lesson number is the 90-minute lecture's
    at = run_page(page("sigmoid").file, lesson="3")
    last = at.main.get("page_link")[-1].proto
    assert parse_qs(last.query_string)[ROUTE_KEY] == ["90"] and "vanishing" in last.page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_lists_both_routes_with_their_links_and_quiz_questions(lang):
    at = run_page(page("home").file, lang=lang)
    assert not at.exception
    labels = [subheader.value for subheader in at.subheader]
    assert translate("home.path_title", lang) in labels
    assert translate("routes.lecture90_title", lang) in labels
    # each route one Markdown list: per stop, the page's title linked to its deep link
    found_routes = []
    for name in (CLASS_ROUTE, ROUTE):
        first = href("./", stop_query(name, 0, lambda key: translate(key, lang)))
        [plan] = [block.value for block in at.markdown if f"({first}" in block.value]
        targets = STOP_LINK.findall(plan)
        stops = route(name)
        assert [title for title, _ in targets] == [translate(f"nav.{s.page}", lang) for s in stops]
        for index, (_, target) in enumerate(targets):
            path, _, query = target.partition("?")
            assert path == ("./" if stops[index].page == "home" else stops[index].page)
            expected = as_lists(stop_query(name, index, lambda key: translate(key, lang)))
            shown = parse_qs(query)
            assert shown.pop("lang", None) == (["en"] if lang == "en" else None)
            assert shown == expected
            found_routes.append((shown[ROUTE_KEY], shown[LESSON_KEY]))
    assert found_routes == [
        ([value], [str(number)])
        for value, name in ROUTES.items()
        for number in range(1, len(route(name)) + 1)
    ], "the 45-minute lesson, then the 90-minute lecture, every stop in order"
    ids = question_ids()
    text = " ".join(block.value for block in at.markdown)
    for stop in STOPS:
        for qid in stop.quiz:
            link = href(
                "quiz",
                {"question": str(ids.index(qid) + 1), **({"lang": lang} if lang == "en" else {})},
            )
            assert f"]({link})" in text, link


def test_every_quiz_question_of_the_route_is_a_link_the_quiz_takes():
    ids = question_ids()
    numbers = [ids.index(qid) + 1 for stop in STOPS for qid in stop.quiz]
    for number in [*numbers[:: max(1, len(numbers) // 6)], max(numbers)]:
        at = run_page(page("quiz").file, question=str(number))
        # Question 1 is the default, which a page leaves out of its query string.
        assert query_of(at).get("question") == ([str(number)] if number > 1 else None)
        prompt = translate(f"quiz.q.{ids[number - 1]}.prompt", "zh")
        assert any(prompt.split("{")[0] in block.value for block in at.markdown)


def test_the_class_link_leaves_the_lesson_marker_out():
    from ui.share import class_link

    query = {"negative_slope": "0.2", ROUTE_KEY: "90", LESSON_KEY: "6"}
    link = class_link("http://h/relu", query)
    assert urlsplit(link).query == "negative_slope=0.2"
