"""分享给全班: the class link drops the teacher's switches, and its QR code reads back to it.

The round trip decodes the QR code with OpenCV's detector from a PNG of the same code (segno
draws both the PNG and the SVG the page shows from one matrix), so a phone's camera would read
what the page promises.
"""

from __future__ import annotations

import base64
import io
import re
from urllib.parse import parse_qs, urlsplit

import cv2
import numpy as np
import pytest

from harness.appdriver import run_page
from ui.share import class_link, qr_code, qr_svg
from views.strings import LANGUAGES, translate

LINKS = (
    "http://localhost:8501/swish?beta=2",
    "http://192.168.1.20:8501/playground?dataset=xor&acts=linear&acts=relu&epochs=1000",
    "https://lab.example.edu/app/custom?expr=x%2Atanh%28softplus%28x%29%29&lang=en",
    "http://10.0.0.5/vanishing?init=He&activation=ReLU&depth=20&lang=en",
)


def decode(link: str, scale: int = 6) -> str:
    """What OpenCV's QR detector reads from a PNG of ``link``'s code."""
    png = io.BytesIO()
    qr_code(link).save(png, kind="png", scale=scale, border=4)
    image = cv2.imdecode(np.frombuffer(png.getvalue(), np.uint8), cv2.IMREAD_GRAYSCALE)
    text, points, _ = cv2.QRCodeDetector().detectAndDecode(image)
    assert points is not None, f"no QR code found for {link}"
    return text


@pytest.mark.parametrize("link", LINKS)
def test_qr_code_reads_back_to_the_link(link):
    assert decode(link) == link


def test_qr_svg_is_scalable_black_on_white():
    svg = qr_svg(LINKS[0])
    assert svg.startswith("<svg") and "viewBox" in svg
    assert not re.search(r'<svg[^>]*\swidth="', svg), "a fixed width would not fit the screen"
    assert "#000" in svg.lower() or 'stroke="#000000"' in svg


def test_class_link_drops_lecture_and_export_only():
    link = class_link(
        "http://h:1/swish?old=1#x",
        {"beta": "2", "lecture": "1", "export": "svg", "lang": "en", "acts": ["a", "b"]},
    )
    scheme, host, path, query, fragment = urlsplit(link)
    assert (scheme, host, path, fragment) == ("http", "h:1", "/swish", "")
    assert parse_qs(query) == {"beta": ["2"], "lang": ["en"], "acts": ["a", "b"]}


def share_dialog(at):
    button = next(button for button in at.button if button.key == "share_button")
    button.click().run()
    return at


@pytest.mark.parametrize("lang", LANGUAGES)
def test_share_dialog_shows_the_view_without_lecture_mode(lang):
    query = {"beta": "2", "lecture": "1", "export": "svg", "lang": lang}
    at = share_dialog(run_page("app_pages/swish.py", **query))
    assert not at.exception
    links = [code.value for code in at.code if code.value.startswith("http")]
    assert len(links) == 1, links
    query = parse_qs(urlsplit(links[0]).query)
    assert urlsplit(links[0]).path == "/swish"
    assert query.get("beta") == ["2"]
    assert "lecture" not in query and "export" not in query
    assert query.get("lang") == (["en"] if lang == "en" else None)
    captions = " ".join(caption.value for caption in at.caption)
    assert translate("share.qr_caption", lang) in captions
    images = at.get("image")
    assert len(images) == 1, "one QR code"
    image = images[0].proto.imgs[0]
    assert image.caption == translate("share.qr_alt", lang)
    svg = base64.b64decode(image.url.removeprefix("data:image/svg+xml;base64,")).decode()
    assert svg.endswith(qr_svg(links[0]).split(">", 1)[1]), "the page shows the link's code"
    assert decode(links[0]) == links[0]


def test_share_button_is_on_every_page_and_opens_nothing_by_itself():
    at = run_page("app_pages/relu.py")
    assert any(button.key == "share_button" for button in at.sidebar.button)
    assert not [code for code in at.code if code.value.startswith("http")]
