"""The controls' scripts home prefetches (``ui.prefetch``)."""

from __future__ import annotations

from ui.prefetch import CONTROLS, chunks, prefetch_script, preloaded, static_js


def _write(folder, files):
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_chunks_follow_static_imports_and_skip_what_every_page_loads(tmp_path):
    _write(
        tmp_path,
        {
            "Slider.a1.js": 'import{x}from"./moment.b2.js";import"./index.c3.js";',
            "moment.b2.js": 'import{y}from"./numbro.d4.js";import{z}from"./gone.e5.js";',
            "numbro.d4.js": 'import{x}from"./moment.b2.js";',  # a cycle ends
            "index.c3.js": "",
            "Other.f6.js": "",
        },
    )
    assert chunks(tmp_path, ["Slider"], loaded=["index.c3.js"]) == (
        "Slider.a1.js",
        "moment.b2.js",
        "numbro.d4.js",
    )
    assert chunks(tmp_path, ["Missing"]) == ()


def test_the_installed_streamlit_has_a_script_for_every_control():
    folder = static_js()
    every_page = preloaded(folder.parent.parent / "index.html")
    assert any(name.startswith("index.") for name in every_page) and len(every_page) > 10
    found = chunks(folder, CONTROLS, every_page)
    for kind in CONTROLS:
        assert any(name.startswith(f"{kind}.") for name in found), kind
    assert not set(found) & set(every_page)


def test_the_script_names_each_file_beside_the_entry_script_once_per_tab():
    script = prefetch_script(["Slider.a1.js", "moment.b2.js"])
    assert '["Slider.a1.js", "moment.b2.js"]' in script
    assert "window.labPrefetched" in script and 'link.rel = "prefetch"' in script
    assert "new URL(name, entry.src)" in script
