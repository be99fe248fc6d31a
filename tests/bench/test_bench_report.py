"""``python -m bench`` reads its claims from the sections' tables and survives a missing or
failing section (the benchmarks themselves are not run here: they are not tests)."""

from __future__ import annotations

from bench.__main__ import Section, claims, render, run_section

APP = """| page | slider | rerun after slider change, fresh value (ms) | same, seen value (ms) \
| first render (ms) | vs bare page | Plotly payload (KB) |
|---|---|---:|---:|---:|---:|---:|
| sigmoid | x0 | 80 | 40 | 1200 | 1.10× | 60.2 |
| swish | beta | 120 | 45 | 1300 | 1.25× | 70.0 |

Bare page: first render 1000 ms. App server peak RSS after visiting every page: 210 MB."""
CORE = """| function | params | points | max err f (ulp*) | max err f′ (ulp*) |
|---|---|---|---|---|
| sigmoid | — | 300 | 0.50 | 1.20 |
| gelu | — | 300 | 2.10 | 4.50 |"""


def test_claims_take_the_worst_row_and_mark_it():
    found = {
        c.what: c
        for c in claims({"app": Section("app", "", APP), "core": Section("core", "", CORE)})
    }
    ratio = found["first render vs a bare Streamlit page (same run)"]
    assert (ratio.measured, ratio.mark) == ("1.25× (worst: swish)", "❌")
    assert found["Plotly payload per page"].mark == "✅"
    assert found["app server peak RSS after visiting the pages"].measured == "210 MB"
    assert found["core accuracy, f′ (condition-aware ulp)"].mark == "❌"
    assert found["core accuracy, f (condition-aware ulp)"].mark == "✅"


def test_missing_and_failing_sections_are_reported_and_the_rest_continues():
    missing = run_section("no_such_benchmark", "Nothing")
    assert "missing" in missing.error

    def broken() -> str:
        raise RuntimeError("the benchmark fell over")

    failing = run_section("app", "App", broken)
    assert "RuntimeError: the benchmark fell over" in failing.error
    text = render([("date", "today")], [missing, failing], claims({"app": failing}))
    assert "⚠️" in text and "not measured" in text and "❔" in text


def test_server_tracebacks_keep_the_apps_own_frames_and_the_failure():
    from harness.server import ROOT, tracebacks

    log = f"""INFO started
Traceback (most recent call last):
  File "{ROOT}/.venv/lib/python3.11/site-packages/streamlit/exec_code.py", line 88, in run
    exec(code, module.__dict__)
  File "{ROOT}/ui/errors.py", line 104, in start_page
    for key in bound_keys() - SHARED_PARAMS:
  File "/usr/lib/python3.11/functools.py", line 1, in wrapper
    return f()
  File "/usr/lib/python3.11/ast.py", line 50, in parse
    return compile(source, filename, mode, flags,
SystemError: AST constructor recursion depth mismatch (before=48, after=44)
INFO later
"""
    (only,) = tracebacks(log)
    assert f"{ROOT}/ui/errors.py" in only and "bound_keys()" in only
    assert "exec_code.py" not in only  # library frames before the last ones are dropped
    assert only.endswith(
        "SystemError: AST constructor recursion depth mismatch (before=48, after=44)"
    )
    assert "INFO later" not in only
