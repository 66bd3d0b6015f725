"""The subtree sums of the report overview (issue 21; sql/091,
fcgi/store/summary.h): per department the sums of its whole subtree,
written by the refresh that writes its own sums, and moved with a
department that gets another parent.

* A department with dossiers moved under another branch, then to the top,
  then back: after each move the subtree sums of its old ancestors lost
  exactly its dossiers, those of its new ones gained them, verify
  --summaries finds no difference and the overview equals the recount in
  every scope (verify --reports: HR's, each department's with and without
  sub-departments, each manager's).
* Its kept headcounts (sql/100) move along the same way.
* A move under the department's own descendant is refused and changes no
  sum, no stored ancestor and no parent.

Earlier tests write rows with SQL, past the store; the module starts from
a rebuild so that what it checks is what its own writes did.
"""

import pytest

from conftest import csrf_token, login
from convtools import ORG_TABLES, unchanged
from helpers import page
from summaries import assert_recount_equal, rebuild_summaries

HR = "hanna"
PASSWORD = "demo"
# A generated organisation: teams of 100 under one department, one
# division, one organisation (store/generate.c); 250 employees make three
# teams, so one team can move under another.
EMPLOYEES = 250


@pytest.fixture(scope="module")
def org(stack):
    """The generated cycle, its teams in id order and their parent."""
    rebuild_summaries(stack)
    ids = stack.ctl("generate", "--employees", str(EMPLOYEES), "--items", "2",
                    "--cycles", "1").stdout.split()
    cycle = int(ids[-1])
    teams = [int(t) for (t,) in stack.sql(
        "SELECT DISTINCT e.department_id FROM dossier d JOIN employee e"
        f" ON e.id = d.employee_id WHERE d.cycle_id = {cycle} ORDER BY 1")]
    assert len(teams) >= 3, teams
    parent = int(one(stack, f"SELECT parent_id FROM department WHERE id = {teams[0]}"))
    return {"cycle": cycle, "teams": teams, "parent": parent}


@pytest.fixture
def hr(new_session):
    s = new_session()
    assert login(s, HR, PASSWORD).status_code == 303
    return s


def one(stack, query):
    rows = stack.sql(query)
    return rows[0][0] if rows else None


def dossiers_under(stack, cycle, dept):
    """The dossiers in the subtree sums of dept (its slots summed)."""
    return int(one(stack, "SELECT COALESCE(SUM(n), 0) FROM department_tree_summary"
                          f" WHERE cycle_id = {cycle} AND department_id = {dept}"
                          " AND kind = 'dossier'"))


def dossiers_of_subtree(stack, cycle, dept):
    """The same, counted from the dossiers and the stored ancestors."""
    return int(one(stack, "SELECT COUNT(*) FROM dossier d JOIN employee e ON e.id = d.employee_id"
                          " JOIN department_ancestor a ON a.dep = e.department_id"
                          f" WHERE d.cycle_id = {cycle} AND a.up = {dept}"
                          " AND d.status <> 'left'"))


def ancestors(stack, dept):
    """The department and its ancestors, nearest first."""
    return [int(u) for (u,) in stack.sql(
        f"SELECT up FROM department_ancestor WHERE dep = {dept} ORDER BY depth")]


def move(stack, hr, dept, parent):
    """POST the department form with a new parent ("" : the top)."""
    form = page(hr.get(f"/admin/departments/{dept}"))
    data = {"csrf": csrf_token(hr.get(f"/admin/departments/{dept}")),
            "name": one(stack, f"SELECT name FROM department WHERE id = {dept}"),
            "parent": parent, "version": form.xpath("//input[@name='version']/@value")[0]}
    return hr.post(f"/admin/departments/{dept}", data=data, allow_redirects=False)


def compare_reports(stack, cycle):
    res = stack.ctl("verify", "--reports", cycle, check=False, timeout=600)
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr
    return int(res.stdout.split()[0])


def test_a_moved_department_takes_its_subtree_sums_along(stack, hr, org):
    cycle, (moved, target, _), parent = org["cycle"], org["teams"][:3], org["parent"]
    mine = dossiers_under(stack, cycle, moved)
    assert mine > 0 and mine == dossiers_of_subtree(stack, cycle, moved)
    old_chain = ancestors(stack, moved)[1:]
    assert parent in old_chain
    before = {d: dossiers_under(stack, cycle, d) for d in old_chain + [target]}
    try:
        # Under another team: that team gains the moved one's dossiers; the
        # ancestors both share keep theirs.
        assert move(stack, hr, moved, str(target)).status_code == 303
        assert ancestors(stack, moved)[1:] == [target] + old_chain
        assert dossiers_under(stack, cycle, target) == before[target] + mine
        for d in old_chain:
            assert dossiers_under(stack, cycle, d) == before[d], d
        assert dossiers_under(stack, cycle, moved) == mine
        assert_recount_equal(stack, "a department moved under another")
        assert compare_reports(stack, cycle) > 3

        # To the top: every old ancestor loses them; HR's level now shows
        # the moved department itself.
        assert move(stack, hr, moved, "").status_code == 303
        assert ancestors(stack, moved) == [moved]
        assert dossiers_under(stack, cycle, target) == before[target]
        for d in old_chain:
            assert dossiers_under(stack, cycle, d) == before[d] - mine, d
            assert dossiers_under(stack, cycle, d) == dossiers_of_subtree(stack, cycle, d), d
        assert_recount_equal(stack, "a department moved to the top")
        assert compare_reports(stack, cycle) > 3
    finally:
        # Back where it was, through the product again.
        assert move(stack, hr, moved, str(parent)).status_code == 303
    assert ancestors(stack, moved)[1:] == old_chain
    for d in old_chain + [target]:
        assert dossiers_under(stack, cycle, d) == before[d], d
    assert_recount_equal(stack, "a department moved back")


def staff_under(stack, cycle, dept):
    """The kept headcount of dept's subtree (sql/100): its active
    employees (cycle 0), or those with a dossier of the cycle."""
    return int(one(stack, "SELECT COALESCE(SUM(n), 0) FROM department_tree_staff"
                          f" WHERE cycle_id = {cycle} AND department_id = {dept}"))


def staff_of_subtree(stack, cycle, dept):
    """The same, counted from the employees and the stored ancestors."""
    dossier = "" if cycle == 0 else (
        f" AND EXISTS (SELECT 1 FROM dossier d WHERE d.employee_id = e.id"
        f" AND d.cycle_id = {cycle})")
    return int(one(stack, "SELECT COUNT(*) FROM employee e"
                          " JOIN department_ancestor a ON a.dep = e.department_id"
                          f" WHERE e.active = 1 AND a.up = {dept}{dossier}"))


def test_a_moved_department_takes_its_headcounts_along(stack, hr, org):
    """The kept headcounts of each subtree (sql/100), which HR's overview
    reads for the employees without a dossier, follow a department to its
    new parent: the old ancestors lose its active employees, the new ones
    gain them, each equal to a count from the employees; and the count
    HR's overview shows stays the recount's (verify --reports)."""
    cycle, (moved, target, _), parent = org["cycle"], org["teams"][:3], org["parent"]
    chain = ancestors(stack, moved)[1:]
    counts = {(c, d): staff_under(stack, c, d) for c in (0, cycle) for d in chain + [target]}
    mine = {c: staff_under(stack, c, moved) for c in (0, cycle)}
    assert mine[0] > 0 and mine[cycle] > 0
    try:
        assert move(stack, hr, moved, str(target)).status_code == 303
        for c in (0, cycle):
            assert staff_under(stack, c, target) == counts[(c, target)] + mine[c]
            for d in chain + [target, moved]:
                assert staff_under(stack, c, d) == staff_of_subtree(stack, c, d), (c, d)
        assert_recount_equal(stack, "a department and its headcounts moved")
        assert compare_reports(stack, cycle) > 3
    finally:
        assert move(stack, hr, moved, str(parent)).status_code == 303
    for (c, d), n in counts.items():
        assert staff_under(stack, c, d) == n, (c, d)
    assert_recount_equal(stack, "a department and its headcounts moved back")


def test_a_move_under_its_own_descendant_is_refused_and_changes_no_sum(stack, hr, org):
    cycle, team, parent = org["cycle"], org["teams"][0], org["parent"]
    grand = int(one(stack, f"SELECT parent_id FROM department WHERE id = {parent}"))
    sums = ("department_cycle_summary", "dossier_summary")
    for under in (team, parent):
        with unchanged(stack, ORG_TABLES + sums, "a department under its own descendant"):
            r = move(stack, hr, grand, str(under))
        assert r.status_code == 400, r.text[:2000]
    assert int(one(stack, f"SELECT parent_id FROM department WHERE id = {parent}")) == grand
    assert dossiers_under(stack, cycle, grand) == dossiers_of_subtree(stack, cycle, grand) > 0
    assert_recount_equal(stack, "a refused move")
