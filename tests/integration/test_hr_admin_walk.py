"""An HR administrator runs a cycle without seeing its content (issue 17,
"Done when"), in Chromium with keys and clicks: from the dashboard through
the menu to the cycle, starts it for two people of a department of the
test's own (with the confirmation), follows the reports to the list of
dossiers; the employee meanwhile writes a goal.  The administrator sees
counts and names of the list, no link into a dossier, and a dossier,
conversation, export or audit trail typed in the address bar answers the
stranger's refusal; nothing she did is in the read audit."""

import uuid

import pytest

import hr_roles
from conftest import login
from helpers import insert, xml

pytestmark = pytest.mark.skipif(not hr_roles.ROOT, reason="NSS groups need real accounts (root)")

SECRET = "Geheim doel van de medewerker"


@pytest.fixture
def org(stack):
    tag = uuid.uuid4().hex[:6]
    o = {"tag": tag}
    o["dep"] = insert(stack, "department", name=f"Beheerwijk {tag}")
    o["mgr_login"] = f"bmgr{tag}"
    o["mgr"] = insert(stack, "employee", login=o["mgr_login"], name=f"Bas Baas {tag}",
                      department_id=o["dep"], active=1)
    o["logins"] = [f"bemp{tag}", f"bwrk{tag}"]
    o["emps"] = [insert(stack, "employee", login=who, name=f"Medewerker {i} {tag}",
                        department_id=o["dep"], manager_id=o["mgr"], active=1)
                 for i, who in enumerate(o["logins"], start=1)]
    for who in [o["mgr_login"]] + o["logins"]:
        stack.add_pam_user(who, hr_roles.PASSWORD)
    o["cycle"] = insert(stack, "cycle", name=f"Beheercyclus {tag}", starts_on="2031-01-01",
                        ends_on="2031-12-31", status="planned",
                        rating_scale="onvoldoende|matig|voldoende|goed|uitstekend")
    stack.sql(f"INSERT INTO cycle_step (cycle_id, seq, type, due_on) VALUES"
              f" ({o['cycle']}, 1, 'goal_setting', '2031-03-01')")
    return o


@pytest.fixture
def admin(stack):
    made = hr_roles.make(stack, assign=False)
    yield made["admin"]
    hr_roles.remove(stack, made)


def test_an_administrator_runs_a_cycle_without_seeing_content(stack, capsys, org, admin,
                                                              new_session):
    bj = pytest.importorskip("test_browser_journey")
    o = org

    def body(shots, browsers):
        b = bj.Browser("beheer", stack.base_url, shots)
        browsers.append(b)
        b.login(admin)
        # The menu has the administration and the reports, not the trail.
        assert not b.has("a[href='/admin/audit']")
        b.follow("nav a[href='/admin']")
        b.follow("a[href='/admin/cycles']")
        b.follow(f"a[href='/admin/cycles/{o['cycle']}']")
        b.check("start-scope-list")
        b.type("start-logins", " ".join(o["logins"]))
        b.shot("hr-admin-01-start")
        b.submit(b.form(f"/admin/cycles/{o['cycle']}/start"))
        assert b.has("#confirm-form"), b.main_text()[:2000]
        b.submit(b.css("#confirm-form"))
        assert b.path() == f"/admin/cycles/{o['cycle']}", b.main_text()[:2000]
        dossiers = stack.sql(f"SELECT id FROM dossier WHERE cycle_id = {o['cycle']} ORDER BY id")
        assert len(dossiers) == 2, "the start made both dossiers"
        dossier = int(dossiers[0][0])
        conv = int(stack.sql(f"SELECT id FROM conversation WHERE dossier_id = {dossier}")[0][0])

        # The employee writes a goal of her own (shared with her manager).
        s = new_session()
        assert login(s, o["logins"][0], hr_roles.PASSWORD).status_code == 303
        token = xml(s.get("/.xml")).get("csrf")
        r = s.post(f"/conversations/{conv}/items", data={
            "kind": "result", "title": SECRET, "measure": "Alleen voor ons tweeën",
            "deadline": "2031-06-30", "csrf": token}, allow_redirects=False)
        assert r.status_code == 303, r.text[:1000]

        # The reports: counts and states of the cycle, then the people.
        b.follow("nav a[href='/reports']")
        b.open(f"/reports?cycle={o['cycle']}&department={o['dep']}")
        assert f"Beheercyclus {o['tag']}" in b.main_text()
        b.open(f"/reports/people?cycle={o['cycle']}&department={o['dep']}&metric=dossiers")
        text = b.main_text()
        assert f"Medewerker 1 {o['tag']}" in text and f"Medewerker 2 {o['tag']}" in text
        assert not b.has("a[href^='/dossiers/']"), "no way into a dossier"
        assert SECRET not in b.d.page_source
        b.shot("hr-admin-02-people")

        # Typed in the address bar: the stranger's refusal, without the goal.
        for path in (f"/dossiers/{dossier}", f"/conversations/{conv}",
                     f"/admin/audit?entity=dossier&id={dossier}"):
            b.open(path)
            assert b.d.find_element(bj.By.TAG_NAME, "h1").text, path
            assert SECRET not in b.d.page_source, path
            assert "403" in b.d.title or "toegang" in b.main_text().lower(), \
                (path, b.d.title, b.main_text()[:500])
        b.shot("hr-admin-03-refused")
        # The export and the people behind a rating: refused as to a stranger.
        cookies = {c["name"]: c["value"] for c in b.d.get_cookies()}
        for path in (f"/reports/cycles/{o['cycle']}.csv",
                     f"/reports/people?cycle={o['cycle']}&metric=rating.3"):
            r = new_session().get(path, cookies=cookies, allow_redirects=False)
            assert r.status_code == 403, path
            assert SECRET.encode() not in r.content
        aid = hr_roles.employee_id(stack, admin)
        assert stack.sql(f"SELECT COUNT(*) FROM read_audit WHERE reader_id = {aid}") == [("0",)]

    bj.browser_test(stack, capsys, "hr administrator walk", body)
