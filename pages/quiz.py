"""小测验: predict, reveal, see why and the plot; the score lives in session state."""

import streamlit as st

from activations import REGISTRY
from activations.gated import GATED
from ui.errors import safe_callback
from ui.i18n import current_lang, t
from ui.layout import lecture_mode, url_state
from ui.navigation import page
from ui.quiz import display, questions, score
from ui.quiz_figures import LABEL_KEYS, quiz_figure
from ui.render import chart

PICKS, ROUND = "quiz_picks", "quiz_round"  # session state: {question id: pick}, reset counter
bank = questions()
lang = current_lang()
names = {key: getattr(unit, f"name_{lang}") for key, unit in {**REGISTRY, **GATED}.items()}
picks = st.session_state.setdefault(PICKS, {})
st.session_state.setdefault(ROUND, 0)


def label(choice) -> str:
    if isinstance(choice, bool):
        return t("quiz.true") if choice else t("quiz.false")
    return display(choice)


@safe_callback
def start_over() -> None:
    picks.clear()
    st.session_state[ROUND] += 1


st.title(t("nav.quiz"))
st.caption(t("quiz.intro"))
right, answered = score(bank, picks)
tally, progress, restart = st.columns((1, 2, 1), vertical_alignment="center")
tally.metric(t("quiz.score"), t("quiz.score_value", right=right, answered=answered))
progress.progress(answered / len(bank), t("quiz.progress", answered=answered, total=len(bank)))
restart.button(t("quiz.reset"), on_click=start_over, icon=":material/restart_alt:")
if answered == len(bank):
    st.info(t("quiz.all_done", total=len(bank), right=right))

number = st.pagination(len(bank), key="question", bind="query-params", max_visible_pages=9)
question = bank[number - 1]
revealed = question.id in picks
widget = f"quiz_pick_{st.session_state[ROUND]}_{question.id}"
with st.container(border=True):
    topic = t("quiz.question_label", number=number, topic=names[question.topic])
    st.caption(f"{topic} · {t(f'quiz.kind_{question.kind}')}")
    st.markdown(f"#### {t(f'quiz.q.{question.id}.prompt', **question.values)}")
    index = question.choices.index(picks[question.id]) if revealed else None
    pick = st.radio(
        t("quiz.pick"), question.choices, index, label, widget, horizontal=True, disabled=revealed
    )
    if st.button(t("quiz.reveal"), type="primary", disabled=revealed or pick is None):
        picks[question.id] = pick
        st.rerun()
    if pick is None:
        st.caption(t("quiz.pick_first"))

if revealed:
    answer = label(question.answer)
    if question.is_correct(picks[question.id]):
        st.success(t("quiz.right"), icon=":material/check_circle:")
    else:
        st.error(t("quiz.wrong", answer=answer), icon=":material/cancel:")
    st.markdown(t(f"quiz.q.{question.id}.explain", answer=answer, **question.values))
    if question.plot is not None:
        labels = {word: t(f"quiz.plot.{word}") for word in LABEL_KEYS}
        figure = quiz_figure(question.plot, labels=labels, names=names, lecture=lecture_mode())
        chart(figure, key=f"quiz_plot_{question.id}", filename=f"quiz-{question.id}")
    spec = page(question.page)
    link = f"{t('quiz.learn_more')}: {t(f'nav.{spec.url_path}')}"
    st.page_link(spec.file, label=link, icon=spec.icon, query_params=url_state())
