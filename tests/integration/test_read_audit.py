"""The read audit and the advisors' departments (issue 17).

An HR advisor's read of a dossier, a conversation, an export or a people
list is recorded once per reader, object and day; the auditor sees the
reads on /admin/audit, the employee those of their own dossier on its
page.  An administrator assigns advisors on the department page; an
advisor reads only what lies in or below an assigned department.  A
department, its people, a cycle and a dossier of the test's own."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest

import hr_roles
from conftest import csrf_token, login
from helpers import insert, xml

pytestmark = pytest.mark.skipif(not hr_roles.ROOT, reason="NSS groups need real accounts (root)")

PASSWORD = hr_roles.PASSWORD
ZONE = "Europe/Amsterdam"           # tests/stack.py's site.timezone


def zone_today(zone=ZONE):
    return datetime.datetime.now(ZoneInfo(zone)).date()


@pytest.fixture(scope="module")
def logins(stack):
    made = hr_roles.make(stack, assign=False)
    yield made
    hr_roles.remove(stack, made)


@pytest.fixture(scope="module")
def org(stack):
    """A department with a sub-department; an employee in the latter with
    a manager; an open cycle, her dossier with one conversation held."""
    tag = uuid.uuid4().hex[:6]
    o = {"tag": tag}
    o["top"] = insert(stack, "department", name=f"Leeshuis {tag}")
    o["dep"] = insert(stack, "department", name=f"Leeskamer {tag}", parent_id=o["top"])
    o["mgr_login"], o["emp_login"] = f"lmgr{tag}", f"lemp{tag}"
    o["mgr"] = insert(stack, "employee", login=o["mgr_login"], name=f"Lea Leiding {tag}",
                      department_id=o["dep"], active=1)
    o["emp"] = insert(stack, "employee", login=o["emp_login"], name=f"Lotte Lezer {tag}",
                      department_id=o["dep"], manager_id=o["mgr"], active=1)
    for who in (o["mgr_login"], o["emp_login"]):
        stack.add_pam_user(who, PASSWORD)
    o["cycle"] = insert(stack, "cycle", name=f"Inzage {tag}", starts_on="2031-01-01",
                        ends_on="2031-12-31", status="open", rating_scale="slecht|matig|goed")
    o["dossier"] = insert(stack, "dossier", cycle_id=o["cycle"], employee_id=o["emp"],
                          manager_id=o["mgr"], status="open")
    o["conv"] = insert(stack, "conversation", dossier_id=o["dossier"], type="goal_setting",
                       seq=1, due_on="2031-03-01", status="held")
    return o


def session(new_session, who):
    s = new_session()
    assert login(s, who, PASSWORD).status_code == 303, who
    return s


def reads(stack, reader_login=None, dossier=None):
    where = []
    if reader_login:
        where.append(f"r.reader_id = (SELECT id FROM employee WHERE login = '{reader_login}')")
    if dossier:
        where.append(f"r.dossier_id = {dossier}")
    return stack.sql(f"SELECT r.kind, r.object_id, r.what, r.day = '{zone_today()}'"
                     " FROM read_audit r"
                     " WHERE " + " AND ".join(where) + " ORDER BY r.kind, r.object_id, r.id")


def assigned(stack, login_):
    return stack.sql(f"SELECT a.department_id FROM hr_advisor_department a JOIN employee e"
                     f" ON e.id = a.employee_id WHERE e.login = '{login_}'")


def post_advisor(s, dep, **fields):
    page = s.get(f"/admin/departments/{dep}")
    assert page.status_code == 200, page.text[:500]
    data = dict(fields, csrf=csrf_token(page, f"/admin/departments/{dep}/advisors"))
    return s.post(f"/admin/departments/{dep}/advisors", data=data, allow_redirects=False)


def test_administrator_assigns_an_advisor_on_the_department_page(stack, new_session, logins, org):
    admin = session(new_session, logins["admin"])
    advisor = session(new_session, logins["advisor"])
    # Not yet assigned: a stranger to the dossier, and nothing recorded.
    assert advisor.get(f"/dossiers/{org['dossier']}", allow_redirects=False).status_code == 403
    # An unknown login: 400, the field says why, nothing written.
    r = post_advisor(admin, org["top"], login=f"niemand{org['tag']}")
    assert r.status_code == 400
    assert "geen actieve medewerker" in r.text
    assert assigned(stack, logins["advisor"]) == []
    # No login at all: 400 as well.
    assert post_advisor(admin, org["top"]).status_code == 400
    # The advisor on the top department: the sub-department's dossier is hers.
    r = post_advisor(admin, org["top"], login=logins["advisor"])
    assert r.status_code == 303 and r.headers["Location"] == f"/admin/departments/{org['top']}"
    assert assigned(stack, logins["advisor"]) == [(str(org["top"]),)]
    assert stack.sql(f"SELECT action FROM audit WHERE entity = 'department' AND entity_id ="
                     f" {org['top']} AND detail LIKE '%{logins['advisor']}%'") == \
        [("advisor_assigned",)]
    # Both department pages name her; the lower one says through which.
    page = xml(admin.get(f"/admin/departments/{org['dep']}.xml"))
    assert page.xpath("/page/advisors/advisor/@login") == [logins["advisor"]]
    assert page.xpath("/page/advisors/advisor/@from") == [str(org["top"])]
    assert advisor.get(f"/dossiers/{org['dossier']}", allow_redirects=False).status_code == 200
    # Only an administrator assigns: the advisor herself and the auditor may not.
    for who in ("advisor", "auditor"):
        s = advisor if who == "advisor" else session(new_session, logins["auditor"])
        token = xml(s.get("/.xml")).get("csrf")
        r = s.post(f"/admin/departments/{org['top']}/advisors",
                   data={"login": logins["advisor2"], "csrf": token}, allow_redirects=False)
        assert r.status_code == 403, who
    assert assigned(stack, logins["advisor2"]) == []


def test_reads_are_recorded_once_per_reader_object_and_day(stack, new_session, logins, org):
    stack.sql(f"INSERT IGNORE INTO hr_advisor_department (employee_id, department_id)"
              f" SELECT id, {org['top']} FROM employee WHERE login = '{logins['advisor']}'")
    advisor = session(new_session, logins["advisor"])
    stack.sql(f"DELETE FROM read_audit WHERE dossier_id = {org['dossier']}")
    for _ in range(2):
        assert advisor.get(f"/dossiers/{org['dossier']}").status_code == 200
        assert advisor.get(f"/dossiers/{org['dossier']}.xml").status_code == 200
        assert advisor.get(f"/conversations/{org['conv']}").status_code == 200
    assert reads(stack, logins["advisor"]) == [
        ("dossier", str(org["dossier"]), "", "1"),
        ("conversation", str(org["conv"]), "", "1")]
    # The advisor of another department, the administrator and the auditor
    # read nothing, and nothing is recorded for them.
    for who in ("advisor2", "admin", "auditor"):
        s = session(new_session, logins[who])
        assert s.get(f"/dossiers/{org['dossier']}", allow_redirects=False).status_code == 403
        assert s.get(f"/conversations/{org['conv']}", allow_redirects=False).status_code == 403
        assert reads(stack, logins[who]) == [], who
    # The employee and the manager read without a record of theirs.
    for who in (org["emp_login"], org["mgr_login"]):
        s = session(new_session, who)
        assert s.get(f"/dossiers/{org['dossier']}").status_code == 200
        assert reads(stack, who) == [], who
    assert len(reads(stack, dossier=org["dossier"])) == 2, "only the advisor's two"
    # Another day: the same reads are recorded again, once.
    stack.sql(f"UPDATE read_audit SET day = day - INTERVAL 1 DAY WHERE dossier_id = {org['dossier']}")
    for _ in range(2):
        assert advisor.get(f"/dossiers/{org['dossier']}").status_code == 200
    assert sorted(stack.sql(f"SELECT kind, COUNT(*) FROM read_audit WHERE dossier_id ="
                            f" {org['dossier']} GROUP BY kind")) == \
        [("conversation", "1"), ("dossier", "2")]


def test_the_employee_sees_who_read_her_dossier(stack, new_session, logins, org):
    stack.sql(f"INSERT IGNORE INTO hr_advisor_department (employee_id, department_id)"
              f" SELECT id, {org['top']} FROM employee WHERE login = '{logins['advisor']}'")
    emp = session(new_session, org["emp_login"])
    # Her page is kept in the page cache: a new read must still show.
    emp.get(f"/dossiers/{org['dossier']}")
    advisor = session(new_session, logins["advisor"])
    name = hr_roles.one(stack, f"SELECT name FROM employee WHERE login = '{logins['advisor']}'")
    stack.sql(f"DELETE FROM read_audit WHERE dossier_id = {org['dossier']}")
    emp_before = xml(emp.get(f"/dossiers/{org['dossier']}.xml"))
    assert emp_before.xpath("/page/reads/read") == []
    assert advisor.get(f"/conversations/{org['conv']}").status_code == 200
    page = xml(emp.get(f"/dossiers/{org['dossier']}.xml"))
    assert page.xpath("/page/reads/read/@reader") == [name]
    assert page.xpath("/page/reads/read/@kind") == ["conversation"]
    html = emp.get(f"/dossiers/{org['dossier']}").text
    assert "Wie van HR heeft je dossier ingezien" in html and name in html
    # The manager's page of the same dossier has no such block.
    mgr = session(new_session, org["mgr_login"])
    assert xml(mgr.get(f"/dossiers/{org['dossier']}.xml")).xpath("/page/reads") == []


def test_the_auditor_sees_the_reads(stack, new_session, logins, org):
    stack.sql(f"INSERT IGNORE INTO hr_advisor_department (employee_id, department_id)"
              f" SELECT id, {org['top']} FROM employee WHERE login = '{logins['advisor']}'")
    advisor = session(new_session, logins["advisor"])
    assert advisor.get(f"/dossiers/{org['dossier']}").status_code == 200
    name = hr_roles.one(stack, f"SELECT name FROM employee WHERE login = '{logins['advisor']}'")
    auditor = session(new_session, logins["auditor"])
    trail = xml(auditor.get(f"/admin/audit.xml?entity=dossier&id={org['dossier']}"))
    assert name in trail.xpath("/page/reads/read[@kind = 'dossier']/@reader")
    found = xml(auditor.get(f"/admin/audit.xml?who={logins['advisor']}"))
    assert set(found.xpath("/page/reads/read/@reader")) == {name}
    # The auditor reads nothing else: no admin page, no dossier, no report.
    for path in ("/admin", "/admin/cycles", f"/dossiers/{org['dossier']}", "/reports"):
        assert auditor.get(path, allow_redirects=False).status_code == 403, path
    # The advisor and the administrator do not read the trail.
    for who in ("advisor", "admin"):
        s = advisor if who == "advisor" else session(new_session, logins["admin"])
        assert s.get("/admin/audit", allow_redirects=False).status_code == 403, who


def test_an_export_and_a_people_list_are_one_record_each(stack, new_session, org):
    """hanna (hr_group: advisor of every department) exports the cycle and
    opens a people list, twice each: one record each, naming what it held."""
    hanna = session(new_session, "hanna")
    hid = hr_roles.employee_id(stack, "hanna")
    stack.sql(f"DELETE FROM read_audit WHERE reader_id = {hid} AND object_id = {org['cycle']}"
              f" AND kind IN ('export', 'people')")
    for _ in range(2):
        r = hanna.get(f"/reports/cycles/{org['cycle']}.csv?department={org['top']}&recursive=1")
        assert r.status_code == 200
        r = hanna.get(f"/reports/people?cycle={org['cycle']}&metric=dossiers")
        assert r.status_code == 200
    rows = stack.sql(f"SELECT kind, what FROM read_audit WHERE reader_id = {hid} AND object_id"
                     f" = {org['cycle']} AND kind IN ('export', 'people') ORDER BY kind")
    assert rows == [("export", f"format=csv department={org['top']} recursive=1 from= to="),
                    ("people", "metric=dossiers department=0 recursive=0 after=")]


def test_the_day_of_a_read_is_the_configured_zones(stack, new_session, org):
    """"Once per reader, object and day" counts days as site.timezone does.
    gesprekd runs in a zone that has passed midnight while UTC has not, or
    the other way round (UTC-12 before noon UTC, UTC+14 after 10:00 UTC:
    an hour's margin either side): hanna (hr_group) read the dossier
    yesterday by that zone's calendar, before its midnight, and reads it
    again now -- a new day, one new record, dated by the zone."""
    now = datetime.datetime.now(datetime.timezone.utc)
    zone = "Etc/GMT+12" if now.hour < 11 else "Etc/GMT-14"
    today = zone_today(zone)
    assert today != now.date(), "the zone's day must differ from UTC's"
    hid = hr_roles.employee_id(stack, "hanna")
    mine = f"reader_id = {hid} AND dossier_id = {org['dossier']}"
    stack.sql(f"DELETE FROM read_audit WHERE {mine}")
    stack.sql(f"INSERT INTO read_audit (reader_id, kind, object_id, day, dossier_id, at)"
              f" VALUES ({hid}, 'dossier', {org['dossier']},"
              f" '{today - datetime.timedelta(days=1)}', {org['dossier']},"
              f" UTC_TIMESTAMP() - INTERVAL 1 HOUR)")
    try:
        stack.reconfigure({"site": {"timezone": zone}})
        hanna = session(new_session, "hanna")
        for _ in range(2):
            assert hanna.get(f"/dossiers/{org['dossier']}").status_code == 200
        days = stack.sql(f"SELECT day FROM read_audit WHERE {mine} ORDER BY day")
        assert days == [(str(today - datetime.timedelta(days=1)),), (str(today),)]
    finally:
        stack.reconfigure({"site": {"timezone": ZONE}})
        stack.sql(f"DELETE FROM read_audit WHERE {mine}")
