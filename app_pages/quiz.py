"""小测验: predict, reveal, see why and the plot; the score lives in session state."""

import streamlit as st

from activations import REGISTRY
from activations.gated import GATED
from ui.errors import safe_callback
from ui.i18n import current_lang, t
from ui.layout import lecture_mode, page_target, url_state
from ui.navigation import page
from ui.quiz import PAGE_TOPICS, display, question, question_ids, revealed_choices, score
from ui.quiz_figures import LABEL_KEYS, quiz_figure
from ui.render import chart, references
from ui.strings import function_name
from ui.url_keys import in_url

PICKS, ROUND = "quiz_picks", "quiz_round"  # session state: {question id: pick}, reset counter
ids = question_ids()  # each question is built when first shown (its SymPy facts)
lang = current_lang()
names = {key: function_name(key, lang) for key in {**REGISTRY, **GATED}}
names |= {topic: t(f"nav.{topic}") for topic in PAGE_TOPICS}
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
right, answered = score(tuple(question(qid) for qid in picks if qid in ids), picks)
tally, progress, restart = st.columns((1, 2, 1), vertical_alignment="center")
tally.metric(t("quiz.score"), t("quiz.score_value", right=right, answered=answered))
progress.progress(answered / len(ids), t("quiz.progress", answered=answered, total=len(ids)))
restart.button(t("quiz.reset"), on_click=start_over, icon=":material/restart_alt:")
if answered == len(ids):
    st.info(t("quiz.all_done", total=len(ids), right=right))

number = st.pagination(len(ids), **in_url("question"), max_visible_pages=9)
shown = question(ids[number - 1])
revealed = shown.id in picks
widget = f"quiz_pick_{st.session_state[ROUND]}_{shown.id}"
with st.container(border=True):
    topic = t("quiz.question_label", number=number, topic=names[shown.topic])
    st.caption(f"{topic} · {t(f'quiz.kind_{shown.kind}')}")
    st.markdown(f"#### {t(f'quiz.q.{shown.id}.prompt', **shown.values)}")
    if revealed:  # the answer highlighted among the choices, the pick (if any) marked
        line = revealed_choices(shown, picks[shown.id], label)  # escaped computed labels
        st.markdown(t("quiz.choices_line", choices=line), unsafe_allow_html=True)
    else:
        pick = st.radio(t("quiz.pick"), shown.choices, None, label, widget, horizontal=True)
        check, show = st.columns(2)
        if check.button(t("quiz.reveal"), type="primary", disabled=pick is None):
            picks[shown.id] = pick
            st.rerun()
        # The lecturer, after the room has voted by hands: the answer without a pick of its own.
        if show.button(t("quiz.reveal_direct"), icon=":material/visibility:"):
            picks[shown.id] = None
            st.rerun()
        if pick is None:
            st.caption(t("quiz.pick_first"))

if revealed:
    answer = label(shown.answer)
    if picks[shown.id] is None:
        st.info(t("quiz.revealed", answer=answer), icon=":material/visibility:")
    elif shown.is_correct(picks[shown.id]):
        st.success(t("quiz.right"), icon=":material/check_circle:")
    else:
        st.error(t("quiz.wrong", answer=answer), icon=":material/cancel:")
    st.markdown(t(f"quiz.q.{shown.id}.explain", answer=answer, **shown.values))
    if shown.plot is not None:
        labels = {word: t(f"quiz.plot.{word}") for word in LABEL_KEYS}
        figure = quiz_figure(shown.plot, labels=labels, names=names, lecture=lecture_mode())
        title = f"{t('nav.quiz')} {shown.id}"
        chart(figure, key=f"quiz_plot_{shown.id}", filename=f"quiz-{shown.id}", title=title)
    spec = page(shown.page)
    link = f"{t('quiz.learn_more')}: {t(f'nav.{spec.url_path}')}"
    st.page_link(page_target(spec.url_path), label=link, icon=spec.icon, query_params=url_state())
references("quiz")
