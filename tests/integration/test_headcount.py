"""The counts of people kept by the writes (issue 21; fcgi/store/headcount.h,
sql/082).

* A cycle's dossiers, all and open, as the cycle lists show them, are its
  dossiers counted -- after a start, a joiner, a leaver and a close, all
  through the product.
* "Without a dossier" in HR's overview and a department's (with and
  without its sub-departments) is the employees counted -- after an
  employee is added, moved, deactivated and activated again.
* A people list shows the overview's number behind it as its total (the
  sum of its count column over every page), from the sums.
* verify --summaries names a count that a write past the store left
  stale, and `rebuild-summaries --cycle` (what the suite's SQL helpers
  run) repairs it; the schedule guard reads the dossiers, not the count.

Earlier tests write rows with SQL, past the store; the module starts from
a rebuild so that what it checks is what its own writes did.
"""

import itertools
import uuid

import pytest

from conftest import login
from convtools import csrf, post_expect as post, value as one
from helpers import employee_edit_form, xml
from summaries import assert_recount_equal, keep_summaries, rebuild_summaries

HR = "hanna"
SCALE = "onvoldoende / matig / voldoende / goed / uitstekend"
_seq = itertools.count(1)


@pytest.fixture(scope="module", autouse=True)
def summaries_rebuilt(stack):
    rebuild_summaries(stack)


@pytest.fixture
def hr(new_session):
    s = new_session()
    assert login(s, HR, "demo").status_code == 303
    return s


def cycle_counts(hr):
    """{cycle id: (dossiers, open ones)} as /admin/cycles shows them."""
    page = xml(hr.get("/admin/cycles.xml"))
    return {int(c.get("id")): (int(c.get("dossiers")), int(c.get("dossiers_open")))
            for c in page.xpath("/page/cycles/cycle")}


def dossier_counts(stack):
    """{cycle id: (dossiers, open ones)} counted from the dossiers."""
    return {int(c): (int(n), int(o)) for c, n, o in stack.sql(
        "SELECT c.id, COUNT(d.id), COALESCE(SUM(d.status = 'open'), 0) FROM cycle c"
        " LEFT JOIN dossier d ON d.cycle_id = c.id GROUP BY c.id")}


def new_cycle(stack, hr):
    name = f"Koppen {next(_seq)}-{uuid.uuid4().hex[:6]}"
    post(hr, "/admin/cycles", name=name, starts_on="2032-01-01", ends_on="2032-12-31",
         scale=SCALE, step1_type="goal_setting", step1_due="2032-02-15",
         step2_type="assessment", step2_due="2032-12-15")
    return int(one(stack, f"SELECT id FROM cycle WHERE name = '{name}'"))


def without(hr, cycle, department=None, recursive=False):
    """The overview's "without a dossier" in a scope."""
    params = {"cycle": cycle}
    if department is not None:
        params["department"] = department
        if recursive:
            params["recursive"] = "1"
    r = hr.get("/reports.xml", params=params)
    assert r.status_code == 200, r.text[:1000]
    return int(xml(r).find("reports/without_dossier").get("count"))


def without_counted(stack, cycle, department=None, recursive=False):
    """The same number counted from the employees and dossiers."""
    scope = ""
    if department is not None:
        depth = "" if recursive else " AND depth = 0"
        scope = (f" AND e.department_id IN (SELECT dep FROM department_ancestor"
                 f" WHERE up = {department}{depth})")
    return int(one(stack, f"SELECT COUNT(*) FROM employee e WHERE e.active = 1{scope}"
                          f" AND NOT EXISTS (SELECT 1 FROM dossier d WHERE d.cycle_id = {cycle}"
                          f" AND d.employee_id = e.id)"))


def scopes(stack):
    """HR's, and a department with sub-departments, alone and with them."""
    parent = int(one(stack, "SELECT up FROM department_ancestor WHERE depth = 1"
                            " ORDER BY up LIMIT 1"))
    return [(None, False), (parent, False), (parent, True)]


def assert_without_equal(stack, hr, cycle, after):
    for department, recursive in scopes(stack):
        assert without(hr, cycle, department, recursive) == \
            without_counted(stack, cycle, department, recursive), (after, department, recursive)


def test_cycle_counts_follow_start_join_leave_and_close(stack, hr):
    """The cycle list's counts are the dossiers counted, in every cycle,
    through a start, a joiner, a leaver and a close."""
    assert cycle_counts(hr) == dossier_counts(stack)
    cycle = new_cycle(stack, hr)
    home = int(one(stack, "SELECT department_id FROM employee WHERE login = 'eva'"))
    post(hr, f"/admin/cycles/{cycle}/start", scope="department", department=str(home),
         confirm="1")
    started = dossier_counts(stack)[cycle]
    assert started[0] > 0 and started == started[:1] * 2
    assert cycle_counts(hr) == dossier_counts(stack)

    login_ = f"kop_{uuid.uuid4().hex[:8]}"
    post(hr, "/admin/employees", login=login_, name="Kop Nieuwkomer", email="",
         department=str(home), manager="mark")
    eid = int(one(stack, f"SELECT id FROM employee WHERE login = '{login_}'"))
    post(hr, f"/admin/cycles/{cycle}/people", employee=str(eid), change="join")
    assert cycle_counts(hr)[cycle] == (started[0] + 1, started[1] + 1)

    version_ = one(stack, f"SELECT version FROM employee WHERE id = {eid}")
    post(hr, f"/admin/employees/{eid}/deactivate", version=version_)
    post(hr, f"/admin/cycles/{cycle}/people", employee=str(eid), change="leave")
    assert cycle_counts(hr)[cycle] == (started[0] + 1, started[1])
    assert cycle_counts(hr) == dossier_counts(stack)

    post(hr, f"/admin/cycles/{cycle}/close", confirm="1")
    assert cycle_counts(hr)[cycle] == (started[0] + 1, 0)
    assert cycle_counts(hr) == dossier_counts(stack)
    assert_recount_equal(stack, "a cycle started, a joiner, a leaver, the cycle closed")


def test_without_dossier_follows_the_employee_writes(stack, hr):
    """HR's and a department's "without a dossier" equal the employees
    counted after each employee write: added, moved, deactivated,
    activated again."""
    cycle = new_cycle(stack, hr)
    home = int(one(stack, "SELECT department_id FROM employee WHERE login = 'eva'"))
    post(hr, f"/admin/cycles/{cycle}/start", scope="department", department=str(home),
         confirm="1")
    assert_without_equal(stack, hr, cycle, "the start")
    hr_total = without(hr, cycle)

    parent = scopes(stack)[1][0]
    child = int(one(stack, f"SELECT dep FROM department_ancestor WHERE up = {parent}"
                           f" AND depth = 1 ORDER BY dep LIMIT 1"))
    login_ = f"kop_{uuid.uuid4().hex[:8]}"
    post(hr, "/admin/employees", login=login_, name="Kop Zonder", email="",
         department=str(child), manager="mark")
    eid = int(one(stack, f"SELECT id FROM employee WHERE login = '{login_}'"))
    assert without(hr, cycle) == hr_total + 1
    assert_without_equal(stack, hr, cycle, "an employee added")

    # Moved to the parent department: out of the child's count, into the
    # parent's own, the same with sub-departments.
    before_child = without(hr, cycle, child)
    form = employee_edit_form(hr, eid)
    post(hr, f"/admin/employees/{eid}", **dict(form, department=str(parent)))
    assert without(hr, cycle, child) == before_child - 1
    assert without(hr, cycle) == hr_total + 1
    assert_without_equal(stack, hr, cycle, "an employee moved")

    version_ = one(stack, f"SELECT version FROM employee WHERE id = {eid}")
    post(hr, f"/admin/employees/{eid}/deactivate", version=version_)
    assert without(hr, cycle) == hr_total
    assert_without_equal(stack, hr, cycle, "an employee deactivated")

    version_ = one(stack, f"SELECT version FROM employee WHERE id = {eid}")
    post(hr, f"/admin/employees/{eid}/activate", version=version_)
    assert without(hr, cycle) == hr_total + 1
    assert_without_equal(stack, hr, cycle, "an employee activated again")
    assert_recount_equal(stack, "the employee writes")


def test_a_write_past_the_store_is_named_and_repaired(stack, hr):
    """A dossier inserted with SQL leaves the kept counts stale: verify
    names them and exits 1; `rebuild-summaries --cycle` repairs them.  The
    schedule, fixed once a dossier exists, is guarded by the dossiers
    themselves, so a stale count lets no schedule change through."""
    cycle = new_cycle(stack, hr)
    daan = int(one(stack, "SELECT id FROM employee WHERE login = 'daan'"))
    mark = int(one(stack, "SELECT id FROM employee WHERE login = 'mark'"))
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id)"
              f" VALUES ({cycle}, {daan}, {mark})")
    res = stack.ctl("verify", "--summaries", check=False)
    assert res.returncode == 1, res.stdout + res.stderr
    assert (f"MISMATCH cycle_dossier_count cycle {cycle} department 0 dossiers open:"
            f" stored 0, recount 1") in res.stdout, res.stdout
    assert f"MISMATCH department_staff cycle {cycle} department " in res.stdout, res.stdout

    page = xml(hr.get(f"/admin/cycles/{cycle}.xml"))
    version_ = page.xpath("/page/cycle/@version")[0]
    steps = one(stack, f"SELECT GROUP_CONCAT(due_on ORDER BY seq) FROM cycle_step"
                       f" WHERE cycle_id = {cycle}")
    r = hr.post(f"/admin/cycles/{cycle}", data={
        "csrf": csrf(hr), "version": version_, "name": page.xpath("/page/cycle/@name")[0],
        "starts_on": "2032-01-01", "ends_on": "2032-12-31", "scale": SCALE,
        "step1_type": "goal_setting", "step1_due": "2032-03-01", "confirm": "1"},
        allow_redirects=False)
    assert r.status_code in (303, 409)
    assert one(stack, f"SELECT GROUP_CONCAT(due_on ORDER BY seq) FROM cycle_step"
                      f" WHERE cycle_id = {cycle}") == steps, "the schedule changed"

    keep_summaries(stack, cycle)
    assert_recount_equal(stack, "rebuild-summaries --cycle")
    assert cycle_counts(hr)[cycle] == (1, 1)


def people_pages(hr, **params):
    """Every page of a people list: ({login: count}, the first page's @total)."""
    found, total, after, page = {}, None, None, 1
    while True:
        q = dict(params, page=page, after=after) if after else dict(params)
        r = hr.get("/reports/people.xml", params=q)
        assert r.status_code == 200, r.text[:1000]
        people = xml(r).find("reports_people/people")
        if total is None:
            total = int(people.get("total"))
        assert int(people.get("total")) == total, "the total is the list's, on every page"
        for p in people.findall("person"):
            found[p.get("login")] = int(p.get("count"))
        after, page = people.get("next"), page + 1
        if after is None:
            return found, total


def test_a_people_list_shows_the_overviews_number_as_its_total(stack, hr):
    """Each list's total is the overview's number behind it -- the sum of
    the list's count column over all its pages -- in HR's scope and a
    department's with its sub-departments, also for those without a
    dossier."""
    out = stack.ctl("generate", "--employees", "120", "--items", "2", "--cycles", "1")
    cycle = int(out.stdout.split()[-1])
    parent = int(one(stack, f"SELECT a.up FROM dossier d JOIN employee e ON e.id = d.employee_id"
                            f" JOIN department_ancestor a ON a.dep = e.department_id"
                            f" AND a.depth = 1 WHERE d.cycle_id = {cycle} ORDER BY a.up LIMIT 1"))
    counted = 0
    for department, recursive in ((None, False), (parent, False), (parent, True)):
        params = {"cycle": cycle}
        if department is not None:
            params["department"] = department
            if recursive:
                params["recursive"] = "1"
        overview = xml(hr.get("/reports.xml", params=params)).find("reports")
        numbers = {
            "dossiers": int(overview.find("dossiers").get("count")),
            "no_dossier": int(overview.find("without_dossier").get("count")),
            "results.total": int(overview.find("results").get("total")),
        }
        for t in overview.findall("conversations/type"):
            numbers[f"conversations.{t.get('name')}.total"] = int(t.get("total"))
        for metric, number in numbers.items():
            found, total = people_pages(hr, metric=metric, **params)
            assert total == number == sum(found.values()), (metric, department, recursive)
            counted += number
    assert counted > 0, "nothing counted: the scopes miss the generated organisation"
