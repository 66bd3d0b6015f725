"""WCAG 2.1 AA with axe-core (npm, pinned in tests/node/) in headless
Chromium, on every page in every state of pagestates.py: login (empty and
with an error), dashboards of employee, manager and HR, dossier, every
state of a conversation from both sides, forms with errors, the 409
conflict, admin and report pages, error pages 403 and 404.

Each page is the HTML gesprekd answered (also to a POST that showed errors),
put into the browser at the stack's origin so that /static/gesprek.css
applies (colour contrast is measured on the real design).  Every <details>
is opened first, so the forms that open on demand are checked too.

All pages in Dutch; the pages whose structure differs per language (login,
forms with errors, error pages, a conversation) in English as well.
Violations are reported with rule id, impact and the offending nodes.
"""

import pytest

import pagestates
import webtools

webtools.need_browser()

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
ENGLISH_TOO = {"login", "login-error", "dashboard-employee", "conversation-finalized-employee",
               "form-item-errors", "form-sign-error", "conflict-409", "error-403", "error-404"}

RUN_AXE = """
var done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then(function (r) {
    done(r.violations.map(function (v) {
      return {id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 5).map(function (n) {
                return n.target.join(' ') + ' -- ' + (n.failureSummary || '').replace(/\\s+/g, ' ');
              })};
    }));
  })
  .catch(function (e) { done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]); });
"""


@pytest.fixture(scope="module")
def browser(stack):
    d = webtools.chrome("nl")
    yield d
    d.quit()


def test_no_axe_violation_on_any_page(stack, browser):
    axe = (webtools.node_tools() / "node_modules" / "axe-core" / "axe.min.js").read_text()
    report, checked = [], 0
    for page in pagestates.pages(stack):
        for lang in pagestates.LANGS:
            if lang == "en" and page.name not in ENGLISH_TOO:
                continue
            status, html = pagestates.fetch(stack, page, lang)
            assert status == page.status, f"{page.name} ({lang}): {status}"
            webtools.show_html(browser, stack.base_url, html)
            browser.execute_script(
                "document.querySelectorAll('details').forEach(function (d) { d.open = true; });")
            # axe-core (half a megabyte of script) once per browser, not once
            # per page: Page.setDocumentContent writes the new page into the
            # same window, so the one loaded stays; should a page ever get
            # a window of its own, axe is gone and loaded again.
            if browser.execute_script("return typeof axe") == "undefined":
                browser.execute_script(axe)
            for v in browser.execute_async_script(RUN_AXE, TAGS):
                report.append(f"{page.name} ({lang}) {v['id']} [{v['impact']}]: {v['help']}\n"
                              + "\n".join(f"      {n}" for n in v["nodes"]))
            checked += 1
    assert not report, f"axe-core found {len(report)} violations:\n" + "\n".join(report)
    assert checked >= 40
