"""The quiz in a room: the lecturer reveals an answer without picking one, and the answer is
highlighted among the choices (a tick on green), with the computed explanation and its plot."""

from __future__ import annotations

import re
from html import escape

import pytest

from harness.appdriver import figures, run_page
from views.quiz import display, question, question_ids
from views.strings import LANGUAGES, translate

REVEAL, REVEAL_DIRECT = 1, 2  # main-area buttons: start over, reveal the pick, reveal directly


def label(choice, lang: str) -> str:
    if isinstance(choice, bool):
        return translate("quiz.true" if choice else "quiz.false", lang)
    return display(choice)


def choices_line(at) -> str:
    return next(block.value for block in at.markdown if 'data-quiz="answer"' in block.value)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("number", [1, 2])  # a number to predict; a claim to judge
def test_reveal_without_a_pick_highlights_the_answer(lang, number):
    at = run_page("app_pages/quiz.py", lang=lang, question=str(number))
    shown = question(question_ids()[number - 1])
    direct = at.button[REVEAL_DIRECT]
    assert direct.label == translate("quiz.reveal_direct", lang) and not direct.disabled
    assert at.button[REVEAL].disabled, "checking a pick needs a pick"
    direct.click().run()
    assert not at.exception
    answer = label(shown.answer, lang)
    assert at.info and translate("quiz.revealed", lang, answer=answer) in at.info[0].value
    assert not at.success and not at.error, "no pick: neither praised nor corrected"
    line = choices_line(at)
    assert re.search(f'data-quiz="answer"[^>]*>✓ {re.escape(escape(answer))}<', line)
    assert line.count('data-quiz="answer"') == 1 and 'data-quiz="wrong"' not in line
    for choice in shown.choices:
        assert label(choice, lang) in line
    explain = translate(f"quiz.q.{shown.id}.explain", lang, answer=answer, **shown.values)
    assert any(block.value == explain for block in at.markdown)
    assert len(figures(at)) == (shown.plot is not None)
    assert at.metric[0].value == "0 / 0", "a reveal for the room is nobody's answer"
    assert not at.radio


def test_a_wrong_pick_is_struck_through_beside_the_highlighted_answer():
    at = run_page("app_pages/quiz.py", question="1")
    shown = question(question_ids()[0])
    wrong = next(choice for choice in shown.choices if choice != shown.answer)
    at.radio[0].set_value(wrong).run()
    at.button[REVEAL].click().run()
    line = choices_line(at)
    assert f">✓ {display(shown.answer)}</span>" in line
    assert re.search(f'data-quiz="wrong"[^>]*>✗ {re.escape(display(wrong))}<', line)
    assert at.metric[0].value == "0 / 1"
