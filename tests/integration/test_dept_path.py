"""Stored department ancestors (sql/064, issue 21): every department write
keeps department_ancestor equal to a fresh walk of parent_id -- a create, a
rename, a move of a whole subtree, the bulk writers (demo, generate,
import) -- a move under the department's own descendant is refused and
changes nothing, and the reports read through the stored rows show the
numbers a recursive recount gives, also after a subtree moved."""

import uuid

import pytest
from lxml import etree

from conftest import csrf_token, login
from convtools import ORG_TABLES, unchanged
from helpers import DEPARTMENT_PATHS_FILL, department_paths_differ, page

HR, PASSWORD = "hanna", "demo"


def unique(prefix):
    return f"{prefix} {uuid.uuid4().hex[:6]}"


def one(stack, query):
    return int(stack.sql(query)[0][0])


@pytest.fixture
def generate(stack):
    """gesprekctl generate, its employees made inactive afterwards: active
    people without a dossier are counted on every overview, and lists of
    other tests (test_reports: the first 200 without one) would fill up."""
    made = []

    def run(*args):
        res = stack.ctl("generate", *args)
        cycle = int(res.stdout.split()[-1])
        made.append(cycle)
        return cycle
    yield run
    for cycle in made:
        stack.sql(f"UPDATE employee SET active = 0 WHERE id IN"
                  f" (SELECT employee_id FROM dossier WHERE cycle_id = {cycle})")


@pytest.fixture
def hr(new_session):
    s = new_session()
    assert login(s, HR, PASSWORD).status_code == 303
    return s


def dept_id(stack, name):
    return one(stack, f"SELECT id FROM department WHERE name = '{name}'")


def create(stack, hr, name, parent=""):
    r = hr.get("/admin/departments")
    r = hr.post("/admin/departments", data={"csrf": csrf_token(r), "name": name,
                                            "parent": parent}, allow_redirects=False)
    assert r.status_code == 303, r.text[:1000]
    return dept_id(stack, name)


def edit_form(hr, did, name, parent):
    """The edit form's fields as the page gives them (read before a
    refused POST, so that the block around it sees only the POST)."""
    doc = page(hr.get(f"/admin/departments/{did}"))
    version = doc.xpath("//input[@name='version']/@value")[0]
    return {"csrf": csrf_token(hr.get("/admin")), "name": name, "parent": parent,
            "version": version}


def edit(hr, did, name, parent):
    return hr.post(f"/admin/departments/{did}", data=edit_form(hr, did, name, parent),
                   allow_redirects=False)


def ancestors(stack, did):
    return [(int(u), int(d)) for u, d in stack.sql(
        f"SELECT up, depth FROM department_ancestor WHERE dep = {did} ORDER BY depth")]


def test_paths_follow_create_rename_move(stack, hr):
    p = unique("Pad")
    a = create(stack, hr, f"{p} A")
    b = create(stack, hr, f"{p} B", a)
    c = create(stack, hr, f"{p} C", b)
    d = create(stack, hr, f"{p} D")
    assert ancestors(stack, c) == [(c, 0), (b, 1), (a, 2)]
    assert department_paths_differ(stack) == []

    # B moves under D and takes C with it, in the same write.
    assert edit(hr, b, f"{p} B", d).status_code == 303
    assert ancestors(stack, b) == [(b, 0), (d, 1)]
    assert ancestors(stack, c) == [(c, 0), (b, 1), (d, 2)]
    assert one(stack, f"SELECT COUNT(*) FROM department_ancestor WHERE up = {a}") == 1
    # A rename changes no ancestor.
    assert edit(hr, c, f"{p} C2", b).status_code == 303
    assert ancestors(stack, c) == [(c, 0), (b, 1), (d, 2)]
    # Back to the top: only the rows inside the subtree stay.
    assert edit(hr, b, f"{p} B", "").status_code == 303
    assert ancestors(stack, c) == [(c, 0), (b, 1)]
    assert department_paths_differ(stack) == []


def test_move_under_own_descendant_refused(stack, hr):
    p = unique("Lus")
    a = create(stack, hr, f"{p} A")
    b = create(stack, hr, f"{p} B", a)
    c = create(stack, hr, f"{p} C", b)
    for parent in (c, a):
        data = edit_form(hr, a, f"{p} A", parent)
        with unchanged(stack, ORG_TABLES, "a department under itself or its descendant"):
            r = hr.post(f"/admin/departments/{a}", data=data, allow_redirects=False)
        assert r.status_code == 400, r.text[:500]
    assert ancestors(stack, c) == [(c, 0), (b, 1), (a, 2)]
    assert department_paths_differ(stack) == []


def test_bulk_writers_store_paths(stack, generate):
    """demo (the stack loads it), generate and imports: all agree."""
    generate("--employees", "30", "--items", "1", "--cycles", "1")
    assert department_paths_differ(stack) == []


def recount(stack, cycle, did):
    """The dossiers and conversations of a department's subtree counted as
    the reports did before sql/064: a recursive walk of parent_id."""
    rows = stack.sql(
        f"WITH RECURSIVE sub (id) AS (SELECT id FROM department WHERE id = {did}"
        f" UNION SELECT p.id FROM department p JOIN sub ON p.parent_id = sub.id)"
        f" SELECT COUNT(DISTINCT d.id), COUNT(c.id) FROM dossier d"
        f" JOIN employee e ON e.id = d.employee_id"
        f" LEFT JOIN conversation c ON c.dossier_id = d.id"
        f" WHERE d.cycle_id = {cycle} AND d.status <> 'left'"
        f" AND e.department_id IN (SELECT id FROM sub)")
    return tuple(int(x) for x in rows[0])


def shown(hr, cycle, did):
    r = hr.get("/reports.xml", params={"cycle": cycle, "department": did, "recursive": "1"})
    assert r.status_code == 200, r.text[:1000]
    rep = etree.fromstring(r.content).find("reports")
    conversations = sum(int(t.get("total")) for t in rep.findall("conversations/type"))
    return int(rep.find("dossiers").get("count")), conversations


def test_reports_equal_recount_after_subtree_move(stack, hr, generate):
    cycle = generate("--employees", "30", "--items", "1", "--cycles", "1")
    prefix = stack.sql(f"SELECT SUBSTRING_INDEX(dp.name, '-', 2) FROM dossier d"
                       f" JOIN employee e ON e.id = d.employee_id"
                       f" JOIN department dp ON dp.id = e.department_id"
                       f" WHERE d.cycle_id = {cycle} LIMIT 1")[0][0]
    deps = [int(i) for (i,) in stack.sql(
        f"SELECT id FROM department WHERE name LIKE '{prefix}-%' ORDER BY id")]
    root = dept_id(stack, f"{prefix}-organisatie")
    team = dept_id(stack, f"{prefix}-team-1")
    old_parent = one(stack, f"SELECT parent_id FROM department WHERE id = {team}")
    before = {did: recount(stack, cycle, did) for did in deps}
    assert before[team][0] > 0, "the moved team holds no dossier: the test would see nothing"
    for did in deps:
        assert shown(hr, cycle, did) == before[did], did

    new = create(stack, hr, unique("Verhuisd"), root)
    name = stack.sql(f"SELECT name FROM department WHERE id = {team}")[0][0]
    assert edit(hr, team, name, new).status_code == 303
    for did in deps + [new]:
        assert shown(hr, cycle, did) == recount(stack, cycle, did), did
    # The numbers moved with the team, the whole organisation kept them.
    assert shown(hr, cycle, new) == before[team]
    assert shown(hr, cycle, old_parent)[0] == before[old_parent][0] - before[team][0]
    assert shown(hr, cycle, root) == before[root]
    assert department_paths_differ(stack) == []

    # HR's per-department table at the root's level: each department
    # directly under it, its subtree summed in, a link that opens it.
    r = hr.get("/reports.xml", params={"cycle": cycle, "department": root, "recursive": "1"})
    rows = etree.fromstring(r.content).findall("reports/by_department/department")
    folded = {int(d.get("id")): sum(int(t.get("total")) for t in d.findall("type"))
              for d in rows if d.get("subtree") == "1"}
    children = {int(i) for (i,) in stack.sql(
        f"SELECT id FROM department WHERE parent_id = {root}")}
    assert new in folded and set(folded) <= children
    for did, conversations in folded.items():
        assert conversations == recount(stack, cycle, did)[1], did
    doc = page(hr.get("/reports", params={"cycle": cycle, "department": root, "recursive": "1"}))
    assert doc.xpath(f"//table[@id='table-departments']//th[@scope='row']"
                     f"/a[contains(@href, 'department={new}&')]")


def grow(stack, parent, prefix, children, per_child_from, per_child_to):
    """Departments under parent: `children` of them (made once), each with
    sub-departments numbered per_child_from..per_child_to, by SQL (a
    thousand through the HR form would test the form, not the page)."""
    if per_child_from == 1:
        stack.sql(f"INSERT INTO department (name, parent_id) SELECT CONCAT('{prefix}-', s.seq),"
                  f" {parent} FROM seq_1_to_{children} s")
    stack.sql(f"INSERT INTO department (name, parent_id) SELECT CONCAT(c.name, '-', s.seq), c.id"
              f" FROM department c JOIN seq_{per_child_from}_to_{per_child_to} s"
              f" WHERE c.parent_id = {parent}; " + DEPARTMENT_PATHS_FILL)
    return one(stack, f"SELECT COUNT(*) FROM department_ancestor WHERE up = {parent}") - 1


def test_reports_page_bounded_as_departments_grow(stack, hr, generate):
    """A hundred departments more or a thousand: the overview stays the
    same size (the filter lists the top levels and the way to the chosen
    department, the per-department table its children), where a page that
    lists every department grows with each."""
    cycle = generate("--employees", "30", "--items", "1", "--cycles", "1")
    root = one(stack, f"SELECT e.department_id FROM dossier d JOIN employee e"
                      f" ON e.id = d.employee_id WHERE d.cycle_id = {cycle} LIMIT 1")
    while True:  # up to the generated organisation's top
        up = stack.sql(f"SELECT parent_id FROM department WHERE id = {root}")[0][0]
        if up is None:
            break
        root = int(up)
    grown = create(stack, hr, unique("Groei"), root)
    prefix = stack.sql(f"SELECT name FROM department WHERE id = {grown}")[0][0]

    def sizes():
        views = ({"cycle": cycle}, {"cycle": cycle, "department": root, "recursive": "1"},
                 {"cycle": cycle, "department": grown, "recursive": "1"})
        out = []
        for params in views:
            r = hr.get("/reports", params=params)
            assert r.status_code == 200, r.text[:500]
            out.append(len(r.content))
        return out

    assert grow(stack, grown, prefix, 10, 1, 9) == 100
    small = sizes()
    # Without script: a search lists the matches as links, and a chosen
    # department opens the tree along the way to it, its children listed.
    deep = dept_id(stack, f"{prefix}-7-3")
    doc = page(hr.get("/reports", params={"cycle": cycle, "dq": f"{prefix}-7-3"}))
    assert [a.get("href") for a in doc.xpath("//ul[@class='dept-matches']/li/a")] == \
        [f"/reports?cycle={cycle}&department={deep}&recursive=1"]
    doc = page(hr.get("/reports", params={"cycle": cycle, "department": grown,
                                          "recursive": "1"}))
    tree = doc.xpath("//ul[contains(@class, 'dept-tree')]")[0]
    assert tree.xpath(".//a[@aria-current='page']/text()") == [prefix]
    under = tree.xpath(f".//li[a[@aria-current='page']]/ul/li/a/text()")
    assert sorted(under) == sorted(f"{prefix}-{i}" for i in range(1, 11))
    assert not tree.xpath(f".//a[text()='{prefix}-7-3']"), "a level not asked for stays shut"
    r = hr.get("/reports", params={"cycle": cycle, "dq": "zzz-geen-afdeling-zzz"})
    assert "Geen afdeling gevonden" in r.text
    assert grow(stack, grown, prefix, 10, 10, 99) == 1000
    big = sizes()
    for s, b in zip(small, big):
        assert b <= s * 1.05, (small, big)
