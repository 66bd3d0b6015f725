"""Issue 17's second assessor per cycle and the HR advisor's list, in
Chromium with keys and clicks:

  HR        on the cycle's page chooses "always a second assessor";
  manager   rates, holds and finalizes an assessment whose form does not
            ask for one: the cycle does, so it waits for his manager;
  advisor   (an HR advisor of the test's department) opens "Dossiers"
            from the menu, filters by the cycle and the employee's name,
            and follows the row to the dossier; the read is recorded.

The people, their department and the cycle are the test's own (made with
SQL, as HR's organisation import would)."""

import uuid

import pytest

import hr_roles
from helpers import DEPARTMENT_PATHS_FILL, insert
from reviewtools import one, review_row, second_template

pytestmark = pytest.mark.skipif(not hr_roles.ROOT, reason="NSS groups need real accounts (root)")

PASSWORD = "demo"
SCALE = "onvoldoende|matig|voldoende|goed|uitstekend"
RATING = 4


def person(stack, label, dep, manager=None):
    login = f"{label}{uuid.uuid4().hex[:6]}"
    cols = {"login": login, "name": f"{label.capitalize()} Wandel {login[-6:]}",
            "department_id": dep, "active": 1}
    if manager:
        cols["manager_id"] = manager
    eid = insert(stack, "employee", **cols)
    stack.add_pam_user(login, PASSWORD)
    return eid, login


@pytest.fixture
def org(stack):
    tag = uuid.uuid4().hex[:6]
    o = {"tag": tag}
    o["dep"] = insert(stack, "department", name=f"Wandellijn {tag}")
    stack.sql(DEPARTMENT_PATHS_FILL)
    o["boss"], o["boss_login"] = person(stack, "directeur", o["dep"])
    o["mgr"], o["mgr_login"] = person(stack, "manager", o["dep"], o["boss"])
    o["emp"], o["emp_login"] = person(stack, "medewerker", o["dep"], o["mgr"])
    o["emp_name"] = one(stack, f"SELECT name FROM employee WHERE id = {o['emp']}")
    o["cycle"] = insert(stack, "cycle", name=f"Wandellijn {tag}", starts_on="2033-01-01",
                        ends_on="2033-12-31", status="open", rating_scale=SCALE)
    o["dossier"] = insert(stack, "dossier", cycle_id=o["cycle"], employee_id=o["emp"],
                          manager_id=o["mgr"])
    o["asm"] = insert(stack, "conversation", dossier_id=o["dossier"], type="assessment", seq=1,
                      due_on="2033-11-01",
                      template_version_id=second_template(stack, required=False))
    o["logins"] = hr_roles.make(stack, assign=False)
    stack.sql("INSERT INTO hr_advisor_department (employee_id, department_id) SELECT id,"
              f" {o['dep']} FROM employee WHERE login = '{o['logins']['advisor']}'")
    yield o
    hr_roles.remove(stack, o["logins"])


def test_cycle_requires_and_advisor_finds_the_dossier(stack, capsys, org):
    bj = pytest.importorskip("test_browser_journey")
    o, cid = org, org["asm"]
    here, cycle_page = f"/conversations/{cid}", f"/admin/cycles/{org['cycle']}"

    def body(shots, browsers):
        # ---- HR: the cycle asks a second assessor, whatever the form says ----
        hr = bj.Browser("hanna", stack.base_url, shots)
        browsers.append(hr)
        hr.login("hanna")
        hr.open(cycle_page)
        hr.choose("second_assessor-second_assessor", "required")
        hr.submit_ok(hr.form(f"{cycle_page}/second-assessor"), cycle_page)
        assert "Altijd een tweede beoordelaar" in hr.css("#second-assessor-now").text
        assert one(stack, f"SELECT second_assessor FROM cycle WHERE id = {o['cycle']}") == \
            "required"
        hr.shot("gaps17-01-cycle-required")

        # ---- the manager finalizes: it waits for his manager ----
        mgr = bj.Browser(o["mgr_login"], stack.base_url, shots)
        browsers.append(mgr)
        mgr.login(o["mgr_login"])
        mgr.open(here)
        goal = bj.add_item(mgr, cid, "result", {"title": "Project afronden",
                                                "measure": "Opgeleverd"})
        bj.hold(mgr, cid)
        form = mgr.open_editor(f"{here}/items/{goal}/update#upd-{goal}")
        mgr.choose(f"upd-{goal}-rating", RATING)
        mgr.type(f"upd-{goal}-note", "Goed gedaan.")
        mgr.submit_ok(form, here)
        overall = mgr.css(f"form#overall[action='{here}/overall']")
        mgr.choose("overall-rating", RATING)
        mgr.type("overall-note", "Een goed jaar.")
        mgr.submit_ok(overall, here)
        mgr.submit_ok(mgr.form(f"{here}/finalize"), here)
        assert mgr.status() == "finalized"
        assert not mgr.has("form#sign")
        assert "tweede beoordelaar" in mgr.css("#section-signoff").text.lower()
        assert review_row(stack, cid) == ("finalized", "pending", o["boss"])
        mgr.shot("gaps17-02-waits")

        # ---- the advisor finds the dossier in their list ----
        adv = bj.Browser(o["logins"]["advisor"], stack.base_url, shots)
        browsers.append(adv)
        adv.login(o["logins"]["advisor"])
        adv.follow("nav a[href='/advisor/dossiers']")
        assert adv.path() == "/advisor/dossiers"
        adv.choose("f-cycle", o["cycle"])
        adv.type("f-q", o["emp_name"])
        adv.submit(adv.form("/advisor/dossiers"))
        assert adv.path() == "/advisor/dossiers"
        rows = adv.all("table.list tbody tr")
        assert len(rows) == 1 and o["emp_name"] in rows[0].text, [r.text for r in rows]
        adv.shot("gaps17-03-advisor-list")
        adv.follow(f"a[href='/dossiers/{o['dossier']}']")
        assert adv.path() == f"/dossiers/{o['dossier']}"
        assert o["emp_name"] in adv.main_text()
        # the list's read and the dossier's are recorded
        kinds = [k for k, in stack.sql(
            "SELECT r.kind FROM read_audit r JOIN employee e ON e.id = r.reader_id"
            f" WHERE e.login = '{o['logins']['advisor']}' ORDER BY r.id")]
        assert "people" in kinds and "dossier" in kinds, kinds

    bj.browser_test(stack, capsys, "second assessor per cycle and advisor list", body)
