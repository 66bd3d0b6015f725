"""A key result area from HR's page to the export (issue 16), in Chromium
with keys and clicks: HR adds an area to a job profile on its page; the
employee with that profile names it on a result goal of her goal-setting
conversation and shares her preparation; the cycle's export (XML, in
Dutch and in English, and the CSV) carries the area with the goal.

The people, profile and cycle are the test's own (made with SQL, as HR's
organisation import would)."""

import uuid

import pytest
from lxml import etree

from conftest import login
from helpers import insert

HR = "hanna"
PASSWORD = "demo"
NS = {"r": "urn:gesprek:report:1"}
AREA_KEY, AREA_NL, AREA_EN = "wijkzorg", "Zorg in de wijk", "Care in the neighbourhood"
GOAL = "Elke week twee huisbezoeken"


def one(stack, sql):
    rows = stack.sql(sql)
    assert len(rows) == 1, f"{sql}: {rows}"
    return rows[0][0]


@pytest.fixture
def org(stack):
    """A profile without areas, a manager and an employee with that
    profile, and an open cycle with her dossier and its conversations."""
    tag = uuid.uuid4().hex[:6]
    o = {"tag": tag}
    dep = insert(stack, "department", name=f"Wijkzorg {tag}")
    o["profile"] = insert(stack, "job_profile", pkey=f"wijk-{tag}", name_nl=f"Wijkwerker {tag}")
    o["mgr_login"], o["emp_login"] = f"leider{tag}", f"werker{tag}"
    o["mgr"] = insert(stack, "employee", login=o["mgr_login"], name=f"Leider {tag}",
                      department_id=dep, active=1)
    o["emp"] = insert(stack, "employee", login=o["emp_login"], name=f"Werker {tag}",
                      department_id=dep, manager_id=o["mgr"], job_profile_id=o["profile"],
                      active=1)
    for who in (o["mgr_login"], o["emp_login"]):
        stack.add_pam_user(who, PASSWORD)
    o["cycle"] = insert(stack, "cycle", name=f"Gebieden {tag}", starts_on="2032-01-01",
                        ends_on="2032-12-31", status="open",
                        rating_scale="onvoldoende|voldoende|goed")
    o["dossier"] = insert(stack, "dossier", cycle_id=o["cycle"], employee_id=o["emp"],
                          manager_id=o["mgr"])
    o["gs"] = insert(stack, "conversation", dossier_id=o["dossier"], type="goal_setting", seq=1,
                     due_on="2032-02-15")
    return o


def export(stack, new_session, cycle, suffix="xml", lang=None):
    s = new_session()
    assert login(s, HR, PASSWORD).status_code == 303
    headers = {"Accept-Language": lang} if lang else {}
    r = s.get(f"/reports/cycles/{cycle}.{suffix}", headers=headers)
    assert r.status_code == 200, r.status_code
    return r


def test_hr_adds_an_area_the_employees_goal_names_it_the_export_carries_it(
        stack, capsys, new_session, org):
    bj = pytest.importorskip("test_browser_journey")
    By, WebDriverWait = bj.By, bj.WebDriverWait
    o = org
    stack.sql("DELETE FROM login_attempt")

    def body(shots, browsers):
        hanna = bj.Browser(HR, stack.base_url, shots)
        browsers.append(hanna)
        hanna.login(HR)
        hanna.open("/admin/profiles")
        hanna.follow(f"a[href='/admin/profiles/{o['profile']}']")
        assert "nog geen resultaatgebieden" in hanna.main_text()
        hanna.type("area-new-area_key", AREA_KEY)
        hanna.type("area-new-area_name", AREA_NL)
        hanna.type("area-new-area_name_en", AREA_EN)
        hanna.shot("areas-01-add")
        old = hanna.d.find_element(By.TAG_NAME, "html")
        hanna.click(hanna.css("#area-add"))
        WebDriverWait(hanna.d, bj.WAIT).until(bj.gone(old))
        hanna.wait_loaded()
        assert hanna.path() == f"/admin/profiles/{o['profile']}", hanna.main_text()[:2000]
        area = int(one(stack, f"SELECT id FROM job_profile_area WHERE profile_id ="
                              f" {o['profile']} AND akey = '{AREA_KEY}'"))
        assert hanna.css(f"#area-{area}-area_name").get_property("value") == AREA_NL
        hanna.shot("areas-02-added")

        werker = bj.Browser(o["emp_login"], stack.base_url, shots)
        browsers.append(werker)
        werker.login(o["emp_login"])
        gs = o["gs"]
        werker.open(f"/conversations/{gs}")
        form = werker.open_editor(f"/conversations/{gs}/items/new?kind=result#new-result")
        werker.type("new-result-title", GOAL)
        werker.choose("new-result-area", area)
        werker.shot("areas-03-goal")
        werker.submit_ok(form, f"/conversations/{gs}")
        li = werker.item(GOAL, section="result")
        assert AREA_NL in li.text, li.text
        werker.submit_ok(werker.form(f"/conversations/{gs}/share"), f"/conversations/{gs}")

    bj.browser_test(stack, capsys, "key result areas", body)

    assert stack.sql(f"SELECT title, area_id FROM item WHERE dossier_id = {o['dossier']}") == \
        [(GOAL, one(stack, f"SELECT id FROM job_profile_area WHERE profile_id = {o['profile']}"))]
    for lang, name in ((None, AREA_NL), ("en", AREA_EN)):
        doc = etree.fromstring(export(stack, new_session, o["cycle"], lang=lang).content)
        items = doc.xpath("//r:dossier/r:item", namespaces=NS)
        assert [(i.findtext("r:title", namespaces=NS), i.get("area")) for i in items] == \
            [(GOAL, name)], lang
    csv = export(stack, new_session, o["cycle"], "csv").content.decode("utf-8-sig")
    row = [line for line in csv.splitlines() if GOAL in line]
    assert len(row) == 1 and f'"{AREA_NL}"' in row[0], csv[:2000]
