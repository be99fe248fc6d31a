"""The 小测验 page's body: the score, one question card, and its answer once revealed.

The questions and their answers are :mod:`views.quiz` (no Streamlit); the reader's picks live in
session state, ``{question id: pick}`` (``None``: revealed without a pick, as a lecturer does
after the room has voted by hands).
"""

from __future__ import annotations

import streamlit as st

from activations import REGISTRY
from activations.gated import GATED
from ui.errors import safe_callback
from ui.i18n import current_lang, t
from ui.layout import lecture_mode, page_target, url_state
from ui.render import chart
from views.navigation import page
from views.quiz import PAGE_TOPICS, Question, display, question, revealed_choices, score
from views.quiz_figures import LABEL_KEYS, quiz_figure
from views.strings import function_name

PICKS, ROUND = "quiz_picks", "quiz_round"  # session state: {question id: pick}, reset counter


def picks() -> dict[str, object]:
    """The reader's picks so far (the session's own dict, changed in place)."""
    st.session_state.setdefault(ROUND, 0)
    return st.session_state.setdefault(PICKS, {})


def topic_names() -> dict[str, str]:
    """Every topic a question names, in the reader's language."""
    lang = current_lang()
    names = {key: function_name(key, lang) for key in {**REGISTRY, **GATED}}
    return names | {topic: t(f"nav.{topic}") for topic in PAGE_TOPICS}


def label(choice) -> str:
    if isinstance(choice, bool):
        return t("quiz.true") if choice else t("quiz.false")
    return display(choice)


@safe_callback
def start_over() -> None:
    picks().clear()
    st.session_state[ROUND] += 1


def scoreboard(ids: list[str]) -> None:
    """Right out of answered, how far through, and a button to start over."""
    chosen = picks()
    right, answered = score(tuple(question(qid) for qid in chosen if qid in ids), chosen)
    tally, progress, restart = st.columns((1, 2, 1), vertical_alignment="center")
    tally.metric(t("quiz.score"), t("quiz.score_value", right=right, answered=answered))
    progress.progress(answered / len(ids), t("quiz.progress", answered=answered, total=len(ids)))
    restart.button(t("quiz.reset"), on_click=start_over, icon=":material/restart_alt:")
    if answered == len(ids):
        st.info(t("quiz.all_done", total=len(ids), right=right))


def question_card(shown: Question, number: int, names: dict[str, str]) -> None:
    """The question with its choices: to pick and reveal, or with the answer marked."""
    chosen = picks()
    widget = f"quiz_pick_{st.session_state[ROUND]}_{shown.id}"
    with st.container(border=True):
        topic = t("quiz.question_label", number=number, topic=names[shown.topic])
        st.caption(f"{topic} · {t(f'quiz.kind_{shown.kind}')}")
        st.markdown(f"#### {t(f'quiz.q.{shown.id}.prompt', **shown.values)}")
        if shown.id in chosen:  # the answer highlighted among the choices, the pick marked
            line = revealed_choices(shown, chosen[shown.id], label)  # escaped computed labels
            st.markdown(t("quiz.choices_line", choices=line), unsafe_allow_html=True)
            return
        pick = st.radio(t("quiz.pick"), shown.choices, None, label, widget, horizontal=True)
        check, show = st.columns(2)
        if check.button(t("quiz.reveal"), type="primary", disabled=pick is None):
            chosen[shown.id] = pick
            st.rerun()
        # The lecturer, after the room has voted by hands: the answer without a pick of its own.
        if show.button(t("quiz.reveal_direct"), icon=":material/visibility:"):
            chosen[shown.id] = None
            st.rerun()
        if pick is None:
            st.caption(t("quiz.pick_first"))


def answer(shown: Question, names: dict[str, str]) -> None:
    """Right or wrong, why, the plot that shows it and the page that teaches it."""
    picked = picks()[shown.id]
    said = label(shown.answer)
    if picked is None:
        st.info(t("quiz.revealed", answer=said), icon=":material/visibility:")
    elif shown.is_correct(picked):
        st.success(t("quiz.right"), icon=":material/check_circle:")
    else:
        st.error(t("quiz.wrong", answer=said), icon=":material/cancel:")
    st.markdown(t(f"quiz.q.{shown.id}.explain", answer=said, **shown.values))
    if shown.plot is not None:
        labels = {word: t(f"quiz.plot.{word}") for word in LABEL_KEYS}
        figure = quiz_figure(shown.plot, labels=labels, names=names, lecture=lecture_mode())
        title = f"{t('nav.quiz')} {shown.id}"
        chart(figure, key=f"quiz_plot_{shown.id}", filename=f"quiz-{shown.id}", title=title)
    spec = page(shown.page)
    link = f"{t('quiz.learn_more')}: {t(f'nav.{spec.url_path}')}"
    st.page_link(page_target(spec.url_path), label=link, icon=spec.icon, query_params=url_state())
