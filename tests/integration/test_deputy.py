"""Deputies (vervangers) and a dossier that follows its employee to a new
manager (issue 17), over real HTTP.

The people, department and cycle are the test's own (employees made with
SQL, as HR's import would; the cycle started through HR's pages, so its
dossiers have their summaries), so the demo organisation stays as it is.
"Today" is the configured zone's (site.timezone), as gesprekd counts it:
the stack's clock cannot be moved, so the periods are made around it."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from conftest import login
from convtools import ORG_TABLES, WRITE_TABLES, unchanged
from helpers import insert, page, text_of, xml
from summaries import assert_recount_equal, keep_summaries, rebuild_summaries
from test_export_template import validate

HR = "hanna"
PASSWORD = "demo"
ZONE = "Europe/Amsterdam"           # tests/stack.py's site.timezone
DEPUTY_TABLES = ("deputy", "deputy_use", "audit")
SCALE = "onvoldoende / matig / voldoende / goed / uitstekend"


def today(offset=0):
    return (datetime.datetime.now(ZoneInfo(ZONE)).date()
            + datetime.timedelta(days=offset)).isoformat()


def one(stack, query):
    rows = stack.sql(query)
    return rows[0][0] if rows else None


def csrf(s):
    return xml(s.get("/.xml")).get("csrf")


def post(s, path, **fields):
    fields.setdefault("csrf", csrf(s))
    return s.post(path, data=fields, allow_redirects=False)


@pytest.fixture(scope="module", autouse=True)
def summaries_start(stack):
    """Earlier files wrote rows with SQL: judge only this file's writes."""
    rebuild_summaries(stack)


@pytest.fixture(autouse=True)
def clean_attempts(stack):
    stack.sql("DELETE FROM login_attempt")


@pytest.fixture
def as_user(new_session):
    cache = {}

    def get(user):
        if user not in cache:
            s = new_session()
            assert login(s, user, PASSWORD).status_code == 303, user
            cache[user] = s
        return cache[user]
    return get


@pytest.fixture
def org(stack, as_user):
    """A manager (mgr) with two reports (emp, emp2), a deputy (dep), a
    stranger (str), a second manager (mgr2); a cycle HR started for emp
    and emp2 (one goal setting each)."""
    tag = uuid.uuid4().hex[:6]
    o = {"tag": tag}
    dep_id = insert(stack, "department", name=f"Vervangteam {tag}")

    def person(label, manager=None):
        login_ = f"{label}{tag}"
        cols = {"login": login_, "name": f"{label.capitalize()} {tag}", "department_id": dep_id}
        if manager:
            cols["manager_id"] = manager
        eid = insert(stack, "employee", **cols)
        stack.add_pam_user(login_, PASSWORD)
        o[label] = eid
        o[label + "_login"] = login_
        return eid

    mgr = person("mgr")
    person("emp", mgr)
    person("emp2", mgr)
    person("dep")
    person("str")
    person("mgr2")
    person("other", o["mgr2"])     # mgr2 has a report: a manager
    hr = as_user(HR)
    name = f"Vervangcyclus {tag}"
    r = post(hr, "/admin/cycles", name=name, starts_on="2031-01-01", ends_on="2031-12-31",
             scale=SCALE, step1_type="goal_setting", step1_due="2031-02-15")
    assert r.status_code == 303, r.text[:2000]
    o["cycle"] = int(one(stack, f"SELECT id FROM cycle WHERE name = '{name}'"))
    r = post(hr, f"/admin/cycles/{o['cycle']}/start", scope="list",
             logins=f"{o['emp_login']} {o['emp2_login']}", confirm="1")
    assert r.status_code == 303, r.text[:2000]
    for who in ("emp", "emp2"):
        o[who + "_dossier"] = int(one(stack, f"SELECT id FROM dossier WHERE cycle_id ="
                                             f" {o['cycle']} AND employee_id = {o[who]}"))
        o[who + "_conv"] = int(one(stack, f"SELECT id FROM conversation WHERE dossier_id ="
                                          f" {o[who + '_dossier']}"))
    # the people above were written with SQL, past the store's headcounts
    keep_summaries(stack, o["cycle"])
    yield o
    stack.sql(f"DELETE u FROM deputy_use u JOIN deputy p ON p.id = u.deputy_id"
              f" WHERE p.manager_id IN ({o['mgr']}, {o['mgr2']})")
    stack.sql(f"DELETE FROM deputy WHERE manager_id IN ({o['mgr']}, {o['mgr2']})")


def appoint(s, deputy, start, until, employee="", manager=None):
    fields = {"deputy": deputy, "from": start, "until": until, "employee": str(employee)}
    if manager:
        fields["manager"] = str(manager)
    return post(s, "/deputies", **fields)


def appointments(stack, manager):
    return stack.sql_dicts(f"SELECT deputy_id, COALESCE(employee_id, 0) AS employee_id,"
                           f" starts_on, ends_on, ended_at FROM deputy WHERE manager_id ="
                           f" {manager} ORDER BY id")


def conv_xml(s, cid):
    r = s.get(f"/conversations/{cid}.xml")
    assert r.status_code == 200, r.status_code
    return xml(r)


# ------------------------------------------------------------ appointing --

def test_manager_appoints_a_deputy_who_acts_only_during_the_period(stack, org, as_user):
    o = org
    mgr, dep = as_user(o["mgr_login"]), as_user(o["dep_login"])
    assert dep.get(f"/dossiers/{o['emp_dossier']}").status_code == 403
    r = appoint(mgr, o["dep_login"], today(), today(3), employee=o["emp"])
    assert r.status_code == 303 and r.headers["Location"] == "/deputies", r.text[:2000]
    rows = appointments(stack, o["mgr"])
    assert [(int(r["deputy_id"]), int(r["employee_id"]), str(r["starts_on"]), str(r["ends_on"]))
            for r in rows] == [(o["dep"], o["emp"], today(), today(3))]
    audit = stack.sql_dicts(f"SELECT actor_id, action, detail FROM audit WHERE entity ="
                            f" 'employee' AND entity_id = {o['mgr']} AND action = 'deputy'")
    assert len(audit) == 1 and int(audit[0]["actor_id"]) == o["mgr"]
    assert o["dep_login"] in audit[0]["detail"] and today(3) in audit[0]["detail"]

    # During: the manager's side on that dossier, not on the other report's.
    doc = conv_xml(dep, o["emp_conv"])
    assert doc.xpath("/page/dossier/@side") == ["manager"]
    assert doc.xpath("/page/dossier/@deputy") == ["1"]
    assert doc.xpath("/page/dossier/@writable") == ["1"]
    html = dep.get(f"/conversations/{o['emp_conv']}")
    assert "als vervanger namens" in text_of(html) and f"Mgr {o['tag']}" in text_of(html)
    assert dep.get(f"/dossiers/{o['emp2_dossier']}").status_code == 403
    # The manager keeps access, as the manager.
    assert conv_xml(mgr, o["emp_conv"]).xpath("/page/dossier/@side") == ["manager"]
    # The deputy's dashboard lists the borrowed dossier apart.
    dash = xml(dep.get("/.xml"))
    assert dash.xpath("//dashboard/borrowed/dossier/@id") == [str(o["emp_dossier"])]
    assert dash.xpath("//dashboard/borrowed/dossier/@until") == [today(3)]
    assert xml(as_user(o["str_login"]).get("/.xml")).xpath("//dashboard/borrowed/dossier") == []


def test_deputy_writes_as_the_manager_and_each_day_is_audited_once(stack, org, as_user):
    o = org
    mgr, dep = as_user(o["mgr_login"]), as_user(o["dep_login"])
    assert appoint(mgr, o["dep_login"], today(-1), today(), employee="").status_code == 303
    cid = o["emp_conv"]
    version = conv_xml(dep, cid).xpath("/page/conversation/@version")[0]
    r = post(dep, f"/conversations/{cid}/plan", version=version,
             scheduled_at="2031-02-10T10:00")
    assert r.status_code == 303, r.text[:2000]
    assert one(stack, f"SELECT status FROM conversation WHERE id = {cid}") == "preparing"
    for title in ("Namens de leidinggevende", "Tweede doel"):
        r = post(dep, f"/conversations/{cid}/items", kind="result", title=title,
                 deadline="2031-06-30")
        assert r.status_code == 303, r.text[:2000]
    uses = stack.sql_dicts(f"SELECT actor_id, detail FROM audit WHERE entity = 'dossier' AND"
                           f" entity_id = {o['emp_dossier']} AND action = 'deputy_use'")
    assert len(uses) == 1, uses      # three writes, one day: one record
    assert int(uses[0]["actor_id"]) == o["dep"] and o["mgr_login"] in uses[0]["detail"]
    assert one(stack, f"SELECT COUNT(*) FROM deputy_use u JOIN deputy p ON p.id = u.deputy_id"
                      f" WHERE p.manager_id = {o['mgr']}") == "1"
    # Preparation is its author's until shared (DESIGN §5), the deputy's
    # too; the deputy shares the manager's side, and then the manager and
    # the employee see the items with their author named.
    assert conv_xml(mgr, cid).xpath("//items/item[@title='Tweede doel']") == []
    post(dep, f"/conversations/{cid}/share", version=conv_xml(dep, cid).xpath(
        "/page/conversation/@version")[0])
    assert one(stack, f"SELECT manager_shared FROM conversation WHERE id = {cid}") == "1"
    mine = conv_xml(mgr, cid).xpath("//items/item[@title='Tweede doel']")
    assert mine and mine[0].get("author") == f"Dep {o['tag']}"
    assert mine[0].get("by_other") == "1" and mine[0].get("author_side") == "manager"
    emp_page = as_user(o["emp_login"]).get(f"/conversations/{cid}")
    assert "door een vervanger of een vorige leidinggevende" in text_of(emp_page)
    assert_recount_equal(stack, "a deputy's writes")


def test_deputy_signs_on_behalf_and_the_snapshot_says_so(stack, org, as_user, tmp_path):
    o = org
    mgr, dep, emp = as_user(o["mgr_login"]), as_user(o["dep_login"]), as_user(o["emp_login"])
    assert appoint(mgr, o["dep_login"], today(), today(), employee=o["emp"]).status_code == 303
    cid = o["emp_conv"]
    stack.sql(f"UPDATE conversation SET status = 'finalized', version = version + 1"
              f" WHERE id = {cid}")
    v = conv_xml(emp, cid).xpath("/page/conversation/@version")[0]
    assert post(emp, f"/conversations/{cid}/sign", version=v, verdict="agree").status_code == 303
    v = conv_xml(dep, cid).xpath("/page/conversation/@version")[0]
    r = post(dep, f"/conversations/{cid}/sign", version=v, verdict="agree")
    assert r.status_code == 303, r.text[:2000]
    assert one(stack, f"SELECT status FROM conversation WHERE id = {cid}") == "closed"
    row = stack.sql_dicts(f"SELECT employee_id, role, deputy_of FROM signature WHERE"
                          f" conversation_id = {cid} AND role = 'manager'")
    assert [(int(r["employee_id"]), r["role"], int(r["deputy_of"])) for r in row] == \
        [(o["dep"], "manager", o["mgr"])]
    snap = one(stack, f"SELECT xml FROM snapshot WHERE conversation_id = {cid}")
    signed = etree.fromstring(snap.encode())
    sig = signed.xpath("//signature[@role='manager']")
    assert sig and sig[0].get("deputy_of") == f"Mgr {o['tag']}", snap[:2000]
    assert sig[0].get("name") == f"Dep {o['tag']}"
    shown = text_of(as_user(o["mgr_login"]).get(f"/conversations/{cid}"))
    assert f"namens Mgr {o['tag']}" in shown
    assert one(stack, f"SELECT detail FROM audit WHERE entity = 'conversation' AND entity_id ="
                      f" {cid} AND action = 'sign' ORDER BY id DESC LIMIT 1") == \
        "manager signed: agree (as deputy)"
    # HR's export of the cycle says it as well, valid against report.xsd;
    # the employee's own signature names no one.
    r = as_user(HR).get(f"/reports/cycles/{o['cycle']}.xml")
    assert r.status_code == 200, r.text[:1000]
    doc = validate(tmp_path, r.content)
    got = sorted((s.get("role"), s.get("name"), s.get("deputy_of_id"), s.get("deputy_of"))
                 for s in doc.iter("{urn:gesprek:report:1}signature")
                 if s.getparent().get("id") == str(cid))
    assert got == [("employee", f"Emp {o['tag']}", None, None),
                   ("manager", f"Dep {o['tag']}", str(o["mgr"]), f"Mgr {o['tag']}")], got


def test_before_and_after_the_period_the_deputy_is_a_stranger(stack, org, as_user):
    o = org
    mgr, dep = as_user(o["mgr_login"]), as_user(o["dep_login"])
    assert appoint(mgr, o["dep_login"], today(1), today(5), employee=o["emp"]).status_code == 303
    # refused as for a conversation that does not exist: nothing tells
    before = dep.get(f"/conversations/{o['emp_conv']}")
    missing = dep.get("/conversations/999999999")
    assert before.status_code == 403 and missing.status_code == 403
    assert before.content.replace(f"/conversations/{o['emp_conv']}".encode(), b"{p}") == \
        missing.content.replace(b"/conversations/999999999", b"{p}")
    with unchanged(stack, WRITE_TABLES + ("deputy_use",), "a deputy before the period"):
        r = post(dep, f"/conversations/{o['emp_conv']}/items", kind="result", title="Te vroeg",
                 deadline="2031-06-30")
    assert r.status_code == 403
    # a period that ended yesterday (moved there in SQL: the form refuses
    # a past one)
    stack.sql(f"UPDATE deputy SET starts_on = '{today(-3)}', ends_on = '{today(-1)}'"
              f" WHERE manager_id = {o['mgr']}")
    assert dep.get(f"/conversations/{o['emp_conv']}").status_code == 403
    assert xml(dep.get("/.xml")).xpath("//dashboard/borrowed/dossier") == []
    with unchanged(stack, WRITE_TABLES + ("deputy_use",), "a deputy after the period"):
        r = post(dep, f"/conversations/{o['emp_conv']}/remarks", text="Te laat")
    assert r.status_code == 403
    states = xml(mgr.get("/deputies.xml")).xpath("//appointments/appointment/@state")
    assert states == ["past"]


def test_ending_an_appointment_takes_access_away_at_once(stack, org, as_user):
    o = org
    mgr, dep = as_user(o["mgr_login"]), as_user(o["dep_login"])
    assert appoint(mgr, o["dep_login"], today(), today(10)).status_code == 303
    assert dep.get(f"/dossiers/{o['emp2_dossier']}").status_code == 200
    a = xml(mgr.get("/deputies.xml")).xpath("//appointments/appointment")[0]
    assert a.get("state") == "current"
    # neither the deputy nor a stranger may end it; nothing changes
    for who in ("dep", "str", "mgr2"):
        with unchanged(stack, DEPUTY_TABLES, f"{who} ending another's appointment"):
            r = post(as_user(o[who + "_login"]), f"/deputies/{a.get('id')}/end",
                     version=a.get("version"))
        assert r.status_code == 403, (who, r.status_code)
    with unchanged(stack, DEPUTY_TABLES, "a stale end"):
        r = post(mgr, f"/deputies/{a.get('id')}/end", version=str(int(a.get("version")) + 5))
    assert r.status_code == 409
    r = post(mgr, f"/deputies/{a.get('id')}/end", version=a.get("version"))
    assert r.status_code == 303 and r.headers["Location"] == "/deputies"
    assert one(stack, f"SELECT ended_by FROM deputy WHERE id = {a.get('id')}") == str(o["mgr"])
    assert dep.get(f"/dossiers/{o['emp2_dossier']}").status_code == 403
    assert xml(mgr.get("/deputies.xml")).xpath("//appointment/@state") == ["ended"]
    assert one(stack, f"SELECT COUNT(*) FROM audit WHERE entity = 'employee' AND entity_id ="
                      f" {o['mgr']} AND action = 'deputy_end'") == "1"
    # ended once: a second end conflicts and changes nothing
    with unchanged(stack, DEPUTY_TABLES, "ending twice"):
        r = post(mgr, f"/deputies/{a.get('id')}/end", version=a.get("version"))
    assert r.status_code == 409


REFUSALS = (
    # (fields, field with the error, Dutch text on the page)
    ({"from": "+3", "until": "+1"}, "until", "vóór de begindatum"),
    ({"from": "-5", "until": "-1"}, "until", "al voorbij"),
    ({"from": "+0", "until": "+400"}, "until", "366 dagen"),
    ({"deputy": "{mgr_login}"}, "deputy", "eigen vervanger"),
    ({"deputy": "{emp_login}", "employee": "{emp}"}, "deputy", "eigen dossier"),
    ({"deputy": "niemand_zo"}, "deputy", "geen actieve medewerker"),
    ({"employee": "{other}"}, "employee", "niet onder deze leidinggevende"),
    ({"from": "2031-02-30"}, "from", None),
)


def test_refused_appointments_change_nothing(stack, org, as_user):
    o = org
    mgr = as_user(o["mgr_login"])

    def fill(v):
        if v.startswith(("+", "-")):
            return today(int(v))
        return v.format(**o)

    for fields, field, text in REFUSALS:
        data = {"deputy": o["dep_login"], "from": "+0", "until": "+2", "employee": ""}
        data.update(fields)
        data = {k: fill(str(v)) for k, v in data.items()}
        with unchanged(stack, DEPUTY_TABLES, f"a refused appointment {fields}"):
            r = post(mgr, "/deputies", **data)
        assert r.status_code == 400, (fields, r.status_code)
        doc = page(r)
        assert doc.xpath(f"//*[@id='f-{field}-error']"), (fields, text_of(r)[:1500])
        if text:
            assert text in doc.xpath(f"//*[@id='f-{field}-error']")[0].text_content(), fields
        # what was typed is kept
        assert doc.xpath("//input[@id='f-deputy']/@value") == [data["deputy"]]

    # an overlapping period for the same report: with one for that report,
    # and one for all reports covers each
    assert appoint(mgr, o["dep_login"], today(2), today(4), employee=o["emp"]).status_code == 303
    for employee, start, until in ((o["emp"], today(4), today(6)), ("", today(0), today(2))):
        with unchanged(stack, DEPUTY_TABLES, "an overlapping appointment"):
            r = appoint(mgr, o["str_login"], start, until, employee=employee)
        assert r.status_code == 400
        assert "al een vervanger" in page(r).xpath("//*[@id='f-from-error']")[0].text_content()
    # the day after is free, and so is the other report
    assert appoint(mgr, o["str_login"], today(5), today(6), employee=o["emp"]).status_code == 303
    assert appoint(mgr, o["str_login"], today(2), today(4), employee=o["emp2"]).status_code == 303

    # a manager appoints only for themself; missing fields are refused
    with unchanged(stack, DEPUTY_TABLES, "a manager naming another manager"):
        r = appoint(mgr, o["dep_login"], today(), today(1), manager=o["mgr2"])
    assert r.status_code == 403
    with unchanged(stack, DEPUTY_TABLES, "no deputy named"):
        r = post(mgr, "/deputies", **{"from": today(), "until": today(1)})
    assert r.status_code == 400
    # someone without reports has nothing to appoint for
    with unchanged(stack, DEPUTY_TABLES, "an employee appointing"):
        r = appoint(as_user(o["emp_login"]), o["dep_login"], today(), today(1))
    assert r.status_code == 400
    with unchanged(stack, DEPUTY_TABLES, "a login over the limit"):
        r = appoint(mgr, "x" * 65, today(), today(1))
    assert r.status_code == 400


def test_hr_appoints_for_a_manager_on_the_employee_page(stack, org, as_user):
    o = org
    hr = as_user(HR)
    doc = page(hr.get(f"/admin/employees/{o['mgr2']}"))
    assert doc.xpath(f"//a[@href='/admin/employees/{o['mgr2']}/deputies']")
    r = hr.get(f"/admin/employees/{o['mgr2']}/deputies")
    assert r.status_code == 200
    assert page(r).xpath(f"//form[@action='/deputies']//input[@name='manager']/@value") == \
        [str(o["mgr2"])]
    r = appoint(hr, o["dep_login"], today(), today(2), manager=o["mgr2"])
    assert r.status_code == 303
    assert r.headers["Location"] == f"/admin/employees/{o['mgr2']}/deputies"
    rows = appointments(stack, o["mgr2"])
    assert [(int(x["deputy_id"]), int(x["employee_id"])) for x in rows] == [(o["dep"], 0)]
    assert one(stack, f"SELECT actor_id FROM audit WHERE entity = 'employee' AND entity_id ="
                      f" {o['mgr2']} AND action = 'deputy'") == one(
        stack, f"SELECT id FROM employee WHERE login = '{HR}'")
    # the manager sees it on their own page, and may end it
    a = xml(as_user(o["mgr2_login"]).get("/deputies.xml")).xpath("//appointment")[0]
    assert a.get("deputy_login") == o["dep_login"]
    # HR's page is HR's only
    assert as_user(o["mgr_login"]).get(f"/admin/employees/{o['mgr2']}/deputies").status_code == 403


# ------------------------------------------- a dossier follows its employee --

def test_new_manager_takes_over_the_open_dossier_with_its_history(stack, org, as_user):
    """HR gives emp a new manager: the open dossier follows with what the
    old manager wrote, named; the old manager loses it.  (Before issue 17
    the dossier stayed with the old manager until HR moved it by hand.)"""
    o = org
    mgr, emp = as_user(o["mgr_login"]), as_user(o["emp_login"])
    cid = o["emp_conv"]
    r = post(mgr, f"/conversations/{cid}/items", kind="result", title="Van de vorige",
             deadline="2031-06-30")
    assert r.status_code == 303
    post(mgr, f"/conversations/{cid}/share", version=conv_xml(mgr, cid).xpath(
        "/page/conversation/@version")[0])
    assert post(emp, f"/conversations/{cid}/items", kind="development", title="Eigen punt",
                deadline="2031-06-30").status_code == 303

    hr = as_user(HR)
    from helpers import employee_edit_form
    data = employee_edit_form(hr, o["emp"])
    data["manager"] = o["mgr2_login"]
    r = hr.post(f"/admin/employees/{o['emp']}", data=data, allow_redirects=False)
    assert r.status_code == 303, r.text[:1500]
    assert int(one(stack, f"SELECT manager_id FROM dossier WHERE id = {o['emp_dossier']}")) \
        == o["mgr2"]
    audit = stack.sql_dicts(f"SELECT action, detail FROM audit WHERE entity = 'dossier' AND"
                            f" entity_id = {o['emp_dossier']} AND action = 'manager'")
    assert len(audit) == 1
    assert f"{o['mgr_login']} -> {o['mgr2_login']}" in audit[0]["detail"]
    # the other report's dossier stays
    assert int(one(stack, f"SELECT manager_id FROM dossier WHERE id = {o['emp2_dossier']}")) \
        == o["mgr"]

    new = as_user(o["mgr2_login"])
    doc = conv_xml(new, cid)
    assert doc.xpath("/page/dossier/@side") == ["manager"]
    old_item = doc.xpath("//items/item[@title='Van de vorige']")[0]
    assert old_item.get("author") == f"Mgr {o['tag']}" and old_item.get("by_other") == "1"
    # the employee's private preparation stays hers for the new manager too
    assert doc.xpath("//items/item[@title='Eigen punt']") == []
    post(emp, f"/conversations/{cid}/share", version=conv_xml(emp, cid).xpath(
        "/page/conversation/@version")[0])
    own = conv_xml(new, cid).xpath("//items/item[@title='Eigen punt']")[0]
    assert own.get("by_other") is None and own.get("author_side") == "employee"
    assert "door een vervanger of een vorige leidinggevende" in text_of(
        new.get(f"/conversations/{cid}"))
    assert mgr.get(f"/conversations/{cid}").status_code == 403
    # The new manager writes; the dashboard and the summaries follow.
    assert post(new, f"/conversations/{cid}/items", kind="action", title="Nieuwe actie",
                deadline="2031-06-30").status_code == 303
    team = xml(new.get("/.xml")).xpath("//dashboard/team/member/@dossier")
    assert str(o["emp_dossier"]) in team
    assert_recount_equal(stack, "a dossier that followed its employee")


def test_a_refused_manager_change_moves_no_dossier(stack, org, as_user):
    o = org
    hr = as_user(HR)
    from helpers import employee_edit_form
    data = employee_edit_form(hr, o["emp"])
    data["manager"] = "niemand_zo"
    with unchanged(stack, ORG_TABLES, "a manager change to nobody"):
        r = hr.post(f"/admin/employees/{o['emp']}", data=data, allow_redirects=False)
    assert r.status_code == 400
    assert int(one(stack, f"SELECT manager_id FROM dossier WHERE id = {o['emp_dossier']}")) \
        == o["mgr"]


def test_an_import_with_another_manager_moves_the_open_dossier(stack, org, as_user):
    """The organisation import is the other way a manager changes: the
    open dossier follows in the import's transaction, audited; importing
    the organisation as it was moves it back."""
    from test_import import csv_of, snapshot, upload
    o = org
    hr = as_user(HR)
    base = snapshot(stack)
    assert any(r[0] == o["emp_login"] for r in base)
    moved = [r[:4] + (o["mgr2_login"],) if r[0] == o["emp_login"] else r for r in base]
    try:
        r = upload(hr, csv_of(moved), "apply")
        assert r.status_code == 303, r.text[:2000]
        assert int(one(stack, f"SELECT manager_id FROM dossier WHERE id = {o['emp_dossier']}")) \
            == o["mgr2"]
        audit = stack.sql_dicts(f"SELECT a.detail, e.login FROM audit a JOIN employee e ON"
                                f" e.id = a.actor_id WHERE a.entity = 'dossier' AND"
                                f" a.entity_id = {o['emp_dossier']} AND a.action = 'manager'")
        assert [(a["login"], a["detail"]) for a in audit] == [
            (HR, f"manager: {o['mgr_login']} -> {o['mgr2_login']} (followed the employee)")]
        assert int(one(stack, f"SELECT manager_id FROM dossier WHERE id = {o['emp2_dossier']}")) \
            == o["mgr"]
        assert as_user(o["mgr2_login"]).get(f"/dossiers/{o['emp_dossier']}").status_code == 200
        assert_recount_equal(stack, "an import that moved a dossier")
    finally:
        r = upload(hr, csv_of(base), "apply", confirm=True)
        assert r.status_code == 303, r.text[:2000]
    assert int(one(stack, f"SELECT manager_id FROM dossier WHERE id = {o['emp_dossier']}")) \
        == o["mgr"]


def test_a_deputy_answer_on_the_form_names_its_author(stack, org, as_user):
    """A template's answers and ratings are one per side: the one a deputy
    saved is named on the manager's page until the manager saves it."""
    from test_form_template import gemeente_version
    o = org
    cid = insert(stack, "conversation", dossier_id=o["emp_dossier"], type="assessment", seq=2,
                 due_on="2031-12-01", template_version_id=gemeente_version(stack))
    mgr, dep = as_user(o["mgr_login"]), as_user(o["dep_login"])
    assert appoint(mgr, o["dep_login"], today(), today(), employee=o["emp"]).status_code == 303
    r = post(dep, f"/conversations/{cid}/answers", section="samenwerking", rating="3", share="1")
    assert r.status_code == 303, r.text[:2000]

    def answer():
        got = conv_xml(mgr, cid).xpath("//section[@key='samenwerking']/answer[@role='manager']")
        assert len(got) == 1
        return got[0]

    a = answer()
    assert a.get("rating") == "3" and a.get("by_other") == "1"
    assert a.get("author") == f"Dep {o['tag']}"
    assert f"Dep {o['tag']}; door een vervanger of een vorige leidinggevende" in text_of(
        mgr.get(f"/conversations/{cid}"))
    r = post(mgr, f"/conversations/{cid}/answers", section="samenwerking", rating="4",
             version=a.get("version"))
    assert r.status_code == 303, r.text[:2000]
    a = answer()
    assert a.get("rating") == "4" and a.get("by_other") is None and a.get("author") is None
    assert_recount_equal(stack, "answers by a deputy and the manager")
