"""bench.wire's table: brotli through nginx and plain http (gzip) judged apart."""

from __future__ import annotations

from bench.wire import FIRST_VISIT_AIM, PLAIN_HTTP, Wire, report

MB = 1024 * 1024


def test_the_report_judges_nginx_and_plain_http_first_visits_apart():
    pages = ["glu", "swish"]
    direct = {path: (Wire(8 * MB, 100), Wire(40 * 1024, 0)) for path in pages}
    proxied = {path: (Wire(int(2.7 * MB), 107 * 1024, 131), Wire(99 * 1024, 0)) for path in pages}
    plain = {"glu": Wire(int(3.1 * MB)), "swish": Wire(int(2.9 * MB))}
    text = report(direct, proxied, pages, plain)
    glu = next(line for line in text.splitlines() if line.startswith("| glu |"))
    assert glu.split(" | ")[1:5] == ["8.00", "2.80", "3.10", "107"]  # nginx: HTTP + websocket
    assert "Worst first visit through nginx: 2.80 MB" in text and "✅" in text
    assert "plain http (no brotli): worst first visit 3.10 MB (glu) ❌" in text
    plain["glu"] = Wire(FIRST_VISIT_AIM)
    assert "worst first visit 3.00 MB (glu) ✅" in report(direct, proxied, pages, plain)


def test_plain_http_asks_for_no_brotli():
    assert "br" not in PLAIN_HTTP["Accept-Encoding"].replace(" ", "").split(",")
