"""Calibration in the browser (issue 17, "Done when"), in Chromium with
keys and clicks, as a manager, an HR advisor and an employee:

  manager   rates the result goal, confirms the final rating and
            finalizes the assessment: a proposed final rating;
  advisor   (hanna, HR advisor of every department) opens the calibration
            view from the dashboard, picks the cycle and the department,
            sees the rating in the manager's column, opens a round and
            proposes a higher rating with a reason;
  manager   finds the proposal on the dashboard and accepts it on the
            conversation page;
  employee  sees the new rating "changed in calibration by" the advisor
            with the reason, and signs; the manager signs: closed, and the
            signed snapshot (its SHA-256 verified) holds the change.

The people, their department and the cycle are the test's own (made with
SQL, as HR's organisation import would)."""

import hashlib
import uuid

import pytest

from helpers import insert, walk_person
from reviewtools import browser_rate_and_finalize, one, second_template

PASSWORD = "demo"
SCALE = "onvoldoende|matig|voldoende|goed|uitstekend"
RATING, CALIBRATED = 3, 4
REASON = "Vergeleken met de andere teams hoort dit resultaat bij 'goed'."


def person(stack, label, dep, manager=None):
    return walk_person(stack, label, dep, "Kalibratie", manager, PASSWORD)


@pytest.fixture
def org(stack):
    """A department with a manager and an employee; an open cycle with the
    employee's dossier and its assessment (no second assessor)."""
    tag = uuid.uuid4().hex[:6]
    o = {"tag": tag}
    o["dep"] = insert(stack, "department", name=f"Kalibratieteam {tag}")
    stack.ctl("rebuild-summaries", check=False)   # the department's ancestors and counts
    o["mgr"], o["mgr_login"] = person(stack, "manager", o["dep"])
    o["emp"], o["emp_login"] = person(stack, "medewerker", o["dep"], o["mgr"])
    o["cycle"] = insert(stack, "cycle", name=f"Kalibratie {tag}", starts_on="2033-01-01",
                        ends_on="2033-12-31", status="open", rating_scale=SCALE)
    o["dossier"] = insert(stack, "dossier", cycle_id=o["cycle"], employee_id=o["emp"],
                          manager_id=o["mgr"])
    o["asm"] = insert(stack, "conversation", dossier_id=o["dossier"], type="assessment", seq=1,
                      due_on="2033-11-01",
                      template_version_id=second_template(stack, required=False))
    return o


def test_advisor_proposes_manager_accepts_employee_signs(stack, capsys, org):
    bj = pytest.importorskip("test_browser_journey")
    o, cid = org, org["asm"]
    here = f"/conversations/{cid}"

    def body(shots, browsers):
        # ---- the manager's proposed final rating ----
        mgr = bj.Browser(o["mgr_login"], stack.base_url, shots)
        browsers.append(mgr)
        mgr.login(o["mgr_login"])
        browser_rate_and_finalize(bj, mgr, cid, {"title": "Jaarplan uitvoeren",
                                                 "measure": "Alle mijlpalen gehaald"},
                                  RATING, "Naar verwachting.", "Een degelijk jaar.")

        # ---- the advisor calibrates ----
        hr = bj.Browser("hanna", stack.base_url, shots)
        browsers.append(hr)
        hr.login("hanna")
        hr.follow("a.card[href='/calibration']")
        assert hr.path() == "/calibration"
        hr.choose("c-cycle", o["cycle"])
        hr.submit(hr.css("form#calibration-choose"))
        hr.choose("c-department", o["dep"])
        hr.submit(hr.css("form#calibration-choose"))
        cell = hr.css(f"#dist-0 td[data-manager='{o['mgr']}'][data-level='{RATING}']")
        assert cell.text == "1", hr.main_text()[:2000]
        assert "Medewerker Kalibratie" in hr.css("#people").text
        hr.submit_ok(hr.css("form#round-open"), "/calibration")
        assert "Ronde sluiten" in hr.css("#round").text
        propose = hr.css("form#calibration-propose")
        hr.choose("p-conversation", cid)
        hr.choose("p-rating", CALIBRATED)
        hr.type("p-reason", REASON)
        hr.submit_ok(propose, "/calibration")
        row = hr.css(f"#people tr[data-conversation='{cid}']")
        assert f"({CALIBRATED})" in row.text and "Hanna Visser" in row.text, row.text
        hr.shot("calibration-01-proposed")
        pid = int(one(stack, f"SELECT id FROM calibration_proposal WHERE conversation_id = {cid}"))

        # ---- the manager accepts ----
        mgr.open("/")
        mgr.follow(f"#calibrations a[href='{here}#calibration']")
        assert mgr.path() == here
        assert REASON in mgr.css("#calibration").text
        mgr.submit_ok(mgr.css(f"form#calibration-accept-{pid}"), here)
        assert one(stack, f"SELECT overall_rating FROM conversation WHERE id = {cid}") == str(CALIBRATED)
        mgr.shot("calibration-02-accepted")

        # ---- the employee sees who changed it and why, and signs ----
        emp = bj.Browser(o["emp_login"], stack.base_url, shots)
        browsers.append(emp)
        emp.login(o["emp_login"])
        emp.open(here)
        shown = emp.css("#review").text
        assert "Gewijzigd in kalibratie door Hanna Visser" in shown, shown
        assert REASON in shown, shown
        line = emp.css("#review p.review-change").text
        assert f"({RATING})" in line and f"({CALIBRATED})" in line, line
        assert not emp.has("#calibration")     # the proposals are the manager's
        emp.shot("calibration-03-employee")
        bj.sign(emp, cid, "agree")
        assert emp.path() == here, emp.main_text()[:2000]
        mgr.refresh()
        bj.sign(mgr, cid, "agree")
        sealed = bj.assert_closed_page(mgr, cid)
        snap, sha = stack.sql(f"SELECT HEX(xml), sha256 FROM snapshot WHERE"
                              f" conversation_id = {cid}")[0]
        body_bytes = bytes.fromhex(snap)
        assert sha == sealed and hashlib.sha256(body_bytes).hexdigest() == sha
        assert REASON.encode() in body_bytes and b'action="calibrate"' in body_bytes
        assert "1 verified" in stack.ctl("verify", str(cid)).stdout

    bj.browser_test(stack, capsys, "calibration walk", body)
