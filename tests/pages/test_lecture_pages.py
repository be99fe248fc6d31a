"""The lecture-companion pages: home, glossary and quiz, lecture mode and figure export.

Quiz answers are checked against the registry by an independent route (a fine NumPy grid, or
the FFN matrices counted by hand), so a wrong symbolic fact or a slip in the bank shows up.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from activations import REGISTRY
from activations.gated import GATED
from harness.appdriver import figures, run_app, run_page
from ui.hardware_page import CHOICES as HARDWARE_CHOICES
from views.cards import CAPTION_CLASS, CARDS_CLASS
from views.content import COLUMNS_CLASS, sections
from views.figures import chart_config, safe_filename, style
from views.glossary import search, terms
from views.home_figures import (
    LINEAGE,
    OVERVIEW_KEYS,
    OVERVIEW_POINTS,
    grid,
    legend_name,
    overview_figure,
)
from views.navigation import PAGES
from views.quiz import PAGE_TOPICS, ChainPlot, FfnPlot, FunctionPlot, display, questions, score
from views.quiz_figures import LABEL_KEYS, quiz_figure
from views.strings import LANGUAGES, translate

ROOT = Path(__file__).resolve().parents[2]
URL_PATHS = {spec.url_path for spec in PAGES}
MARKDOWN_LINK = re.compile(r"\]\((\./|[a-z-]+)(?:\?([^)]*))?\)")
BANK = {question.id: question for question in questions()}
FINE = np.linspace(-8.0, 8.0, 160_001)  # step 1e-4


def _links(at) -> list[tuple[str, str]]:
    """(target url_path, query string) of every st.page_link on the page and every Markdown
    link to a page of the app (the lesson plans: ``[Sigmoid](sigmoid?lang=en)``)."""
    files = {
        info["page_script_hash"]: info["script_path"] for info in at._registered_pages.values()
    }
    url_paths = {str(ROOT / spec.file): spec.url_path for spec in PAGES}
    in_app = {spec.url_path for spec in PAGES} | {"./"}
    return [
        (url_paths[files[link.proto.page_script_hash]], link.proto.query_string)
        for link in at.get("page_link")
    ] + [
        ("home" if path == "./" else path, query)
        for block in at.markdown
        for path, query in MARKDOWN_LINK.findall(block.value)
        if path in in_app
    ]


def _config(at, index: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.config)


# --- home ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_shows_every_classic_function_in_the_overview(lang):
    at = run_page("app_pages/home.py", lang=lang)
    assert not at.exception
    [overview] = figures(at)
    names = [trace["name"] for trace in overview["data"] if trace.get("showlegend") is not False]
    assert names == [legend_name(REGISTRY[key], lang) for key in OVERVIEW_KEYS]
    assert names[0] == "Sigmoid"
    assert len(overview["data"]) == 2 * len(OVERVIEW_KEYS)  # f on top, f′ below
    # the five of /hardware are left to their page: thirty curves crowd the names out
    assert set(REGISTRY) - set(OVERVIEW_KEYS) == set(HARDWARE_CHOICES)


def test_home_links_reach_every_page_and_keep_the_language():
    at = run_page("app_pages/home.py", lang="en", lecture="1")
    links = _links(at)
    assert {target for target, _ in links} | {"home"} == URL_PATHS
    # the 90-minute route and its quiz questions aside
    plain = {query for _, query in links if "lesson=" not in query and "question=" not in query}
    assert plain == {"lang=en&lecture=1"}


def test_home_links_are_plain_in_the_default_language():
    at = run_page("app_pages/home.py")
    plain = {q for _, q in _links(at) if "lesson=" not in q and "question=" not in q}
    assert plain == {""}


def test_lineage_is_sigmoid_to_swiglu_and_each_step_has_a_page():
    assert [step for step, _ in LINEAGE] == [
        "sigmoid",
        "relu",
        "leaky_relu",
        "swish",
        "glu",
        "swiglu",
    ]
    for step, url_path in LINEAGE:
        assert step in REGISTRY or step in GATED
        assert url_path in URL_PATHS


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_prose_has_the_sections_the_page_renders(lang):
    found = sections("home", lang)
    assert "" in found, "the introduction before the first heading"
    for key in ("home.class_heading", "home.features_heading"):
        assert translate(key, lang) in found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_deep_links_in_the_class_section_open_real_pages(lang):
    text = sections("home", lang)[translate("home.class_heading", lang)]
    targets = re.findall(r"\]\(\./([a-z-]+)\?([^)]*)\)", text)
    assert targets, "the class section shows deep links"
    for url_path, query in targets:
        assert url_path in URL_PATHS
        assert ("lang=en" in query) == (lang == "en")
    assert ("swish", "beta=2&lecture=1" if lang == "zh" else "lang=en&beta=2&lecture=1") in targets


def test_overview_figure_is_light_enough_for_a_classroom_wifi():
    x = grid(-5, 5, OVERVIEW_POINTS)
    fig = overview_figure(x, tuple(REGISTRY), names={}, lecture=True)
    assert len(fig.to_json()) < 150_000
    colours_and_dashes = {(trace.line.color, trace.line.dash) for trace in fig.data[::2]}
    assert len(colours_and_dashes) == len(REGISTRY), "every function has its own line style"


# --- glossary ------------------------------------------------------------------------------


def test_glossary_has_25_to_50_terms_each_linked_to_a_page():
    entries = terms()
    # a glossary a student reads through, not a dictionary (50: issue 22 brought four topics)
    assert 25 <= len(entries) <= 50
    assert len({term.zh for term in entries}) == len(entries)
    assert len({term.en for term in entries}) == len(entries)
    for term in entries:
        assert term.page in URL_PATHS, term
        assert all((term.zh, term.en, term.def_zh, term.def_en)), term


@pytest.mark.parametrize(
    "term", ["激活函数", "梯度消失", "梯度爆炸", "线性整流单元", "多层感知机", "反向传播", "门控"]
)
def test_glossary_uses_the_d2l_terms(term):
    assert term in {entry.zh for entry in terms()}


def test_glossary_search_finds_terms_first_in_either_language():
    assert search(terms(), "vanishing")[0].zh == "梯度消失"
    assert search(terms(), "梯度消失")[0].en == "vanishing gradient"
    assert search(terms(), "GATING")[0].zh == "门控"
    assert search(terms(), "") == list(terms())
    assert search(terms(), "no such term anywhere") == []


def _glossary_table(at) -> str:
    """The glossary's table (its count is a caption in the same element)."""
    block = next(block.value for block in at.markdown if "\n| " in block.value)
    return block[block.index("| ") :]


def test_glossary_page_filters_by_the_url_query():
    at = run_page("app_pages/glossary.py", q="relu")
    assert not at.exception
    assert at.text_input(key="q").value == "relu"
    rows = [line for line in _glossary_table(at).splitlines() if line.startswith("| **")]
    assert len(rows) == len(search(terms(), "relu")) > 0


def test_glossary_page_in_english_leads_with_the_english_term_and_keeps_the_language():
    at = run_page("app_pages/glossary.py", lang="en", q="gating")
    table = _glossary_table(at)
    assert table.splitlines()[0].startswith("| English | 中文 |")
    assert "| **gating** | 门控 |" in table
    assert "(./glu?lang=en)" in table


def test_glossary_page_sends_its_count_and_table_as_one_element():
    at = run_page("app_pages/glossary.py", q="relu")
    (table,) = [block.value for block in at.markdown if "\n| " in block.value]
    shown = len(search(terms(), "relu"))
    assert translate("glossary.count", "zh", shown=shown, total=len(terms())) in table
    assert not at.caption[1:]  # the intro only: the count is in the table's element


def test_glossary_page_says_so_when_nothing_matches():
    at = run_page("app_pages/glossary.py", q="$x$ zzz")
    assert not at.exception
    assert at.info and "zzz" in at.info[0].value


# --- quiz: the bank ------------------------------------------------------------------------


def test_quiz_answers_match_the_registry():
    sigmoid, tanh, swish = (REGISTRY[key] for key in ("sigmoid", "tanh", "swish"))
    assert BANK["sigmoid_grad_max"].answer == pytest.approx(np.max(sigmoid.grad(FINE)))
    assert BANK["tanh_grad_max"].answer == pytest.approx(np.max(tanh.grad(FINE)))
    chain = np.max(sigmoid.grad(FINE)) ** 10
    assert BANK["sigmoid_chain"].answer == pytest.approx(chain)
    assert BANK["relu_grad_at_0"].answer == float(REGISTRY["relu"].grad(0.0))
    assert BANK["leaky_grad_negative"].answer == pytest.approx(
        REGISTRY["leaky_relu"].defaults()["negative_slope"]
    )
    for beta, qid in ((1.0, "swish_min_at"), (2.0, "swish_min_at_beta2")):
        at = FINE[np.argmin(swish.fn(FINE, beta=beta))]
        assert BANK[qid].answer == pytest.approx(at, abs=2e-4)
    for key in ("gelu", "mish", "softplus"):
        assert BANK[f"{key}_grad_at_0"].answer == pytest.approx(float(REGISTRY[key].grad(0.0)))


def test_quiz_ffn_answers_count_the_matrices():
    llama = BANK["swiglu_param_count"]
    d_model, d_ff = int(llama.values["d_model"]), int(llama.values["d_ff_gated"])
    w, v, w2 = (np.empty((d_model, d_ff)), np.empty((d_model, d_ff)), np.empty((d_ff, d_model)))
    assert llama.answer == w.size + v.size + w2.size
    assert d_ff == 11008  # LLaMA-7B's published hidden size (Touvron et al. 2023)
    matched = BANK["swiglu_matched_hidden"]
    d_model, d_ff = int(matched.values["d_model"]), int(matched.values["d_ff"])
    assert 3 * d_model * matched.answer == 2 * d_model * d_ff


def test_quiz_misconceptions_are_judged_false_where_the_article_erred():
    true_items = {"leaky_default_slope", "silu_is_swish1", "gelu_tanh_close"}
    for question in BANK.values():
        if question.kind == "truefalse":
            assert question.answer == (question.id in true_items), question.id
    assert sum(question.kind == "truefalse" for question in BANK.values()) >= 10


@pytest.mark.parametrize("question", BANK.values(), ids=BANK.keys())
def test_quiz_question_is_well_formed_in_both_languages(question):
    assert question.choices.count(question.answer) == 1
    shown = [display(choice) for choice in question.choices]
    assert len(set(shown)) == len(shown), "two choices look the same"
    assert question.page in URL_PATHS
    assert question.topic in REGISTRY or question.topic in GATED or question.topic in PAGE_TOPICS
    for lang in LANGUAGES:
        translate(f"quiz.q.{question.id}.prompt", lang, **question.values)
        text = translate(f"quiz.q.{question.id}.explain", lang, answer="·", **question.values)
        assert "{" not in text


@pytest.mark.parametrize(
    "question", [q for q in BANK.values() if q.plot], ids=lambda question: question.id
)
def test_quiz_plot_draws(question):
    labels = {word: translate(f"quiz.plot.{word}", "zh") for word in LABEL_KEYS}
    fig = quiz_figure(question.plot, labels=labels, names={}, lecture=False)
    assert fig.data
    if isinstance(question.plot, FunctionPlot) and question.plot.x0 is not None:
        marker_x = [t.x[0] for t in fig.data if t.mode == "markers"]
        assert question.plot.x0 in marker_x
    if isinstance(question.plot, FfnPlot):
        totals = [a.text for a in fig.layout.annotations]
        assert len(totals) == 2
    if isinstance(question.plot, ChainPlot):
        assert fig.layout.yaxis.type == "log"


def test_score_counts_right_and_answered():
    first, second = list(BANK.values())[:2]
    assert score(tuple(BANK.values()), {}) == (0, 0)
    # None: the lecturer revealed the answer for the room without a pick; nobody's answer.
    assert score(tuple(BANK.values()), {first.id: first.answer, second.id: None}) == (1, 1)
    assert score(tuple(BANK.values()), {first.id: first.answer, second.id: not second.answer}) == (
        1,
        2,
    )


# --- quiz: the page ------------------------------------------------------------------------


def test_quiz_reveals_the_answer_the_plot_and_keeps_score():
    at = run_page("app_pages/quiz.py")
    assert not at.exception
    question = next(iter(BANK.values()))
    assert at.button[1].disabled  # nothing picked yet: no reveal
    assert not figures(at)
    at.radio[0].set_value(question.answer).run()
    at.button[1].click().run()
    assert not at.exception
    assert at.success, "the right answer is praised"
    assert len(figures(at)) == 1, "the plot comes with the answer"
    assert at.metric[0].value == "1 / 1"
    assert not at.radio, "after the reveal the choices are shown marked, not as a control"
    assert at.get("page_link")[0].proto.page == question.page


def test_quiz_wrong_answer_shows_the_right_one_and_start_over_clears_the_score():
    at = run_page("app_pages/quiz.py", lang="en", question="21")
    question = list(BANK.values())[20]
    wrong = next(choice for choice in question.choices if choice != question.answer)
    at.radio[0].set_value(wrong).run()
    at.button[1].click().run()
    assert at.error and display(question.answer) in at.error[0].value
    assert at.metric[0].value == "0 / 1"
    at.button[0].click().run()  # start over
    assert at.metric[0].value == "0 / 0"
    assert at.radio[0].value is None and not at.radio[0].disabled


def test_quiz_deep_link_opens_a_question():
    at = run_page("app_pages/quiz.py", question="9")
    assert BANK["swish_min_at"] == list(BANK.values())[8]
    assert translate("quiz.q.swish_min_at.prompt", "zh") in at.markdown[0].value


# --- lecture mode and export ---------------------------------------------------------------


def test_lecture_mode_enlarges_figures_and_folds_prose():
    normal = run_page("app_pages/home.py")
    lecture = run_page("app_pages/home.py", lecture="1")
    assert figures(normal)[0]["layout"]["font"]["size"] == style(False)["font"]
    assert figures(lecture)[0]["layout"]["font"]["size"] == style(True)["font"]
    assert style(True)["line"] > style(False)["line"]
    labels = [expander.label for expander in lecture.expander]
    assert translate("app.intro", "zh") in labels
    assert translate("home.class_heading", "zh") in labels
    assert not normal.expander


PROSE_PAGES = {  # page file: its prose, content/<lang>/<name>.md
    "app_pages/glu.py": "glu",
    "app_pages/swiglu.py": "swiglu",
    "app_pages/vanishing.py": "vanishing",
    "app_pages/dying_relu.py": "dying-relu",
    "app_pages/softmax.py": "softmax",
    "app_pages/regions.py": "regions",
}
CAPTIONS = re.compile(rf'<div class="{CAPTION_CLASS}">.*?</div>', re.DOTALL)
CONTROLS = {"slider", "selectbox", "number_input", "radio", "multiselect", "text_area", "pills"}


def _in_order(node):
    """``node`` and everything inside it, in the order the page shows them."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _in_order(child)


@pytest.mark.parametrize(("file", "name"), PROSE_PAGES.items(), ids=PROSE_PAGES.values())
@pytest.mark.parametrize("lang", LANGUAGES)
def test_lecture_mode_puts_figures_and_controls_before_the_folded_prose(file, name, lang):
    at = run_page(file, lecture="1", lang=lang)
    assert not at.exception
    shown = list(_in_order(at.main))
    kinds = [node.type for node in shown]
    headings = [heading or translate("app.intro", lang) for heading in sections(name, lang)]
    # the first fold of prose (a page's own folds, such as SwiGLU's code, may come before it)
    first_prose = next(
        i for i, node in enumerate(shown) if node.type == "expander" and node.label in headings
    )
    assert kinds.index("plotly_chart") < first_prose, "a figure opens the page"
    assert max(i for i, kind in enumerate(kinds) if kind in CONTROLS) < first_prose
    above = [node.value for node in shown[:first_prose] if node.type == "markdown"]
    data = ("|", f'<div class="{COLUMNS_CLASS}"', f'<dl class="{CARDS_CLASS}"', "<div style=")
    # a figure's captions, a section's tables and numbers may share one element; prose may not
    blocks = [part for text in above for part in CAPTIONS.sub("", text).split("\n\n")]
    paragraphs = [text for text in blocks if not text.startswith(data)]  # tables, formulas, numbers
    assert all(len(text) < 200 for text in paragraphs), "no paragraph of prose above the figures"
    folded = [node.label for node in shown[first_prose:] if node.type == "expander"]
    references = translate("app.references", lang)
    assert folded == [*headings, references], "every section once, folded, in the file's order"


def test_prose_stays_between_the_figures_outside_lecture_mode():
    kinds = [node.type for node in _in_order(run_page("app_pages/vanishing.py").main)]
    assert kinds.index("markdown") < kinds.index("plotly_chart") and "expander" not in kinds


def _chart_in_column(node, in_column: bool = False):
    """For every figure inside ``node``: whether it stands in a column (half width or less)."""
    if node.type == "plotly_chart":
        yield in_column
    for child in getattr(node, "children", {}).values():
        yield from _chart_in_column(child, in_column or node.type == "column")


def test_lecture_mode_stacks_relu_full_width_and_keeps_sigmoid_and_tanh_side_by_side():
    relu = "app_pages/relu.py"
    assert list(_chart_in_column(run_page(relu).main)) == [True, True], "side by side"
    at = run_page(relu, lecture="1")
    assert not at.exception
    assert list(_chart_in_column(at.main)) == [False, False], "one above the other"
    # Sigmoid and Tanh: the caption promises the two in one view, on the projector too.
    for query in ({}, {"lecture": "1"}):
        at = run_page("app_pages/sigmoid.py", **query)
        assert list(_chart_in_column(at.main)) == [True, True], query


def test_figures_download_as_png_by_default_with_a_meaningful_name():
    at = run_page("app_pages/home.py")
    options = _config(at)["toImageButtonOptions"]
    # ASCII on a Chinese page too (issue 24.13): course platforms and phones mangle others.
    assert options == {"format": "png", "filename": "activation-functions-overview", "scale": 2}


def test_export_format_switch_in_the_sidebar_gives_svg():
    at = run_app(lang="en")  # home; AppTest shows the sidebar only before a page switch
    language, export = at.sidebar.segmented_control
    assert (language.value, export.value) == ("en", "png")
    export.set_value("svg").run()
    options = _config(at)["toImageButtonOptions"]
    assert options["format"] == "svg"
    assert options["filename"] == "activation-functions-overview"


def test_export_format_can_be_seeded_from_the_url_and_bad_values_fall_back():
    assert _config(run_page("app_pages/home.py", export="SVG"))["toImageButtonOptions"][
        "format"
    ] == ("svg")
    assert _config(run_page("app_pages/home.py", export="gif"))["toImageButtonOptions"][
        "format"
    ] == ("png")


def test_chart_config_names_files_safely():
    assert safe_filename('swish β=2 / 导数: "x"') == "swish-beta-2-x"
    assert safe_filename(" / ") == "figure"
    assert chart_config("a b", "jpeg")["toImageButtonOptions"]["format"] == "png"
