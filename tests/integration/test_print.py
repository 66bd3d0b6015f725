"""A closed report prints as a clean document.

Headless Chromium (logged in as the employee, with the session cookie of a
login through the form) prints the closed goal-setting conversation of
pagestates.py to PDF with the print stylesheet (Page.printToPDF through
execute_cdp_cmd, no browser header or footer: what the page itself prints);
pdftotext (poppler-utils) extracts the text, page by page, and the test
checks:

  * both signatures (names, verdicts, the "seen" remark) and the SHA-256 of
    the snapshot are printed, and so are the goals;
  * no navigation, session or form text (menu, logout, buttons, skip link);
  * page numbers "n / N" on every page (CSS @page margin boxes, which this
    Chromium supports); printToPDF's own footer is off, so they come from
    gesprek.css, as they do when a person prints;
  * the report is in the language of the browser, Dutch and English.

The PDFs are kept in $GESPREK_LOG_DIR/screenshots (else the stack's work
dir) to look at.
"""

import base64
import re
import shutil
import subprocess

import pytest
from lxml import etree

import pagestates
import webtools

webtools.need_browser()

PDFTOTEXT = shutil.which("pdftotext")
A4 = {"paperWidth": 8.27, "paperHeight": 11.69}   # inches
HEX64 = re.compile(r"\b[0-9a-f]{64}\b")


def browser_as(stack, user, lang):
    """A Chromium with the session cookie of `user` (logged in over HTTP)."""
    st = pagestates.build(stack)
    s = st.session(user, lang)
    d = webtools.chrome(lang)
    d.get(stack.base_url + "/static/gesprek.css")
    for c in s.cookies:
        d.add_cookie({"name": c.name, "value": c.value, "path": "/", "secure": True})
    return d


def print_pdf(driver, path):
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {
        **A4, "printBackground": False, "displayHeaderFooter": False,
        "preferCSSPageSize": True})
    path.write_bytes(base64.b64decode(pdf["data"]))
    return path


def pdf_pages(path):
    """The text of each page (pdftotext -layout; pages split at form feeds)."""
    res = subprocess.run([PDFTOTEXT, "-layout", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    pages = res.stdout.split("\f")
    return [p for p in pages if p.strip()]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_closed_report_prints_clean(stack, lang):
    if PDFTOTEXT is None:
        pytest.fail("pdftotext is missing: tests/deps.sh installs poppler-utils", pytrace=False)
    st = pagestates.build(stack)
    cid = st.ids["closed"]
    snap = etree.fromstring(st.session("eva", lang).get(f"/conversations/{cid}.xml").content)
    sha = snap.xpath("/page/conversation/snapshots/snapshot/@sha256")[-1]
    names = {s.get("role"): s.get("name") for s in snap.xpath("/page/conversation/signatures/signature")}
    d = browser_as(stack, "eva", lang)
    try:
        d.get(f"{stack.base_url}/conversations/{cid}")
        assert d.find_element("css selector", "html").get_dom_attribute("lang") == lang
        out = webtools.shots_dir(stack) / f"print-conversation-closed-{lang}.pdf"
        pages = pdf_pages(print_pdf(d, out))
    finally:
        d.quit()
    text = "\n".join(pages)
    flat = " ".join(text.split())
    cat = {m.get("key"): m.text for m in etree.parse(
        str(webtools.REPO / "xslt" / "i18n" / f"{lang}.xml")).getroot().iter("msg")}

    # the content: goals, both signatures, the fingerprint
    for goal in (g["title"] for g in pagestates.GOALS):
        assert goal in flat, f"goal {goal!r} not printed"
    assert set(names) == {"employee", "manager"}
    for role, name in names.items():
        assert name in flat, f"signature of the {role} ({name}) not printed"
    assert cat["status.seen"] in flat and cat["status.agree"] in flat, "both verdicts printed"
    assert " ".join(pagestates.SEEN_REMARK.split()) in flat, "the employee's remark"
    # the hash may wrap in the narrow column: join the hex runs back together
    hexes = re.sub(r"[^0-9a-f]", "", text.replace("\n", ""))
    assert sha in flat.replace(" ", "") or sha in hexes, f"SHA-256 {sha} not printed"

    # no navigation, session or form controls
    for key in ("nav.home", "nav.logout", "nav.skip", "nav.admin", "nav.reports",
                "conversation.ics", "footer.text"):
        if key in cat:
            assert cat[key] not in flat, f"{key} ({cat[key]!r}) printed"

    # page numbers on every page: "1 / N" ... "N / N"
    n = len(pages)
    assert n >= 1
    for i, page in enumerate(pages, 1):
        assert re.search(rf"(?<![0-9]){i}\s*/\s*{n}(?![0-9])", page), f"no page number '{i} / {n}' on page {i}:\n{page[-600:]}"
