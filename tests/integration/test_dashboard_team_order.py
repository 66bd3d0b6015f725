"""The manager's team on the dashboard comes in the team page's order:
the employee's name as the database's collation orders it, then the
employee's id, then the dossier's (store/dashboard_sql.h TEAM_REST).  The
dashboard's statement reads the team in no order, each row with its
name's collation key (WEIGHT_STRING), and pages/dashboard.c orders the
rows by it: the ORDER BY in the statement cost MariaDB a temporary table
and a sort (h-scopes).

The names are chosen so that the collation's order is neither the order of
the ids nor that of the names' bytes (case and accents), two of them equal
to the collation (ordered by id), and one report has two open dossiers
(ordered by dossier).  The team's key (employee_manager_active: manager,
active, name) may hand the reports over in name order already, as it does
on the test stack: this test checks the order the page shows, whoever
made it."""

import uuid

from helpers import insert, xml

# In the order of their ids; the collation puts them as EXPECTED_NAMES.
NAMES = ("zoë Zwart", "Émile Dubois", "anna Bakker", "Bram de Vries", "Anna Bakker")


def test_the_team_is_in_the_collations_order(stack, new_session, login):
    tag = uuid.uuid4().hex[:6]
    made_cycle = None
    dep = insert(stack, "department", name=f"Teamvolgorde {tag}")
    chef_login = f"chef{tag}"
    chef = insert(stack, "employee", login=chef_login, name=f"Chef {tag}", department_id=dep,
                  active=1)
    stack.add_pam_user(chef_login, "demo")
    reports = []
    try:
        for i, name in enumerate(NAMES):
            reports.append(insert(stack, "employee", login=f"r{i}{tag}", name=f"{name} {tag}",
                                  department_id=dep, manager_id=chef, active=1))
        cycles = [int(r[0]) for r in stack.sql("SELECT id FROM cycle ORDER BY id LIMIT 2")]
        if len(cycles) < 2:
            made_cycle = insert(stack, "cycle", name=f"Teamvolgorde {tag}",
                                starts_on="2020-01-01", ends_on="2020-12-31", status="closed",
                                rating_scale="1,2,3")
            cycles.append(made_cycle)
        # Two open dossiers of one report, the newer cycle's made first.
        for cycle in reversed(cycles):
            insert(stack, "dossier", cycle_id=cycle, employee_id=reports[3], manager_id=chef,
                   status="open")
        insert(stack, "dossier", cycle_id=cycles[0], employee_id=reports[1], manager_id=chef,
               status="open")

        want = [(int(e), int(d)) for e, d in stack.sql(
            "SELECT e.id, COALESCE(d.id, 0) FROM employee e LEFT JOIN dossier d"
            f" ON d.employee_id = e.id AND d.manager_id = {chef} AND d.status = 'open'"
            f" WHERE e.manager_id = {chef} AND e.active = 1 ORDER BY e.name, e.id, d.id")]
        # The case this test is about: neither the ids' nor the bytes' order.
        assert [e for e, _ in want] != sorted(e for e, _ in want)
        by_bytes = sorted(range(len(NAMES)), key=lambda i: (NAMES[i].encode(), reports[i]))
        assert [reports[i] for i in by_bytes] != list(dict.fromkeys(e for e, _ in want))
        assert len(want) == len(NAMES) + 1

        s = new_session()
        login(s, chef_login, "demo")
        doc = xml(s.get("/.xml"))
        got = [(int(m.get("id")), int(m.get("dossier") or 0))
               for m in doc.xpath("/page/dashboard/team/member")]
        assert got == want
        # The HTML lists them in the same order.
        page = s.get("/")
        assert page.status_code == 200
        at = [page.text.find(f"{name} {tag}") for name in
              [NAMES[reports.index(e)] for e, _ in dict.fromkeys(want)]]
        assert -1 not in at and at == sorted(at), at
    finally:
        ids = ", ".join(map(str, reports + [chef]))
        stack.sql(f"DELETE FROM dossier WHERE employee_id IN ({ids})")
        stack.sql(f"DELETE FROM session WHERE employee_id IN ({ids})")
        if reports:
            stack.sql(f"DELETE FROM employee WHERE id IN ({', '.join(map(str, reports))})")
        stack.sql(f"DELETE FROM employee WHERE id = {chef}")
        stack.sql(f"DELETE FROM department_ancestor WHERE dep = {dep};"
                  f" DELETE FROM department WHERE id = {dep}")
        if made_cycle:
            stack.sql(f"DELETE FROM cycle WHERE id = {made_cycle}")
