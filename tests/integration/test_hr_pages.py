"""HR's pages of issue 15: the department choices (bounded, with a search,
since issue 21),
the answer to a write on a signed report, the audit search page and the
links to it, and the sections of the HR cycle page.

Departments made here are named "Tree <hex> ..." so they never meet the demo
organisation's; they are removed again at the end of each test."""

import uuid

import pytest

from conftest import csrf_token, login
from convtools import make_dossier, people, unchanged
from helpers import DEPARTMENT_PATHS_FILL, page, text_of, xml

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


def one(stack, query):
    rows = stack.sql(query)
    return rows[0][0] if rows else None


# ---- the department tree ----

@pytest.fixture
def odd_tree(stack):
    """Departments added out of order, with names that a sort on the joined
    path of names puts under the wrong parent: "Sales Support" (a sibling
    of "Sales") sorts between "Sales" and Sales' own child when the
    separator is ignored by the collation.  Yields the prefix."""
    p = f"Tree {uuid.uuid4().hex[:6]}"
    stack.sql(f"INSERT INTO department (name) VALUES ('{p} Zeta')")
    zeta = one(stack, f"SELECT id FROM department WHERE name = '{p} Zeta'")
    stack.sql(f"INSERT INTO department (name, parent_id) VALUES ('{p} Alpha', {zeta})")
    stack.sql(f"INSERT INTO department (name) VALUES ('{p} Sales Support')")
    stack.sql(f"INSERT INTO department (name) VALUES ('{p} Sales')")
    sales = one(stack, f"SELECT id FROM department WHERE name = '{p} Sales'")
    stack.sql(f"INSERT INTO department (name, parent_id) VALUES ('{p} Zuid', {sales})")
    stack.sql(f"INSERT INTO department (name, parent_id) VALUES ('{p} Noord', {sales})")
    stack.sql(DEPARTMENT_PATHS_FILL)
    yield p
    # children first (the parent key refers to them)
    stack.sql(f"DELETE FROM department WHERE name LIKE '{p} %' AND parent_id IS NOT NULL")
    stack.sql(f"DELETE FROM department WHERE name LIKE '{p} %'")


def parents(stack):
    return {int(i): (int(pid) if pid else None)
            for i, pid in stack.sql("SELECT id, parent_id FROM department")}


def check_tree_order(choices, parent_of, prefix):
    """choices: [(id, depth, name)] as a select offers them.  Each one's
    parent is the nearest earlier choice one level up; every department is
    there once; the test's siblings come in name order."""
    assert sorted(i for i, _, _ in choices) == sorted(parent_of), "every department, once"
    stack_ = []
    for i, depth, name in choices:
        del stack_[depth:]
        want = stack_[-1] if stack_ else None
        assert len(stack_) == depth, f"{name}: depth {depth} skips a level"
        assert parent_of[i] == want, f"{name} is drawn under the wrong parent"
        stack_.append(i)
    ours = [(d, n) for _, d, n in choices if n.startswith(prefix)]
    assert ours == [(0, f"{prefix} Sales"), (1, f"{prefix} Noord"), (1, f"{prefix} Zuid"),
                    (0, f"{prefix} Sales Support"),
                    (0, f"{prefix} Zeta"), (1, f"{prefix} Alpha")], ours


def flat_choices(doc):
    return [(int(d.get("id")), int(d.get("depth")), d.get("name"))
            for d in doc.iter("department") if d.get("depth") is not None]


def test_reports_filter_tree_order(stack, hr, odd_tree):
    """The reports' department filter lists one level at a time (issue 21:
    a select of every department grew the page with each): the way down to
    the chosen department, the level under it, and a search's matches, each
    in name order ("Sales" before "Sales Support")."""
    p = odd_tree
    ids = {n.split(" ", 2)[2]: int(i) for i, n in
           stack.sql(f"SELECT id, name FROM department WHERE name LIKE '{p} %'")}

    def tree(**params):
        r = hr.get("/reports", params=params, headers=XML)
        assert r.status_code == 200, r.text[:500]
        return xml(r).find(".//department_tree")

    def names(nodes):
        return [d.get("name") for d in nodes]

    t = tree(department=ids["Sales"], recursive="1")
    assert names(t.findall("chain/department")) == [f"{p} Sales"]
    assert names(t.findall(f"level[@parent='{ids['Sales']}']/department")) == \
        [f"{p} Noord", f"{p} Zuid"]
    t = tree(department=ids["Alpha"])
    assert names(t.findall("chain/department")) == [f"{p} Zeta", f"{p} Alpha"]
    assert names(t.findall(f"level[@parent='{ids['Zeta']}']/department")) == [f"{p} Alpha"]
    assert t.find(f"level[@parent='{ids['Sales']}']") is None, "a level not on the way"
    t = tree(dq=p)
    assert names(t.findall("search/department")) == [
        f"{p} {n}" for n in ("Alpha", "Noord", "Sales", "Sales Support", "Zeta", "Zuid")]


DEPT_LEVEL_MAX = 100     # pages/choices.h: a level of the bounded choice


def select_options(resp, select_id):
    """The options of a select as [(value, text, selected, group)], group
    the label of its optgroup ("" outside one)."""
    doc = page(resp)
    sel = doc.get_element_by_id(select_id)
    out = []
    for o in sel.iter("option"):
        group = o.getparent().get("label", "") if o.getparent().tag == "optgroup" else ""
        out.append((o.get("value"), o.text_content().strip().replace("\xa0", ""),
                    o.get("selected") is not None, group))
    return out


def top_level(stack):
    return [n for (n,) in stack.sql("SELECT name FROM department WHERE parent_id IS NULL"
                                    " ORDER BY name, id")]


def test_cycle_page_department_choice_is_bounded(stack, hr, odd_tree):
    """The cycle's start form: the top level, and a search (?dq=) whose
    matches stand in the select, in name order; the sub-departments of a
    department not chosen are not listed."""
    p = odd_tree
    cid = one(stack, "SELECT id FROM cycle ORDER BY id LIMIT 1")
    r = hr.get(f"/admin/cycles/{cid}")
    assert r.status_code == 200, r.text[:500]
    opts = select_options(r, "start-department")
    tree = [o[1] for o in opts if o[3] == "Afdelingen"]
    assert tree == top_level(stack)[:DEPT_LEVEL_MAX]
    assert f"{p} Noord" not in tree and f"{p} Alpha" not in tree
    assert ("Niet alle afdelingen" in r.text) == (len(top_level(stack)) > DEPT_LEVEL_MAX)
    r = hr.get(f"/admin/cycles/{cid}", params={"dq": p})
    assert r.status_code == 200, r.text[:500]
    found = [o[1] for o in select_options(r, "start-department") if o[3] == "Gevonden"]
    assert found == [f"{p} {n}" for n in
                     ("Alpha", "Noord", "Sales", "Sales Support", "Zeta", "Zuid")]
    assert page(r).get_element_by_id("dept-search-dq").get("value") == p
    r = hr.get(f"/admin/cycles/{cid}", params={"dq": f"{p} Nergens"})
    assert "Geen afdeling gevonden met deze naam." in r.text
    assert not [o for o in select_options(r, "start-department") if o[3] == "Gevonden"]


def test_employee_form_department_choice_keeps_the_current_one(stack, hr, odd_tree):
    """An employee deep in the tree: the form offers their department
    (selected, once), the way down to it, and the search; saving the form
    as shown keeps the department."""
    p = odd_tree
    ids = {n.split(" ", 2)[2]: int(i) for i, n in
           stack.sql(f"SELECT id, name FROM department WHERE name LIKE '{p} %'")}
    from helpers import insert
    emp = insert(stack, "employee", login=f"tree-{p[5:]}", name=f"{p} Medewerker",
                 email=f"tree-{p[5:]}@example.org", department_id=ids["Alpha"])
    try:
        r = hr.get(f"/admin/employees/{emp}")
        assert r.status_code == 200, r.text[:500]
        opts = select_options(r, "f-department")
        assert opts[1][:3] == (str(ids["Alpha"]), f"{p} Alpha", True)
        assert [o[0] for o in opts].count(str(ids["Alpha"])) == 1
        tree = [o[1] for o in opts if o[3] == "Afdelingen"]
        assert f"{p} Noord" not in tree, "a level not on the way"
        # The way down: Zeta's level is open (Alpha is the selected one above).
        r = hr.get(f"/admin/employees/{emp}", params={"dq": "Noord"})
        found = [o for o in select_options(r, "f-department") if o[3] == "Gevonden"]
        assert (str(ids["Noord"]), f"{p} Noord", False, "Gevonden") in found
        assert [o for o in select_options(r, "f-department") if o[2]][0][0] == str(ids["Alpha"])
        # The new-employee form searches too, and selects nothing.
        r = hr.get("/admin/employees/new", params={"dq": f"{p} Z"})
        opts = select_options(r, "f-department")
        assert [o[1] for o in opts if o[3] == "Gevonden"] == [f"{p} Zeta", f"{p} Zuid"]
        assert not [o for o in opts if o[2]]
    finally:
        stack.sql(f"DELETE FROM employee WHERE id = {emp}")


def test_department_form_parent_choice(stack, hr, odd_tree):
    """A department's parent: the current one selected, never itself, and
    the search; a parent below itself is refused and nothing changes."""
    p = odd_tree
    ids = {n.split(" ", 2)[2]: int(i) for i, n in
           stack.sql(f"SELECT id, name FROM department WHERE name LIKE '{p} %'")}
    r = hr.get(f"/admin/departments/{ids['Sales']}", params={"dq": p})
    assert r.status_code == 200, r.text[:500]
    opts = select_options(r, "f-parent")
    assert not [o for o in opts if o[2]], "a top-level department has no parent selected"
    assert str(ids["Sales"]) not in [o[0] for o in opts]
    assert (str(ids["Noord"]), f"{p} Noord", False, "Gevonden") in opts
    r = hr.get(f"/admin/departments/{ids['Noord']}")
    opts = select_options(r, "f-parent")
    assert opts[1][:3] == (str(ids["Sales"]), f"{p} Sales", True)
    assert str(ids["Noord"]) not in [o[0] for o in opts]
    # Choosing a department below itself (offered by the search) is refused.
    r = hr.get(f"/admin/departments/{ids['Sales']}")
    version = page(r).xpath("//input[@name='version']/@value")[0]
    before = stack.sql(f"SELECT parent_id, version FROM department WHERE id = {ids['Sales']}")
    r = hr.post(f"/admin/departments/{ids['Sales']}", data={
        "name": f"{p} Sales", "parent": ids["Noord"], "version": version,
        "csrf": csrf_token(r)}, allow_redirects=False)
    assert r.status_code in (400, 409), r.status_code
    assert stack.sql(f"SELECT parent_id, version FROM department WHERE id = {ids['Sales']}") \
        == before


def test_a_bad_department_search_is_refused_next_to_its_field(stack, hr):
    """A search over its length or of two lines: 400, the form page with
    the problem next to the search field, the select as before."""
    eid = one(stack, "SELECT id FROM employee WHERE login = 'eva'")
    for path in (f"/admin/employees/{eid}", "/admin/employees/new"):
        for dq in ("twee\nregels", "é" * 201):
            r = hr.get(path, params={"dq": dq})
            assert r.status_code == 400, (path, r.status_code)
            doc = page(r)
            err = doc.get_element_by_id("dept-search-dq-error")
            assert err.text_content().strip(), path
            field = doc.get_element_by_id("dept-search-dq")
            assert field.get("aria-invalid") == "true"
            assert "dept-search-dq-error" in field.get("aria-describedby")
            assert select_options(r, "f-department")[0][0] == ""
            assert not [o for o in select_options(r, "f-department") if o[3] == "Gevonden"]


# ---- the audit search ----

@pytest.fixture
def marked_rows(stack):
    """Two audit rows of their own: by hanna on a department on 2020-02-03,
    by mark on an employee today.  Yields their details."""
    tag = uuid.uuid4().hex[:8]
    hanna = one(stack, f"SELECT id FROM employee WHERE login = '{HR}'")
    mark = one(stack, f"SELECT id FROM employee WHERE login = '{MANAGER}'")
    old, new = f"name: old-{tag}", f"name: new-{tag}"
    stack.sql("INSERT INTO audit (at, actor_id, entity, entity_id, action, detail) VALUES"
              f" ('2020-02-03 10:00:00', {hanna}, 'department', 1, 'update', '{old}'),"
              f" (UTC_TIMESTAMP(), {mark}, 'employee', {mark}, 'update', '{new}')")
    yield old, new
    stack.sql(f"DELETE FROM audit WHERE detail IN ('{old}', '{new}')")


def details(resp):
    return [e.findtext("detail") or "" for e in xml(resp).iter("entry")]


def test_audit_without_parameters_is_a_search_form(stack, hr, marked_rows):
    r = hr.get("/admin/audit")
    assert r.status_code == 200, r.text[:500]
    doc = page(r)
    form = doc.xpath("//form[@action='/admin/audit' and @method='get']")
    assert form, "a search form"
    names = set(form[0].xpath(".//*[@name]/@name"))
    assert {"what", "who", "dossier", "from", "to"} <= names, names
    for f in form[0].xpath(".//input | .//select"):
        assert doc.xpath(f"//label[@for='{f.get('id')}']"), f"a label for {f.get('name')}"
    r = hr.get("/admin/audit", headers=XML)
    ids = [int(e.get("id")) for e in xml(r).iter("entry")]
    newest = int(one(stack, "SELECT MAX(id) FROM audit"))
    assert ids and ids[0] == newest, "the newest entry first"
    assert marked_rows[1] in details(r)


def test_audit_search_filters(hr, marked_rows):
    old, new = marked_rows
    r = hr.get("/admin/audit", params={"what": "department", "who": "Hanna"}, headers=XML)
    assert r.status_code == 200, r.text[:500]
    d = details(r)
    assert old in d and new not in d
    assert all(e.get("entity") == "department" for e in xml(r).iter("entry"))
    r = hr.get("/admin/audit", params={"who": MANAGER}, headers=XML)
    assert new in details(r) and old not in details(r), "by login"
    r = hr.get("/admin/audit", params={"from": "2020-02-03", "to": "2020-02-03"}, headers=XML)
    assert old in details(r) and new not in details(r), "a period of one day"
    r = hr.get("/admin/audit", params={"from": "2020-02-04", "to": "2020-02-10"}, headers=XML)
    assert old not in details(r), "outside the period"


def test_audit_search_refuses_bad_input(hr, marked_rows):
    for params in ({"from": "03-02-2020"}, {"what": "passwords"}, {"who": "x" * 101},
                   {"dossier": "abc"}):
        r = hr.get("/admin/audit", params=params)
        assert r.status_code == 400, (params, r.status_code)
        assert "niet goed ingevuld" in text_of(r), params
        assert not page(r).xpath("//table//td"), "no rows with a refused search"


def test_audit_search_by_dossier(stack, hr):
    did = one(stack, "SELECT id FROM dossier ORDER BY id LIMIT 1")
    r = hr.get("/admin/audit", params={"dossier": did}, headers=XML)
    assert r.status_code == 200
    subj = xml(r).find("audit-subject")
    assert subj is not None and subj.get("entity") == "dossier" and subj.get("id") == did


def test_audit_search_is_hr_only(new_session, marked_rows):
    for user in (MANAGER, EMPLOYEE):
        s = as_user(new_session, user)
        r = s.get("/admin/audit", params={"who": "Hanna"})
        assert r.status_code == 403, user
        assert marked_rows[0] not in r.text


# ---- a write to a signed report ----

@pytest.fixture
def frozen(stack):
    """make(status): a fresh dossier of eva (manager mark) whose goal-setting
    conversation has that status; returns its id."""
    def make(status):
        d = make_dossier(stack, people(stack), prefix="Ondertekend")
        cid = d["conversations"][0]
        stack.sql(f"UPDATE conversation SET status = '{status}', held_on = '2027-02-10',"
                  f" version = version + 1 WHERE id = {cid}")
        return cid
    return make


@pytest.mark.parametrize("status, title", [("closed", "Dit verslag is ondertekend"),
                                           ("finalized", "Dit verslag is definitief opgeslagen")])
@pytest.mark.parametrize("who", [EMPLOYEE, MANAGER])
def test_write_to_signed_report_says_so(stack, new_session, frozen, status, title, who):
    """A remark or an item sent to a report saved for good or signed: 403 with
    what happened and what can still be done (HR reopen), a link back, and
    nothing changed."""
    cid = frozen(status)
    s = as_user(new_session, who)
    token = csrf_token(s.get(f"/conversations/{cid}"))
    for path, data in ((f"/conversations/{cid}/remarks", {"text": "Nog een opmerking"}),
                       (f"/conversations/{cid}/items",
                        {"kind": "action", "title": "Te laat", "deadline": "2027-11-30"})):
        with unchanged(stack):
            r = s.post(path, data=dict(data, csrf=token), allow_redirects=False)
        assert r.status_code == 403, (path, r.status_code)
        text = text_of(r)
        assert title in text, text[:500]
        assert "HR" in text and "heropenen" in text, "what can still be done"
        assert "Er is niets gewijzigd" in text
        assert page(r).xpath(f"//main//a[@href='/conversations/{cid}']"), "a link back"


def test_write_to_a_report_one_may_not_read_stays_generic(stack, new_session, frozen):
    """Someone who may not read the conversation still gets the one 403 that
    tells nothing about it."""
    cid = frozen("closed")
    s = as_user(new_session, "daan")
    token = csrf_token(s.get("/"))
    with unchanged(stack):
        r = s.post(f"/conversations/{cid}/remarks", data={"text": "x", "csrf": token},
                   allow_redirects=False)
    assert r.status_code == 403
    assert "ondertekend" not in text_of(r) and f"/conversations/{cid}" not in r.text


# ---- the HR cycle page: sections, error summary, report links ----

def open_cycle(stack):
    cid = one(stack, "SELECT id FROM cycle WHERE status <> 'closed' ORDER BY id LIMIT 1")
    if cid is None:
        pytest.skip("no open or planned cycle")
    return cid


def test_cycle_page_sections_and_report_links(stack, hr):
    cid = open_cycle(stack)
    r = hr.get(f"/admin/cycles/{cid}")
    assert r.status_code == 200
    doc = page(r)
    nav = doc.xpath("//main//nav[contains(@class, 'section-nav')]")
    assert nav, "a section nav"
    anchors = nav[0].xpath(".//a[starts-with(@href, '#')]/@href")
    assert len(anchors) >= 6, anchors
    for a in anchors:
        assert doc.xpath(f"//*[@id='{a[1:]}']"), f"{a} leads nowhere"
    first_section = doc.xpath("//main//section")[0]
    assert nav[0].getparent().index(nav[0]) < len(nav[0].getparent()) and \
        first_section.sourceline >= nav[0].sourceline, "the nav above the sections"
    links = set(nav[0].xpath(".//a/@href"))
    for href in (f"/reports?cycle={cid}", f"/reports/cycles/{cid}.xml",
                 f"/reports/cycles/{cid}.csv"):
        assert href in links, href
        assert hr.get(href).status_code == 200, href


def test_cycle_page_error_summary_links_to_the_field(stack, hr):
    cid = open_cycle(stack)
    name, version = stack.sql(f"SELECT name, version FROM cycle WHERE id = {cid}")[0]
    token = csrf_token(hr.get(f"/admin/cycles/{cid}"))
    with unchanged(stack, ("cycle", "cycle_step", "audit")):
        r = hr.post(f"/admin/cycles/{cid}", data={
            "name": name, "starts_on": "2027-13-01", "ends_on": "2027-12-31",
            "scale": "slecht / goed", "version": version, "csrf": token},
            allow_redirects=False)
    assert r.status_code == 400, r.status_code
    doc = page(r)
    summary = doc.xpath("//main//*[contains(@class, 'error-summary')]")
    assert summary, "an error summary"
    sections = doc.xpath("//main//section")
    assert summary[0].sourceline <= sections[0].sourceline, "at the top, above the sections"
    targets = summary[0].xpath(".//a/@href")
    assert "#cycle-starts_on" in targets, targets
    for t in targets:
        assert doc.xpath(f"//*[@id='{t[1:]}']"), f"{t} leads nowhere"


# ---- links to the history ----

def test_history_linked_for_hr_only(stack, new_session):
    d = make_dossier(stack, people(stack), prefix="Geschiedenis")
    cid = d["conversations"][0]
    eva = people(stack)["eva"]
    trail = f"/admin/audit?entity=dossier&id={d['id']}"
    hr = as_user(new_session, HR)
    for path, href in ((f"/dossiers/{d['id']}", trail), (f"/conversations/{cid}", trail),
                       (f"/admin/employees/{eva}", f"/admin/audit?entity=employee&id={eva}")):
        r = hr.get(path)
        assert r.status_code == 200, path
        assert href in page(r).xpath("//main//a/@href"), f"{path} links its history"
        assert hr.get(href).status_code == 200
    s = as_user(new_session, EMPLOYEE)
    for path in (f"/dossiers/{d['id']}", f"/conversations/{cid}"):
        r = s.get(path)
        assert r.status_code == 200
        assert not page(r).xpath("//a[starts-with(@href, '/admin/audit')]"), path


def test_audit_detail_in_the_readers_language(stack, hr, new_session):
    """The detail's keys and fixed words are translated; names stay as typed."""
    tag = uuid.uuid4().hex[:8]
    hanna = one(stack, f"SELECT id FROM employee WHERE login = '{HR}'")
    detail = f"scope: all active employees; status: planned -> open; name: Cyclus {tag}"
    stack.sql("INSERT INTO audit (actor_id, entity, entity_id, action, detail) VALUES"
              f" ({hanna}, 'cycle', 1, 'start', '{detail}')")
    try:
        r = hr.get("/admin/audit", params={"what": "cycle"})
        cell = [t for t in page(r).xpath("//td[contains(@class, 'audit-detail')]")
                if tag in t.text_content()]
        assert cell, "the row is there"
        text = " ".join(cell[0].text_content().split())
        assert text == (f"voor wie: alle actieve medewerkers; status: gepland → open;"
                        f" naam: Cyclus {tag}"), text
        en = as_user(new_session, HR)
        en.headers["Accept-Language"] = "en"
        r = en.get("/admin/audit", params={"what": "cycle"})
        cell = [t for t in page(r).xpath("//td[contains(@class, 'audit-detail')]")
                if tag in t.text_content()]
        text = " ".join(cell[0].text_content().split())
        assert text == (f"for whom: all active employees; status: planned → open;"
                        f" name: Cyclus {tag}"), text
    finally:
        stack.sql(f"DELETE FROM audit WHERE detail = '{detail}'")
