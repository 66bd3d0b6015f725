"""The report summaries kept by the writes (issue 21; fcgi/store/summary.h).

* Every write through the product keeps them equal to a recount from the
  rows (`gesprekctl verify --summaries`), and moves the counts it should:
  a cycle started, items (private ones not counted until shared), the
  conversation's states, progress, ratings, a reopen, a move to another
  department.
* verify names a corrupted count and exits 1; rebuild-summaries repairs it.
* The overview read from the summaries equals the recount of report.c in
  every scope (HR, each department with and without sub-departments, each
  manager) on the demo and on a generated organisation
  (`gesprekctl verify --reports`).

Earlier tests write rows with SQL, past the store; the module starts from
a rebuild so that what it checks is what its own writes did.
"""

import itertools
import uuid

import pytest

from convtools import post_expect as post, value as one
from helpers import employee_edit_form, xml
from summaries import assert_recount_equal, rebuild_summaries

HR, MANAGER, EMPLOYEE = "hanna", "mark", "eva"
SCALE = "onvoldoende / matig / voldoende / goed / uitstekend"
_seq = itertools.count(1)


@pytest.fixture(scope="module", autouse=True)
def summaries_rebuilt(stack):
    rebuild_summaries(stack)


def sums(stack, cycle, department=None):
    """The cycle's summary counts, {(kind, type, state, value): n}, n != 0."""
    where = f" AND department_id = {department}" if department is not None else ""
    rows = stack.sql(f"SELECT kind, type, state, value, SUM(n) FROM department_cycle_summary"
                     f" WHERE cycle_id = {cycle}{where} GROUP BY kind, type, state, value"
                     f" HAVING SUM(n) <> 0")
    return {(k, t, s, int(v)): int(n) for k, t, s, v, n in rows}


def count(sums_, kind, type_="", state="", value=0):
    return sums_.get((kind, type_, state, value), 0)


def version(s, cid):
    return xml(s.get(f"/conversations/{cid}.xml")).xpath("/page/conversation/@version")[0]


def start_cycle(stack, hr, department):
    name = f"Samenvatting {next(_seq)}-{uuid.uuid4().hex[:6]}"
    fields = {"name": name, "starts_on": "2031-01-01", "ends_on": "2031-12-31", "scale": SCALE,
              "step1_type": "goal_setting", "step1_due": "2031-02-15",
              "step2_type": "progress", "step2_due": "2031-06-30",
              "step3_type": "assessment", "step3_due": "2031-12-15"}
    post(hr, "/admin/cycles", **fields)
    cycle = int(one(stack, f"SELECT id FROM cycle WHERE name = '{name}'"))
    post(hr, f"/admin/cycles/{cycle}/start", scope="department", department=str(department),
         confirm="1")
    return cycle


def test_writes_keep_the_summaries_equal_to_a_recount(stack, users):
    hr, mark, eva = users(HR), users(MANAGER), users(EMPLOYEE)
    eva_id = int(one(stack, f"SELECT id FROM employee WHERE login = '{EMPLOYEE}'"))
    home = int(one(stack, f"SELECT department_id FROM employee WHERE id = {eva_id}"))
    other = int(one(stack, "SELECT id FROM department WHERE name = 'Buitendienst'"))

    cycle = start_cycle(stack, hr, home)
    assert_recount_equal(stack, "a cycle started")
    dossiers = int(one(stack, f"SELECT COUNT(*) FROM dossier WHERE cycle_id = {cycle}"))
    s = sums(stack, cycle)
    assert dossiers > 1 and count(s, "dossier") == dossiers
    assert count(s, "conversation", "goal_setting", "planned") == dossiers

    dossier = int(one(stack, f"SELECT id FROM dossier WHERE cycle_id = {cycle}"
                             f" AND employee_id = {eva_id}"))
    gs, pr, asm = (int(r[0]) for r in stack.sql(
        f"SELECT id FROM conversation WHERE dossier_id = {dossier} ORDER BY seq"))

    # A goal written while preparing is private to its side: not counted...
    post(mark, f"/conversations/{gs}/items", kind="result", title="Omzet verhogen",
         measure="10% meer", deadline="2031-11-30")
    assert_recount_equal(stack, "a private item added")
    assert count(sums(stack, cycle), "result", state="open") == 0
    # ... until the manager shares the preparation.
    post(mark, f"/conversations/{gs}/share")
    assert_recount_equal(stack, "the preparation shared")
    assert count(sums(stack, cycle), "result", state="open") == 1

    post(mark, f"/conversations/{gs}/plan", scheduled_at="2031-02-10T09:30",
         version=version(mark, gs))
    assert_recount_equal(stack, "a date planned")
    s = sums(stack, cycle)
    assert count(s, "conversation", "goal_setting", "preparing") == 1
    assert count(s, "conversation", "goal_setting", "planned") == dossiers - 1

    post(mark, f"/conversations/{gs}/held", version=version(mark, gs), confirm="1")
    post(mark, f"/conversations/{gs}/finalize", version=version(mark, gs))
    assert_recount_equal(stack, "finalized")
    assert count(sums(stack, cycle), "conversation", "goal_setting", "finalized") == 1
    post(eva, f"/conversations/{gs}/sign", verdict="agree", remark="")
    post(mark, f"/conversations/{gs}/sign", verdict="agree", remark="")
    assert_recount_equal(stack, "signed and closed")
    assert count(sums(stack, cycle), "conversation", "goal_setting", "closed") == 1

    item = int(one(stack, f"SELECT id FROM item WHERE dossier_id = {dossier}"))
    post(mark, f"/conversations/{pr}/held", version=version(mark, pr), confirm="1")
    post(mark, f"/conversations/{pr}/updates", item=str(item), status="achieved",
         note="Gehaald.")
    assert_recount_equal(stack, "a progress note")
    s = sums(stack, cycle)
    assert count(s, "result", state="achieved") == 1 and count(s, "result", state="open") == 0

    post(mark, f"/conversations/{asm}/held", version=version(mark, asm), confirm="1")
    post(mark, f"/conversations/{asm}/overall", rating="4", note="Sterk jaar.",
         version=version(mark, asm))
    assert_recount_equal(stack, "an overall rating")
    assert count(sums(stack, cycle), "rating", value=4) == 1

    post(hr, f"/conversations/{gs}/reopen", reason="Verkeerd doel vastgelegd.")
    assert_recount_equal(stack, "a reopen")
    s = sums(stack, cycle)
    assert count(s, "conversation", "goal_setting", "closed") == 0
    assert count(s, "conversation", "goal_setting", "held") == 1

    # A move to another department takes eva's dossiers along, and back.
    before_home = sums(stack, cycle, home)
    try:
        post(hr, f"/admin/employees/{eva_id}", **dict(employee_edit_form(hr, eva_id),
                                                      department=str(other)))
        assert_recount_equal(stack, "a move to another department")
        moved = sums(stack, cycle, other)
        assert count(moved, "dossier") == 1 and count(moved, "rating", value=4) == 1
        assert count(sums(stack, cycle, home), "dossier") == count(before_home, "dossier") - 1
    finally:
        post(hr, f"/admin/employees/{eva_id}", **dict(employee_edit_form(hr, eva_id),
                                                      department=str(home)))
    assert_recount_equal(stack, "a move back")
    assert sums(stack, cycle, home) == before_home


def test_a_joiner_a_dossier_moved_to_another_manager_and_a_leaver(stack, users):
    hr = users(HR)
    home = int(one(stack, f"SELECT department_id FROM employee WHERE login = '{EMPLOYEE}'"))
    sanne = int(one(stack, "SELECT id FROM employee WHERE login = 'sanne'"))
    cycle = start_cycle(stack, hr, home)
    before = sums(stack, cycle)

    login_ = f"som_{uuid.uuid4().hex[:8]}"
    post(hr, "/admin/employees", login=login_, name="Som Nieuwkomer", email="",
         department=str(home), manager=MANAGER)
    eid = int(one(stack, f"SELECT id FROM employee WHERE login = '{login_}'"))
    post(hr, f"/admin/cycles/{cycle}/people", employee=str(eid), change="join")
    assert_recount_equal(stack, "a joiner got a dossier")
    joined = sums(stack, cycle)
    assert count(joined, "dossier") == count(before, "dossier") + 1
    dossier = int(one(stack, f"SELECT id FROM dossier WHERE cycle_id = {cycle}"
                             f" AND employee_id = {eid}"))

    # A new manager, then HR moves the open dossier to them.
    post(hr, f"/admin/employees/{eid}", **dict(employee_edit_form(hr, eid), manager="sanne"))
    post(hr, f"/admin/dossiers/{dossier}/manager", manager=str(sanne))
    assert_recount_equal(stack, "a dossier moved to another manager")
    # The manager's overview reads their dossiers' facts (sql/075).
    assert int(one(stack, f"SELECT SUM(n) FROM dossier_summary WHERE cycle_id = {cycle}"
                          f" AND manager_id = {sanne} AND kind = 'dossier'")) == 1
    assert sums(stack, cycle) == joined

    # The joiner leaves: their dossier counts nowhere any more.
    version_ = one(stack, f"SELECT version FROM employee WHERE id = {eid}")
    post(hr, f"/admin/employees/{eid}/deactivate", version=version_)
    post(hr, f"/admin/cycles/{cycle}/people", employee=str(eid), change="leave")
    assert one(stack, f"SELECT status FROM dossier WHERE id = {dossier}") == "left"
    assert_recount_equal(stack, "a leaver's dossier left")
    assert sums(stack, cycle) == before


def test_verify_names_a_corrupted_count_and_rebuild_repairs_it(stack):
    assert_recount_equal(stack, "the module's writes")
    key = stack.sql("SELECT cycle_id, department_id, kind, type, state, value, due_on,"
                    " n FROM department_cycle_summary WHERE kind = 'dossier' AND n > 0"
                    " ORDER BY cycle_id DESC LIMIT 1")
    assert key, "no summary row to corrupt"
    cycle, dept, kind, type_, state, value, due, n = key[0]
    where = (f"cycle_id = {cycle} AND department_id = {dept}"
             f" AND kind = '{kind}' AND type = '{type_}' AND state = '{state}'"
             f" AND value = {value} AND due_on = '{due}'")
    fact = stack.sql("SELECT dossier_id FROM dossier_summary WHERE kind = 'result' LIMIT 1")
    stack.sql(f"UPDATE department_cycle_summary SET n = n + 1 WHERE {where}")
    if fact:
        stack.sql(f"UPDATE dossier_summary SET n = n + 5 WHERE dossier_id = {fact[0][0]}"
                  f" AND kind = 'result' LIMIT 1")
    res = stack.ctl("verify", "--summaries", check=False)
    assert res.returncode == 1, res.stdout + res.stderr
    assert (f"MISMATCH department_cycle_summary cycle {cycle} department {dept}"
            f" dossier: stored {int(n) + 1}, recount {n}") in res.stdout, res.stdout
    if fact:
        assert f"MISMATCH dossier_summary dossier {fact[0][0]} " in res.stdout, res.stdout
    assert f"{2 if fact else 1} difference(s)" in res.stdout, res.stdout

    assert stack.ctl("rebuild-summaries").stdout.strip() == "summaries rebuilt"
    res = stack.ctl("verify", "--summaries", check=False)
    assert res.returncode == 0, res.stdout
    assert "0 difference(s)" in res.stdout
    assert int(one(stack, f"SELECT n FROM department_cycle_summary WHERE {where}")) == int(n)


def test_verify_refuses_an_id_with_summaries(stack):
    assert stack.ctl("verify", "--summaries", "12", check=False).returncode == 2
    assert stack.ctl("verify", "--summaries", "--reports", check=False).returncode == 2
    assert stack.ctl("verify", "--reports", "x1", check=False).returncode == 2


def compare_reports(stack, cycle):
    """gesprekctl verify --reports CYCLE: equal in every scope; the count."""
    res = stack.ctl("verify", "--reports", cycle, check=False, timeout=600)
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr
    return int(res.stdout.split()[0])


def test_overview_from_summaries_equals_the_recount_on_demo_and_generated(stack):
    # The demo cycle and the cycles this module wrote, in every scope.
    cycles = [int(c) for (c,) in stack.sql("SELECT id FROM cycle WHERE name = '2027'"
                                           " OR name LIKE 'Samenvatting %' ORDER BY id")]
    assert cycles, "no demo cycle"
    scopes = [compare_reports(stack, c) for c in cycles]
    assert min(scopes) > 3

    # A generated organisation, summaries kept by its own writes.
    ids = stack.ctl("generate", "--employees", "60", "--items", "3", "--cycles", "2").stdout.split()
    assert_recount_equal(stack, "gesprekctl generate")
    older, newest = int(ids[0]), int(ids[-1])
    assert count(sums(stack, newest), "dossier") == 60
    # At least HR's, each team's with and without sub-departments, and
    # each manager's scope were compared.
    for cycle in (older, newest):
        teams, managers = (int(n) for n in stack.sql(
            f"SELECT COUNT(DISTINCT e.department_id), COUNT(DISTINCT d.manager_id)"
            f" FROM dossier d JOIN employee e ON e.id = d.employee_id"
            f" WHERE d.cycle_id = {cycle}")[0])
        assert teams >= 1 and managers >= 1
        assert compare_reports(stack, cycle) >= 1 + 2 * teams + managers
    # The comparison is not empty: conversations, ratings and goals are there.
    by_kind = {k: int(n) for k, n in stack.sql(
        f"SELECT kind, SUM(n) FROM department_cycle_summary WHERE cycle_id = {newest}"
        f" GROUP BY kind")}
    assert by_kind.get("result", 0) > 0 and by_kind.get("conversation", 0) > 0


def test_migrate_fills_the_summaries_of_an_existing_database(stack):
    """An existing database gets 065 with its dossiers already there:
    migrate fills the summaries (rebuild-summaries) once it applied it."""
    assert int(one(stack, "SELECT COUNT(*) FROM dossier WHERE status <> 'left'")) > 0
    stack.sql("DELETE FROM dossier_summary; DELETE FROM department_cycle_summary;"
              " DELETE FROM schema_migrations WHERE version = 65")
    res = stack.ctl("verify", "--summaries", check=False)
    assert res.returncode == 1 and "MISMATCH" in res.stdout
    res = stack.ctl("migrate")
    assert "summaries rebuilt" in res.stdout, res.stdout
    assert_recount_equal(stack, "migrate applied 065 to an existing database")
    # A migrate with nothing pending leaves them alone (no second rebuild).
    assert "summaries rebuilt" not in stack.ctl("migrate").stdout


def test_verify_reports_compares_the_lists_behind_the_numbers(stack, users):
    """The people lists read the dossiers' own facts (dossier_summary), not
    the department sums: a fact moved to another state in dossier_summary
    alone leaves every number equal, yet the list behind "closed" changes,
    and verify --reports names the scope; rebuild-summaries repairs it.
    (A list whose number is 0 is not read at all: the fact is taken from a
    department where someone's conversation of its type is closed.)"""
    rebuild_summaries(stack)
    row = stack.sql("SELECT f.dossier_id, f.cycle_id, f.type, f.state, f.due_on, e.name,"
                    " f.department_id FROM dossier_summary f"
                    " JOIN employee e ON e.id = f.employee_id"
                    " WHERE f.kind = 'conversation' AND f.state <> 'closed'"
                    " AND f.department_id <> 0 AND EXISTS (SELECT 1 FROM dossier_summary o"
                    " WHERE o.cycle_id = f.cycle_id AND o.department_id = f.department_id"
                    " AND o.kind = 'conversation' AND o.type = f.type AND o.state = 'closed'"
                    " AND o.dossier_id <> f.dossier_id)"
                    " ORDER BY f.cycle_id DESC, f.dossier_id LIMIT 1")
    assert row, "no conversation fact to move"
    dossier, cycle, type_, state, due, name, dept = row[0]
    assert compare_reports(stack, cycle) > 1
    hr = users(HR)
    params = {"cycle": cycle, "department": dept, "metric": f"conversations.{type_}.closed"}

    def closed_people():
        page = xml(hr.get("/reports/people.xml", params=params))
        return [p.get("dossier") for p in page.iterfind(".//reports_people/people/person")]
    assert str(dossier) not in closed_people()
    sums_before = sums(stack, cycle)
    stack.sql(f"UPDATE dossier_summary SET state = 'closed', due_on = '9999-12-31'"
              f" WHERE dossier_id = {dossier} AND kind = 'conversation' AND type = '{type_}'"
              f" AND state = '{state}' AND due_on = '{due}'")
    assert sums(stack, cycle) == sums_before
    assert str(dossier) in closed_people()
    res = stack.ctl("verify", "--reports", cycle, check=False, timeout=600)
    assert res.returncode == 1, res.stdout[-4000:] + res.stderr
    assert f"MISMATCH overview of cycle {cycle} department 0 manager 0" in res.stdout
    assert f"dossier {dossier} count" in res.stdout and name in res.stdout
    rebuild_summaries(stack)
    assert str(dossier) not in closed_people()
    assert compare_reports(stack, cycle) > 1


def test_a_rename_rewrites_the_sort_name_and_verify_covers_it(stack, users):
    """The facts carry the name the people lists sort by (sql/076): a rename
    rewrites it in its own write, byte for byte (a change of case alone
    too, which the collation calls equal); a stale one is a difference
    that verify --summaries names, and rebuild-summaries repairs."""
    rebuild_summaries(stack)
    hr = users(HR)
    eva, old = stack.sql(f"SELECT id, name FROM employee WHERE login = '{EMPLOYEE}'")[0]

    def stored():
        return {r[0] for r in stack.sql(f"SELECT DISTINCT CAST(sort_name AS BINARY)"
                                        f" FROM dossier_summary WHERE employee_id = {eva}")}
    assert stored() == {old}
    try:
        for name in (f"Eva Hernoemd {uuid.uuid4().hex[:6]}", old.upper()):
            post(hr, f"/admin/employees/{eva}", **dict(employee_edit_form(hr, eva), name=name))
            assert stored() == {name}
            assert_recount_equal(stack, f"a rename to {name!r}")
    finally:
        post(hr, f"/admin/employees/{eva}", **dict(employee_edit_form(hr, eva), name=old))
    assert stored() == {old}

    stack.sql(f"UPDATE dossier_summary SET sort_name = 'Verouderd' WHERE employee_id = {eva}")
    res = stack.ctl("verify", "--summaries", check=False, timeout=600)
    assert res.returncode == 1, res.stdout[-2000:] + res.stderr
    assert "dossier_summary" in res.stdout
    rebuild_summaries(stack)
    assert stored() == {old}
    assert_recount_equal(stack, "the rebuild of a stale name")

    # A database that gets sql/076 with its summaries already there: the
    # run that applies it fills the names (a rebuild), the next one does not.
    stack.sql("UPDATE dossier_summary SET sort_name = '';"
              " DELETE FROM schema_migrations WHERE version = 76")
    res = stack.ctl("migrate")
    assert "summaries rebuilt" in res.stdout, res.stdout
    assert stored() == {old}
    assert_recount_equal(stack, "migrate applied 076 to an existing database")
    assert "summaries rebuilt" not in stack.ctl("migrate").stdout


def test_department_sums_are_per_department_and_state_whatever_the_managers(stack):
    """sql/075: a department's sums hold one row per fact key, not one per
    dossier manager -- HR reads about departments x states rows.  A
    department whose dossiers have several managers shows it: its dossier
    count is one row, summing all of them."""
    rebuild_summaries(stack)
    row = stack.sql("SELECT cycle_id, department_id, COUNT(DISTINCT manager_id), SUM(n)"
                    " FROM dossier_summary WHERE kind = 'dossier' AND department_id <> 0"
                    " GROUP BY cycle_id, department_id HAVING COUNT(DISTINCT manager_id) > 1"
                    " ORDER BY cycle_id DESC, department_id LIMIT 1")
    assert row, "no department with dossiers of two managers"
    cycle, dept, managers, dossiers = row[0]
    rows = stack.sql(f"SELECT n FROM department_cycle_summary WHERE cycle_id = {cycle}"
                     f" AND department_id = {dept} AND kind = 'dossier'")
    assert [int(n) for (n,) in rows] == [int(dossiers)], (managers, rows)
    # As many sum rows as distinct fact keys of the department's dossiers.
    keys = one(stack, f"SELECT COUNT(*) FROM (SELECT DISTINCT kind, type, state, value, due_on"
                      f" FROM dossier_summary WHERE cycle_id = {cycle} AND department_id = {dept}"
                      f" AND n <> 0) k")
    held = one(stack, f"SELECT COUNT(*) FROM department_cycle_summary WHERE cycle_id = {cycle}"
                      f" AND department_id = {dept} AND n <> 0")
    assert int(held) == int(keys)


def test_migration_075_sums_the_departments_again_from_the_facts(stack):
    """075 refills the department sums from the dossiers' facts (and may
    run again): wrong or missing sums come back equal to a recount, the
    dossiers' facts untouched."""
    rebuild_summaries(stack)
    facts = stack.sql("SELECT COUNT(*), SUM(n) FROM dossier_summary")[0]
    stack.sql("DELETE FROM department_cycle_summary WHERE kind = 'conversation';"
              " UPDATE department_cycle_summary SET n = n + 3 WHERE kind = 'dossier';"
              " DELETE FROM schema_migrations WHERE version = 75")
    assert stack.ctl("verify", "--summaries", check=False).returncode == 1
    stack.ctl("migrate")
    assert_recount_equal(stack, "migrate applied 075 again")
    assert stack.sql("SELECT COUNT(*), SUM(n) FROM dossier_summary")[0] == facts


def test_a_saving_post_writes_only_the_summary_rows_that_change(stack, users):
    """The refresh of one dossier counts its facts once and writes only
    what changed (summary.c, refresh_one): a progress note that leaves the
    goal's state as it was rewrites no fact and no department sum; one that
    moves it rewrites only the facts and sums of the two states."""
    hr, mark = users(HR), users(MANAGER)
    home = int(one(stack, f"SELECT department_id FROM employee WHERE login = '{EMPLOYEE}'"))
    cycle = start_cycle(stack, hr, home)
    eva_id = int(one(stack, f"SELECT id FROM employee WHERE login = '{EMPLOYEE}'"))
    dossier = int(one(stack, f"SELECT id FROM dossier WHERE cycle_id = {cycle}"
                             f" AND employee_id = {eva_id}"))
    gs, pr = (int(r[0]) for r in stack.sql(
        f"SELECT id FROM conversation WHERE dossier_id = {dossier} ORDER BY seq LIMIT 2"))
    post(mark, f"/conversations/{gs}/items", kind="result", title="Klanttevredenheid",
         measure="8 of hoger", deadline="2031-11-30")
    post(mark, f"/conversations/{gs}/share")
    item = int(one(stack, f"SELECT id FROM item WHERE dossier_id = {dossier}"))
    post(mark, f"/conversations/{pr}/held", version=version(mark, pr), confirm="1")
    post(mark, f"/conversations/{pr}/updates", item=str(item), status="on_track", note="Loopt.")
    assert_recount_equal(stack, "a first progress note")

    # Every summary row of the cycle marked as old.
    old = "2000-01-01 00:00:00"
    stack.sql(f"UPDATE dossier_summary SET created_at = '{old}' WHERE cycle_id = {cycle};"
              f" UPDATE department_cycle_summary SET updated_at = '{old}'"
              f" WHERE cycle_id = {cycle}")

    def rewritten():
        facts = stack.sql(f"SELECT kind, state FROM dossier_summary WHERE cycle_id = {cycle}"
                          f" AND created_at <> '{old}' ORDER BY kind, state")
        sums_ = stack.sql(f"SELECT kind, state FROM department_cycle_summary"
                          f" WHERE cycle_id = {cycle} AND updated_at <> '{old}'"
                          f" ORDER BY kind, state")
        return facts, sums_

    post(mark, f"/conversations/{pr}/updates", item=str(item), status="on_track",
         note="Nog steeds op koers.")
    assert one(stack, f"SELECT note FROM item_update WHERE item_id = {item}"
                      f" ORDER BY id DESC LIMIT 1") == "Nog steeds op koers."
    assert_recount_equal(stack, "a progress note that changes no count")
    assert rewritten() == ([], [])

    post(mark, f"/conversations/{pr}/updates", item=str(item), status="at_risk", note="Krap.")
    assert_recount_equal(stack, "a progress note that moves the goal")
    facts, sums_ = rewritten()
    # The new state's fact is written; the old one's is gone, not rewritten.
    assert facts == [("result", "at_risk")], facts
    assert sums_ == [("result", "at_risk"), ("result", "on_track")], sums_
    assert not stack.sql(f"SELECT 1 FROM dossier_summary WHERE dossier_id = {dossier}"
                         f" AND kind = 'result' AND state = 'on_track'")


# department_cycle_summary as 065 and 074 left it: sums per manager too.
OLD_SUMS = (
    "CREATE TABLE department_cycle_summary ("
    " cycle_id BIGINT UNSIGNED NOT NULL, department_id BIGINT UNSIGNED NOT NULL,"
    " manager_id BIGINT UNSIGNED NOT NULL, kind VARCHAR(16) CHARACTER SET ascii NOT NULL,"
    " type VARCHAR(16) CHARACTER SET ascii NOT NULL, state VARCHAR(16) CHARACTER SET ascii NOT NULL,"
    " value INT NOT NULL, due_on DATE NOT NULL, n BIGINT NOT NULL,"
    " created_at DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),"
    " updated_at DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),"
    " PRIMARY KEY (cycle_id, department_id, manager_id, kind, type, state, value, due_on),"
    " KEY department_cycle_summary_kind (cycle_id, kind, type, state, value, due_on, n),"
    " KEY department_cycle_summary_manager_kind"
    " (cycle_id, manager_id, kind, type, state, value, due_on, n)"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci")


def test_migration_075_upgrades_sums_kept_per_manager(stack):
    """A database at 074 holds its department sums per manager as well;
    075 sums them per department and state, equal to a recount, and gives
    a manager's overview its key on the dossiers' facts."""
    rebuild_summaries(stack)
    managers = int(one(stack, "SELECT COUNT(DISTINCT manager_id) FROM dossier_summary"))
    assert managers > 1
    stack.sql("DROP TABLE department_cycle_summary; " + OLD_SUMS + ";"
              " INSERT INTO department_cycle_summary"
              " (cycle_id, department_id, manager_id, kind, type, state, value, due_on, n)"
              " SELECT cycle_id, department_id, manager_id, kind, type, state, value, due_on,"
              " SUM(n) FROM dossier_summary GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;"
              " ALTER TABLE dossier_summary DROP KEY dossier_summary_manager,"
              " ADD KEY dossier_summary_manager (cycle_id, manager_id, kind, type, state);"
              " DELETE FROM schema_migrations WHERE version = 75")
    before = int(one(stack, "SELECT COUNT(*) FROM department_cycle_summary"))
    stack.ctl("migrate")
    assert_recount_equal(stack, "075 applied to sums kept per manager")
    columns = {r[0] for r in stack.sql("SHOW COLUMNS FROM department_cycle_summary")}
    assert "manager_id" not in columns
    assert int(one(stack, "SELECT COUNT(*) FROM department_cycle_summary")) < before
    key = [r[4] for r in stack.sql("SHOW INDEX FROM dossier_summary"
                                   " WHERE Key_name = 'dossier_summary_manager'")]
    assert key[:6] == ["cycle_id", "manager_id", "kind", "type", "state", "value"], key


def statements_on_summaries(stack, action):
    """The statements gesprekd ran against the summary tables while
    action() ran (MariaDB's general log, as a table, on for that time)."""
    stack.sql("TRUNCATE TABLE mysql.general_log; SET GLOBAL log_output = 'TABLE';"
              " SET GLOBAL general_log = 1", db=None)
    try:
        action()
    finally:
        stack.sql("SET GLOBAL general_log = 0", db=None)
    rows = stack.sql("SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log"
                     " WHERE command_type = 'Execute'"
                     " AND (argument LIKE '%dossier_summary%'"
                     " OR argument LIKE '%department_cycle_summary%')", db=None)
    stack.sql("TRUNCATE TABLE mysql.general_log; SET GLOBAL log_output = 'FILE'", db=None)
    return [r[0][:120] for r in rows]


def test_a_save_that_changes_no_counted_fact_skips_the_refresh(stack, users):
    """A remark, a note alone, a status the goal has already and a status
    kept private change no counted fact: the saving POST leaves the
    summaries alone (no statement reads or writes them; issue 21: the
    refresh was the costliest statement of every POST).  A private status
    counts once its side shares the preparation, and a note that moves a
    goal still refreshes: the recount stays equal throughout."""
    hr, mark, eva = users(HR), users(MANAGER), users(EMPLOYEE)
    home = int(one(stack, f"SELECT department_id FROM employee WHERE login = '{EMPLOYEE}'"))
    cycle = start_cycle(stack, hr, home)
    eva_id = int(one(stack, f"SELECT id FROM employee WHERE login = '{EMPLOYEE}'"))
    dossier = int(one(stack, f"SELECT id FROM dossier WHERE cycle_id = {cycle}"
                             f" AND employee_id = {eva_id}"))
    gs, pr = (int(r[0]) for r in stack.sql(
        f"SELECT id FROM conversation WHERE dossier_id = {dossier} ORDER BY seq LIMIT 2"))
    post(mark, f"/conversations/{gs}/items", kind="result", title="Doorlooptijd",
         measure="binnen 5 dagen", deadline="2031-11-30")
    post(mark, f"/conversations/{gs}/share")
    item = int(one(stack, f"SELECT id FROM item WHERE dossier_id = {dossier}"))
    before = sums(stack, cycle)
    assert count(before, "result", state="open") == 1

    # A note (its text alone; a later save of the same note replaces it)
    # and a remark.
    ran = statements_on_summaries(stack, lambda: (
        post(eva, f"/conversations/{pr}/remarks", text="Ik wil het ook over opleiding hebben."),
        post(mark, f"/conversations/{pr}/updates", item=str(item), note="Eerst de tekst.")))
    assert ran == [], ran
    assert one(stack, f"SELECT COUNT(*) FROM remark WHERE conversation_id = {pr}") == "1"
    assert sums(stack, cycle) == before
    assert_recount_equal(stack, "a remark and a note alone")

    # The progress conversation is being prepared: the manager's status
    # stays private, so the goal's counted state does not move.
    ran = statements_on_summaries(stack, lambda: post(
        mark, f"/conversations/{pr}/updates", item=str(item), status="achieved",
        note="Al gehaald, nog niet gedeeld."))
    assert ran == [], ran
    assert one(stack, f"SELECT status FROM item WHERE id = {item}") == "open"
    assert sums(stack, cycle) == before
    assert_recount_equal(stack, "a private status")

    # Shared: the status reaches the goal, and the sums follow.
    post(mark, f"/conversations/{pr}/share")
    moved = sums(stack, cycle)
    assert count(moved, "result", state="open") == 0
    assert count(moved, "result", state="achieved") == 1
    assert_recount_equal(stack, "the private status shared")

    post(mark, f"/conversations/{pr}/held", version=version(mark, pr), confirm="1")
    ran = statements_on_summaries(stack, lambda: post(
        mark, f"/conversations/{pr}/updates", item=str(item), status="achieved",
        note="Nog steeds gehaald."))
    assert ran == [], ran
    ran = statements_on_summaries(stack, lambda: post(
        mark, f"/conversations/{pr}/updates", item=str(item), status="at_risk",
        note="Toch weer krap."))
    assert any("dossier_summary" in r for r in ran), ran
    after = sums(stack, cycle)
    assert count(after, "result", state="at_risk") == 1
    assert count(after, "result", state="achieved") == 0
    assert_recount_equal(stack, "a note that moves the goal")
