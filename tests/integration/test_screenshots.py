"""Screenshots of the main pages (pagestates.py, main=True) at 360 px (a
small phone), 390 px (a common phone, the width the everyday-experience
issue names) and 1280 px (a laptop), Dutch, into $GESPREK_LOG_DIR/screenshots
(else the stack's work dir; the folder is printed) for people to look at.

What a machine can judge is checked too: on a phone nothing is wider than
the screen (no sideways scrolling of the page; wide tables scroll inside
their own box), and every page has its stylesheet applied.
"""

import base64

import pagestates
import webtools

webtools.need_browser()

WIDTHS = (360, 390, 1280)
HEIGHT = 900
MAX_SHOT_HEIGHT = 8000    # px: a full-page screenshot is cut off below this

OVERFLOW = """
var w = document.documentElement.clientWidth, wide = [];
document.querySelectorAll('body *').forEach(function (e) {
  var r = e.getBoundingClientRect();
  if (r.width > 0 && r.right > w + 1 && !e.closest('.table-wrap') && !e.closest('.visually-hidden'))
    wide.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
              (e.className && e.className.baseVal === undefined ? '.' + e.className.split(' ').join('.') : '') +
              ' ' + Math.round(r.right) + 'px');
});
return {scroll: document.documentElement.scrollWidth, width: w, wide: wide.slice(0, 8)};
"""


def shoot(d, path, width):
    size = d.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    height = min(max(int(size["height"]), HEIGHT), MAX_SHOT_HEIGHT)
    png = d.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    path.write_bytes(base64.b64decode(png["data"]))


def test_main_pages_on_phones_and_a_laptop(stack, capsys):
    shots = webtools.shots_dir(stack)
    with capsys.disabled():
        print(f"\n[screenshots] {shots}")
    problems, taken = [], 0
    pages = [p for p in pagestates.pages(stack) if p.main]
    for width in WIDTHS:
        d = webtools.chrome("nl", width=width, height=HEIGHT)
        try:
            d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": HEIGHT, "deviceScaleFactor": 1,
                "mobile": width < 600})
            for page in pages:
                status, html = pagestates.fetch(stack, page, "nl")
                assert status == page.status, f"{page.name}: {status}"
                webtools.show_html(d, stack.base_url, html)
                shoot(d, shots / f"{page.name}-{width}.png", width)
                taken += 1
                if width < 600:
                    o = d.execute_script(OVERFLOW)
                    if o["scroll"] > o["width"] or o["wide"]:
                        problems.append(f"{page.name} at {width}px: page {o['scroll']}px wide; {o['wide']}")
        finally:
            d.quit()
    with capsys.disabled():
        print(f"[screenshots] {taken} screenshots in {shots}")
    assert taken == len(pages) * len(WIDTHS)
    assert not problems, "wider than a phone:\n" + "\n".join(problems)
