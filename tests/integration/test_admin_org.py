"""HR's organisation pages under /admin: employees, departments, the index;
who may see them; create, edit, conflicts, (de)activation, manager changes
and moving a dossier; the audit trail.

Every test works on employees and departments of its own (logins t_*,
departments "Test ..."), so the demo organisation that other modules log in
with stays as it is."""

import uuid
import urllib.parse

import pytest

from conftest import csrf_token, login
from convtools import ORG_TABLES, unchanged
from helpers import DEPARTMENT_PATHS_FILL, employee_edit_form, page, text_of, xml
from summaries import keep_summaries

HR, MANAGER, EMPLOYEE = "hanna", "mark", "eva"
PASSWORD = "demo"
XML = {"Accept": "application/xml"}


@pytest.fixture(autouse=True)
def clean_attempts(stack):
    """Logins are throttled per address: start every test without failures."""
    stack.sql("DELETE FROM login_attempt")


def as_user(new_session, user):
    s = new_session()
    r = login(s, user, PASSWORD)
    assert r.status_code == 303, f"login {user}: {r.status_code}\n{r.text[:500]}"
    return s


@pytest.fixture
def hr(new_session):
    return as_user(new_session, HR)


def token(s, path="/admin"):
    return csrf_token(s.get(path))


def one(stack, query):
    rows = stack.sql(query)
    return rows[0][0] if rows else None


def employee_id(stack, login_):
    v = one(stack, f"SELECT id FROM employee WHERE login = '{login_}'")
    return int(v) if v else None


def unique(prefix="t"):
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def create(hr, **fields):
    """POST /admin/employees with the fields; returns the response."""
    data = {"login": "", "name": "", "email": "", "department": "", "manager": ""}
    data.update(fields)
    data["csrf"] = token(hr, "/admin/employees/new")
    return hr.post("/admin/employees", data=data, allow_redirects=False)


def make_employee(stack, hr, **fields):
    login_ = fields.setdefault("login", unique())
    fields.setdefault("name", f"Test {login_}")
    r = create(hr, **fields)
    assert r.status_code == 303, r.text[:2000]
    return employee_id(stack, login_)


def version_of(stack, eid):
    return int(one(stack, f"SELECT version FROM employee WHERE id = {eid}"))


# ---------------------------------------------------------------- access --

GET_PAGES = ["/admin", "/admin/employees", "/admin/employees/new", "/admin/employees/{eid}",
             "/admin/departments", "/admin/departments/{did}", "/admin/import"]
POSTS = ["/admin/employees", "/admin/employees/{eid}", "/admin/employees/{eid}/deactivate",
         "/admin/employees/{eid}/activate", "/admin/dossiers/1/manager", "/admin/departments",
         "/admin/departments/{did}", "/admin/import"]


@pytest.mark.parametrize("user", [EMPLOYEE, MANAGER])
def test_every_admin_page_refused_for_employee_and_manager(stack, new_session, user):
    s = as_user(new_session, user)
    eid = employee_id(stack, "sanne")
    did = one(stack, "SELECT id FROM department WHERE name = 'ICT'")
    csrf = token(s, "/")
    with unchanged(stack, ORG_TABLES, f"admin pages as {user}"):
        for path in GET_PAGES:
            url = path.format(eid=eid, did=did)
            r = s.get(url, allow_redirects=False)
            assert r.status_code == 403, f"GET {url} as {user}: {r.status_code}"
            assert "Sanne" not in r.text and "ICT" not in r.text
            assert s.get(url, headers=XML).status_code == 403
        for path in POSTS:
            url = path.format(eid=eid, did=did)
            r = s.post(url, data={"csrf": csrf, "name": "X", "login": "x", "version": "1"},
                       allow_redirects=False)
            assert r.status_code == 403, f"POST {url} as {user}: {r.status_code}"


def test_admin_pages_send_anonymous_visitors_to_login(session):
    for path in ("/admin", "/admin/employees", "/admin/import"):
        r = session.get(path, allow_redirects=False)
        # the login form carries the page asked for (issue 15)
        expected = "/login?next=" + path.replace("/", "%2F")
        assert r.status_code == 303 and r.headers["Location"] == expected


def test_post_without_csrf_is_refused(stack, hr):
    login_ = unique()
    with unchanged(stack, ORG_TABLES, "a POST without a token"):
        r = hr.post("/admin/employees", data={"login": login_, "name": "No Token"},
                    allow_redirects=False)
    assert r.status_code == 403
    assert employee_id(stack, login_) is None


# ----------------------------------------------------------------- index --

def test_admin_index_links_every_part(hr):
    r = hr.get("/admin")
    assert r.status_code == 200
    hrefs = set(page(r).xpath("//main//a/@href"))
    assert {"/admin/employees", "/admin/departments", "/admin/import", "/admin/cycles"} <= hrefs
    assert "Medewerkers" in text_of(r) and "Afdelingen" in text_of(r)
    en = hr.get("/admin", headers={"Accept-Language": "en"})
    assert "Employees" in text_of(en) and "Departments" in text_of(en)


# ------------------------------------------------------------------ list --

def test_list_search_filter_status_and_paging(stack, hr):
    r = hr.get("/admin/employees", params={"q": "de Vries"})
    assert r.status_code == 200
    names = page(r).xpath("//table//th[@scope='row']/a/text()")
    assert "Eva de Vries" in names and "Mark Jansen" not in names
    r = hr.get("/admin/employees", params={"q": "eva@voorbeeld"})
    assert page(r).xpath("//table//th[@scope='row']/a/text()") == ["Eva de Vries"]

    dept = unique("Test paging")
    stack.sql(f"INSERT INTO department (name) VALUES ('{dept}'); {DEPARTMENT_PATHS_FILL}")
    did = one(stack, f"SELECT id FROM department WHERE name = '{dept}'")
    prefix = unique("tp")
    values = ", ".join(f"('{prefix}{i:03d}', 'Paging {i:03d}', {did}, {1 if i % 10 else 0})"
                       for i in range(75))
    stack.sql(f"INSERT INTO employee (login, name, department_id, active) VALUES {values}")
    try:
        r = hr.get("/admin/employees", params={"department": did, "status": "all"}, headers=XML)
        lst = xml(r).find("employees")
        assert lst.get("total") == "75" and lst.get("pages") == "2"
        assert len(lst.findall("employee")) == 50
        # The pager's query string (the one link writer) carries what was
        # typed back as typed, however it reads in a URL.
        typed = "Paging 0&status=inactive #1"
        r = hr.get("/admin/employees", params={"q": typed, "department": did, "status": "all"},
                   headers=XML)
        query = xml(r).find("employees").get("query")
        assert urllib.parse.parse_qs(query, keep_blank_values=True, strict_parsing=True) == \
            {"q": [typed], "department": [str(did)], "status": ["all"]}
        r = hr.get("/admin/employees", params={"department": did, "status": "all", "page": 2})
        assert r.status_code == 200
        rows = page(r).xpath("//table//th[@scope='row']/a/text()")
        assert len(rows) == 25 and rows[0] == "Paging 050"
        assert page(r).xpath("//a[@rel='prev']")
        r = hr.get("/admin/employees", params={"department": did}, headers=XML)
        assert xml(r).find("employees").get("total") == "67"     # active by default
        r = hr.get("/admin/employees", params={"department": did, "status": "inactive"}, headers=XML)
        assert xml(r).find("employees").get("total") == "8"
        r = hr.get("/admin/employees", params={"q": "x" * 101})
        assert r.status_code == 400
        assert page(r).xpath("//*[@id='f-q-error']")
        assert hr.get("/admin/employees", params={"status": "bogus"}).status_code == 400
    finally:
        stack.sql(f"DELETE FROM employee WHERE login LIKE '{prefix}%'")
        stack.sql(f"DELETE FROM department WHERE id = {did}")


# ---------------------------------------------------------------- create --

def test_create_employee(stack, hr):
    login_ = unique()
    did = one(stack, "SELECT id FROM department WHERE name = 'ICT'")
    r = create(hr, login=login_, name="Tessa Test", email="tessa@voorbeeld.example",
               department=did, manager="koen")
    assert r.status_code == 303
    eid = employee_id(stack, login_)
    assert r.headers["Location"] == f"/admin/employees/{eid}"
    row = stack.sql_dicts(f"SELECT e.name, e.email, e.department_id, m.login AS manager, e.active "
                          f"FROM employee e JOIN employee m ON m.id = e.manager_id WHERE e.id = {eid}")[0]
    assert row == {"name": "Tessa Test", "email": "tessa@voorbeeld.example",
                   "department_id": did, "manager": "koen", "active": "1"}
    shown = hr.get(r.headers["Location"])
    assert "De medewerker is toegevoegd." in text_of(shown)
    audit = stack.sql_dicts(f"SELECT actor_id, action, detail FROM audit "
                            f"WHERE entity = 'employee' AND entity_id = {eid}")
    assert len(audit) == 1 and audit[0]["action"] == "create"
    assert audit[0]["actor_id"] == str(employee_id(stack, HR))
    assert "Tessa Test" in audit[0]["detail"] and "koen" in audit[0]["detail"]


@pytest.mark.parametrize("fields, field, message", [
    ({"login": "bad login", "name": "X"}, "login", "letters"),
    ({"login": "", "name": "X"}, "login", "verplicht"),
    ({"name": ""}, "name", "verplicht"),
    ({"name": "X", "email": "not-an-address"}, "email", "e-mailadres"),
    ({"name": "X", "manager": "nobody_like_this"}, "manager", "actieve medewerker"),
    ({"name": "X" * 201}, "name", "te lang"),
    ({"name": "Two\nlines"}, "name", "regel"),
    ({"login": "eva", "name": "Eva again"}, "login", "in gebruik"),
    ({"name": "X", "department": "999999"}, "department", "Kies"),
])
def test_create_refused_keeps_typed_values_and_changes_nothing(stack, hr, fields, field, message):
    data = {"login": unique(), "email": "typed@voorbeeld.example"}
    data.update(fields)
    with unchanged(stack, ORG_TABLES, f"a new employee with a bad {field}"):
        r = create(hr, **data)
    assert r.status_code == 400
    doc = page(r)
    err = doc.xpath(f"//*[@id='f-{field}-error']")
    assert err and message in err[0].text_content(), r.text[:3000]
    # The refused field is on the form again, next to its error.
    assert doc.xpath(f"//*[self::input or self::select][@name='{field}'][@aria-invalid='true']"
                     f"[contains(@aria-describedby, 'f-{field}-error')]"), r.text[:3000]
    assert doc.xpath("//input[@name='email']/@value") == [data["email"]]


# ------------------------------------------------------------------ edit --

def test_edit_employee_writes_audit_before_and_after(stack, hr):
    eid = make_employee(stack, hr, name="Before Name")
    data = employee_edit_form(hr, eid)
    data["name"] = "After Name"
    data["hr"] = "1"
    r = hr.post(f"/admin/employees/{eid}", data=data, allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"] == f"/admin/employees/{eid}"
    assert one(stack, f"SELECT name FROM employee WHERE id = {eid}") == "After Name"
    assert one(stack, f"SELECT is_hr FROM employee WHERE id = {eid}") == "1"
    detail = one(stack, f"SELECT detail FROM audit WHERE entity = 'employee' AND entity_id = {eid} "
                        f"AND action = 'update'")
    assert "name: Before Name -> After Name" in detail and "hr: 0 -> 1" in detail
    shown = page(hr.get(f"/admin/employees/{eid}"))
    trail = " ".join(shown.xpath("//section[@aria-labelledby='audit-title']//td/text()"))
    assert "Before Name -> After Name" in trail
    assert shown.xpath("//a[@href='/admin/audit?entity=employee&id=%d']" % eid)


def test_edit_conflict_shows_both_texts(stack, hr):
    eid = make_employee(stack, hr, name="Original")
    stale = employee_edit_form(hr, eid)
    fresh = dict(stale, name="Saved First")
    assert hr.post(f"/admin/employees/{eid}", data=fresh, allow_redirects=False).status_code == 303
    stale["name"] = "Typed Second"
    with unchanged(stack, ORG_TABLES, "a stale edit"):
        r = hr.post(f"/admin/employees/{eid}", data=stale, allow_redirects=False)
    assert r.status_code == 409
    doc = page(r)
    assert doc.xpath("//input[@name='name']/@value") == ["Typed Second"]
    assert "Saved First" in text_of(r)
    assert one(stack, f"SELECT name FROM employee WHERE id = {eid}") == "Saved First"
    # the form now carries the stored version: saving again wins
    again = edit_form_from(doc, eid)
    assert again["version"] == str(version_of(stack, eid))
    r = hr.post(f"/admin/employees/{eid}", data=again, allow_redirects=False)
    assert r.status_code == 303
    assert one(stack, f"SELECT name FROM employee WHERE id = {eid}") == "Typed Second"


def edit_form_from(doc, eid):
    form = doc.xpath(f"//form[@action='/admin/employees/{eid}']")[0]
    data = {}
    for el in form.xpath(".//input | .//select"):
        if el.tag == "select":
            sel = el.xpath("./option[@selected]/@value")
            data[el.get("name")] = sel[0] if sel else ""
        elif el.get("type") == "checkbox":
            if el.get("checked"):
                data[el.get("name")] = el.get("value")
        else:
            data[el.get("name")] = el.get("value") or ""
    return data


def test_manager_loop_is_refused(stack, hr):
    top = unique()
    make_employee(stack, hr, login=top)
    middle = unique()
    make_employee(stack, hr, login=middle, manager=top)
    low = unique()
    make_employee(stack, hr, login=low, manager=middle)
    tid = employee_id(stack, top)
    for manager in (low, top):
        data = employee_edit_form(hr, tid)
        data["manager"] = manager
        with unchanged(stack, ORG_TABLES, f"a manager loop through {manager}"):
            r = hr.post(f"/admin/employees/{tid}", data=data, allow_redirects=False)
        assert r.status_code == 400
        assert "leidinggevenden" in page(r).xpath("//*[@id='f-manager-error']")[0].text_content()
        assert one(stack, f"SELECT manager_id FROM employee WHERE id = {tid}") is None


# ---------------------------------------------------- managers, dossiers --

@pytest.fixture
def dossier_setup(stack, hr):
    """An employee with manager m1 and an open dossier in a test cycle."""
    m1, m2, who = unique(), unique(), unique()
    make_employee(stack, hr, login=m1)
    make_employee(stack, hr, login=m2)
    eid = make_employee(stack, hr, login=who, manager=m1)
    cycle = unique("Test cycle")
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) "
              f"VALUES ('{cycle}', '2030-01-01', '2030-12-31', 'open', 'laag|hoog')")
    cid = one(stack, f"SELECT id FROM cycle WHERE name = '{cycle}'")
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) "
              f"VALUES ({cid}, {eid}, {employee_id(stack, m1)})")
    did = int(one(stack, f"SELECT id FROM dossier WHERE employee_id = {eid}"))
    keep_summaries(stack, cid)
    yield {"eid": eid, "did": did, "m1": m1, "m2": m2, "cycle": cycle}
    stack.sql(f"DELETE FROM dossier WHERE id = {did}")
    keep_summaries(stack, cid)
    stack.sql(f"DELETE FROM cycle WHERE id = {cid}")


def test_new_manager_takes_the_open_dossier_and_hr_moves_a_stray_one(stack, hr, dossier_setup):
    """Issue 17: a new manager takes over the open dossier in the same
    write (test_deputy.py has its history).  A dossier left with another
    manager (before issue 17, or by hand) HR still moves one by one."""
    d = dossier_setup
    eid, did = d["eid"], d["did"]
    m1, m2 = employee_id(stack, d["m1"]), employee_id(stack, d["m2"])
    data = employee_edit_form(hr, eid)
    data["manager"] = d["m2"]
    assert hr.post(f"/admin/employees/{eid}", data=data, allow_redirects=False).status_code == 303
    assert int(one(stack, f"SELECT manager_id FROM employee WHERE id = {eid}")) == m2
    assert int(one(stack, f"SELECT manager_id FROM dossier WHERE id = {did}")) == m2
    followed = stack.sql_dicts(f"SELECT detail FROM audit WHERE entity = 'dossier'"
                               f" AND entity_id = {did} AND action = 'manager'")
    assert [a["detail"] for a in followed] == [
        f"manager: {d['m1']} -> {d['m2']} (followed the employee)"]
    assert not page(hr.get(f"/admin/employees/{eid}")).xpath(
        f"//form[@action='/admin/dossiers/{did}/manager']")
    # a dossier left with the old manager behind gesprek's back
    stack.sql(f"UPDATE dossier SET manager_id = {m1}, version = version + 1 WHERE id = {did}")

    doc = page(hr.get(f"/admin/employees/{eid}"))
    form = doc.xpath(f"//form[@action='/admin/dossiers/{did}/manager']")
    assert form, "an open dossier with another manager can be moved"
    csrf = form[0].xpath(".//input[@name='csrf']/@value")[0]
    assert form[0].xpath(".//input[@name='manager']/@value") == [str(m2)]

    # HR saw m1 as the current manager: a conflict, nothing moves
    with unchanged(stack, ORG_TABLES, "moving a dossier to the manager it has"):
        r = hr.post(f"/admin/dossiers/{did}/manager", data={"csrf": csrf, "manager": m1},
                    allow_redirects=False)
    assert r.status_code == 409
    assert int(one(stack, f"SELECT manager_id FROM dossier WHERE id = {did}")) == m1

    r = hr.post(f"/admin/dossiers/{did}/manager", data={"csrf": csrf, "manager": m2},
                allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"] == f"/admin/employees/{eid}"
    assert int(one(stack, f"SELECT manager_id FROM dossier WHERE id = {did}")) == m2
    audit = stack.sql_dicts(f"SELECT actor_id, action, detail FROM audit "
                            f"WHERE entity = 'dossier' AND entity_id = {did}")
    assert audit[-1]["action"] == "manager"
    assert f"manager: {d['m1']} -> {d['m2']}" in audit[-1]["detail"]
    shown = hr.get(f"/admin/employees/{eid}")
    assert "verplaatst naar de huidige leidinggevende" in text_of(shown)
    assert not page(shown).xpath(f"//form[@action='/admin/dossiers/{did}/manager']")
    with unchanged(stack, ORG_TABLES, "moving a dossier that does not exist"):
        r = hr.post("/admin/dossiers/999999/manager", data={"csrf": csrf, "manager": m2},
                    allow_redirects=False)
    assert r.status_code == 404


# ------------------------------------------------------ (de)activation --

def test_deactivated_employee_cannot_log_in_and_keeps_history(stack, hr, new_session):
    login_ = unique()
    eid = make_employee(stack, hr, login=login_, name="Leaving Soon")
    stack.add_pam_user(login_, "secret-pw")
    own = new_session()
    assert login(own, login_, "secret-pw").status_code == 303
    assert own.get("/", allow_redirects=False).status_code == 200
    assert one(stack, f"SELECT COUNT(*) FROM session WHERE employee_id = {eid}") == "1"

    doc = page(hr.get(f"/admin/employees/{eid}"))
    form = doc.xpath(f"//form[@action='/admin/employees/{eid}/deactivate']")[0]
    data = {i.get("name"): i.get("value") for i in form.xpath(".//input")}
    r = hr.post(f"/admin/employees/{eid}/deactivate", data=data, allow_redirects=False)
    assert r.status_code == 303
    assert one(stack, f"SELECT active FROM employee WHERE id = {eid}") == "0"
    assert one(stack, f"SELECT COUNT(*) FROM session WHERE employee_id = {eid}") == "0"
    assert own.get("/", allow_redirects=False).status_code == 303     # logged out
    assert login(new_session(), login_, "secret-pw").status_code == 403
    assert "niet actief" in text_of(hr.get(f"/admin/employees/{eid}"))
    # the same form again: its version is stale now
    with unchanged(stack, ORG_TABLES, "a stale deactivation"):
        r = hr.post(f"/admin/employees/{eid}/deactivate", data=data, allow_redirects=False)
    assert r.status_code == 409

    doc = page(hr.get(f"/admin/employees/{eid}"))
    form = doc.xpath(f"//form[@action='/admin/employees/{eid}/activate']")[0]
    data = {i.get("name"): i.get("value") for i in form.xpath(".//input")}
    assert hr.post(f"/admin/employees/{eid}/activate", data=data,
                   allow_redirects=False).status_code == 303
    assert login(new_session(), login_, "secret-pw").status_code == 303
    actions = [r[0] for r in stack.sql(f"SELECT action FROM audit WHERE entity = 'employee' "
                                       f"AND entity_id = {eid} ORDER BY id")]
    assert actions == ["create", "deactivate", "activate"]


def test_hr_cannot_deactivate_itself(stack, hr):
    eid = employee_id(stack, HR)
    doc = page(hr.get(f"/admin/employees/{eid}"))
    assert not doc.xpath(f"//form[@action='/admin/employees/{eid}/deactivate']")
    data = {"csrf": token(hr), "version": version_of(stack, eid)}
    # (session is in ORG_TABLES: HR's own sessions stay too)
    with unchanged(stack, ORG_TABLES, "HR deactivating itself"):
        r = hr.post(f"/admin/employees/{eid}/deactivate", data=data, allow_redirects=False)
    assert r.status_code == 400
    assert one(stack, f"SELECT active FROM employee WHERE id = {eid}") == "1"
    assert hr.get("/admin", allow_redirects=False).status_code == 200, "still logged in"


# ------------------------------------------------------------ departments --

def test_department_tree_create_rename_move(stack, hr):
    r = hr.get("/admin/departments")
    assert r.status_code == 200
    doc = page(r)
    nested = doc.xpath("//ul[@class='tree']//li[a='Verkoop']/ul/li/a/text()")
    assert {"Binnendienst", "Buitendienst"} <= set(nested)

    name = unique("Test afdeling")
    ict = one(stack, "SELECT id FROM department WHERE name = 'ICT'")
    r = hr.post("/admin/departments", data={"csrf": csrf_token(r), "name": name, "parent": ict},
                allow_redirects=False)
    assert r.status_code == 303
    did = one(stack, f"SELECT id FROM department WHERE name = '{name}'")
    assert one(stack, f"SELECT parent_id FROM department WHERE id = {did}") == ict
    assert "De afdeling is toegevoegd." in text_of(hr.get("/admin/departments"))

    # names are unique organisation-wide, whatever the case
    data = {"csrf": token(hr), "name": name.upper()}
    with unchanged(stack, ORG_TABLES, "a department name in use"):
        r = hr.post("/admin/departments", data=data, allow_redirects=False)
    assert r.status_code == 400
    assert "al een afdeling" in page(r).xpath("//*[@id='f-name-error']")[0].text_content()
    assert page(r).xpath("//input[@name='name']/@value") == [name.upper()]

    # ICT may not move under its own child
    page_ = page(hr.get(f"/admin/departments/{ict}"))
    assert not page_.xpath(f"//select[@name='parent']/option[@value='{did}']")
    version = page_.xpath("//input[@name='version']/@value")[0]
    data = {"csrf": token(hr), "name": "ICT", "parent": did, "version": version}
    with unchanged(stack, ORG_TABLES, "a department under its own child"):
        r = hr.post(f"/admin/departments/{ict}", data=data, allow_redirects=False)
    assert r.status_code == 400
    assert one(stack, f"SELECT parent_id FROM department WHERE id = {ict}") != did

    page_ = page(hr.get(f"/admin/departments/{did}"))
    version = page_.xpath("//input[@name='version']/@value")[0]
    renamed = name + " 2"
    r = hr.post(f"/admin/departments/{did}",
                data={"csrf": token(hr), "name": renamed, "parent": "", "version": version},
                allow_redirects=False)
    assert r.status_code == 303
    row = stack.sql_dicts(f"SELECT name, parent_id FROM department WHERE id = {did}")[0]
    assert row == {"name": renamed, "parent_id": None}
    detail = one(stack, f"SELECT detail FROM audit WHERE entity = 'department' AND entity_id = {did} "
                        f"AND action = 'update'")
    assert f"name: {name} -> {renamed}" in detail and "parent: ICT -> -" in detail

    # the old version again: 409 with both names shown
    data = {"csrf": token(hr), "name": "Third", "parent": "", "version": version}
    with unchanged(stack, ORG_TABLES, "a stale department edit"):
        r = hr.post(f"/admin/departments/{did}", data=data, allow_redirects=False)
    assert r.status_code == 409
    assert page(r).xpath("//input[@name='name']/@value") == ["Third"]
    assert renamed in text_of(r)
    assert hr.get("/admin/departments/999999").status_code == 404


def test_pages_speak_english_when_asked(hr):
    en = {"Accept-Language": "en"}
    assert "Search" in text_of(hr.get("/admin/employees", headers=en))
    assert "New department" in text_of(hr.get("/admin/departments", headers=en))
    assert "Import the organisation" in text_of(hr.get("/admin/import", headers=en))
    assert "New employee" in text_of(hr.get("/admin/employees/new", headers=en))
