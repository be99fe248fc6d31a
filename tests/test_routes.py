"""The 90-minute lesson route: every link opens a real page at values the page keeps, the home
page lists it with its quiz questions, and each page on the route ends with the next stop.

A page drops a URL value it cannot take (malformed, out of range, an unknown label) and one
equal to its default from its query string: a value still there after the run is one the
page's widget took, so a route link that opens the wrong view fails here.
"""

from __future__ import annotations

import itertools
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.appdriver import run_page
from ui.i18n import LANGUAGES, translate
from ui.navigation import PAGES, page
from ui.quiz import question_ids
from ui.routes import LESSON_KEY, href, next_index, route, stop_query

STOPS = route()
STOP_LINK = re.compile(r"^\d+\. .*? \[([^\]]+)\]\(([^)]+)\)", re.MULTILINE)
CASES = [(lang, index) for lang in LANGUAGES for index in range(len(STOPS))]


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


@pytest.mark.parametrize(("lang", "index"), CASES)
def test_route_link_opens_the_view_and_ends_with_the_next_stop(lang, index):
    stop = STOPS[index]
    query = stop_query(STOPS, index, lambda key: translate(key, lang))
    at = run_page(page(stop.page).file, **query, lang=lang)
    assert not at.exception, [item.value for item in at.exception]
    kept = query_of(at)
    for name, values in as_lists(query).items():
        assert kept.get(name) == values, f"{stop.page} did not take {name}={values}"
    links = at.main.get("page_link")  # the sidebar holds the navigation's links
    if index + 1 < len(STOPS):
        following = STOPS[index + 1]
        last = links[-1].proto
        title = translate(f"nav.{following.page}", lang)
        assert last.label == translate("routes.next", lang, title=title, minutes=following.minutes)
        assert last.page == page(following.page).url_path or following.page in last.page
        target = parse_qs(last.query_string)
        expected = as_lists(stop_query(STOPS, index + 1, lambda key: translate(key, lang)))
        assert {k: v for k, v in target.items() if k != "lang"} == expected
        assert target.get("lang") == (["en"] if lang == "en" else None)
    else:
        next_label = translate("routes.next", lang, title="", minutes="").split("：")[0][:4]
        assert not any(link.proto.label.startswith(next_label) for link in links)


def test_a_page_opened_outside_the_route_has_no_next_link():
    at = run_page(page("swish").file, beta="2", lesson="2")  # stop 2 is the playground
    assert next_index(STOPS, "2", "swish") is None
    next_label = translate("routes.next", "zh", title="", minutes="")[:3]
    assert not any(link.proto.label.startswith(next_label) for link in at.get("page_link"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_lists_the_route_with_its_links_and_quiz_questions(lang):
    at = run_page(page("home").file, lang=lang)
    assert not at.exception
    labels = [subheader.value for subheader in at.subheader]
    assert translate("routes.lecture90_title", lang) in labels
    # one Markdown list: per stop, the page's title linked to its deep link with ``lesson``
    [plan] = [block.value for block in at.markdown if "(./?lesson=1" in block.value]
    targets = STOP_LINK.findall(plan)
    assert [title for title, _ in targets] == [translate(f"nav.{s.page}", lang) for s in STOPS]
    for index, (_, target) in enumerate(targets):
        path, _, query = target.partition("?")
        assert path == ("./" if STOPS[index].page == "home" else STOPS[index].page)
        expected = as_lists(stop_query(STOPS, index, lambda key: translate(key, lang)))
        found = parse_qs(query)
        assert found.pop("lang", None) == (["en"] if lang == "en" else None)
        assert found == expected
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

    link = class_link("http://h/relu", {"negative_slope": "0.2", LESSON_KEY: "6"})
    assert urlsplit(link).query == "negative_slope=0.2"
