import json, time, pytest, pagestates, webtools
from test_a11y import TAGS, ENGLISH_TOO, RUN_AXE

def test_prof(stack):
    b = webtools.chrome("nl")
    axe = (webtools.node_tools() / "node_modules" / "axe-core" / "axe.min.js").read_text()
    rows = []
    t0 = time.monotonic()
    pages = pagestates.pages(stack)
    print("pages", time.monotonic() - t0)
    htmls = []
    for page in pages:
        for lang in pagestates.LANGS:
            if lang == "en" and page.name not in ENGLISH_TOO:
                continue
            status, html = pagestates.fetch(stack, page, lang)
            htmls.append((page.name, lang, html))
    import pathlib
    d = pathlib.Path("/tmp/speedprof/html"); d.mkdir(exist_ok=True)
    for n, l, h in htmls:
        (d / f"{n}.{l}.html").write_text(h)
    print("fetch", time.monotonic() - t0)
    for n, l, h in htmls:
        t = time.monotonic()
        webtools.show_html(b, stack.base_url, h)
        t1 = time.monotonic()
        b.execute_script("document.querySelectorAll('details').forEach(function (d) { d.open = true; });")
        if b.execute_script("return typeof axe") == "undefined":
            b.execute_script(axe)
        t2 = time.monotonic()
        v = b.execute_async_script(RUN_AXE, TAGS)
        t3 = time.monotonic()
        nodes = b.execute_script("return document.getElementsByTagName('*').length")
        rows.append((t3 - t2, t1 - t, n, l, len(h), nodes))
    rows.sort(reverse=True)
    with open("/tmp/speedprof/perpage.txt", "w") as f:
        for r in rows:
            f.write("%.3f %.3f %s %s %d %d\n" % r)
        f.write("total axe %.1f show %.1f\n" % (sum(r[0] for r in rows), sum(r[1] for r in rows)))
    # per-rule timing on the 5 slowest pages
    b.quit()
