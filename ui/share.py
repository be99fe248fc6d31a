"""分享给全班 / Share with the class: the current view's link and a QR code for the room.

The teacher projects a page in lecture mode; the students should open the *same view* on
their phones, but not the teacher's session switches: lecture mode (projector type) and the
export format are the lecturer's, not part of the view. The language stays: the class reads
the language the lecture is given in.

The server does not know the address students reach it by (a campus proxy, a laptop's LAN
address), so the link starts from the browser's own URL (``st.context.url``, the page's
address without its query) and adds the query parameters the page has now.

The control is a sidebar button drawn once by ``app.py``; it opens a dialog, so the link and
the QR code are made only when asked for (a lecture hall's reruns never pay for them), and
from the query parameters of that moment (after any slider the teacher moved).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno

from ui.routes import LESSON_KEY, ROUTE_KEY
from views.url_keys import EXPORT_KEY, LECTURE_KEY

# The lecturer's switches: how the projector shows a view and where the lesson route stands,
# not which view it is.
TEACHER_ONLY = frozenset({LECTURE_KEY, EXPORT_KEY, LESSON_KEY, ROUTE_KEY})
# Error correction "M" survives a smudged or glare-struck projection (15 % of the code);
# the SVG has no fixed size, so the page sizes it to the screen's height.
QR_ERROR = "m"
FALLBACK_ORIGIN = "http://localhost:8501"
# The code as large as the dialog allows without scrolling: the back row of a hall scans it
# off the projector. ``st.image`` shows the SVG (``st.html`` would strip it).
QR_CSS = """<style>
[role="dialog"] [data-testid="stImage"] img {
  width: min(62vh, 100%) !important; height: auto; margin: 0 auto; display: block;
}
</style>"""


def class_link(page_url: str, params: Mapping[str, str | Sequence[str]]) -> str:
    """The link for the students: ``page_url`` with ``params``, minus the teacher's switches.

    ``page_url`` is the page's address (any query or fragment on it is dropped);
    multi-valued parameters (a multiselect) repeat their key, as Streamlit writes them.

    >>> class_link("http://10.0.0.5:8501/swish", {"beta": "2", "lecture": "1", "lang": "en"})
    'http://10.0.0.5:8501/swish?beta=2&lang=en'
    >>> class_link("https://lab.example.edu/playground?x=1", {"acts": ["relu", "tanh"]})
    'https://lab.example.edu/playground?acts=relu&acts=tanh'
    """
    scheme, netloc, path, _, _ = urlsplit(page_url)
    kept = [
        (name, value)
        for name, values in params.items()
        if name not in TEACHER_ONLY
        for value in ([values] if isinstance(values, str) else values)
    ]
    return urlunsplit((scheme, netloc, path, urlencode(kept), ""))


def page_address(browser_url: str | None, host: str | None, url_path: str) -> str:
    """The page's address: the browser's URL when the session knows it, else built from the
    request's ``Host`` header (or localhost) and the page's ``url_path``.

    >>> page_address("https://lab.example.edu/app/swish", None, "swish")
    'https://lab.example.edu/app/swish'
    >>> page_address(None, "192.168.1.20:8501", "relu")
    'http://192.168.1.20:8501/relu'
    >>> page_address(None, None, "")
    'http://localhost:8501/'
    """
    if browser_url:
        return browser_url
    origin = f"http://{host}" if host else FALLBACK_ORIGIN
    return f"{origin}/{url_path}"


def qr_code(link: str) -> segno.QRCode:
    """The QR code of ``link`` (the smallest version that holds it at error level M)."""
    return segno.make(link, error=QR_ERROR, micro=False)


def qr_svg(link: str) -> str:
    """``link`` as an inline SVG QR code without a fixed size: black on white, with the
    four-module quiet zone a phone's camera needs to find it."""
    return qr_code(link).svg_inline(omitsize=True, border=4, dark="#000000", light="#FFFFFF")


def share_control(url_path: str) -> None:
    """The sidebar button that opens the share dialog (every page; ``app.py`` draws it)."""
    import streamlit as st

    from ui.i18n import t

    if st.sidebar.button(
        t("share.button"), icon=":material/qr_code_2:", key="share_button", width="stretch"
    ):
        _dialog(t("share.title"))(url_path)


def _dialog(title: str):
    import streamlit as st

    return st.dialog(title, width="large")(_share_body)


def _share_body(url_path: str) -> None:
    import streamlit as st

    from ui.i18n import t

    params = {name: st.query_params.get_all(name) for name in st.query_params}
    address = page_address(st.context.url, st.context.headers.get("Host"), url_path)
    link = class_link(address, params)
    st.caption(t("share.link_caption"))
    st.code(link, language=None, wrap_lines=True)
    st.html(QR_CSS)
    st.image(qr_svg(link), caption=t("share.qr_alt"), width="stretch")
    st.caption(t("share.qr_caption"))
