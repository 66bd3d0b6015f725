"""The second assessor in the browser (issue 17, "Done when"), in Chromium
with keys and clicks, as a manager, his manager and an employee:

  manager   rates the result goal and confirms the overall rating, holds
            and finalizes the assessment (its form asks for a second
            assessor);
  second    finds it on the dashboard, returns it once with a reason;
  manager   reads the reason and finalizes again;
  second    changes the goal's rating with a reason and approves;
  employee  sees the old and new rating, the reason and who changed it,
            and signs; the manager signs: closed, and the signed snapshot
            (its SHA-256 verified) holds the change and its reason.

The people, their department and the cycle are the test's own (made with
SQL, as HR's organisation import would)."""

import hashlib
import uuid

import pytest

from helpers import insert, walk_person
from reviewtools import browser_rate_and_finalize, events, one, second_template

PASSWORD = "demo"
SCALE = "onvoldoende|matig|voldoende|goed|uitstekend"
RATING, CHANGED = 3, 4           # the manager's goal rating, the second assessor's
RETURN_REASON = "Licht de beoordeling van het klantproject toe."
CHANGE_REASON = "Het klantproject overtrof wat was afgesproken."


def person(stack, label, dep, manager=None):
    return walk_person(stack, label, dep, "Tweede", manager, PASSWORD)


@pytest.fixture
def org(stack):
    """A department with a director, a manager under her and an employee;
    an open cycle with the employee's dossier and its assessment on a form
    that asks for a second assessor."""
    tag = uuid.uuid4().hex[:6]
    o = {"tag": tag}
    o["dep"] = insert(stack, "department", name=f"Tweede lijn {tag}")
    o["boss"], o["boss_login"] = person(stack, "directeur", o["dep"])
    o["mgr"], o["mgr_login"] = person(stack, "manager", o["dep"], o["boss"])
    o["emp"], o["emp_login"] = person(stack, "medewerker", o["dep"], o["mgr"])
    o["cycle"] = insert(stack, "cycle", name=f"Tweede lijn {tag}", starts_on="2032-01-01",
                        ends_on="2032-12-31", status="open", rating_scale=SCALE)
    o["dossier"] = insert(stack, "dossier", cycle_id=o["cycle"], employee_id=o["emp"],
                          manager_id=o["mgr"])
    o["asm"] = insert(stack, "conversation", dossier_id=o["dossier"], type="assessment", seq=1,
                      due_on="2032-11-01", template_version_id=second_template(stack))
    return o


def test_second_assessor_returns_changes_and_approves(stack, capsys, org):
    bj = pytest.importorskip("test_browser_journey")
    o, cid = org, org["asm"]
    here = f"/conversations/{cid}"

    def finalize(b):
        b.submit_ok(b.form(f"{here}/finalize"), here)
        assert b.status() == "finalized", b.main_text()[:2000]

    def body(shots, browsers):
        mgr = bj.Browser(o["mgr_login"], stack.base_url, shots)
        browsers.append(mgr)
        mgr.login(o["mgr_login"])
        goal = browser_rate_and_finalize(bj, mgr, cid, {"title": "Klantproject afronden",
                                                        "measure": "Opgeleverd en getekend"},
                                         RATING, "Goed gedaan.", "Een goed jaar.")
        # The employee cannot sign yet: it waits for the second assessor.
        assert not mgr.has("form#sign")
        assert "tweede beoordelaar" in mgr.css("#section-signoff").text.lower()
        mgr.shot("second-01-finalized")

        # ---- the second assessor returns it once ----
        boss = bj.Browser(o["boss_login"], stack.base_url, shots)
        browsers.append(boss)
        boss.login(o["boss_login"])
        boss.follow(f"#reviews a[href='{here}#review']")
        assert boss.path() == here
        boss.click(boss.css("#review details:last-of-type > summary"))
        boss.type("review-return-reason", RETURN_REASON)
        boss.submit_ok(boss.css("form#review-return"), here)
        assert boss.status() == "held"
        assert not boss.has("form#review-approve")
        boss.shot("second-02-returned")

        # ---- the manager reads the reason and finalizes again ----
        mgr.refresh()
        assert RETURN_REASON in mgr.css("#review").text
        finalize(mgr)

        # ---- the second assessor changes the rating and approves ----
        boss.refresh()
        boss.click(boss.css("#review details > summary"))
        change = boss.css(f"form#review-change-item-{goal}")
        boss.choose(f"review-change-item-{goal}-rating", CHANGED)
        boss.type(f"review-change-item-{goal}-reason", CHANGE_REASON)
        boss.submit_ok(change, here)
        boss.submit_ok(boss.css("form#review-approve"), here)
        assert not boss.has("form#review-approve")
        boss.shot("second-03-approved")
        assert [e[0] for e in events(stack, cid)] == ["return", "change", "approve"]

        # ---- the employee sees the change and its reason, and signs ----
        emp = bj.Browser(o["emp_login"], stack.base_url, shots)
        browsers.append(emp)
        emp.login(o["emp_login"])
        emp.open(here)
        shown = emp.css("#review").text
        assert CHANGE_REASON in shown and "Directeur Tweede" in shown, shown
        line = emp.css("#review p.review-change").text
        assert f"({RATING})" in line and f"({CHANGED})" in line, line
        emp.shot("second-04-employee")
        bj.sign(emp, cid, "agree")
        assert emp.path() == here, emp.main_text()[:2000]
        mgr.refresh()
        bj.sign(mgr, cid, "agree")
        sealed = bj.assert_closed_page(mgr, cid)
        mgr.shot("second-05-closed")
        snap, sha = stack.sql(f"SELECT HEX(xml), sha256 FROM snapshot WHERE"
                              f" conversation_id = {cid}")[0]
        body_bytes = bytes.fromhex(snap)
        assert sha == sealed and hashlib.sha256(body_bytes).hexdigest() == sha
        assert CHANGE_REASON.encode() in body_bytes and RETURN_REASON.encode() in body_bytes
        assert "1 verified" in stack.ctl("verify", str(cid)).stdout
        assert one(stack, f"SELECT rating FROM item_update WHERE item_id = {goal}"
                          f" AND conversation_id = {cid}") == str(CHANGED)
        emp.refresh()
        assert CHANGE_REASON in emp.css("#review").text

    bj.browser_test(stack, capsys, "second assessor walk", body)
