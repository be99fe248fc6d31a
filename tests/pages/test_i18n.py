"""Language parity: every string, content file and page exists in Chinese and in English.

The string tables and prose files are checked file by file, so a failure names the file and
the key that is missing on one side. The AppTests run every page of the navigation with
``?lang=en`` and check that the sidebar titles and the page itself are English, and that the
language survives a page switch (Streamlit clears the query string when the page changes).
"""

from __future__ import annotations

import re
import string
import tomllib
from pathlib import Path

import pytest

from harness.appdriver import run_app, run_page
from views.content import placeholders, raw, sections
from views.navigation import PAGES, SECTIONS
from views.strings import CONTENT_DIR, LANGUAGES, strings, translate

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
# Chinese an English reader may still see on purpose: the language switch names itself.
ENGLISH_PAGE_ALLOWS = ("语言 / Language", "中文")


def _ui_files(lang: str) -> set[str]:
    return {path.name for path in (CONTENT_DIR / lang / "ui").glob("*.toml")}


def _prose_files(lang: str) -> set[str]:
    return {path.name for path in (CONTENT_DIR / lang).glob("*.md")}


def _flat(path: Path) -> dict[str, str]:
    table: dict[str, str] = {}

    def walk(tree: dict, prefix: str) -> None:
        for key, value in tree.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict):
                walk(value, name)
            else:
                table[name] = str(value)

    with path.open("rb") as handle:
        walk(tomllib.load(handle), "")
    return table


def _fields(text: str) -> set[str]:
    """The ``{name}`` fields ``str.format`` fills in ``text``."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


# --- strings tables ------------------------------------------------------------------------


def test_both_languages_have_the_same_string_files():
    assert _ui_files("zh") == _ui_files("en")
    assert _ui_files("zh"), "no string tables found"


@pytest.mark.parametrize("name", sorted(_ui_files("zh") | _ui_files("en")))
def test_string_file_has_the_same_keys_in_both_languages(name):
    zh, en = (CONTENT_DIR / lang / "ui" / name for lang in LANGUAGES)
    assert zh.exists() and en.exists(), f"{name} exists in one language only"
    zh_keys, en_keys = set(_flat(zh)), set(_flat(en))
    assert sorted(zh_keys - en_keys) == [], f"keys only in zh/ui/{name}"
    assert sorted(en_keys - zh_keys) == [], f"keys only in en/ui/{name}"


@pytest.mark.parametrize("name", sorted(_ui_files("zh") & _ui_files("en")))
def test_string_placeholders_match_across_languages(name):
    zh = _flat(CONTENT_DIR / "zh" / "ui" / name)
    en = _flat(CONTENT_DIR / "en" / "ui" / name)
    mismatched = {
        key: (_fields(zh[key]), _fields(en[key]))
        for key in zh.keys() & en.keys()
        if _fields(zh[key]) != _fields(en[key])
    }
    assert mismatched == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_string_is_empty(lang):
    assert [key for key, value in strings(lang).items() if not value.strip()] == []


def test_english_strings_contain_no_chinese_except_on_purpose():
    # Keys whose English text names Chinese on purpose: the language switch, the column
    # heading "中文", and search hints inviting Chinese input.
    on_purpose = {"glossary.col_zh", "glossary.placeholder", "glossary.intro"}
    leaked = {
        key: text
        for key, text in strings("en").items()
        if key not in on_purpose and CJK.search(text.replace("中文", ""))
    }
    assert leaked == {}


# --- prose ---------------------------------------------------------------------------------


def test_both_languages_have_the_same_prose_files():
    zh, en = _prose_files("zh"), _prose_files("en")
    assert sorted(zh - en) == [], "content files only in Chinese"
    assert sorted(en - zh) == [], "content files only in English"


@pytest.mark.parametrize("name", sorted(_prose_files("zh") & _prose_files("en")))
def test_prose_has_the_same_shape_in_both_languages(name):
    stem = name.removesuffix(".md")
    assert placeholders(raw(stem, "zh")) == placeholders(raw(stem, "en"))
    assert len(sections(stem, "zh")) == len(sections(stem, "en")), "a section is missing"


# --- navigation ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_and_section_has_a_title(lang):
    table = strings(lang)
    missing = [f"nav.{spec.url_path}" for spec in PAGES if f"nav.{spec.url_path}" not in table]
    missing += [f"nav.section_{name}" for name in SECTIONS if f"nav.section_{name}" not in table]
    assert missing == []


def test_navigation_titles_follow_the_language():
    at = run_app(lang="en")
    titles = [info["page_name"] for info in at._registered_pages.values()]
    assert titles == [
        translate(f"nav.{spec.url_path}", "en")
        for section in SECTIONS
        for spec in PAGES
        if spec.section == section
    ]
    assert not any(CJK.search(title) for title in titles)


def _visible_text(at) -> list[str]:
    """Headings, prose, captions, alerts and widget labels of the main area."""
    texts = [element.value for kind in ("title", "header", "subheader") for element in at.get(kind)]
    texts += [element.value for element in at.main.get("markdown")]
    texts += [element.value for element in at.main.get("caption")]
    for kind in ("info", "warning", "error", "success"):
        texts += [element.value for element in at.main.get(kind)]
    for kind in ("button", "slider", "toggle", "checkbox", "radio", "selectbox", "text_input"):
        texts += [widget.label for widget in at.main.get(kind)]
    return [str(text) for text in texts]


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.url_path)
def test_every_page_is_english_with_lang_en(spec):
    at = run_page(spec.file, lang="en")
    assert not at.exception
    title = at.title[0].value if at.title else ""
    assert title and not CJK.search(title), f"title {title!r}"
    leaked = []
    for text in _visible_text(at):
        cleaned = text
        for allowed in ENGLISH_PAGE_ALLOWS:
            cleaned = cleaned.replace(allowed, "")
        if spec.url_path == "glossary":  # the glossary pairs each English term with Chinese
            cleaned = "\n".join(line for line in cleaned.splitlines() if not line.startswith("|"))
        if CJK.search(cleaned):
            leaked.append(text[:120])
    assert leaked == []


def test_switching_pages_keeps_the_language_and_lecture_mode():
    at = run_app(lang="en", lecture="1")
    assert at.title[0].value == translate("home.title", "en")
    at.query_params.clear()  # what the browser does on a page switch
    for file in ("app_pages/glossary.py", "app_pages/quiz.py"):
        at.switch_page(file).run()
        assert not at.exception
        assert not CJK.search(at.title[0].value)
        assert (at.session_state["lang"], at.session_state["lecture"]) == ("en", True)
    at.run()  # and the next rerun on the new page still reads English
    assert at.title[0].value == translate("nav.quiz", "en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_function_and_parameter_has_a_display_name(lang):
    from activations import REGISTRY
    from activations.gated import GATED
    from views.strings import function_name, param_label

    for key, entry in [*REGISTRY.items(), *GATED.items()]:
        assert function_name(key, lang).strip()
        for param in entry.params:
            assert param_label(param.name, lang).strip()
    assert function_name("sigmoid", "zh") != function_name("sigmoid", "en")
