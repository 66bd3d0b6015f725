"""Every page in every state (pagestates.py), in Dutch and English, passes
the HTML5 validator html-validate (npm, pinned in tests/node/).

The rules are tests/htmlvalidate.json: the "recommended" preset with three
deliberate changes -- libxslt's html output writes boolean attributes both
as required="required" and as a bare `selected`, and HTML5 allows either
(attribute-boolean-style off); a label may wrap its control and also name it
with for= (no-redundant-for off: it helps older assistive technology);
titles carry a person's or cycle's name and may pass 70 characters
(long-title off).  Everything else -- unknown or misplaced elements and
attributes, duplicate ids, unlabeled controls, invalid nesting, deprecated
markup -- fails the test with the page, the line and the rule.
"""

import json
import subprocess

import pagestates
import webtools

CONFIG = webtools.REPO / "tests" / "htmlvalidate.json"
VALIDATE_TIMEOUT = 180  # seconds for one html-validate run over all pages


def test_every_page_is_valid_html5(stack, tmp_path):
    node = webtools.node_tools()
    files = {}
    for page, lang, status, html in pagestates.all_fetched(stack):
        assert status == page.status, f"{page.name} ({lang}): {status}, expected {page.status}"
        f = tmp_path / f"{page.name}-{lang}.html"
        f.write_text(html, encoding="utf-8")
        files[str(f)] = f"{page.name} ({lang}) {page.method} {page.path}"
    cli = node / "node_modules" / ".bin" / "html-validate"
    res = subprocess.run([str(cli), "--config", str(CONFIG), "--formatter", "json", *files],
                         capture_output=True, text=True, stdin=subprocess.DEVNULL,
                         timeout=VALIDATE_TIMEOUT)
    assert res.stdout.strip(), f"html-validate printed nothing (exit {res.returncode}):\n{res.stderr}"
    problems = []
    for result in json.loads(res.stdout):
        for m in result["messages"]:
            problems.append(f"{files.get(result['filePath'], result['filePath'])}: "
                            f"{m['line']}:{m['column']} {m['ruleId']}: {m['message']} "
                            f"[{m.get('selector') or ''}]")
    assert not problems, f"{len(problems)} HTML problems:\n" + "\n".join(problems[:80])
    assert res.returncode == 0, res.stderr
    assert len(files) >= 70, "every page state in both languages was checked"
