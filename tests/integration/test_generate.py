"""gesprekctl generate: the organisation tests/bench/run measures --
departments four levels deep, managers with twelve direct reports, several
cycles of which only the newest is open, its dossiers in every stage."""


def test_generate_cycles_tree_and_stages(stack):
    res = stack.ctl("generate", "--employees", "40", "--items", "2", "--cycles", "2")
    older, newest = (int(x) for x in res.stdout.split())
    assert stack.sql(f"SELECT status FROM cycle WHERE id IN ({older}, {newest}) ORDER BY id") == \
        [("closed",), ("open",)]
    for cycle, dossier_status in ((older, "closed"), (newest, "open")):
        assert stack.sql(f"SELECT status, COUNT(*) FROM dossier WHERE cycle_id = {cycle}"
                         f" GROUP BY status") == [(dossier_status, "40")]
    # Closed cycle: every conversation closed; open one: every stage.
    assert stack.sql(f"SELECT DISTINCT c.status FROM conversation c JOIN dossier d"
                     f" ON d.id = c.dossier_id WHERE d.cycle_id = {older}") == [("closed",)]
    stages = {s for (s,) in stack.sql(f"SELECT DISTINCT c.status FROM conversation c"
                                      f" JOIN dossier d ON d.id = c.dossier_id"
                                      f" WHERE d.cycle_id = {newest}")}
    assert stages == {"planned", "preparing", "held", "finalized", "closed"}
    # The same forty employees in both cycles, twelve reports per manager.
    people = f"SELECT employee_id FROM dossier WHERE cycle_id = {older}"
    assert stack.sql(f"SELECT COUNT(*) FROM dossier WHERE cycle_id = {newest}"
                     f" AND employee_id IN ({people})") == [("40",)]
    teams = [int(n) for (n,) in stack.sql(
        f"SELECT COUNT(*) FROM employee e WHERE e.manager_id IN ({people})"
        f" GROUP BY e.manager_id ORDER BY e.manager_id")]
    assert teams == [12, 12, 12, 3]
    # Teams four levels below the top: organisation, division, department, team.
    depth = stack.sql(
        f"SELECT COUNT(*) FROM department t JOIN department a ON a.id = t.parent_id"
        f" JOIN department v ON v.id = a.parent_id JOIN department o ON o.id = v.parent_id"
        f" WHERE o.parent_id IS NULL AND t.id = (SELECT e.department_id FROM employee e"
        f" WHERE e.id = (SELECT MIN(employee_id) FROM dossier WHERE cycle_id = {older}))")
    assert depth == [("1",)]
    # No progress note that carries a status is private to its author
    # (DESIGN §5): the bench's figures are of data the product could hold.
    private = stack.sql(
        f"SELECT COUNT(*) FROM item_update u JOIN conversation c ON c.id = u.conversation_id"
        f" JOIN dossier d ON d.id = c.dossier_id WHERE d.cycle_id = {newest}"
        f" AND u.status IS NOT NULL AND c.status IN ('planned', 'preparing')"
        f" AND NOT IF(u.author_id = d.employee_id, c.employee_shared, c.manager_shared)")
    assert private == [("0",)]
    notes = stack.sql(f"SELECT COUNT(*) FROM item_update u JOIN conversation c"
                      f" ON c.id = u.conversation_id JOIN dossier d ON d.id = c.dossier_id"
                      f" WHERE d.cycle_id = {newest} AND c.status = 'preparing'")
    assert int(notes[0][0]) > 0, "no progress notes in preparation: the check above saw nothing"


def test_generate_refuses_bad_counts(stack):
    for args in (("--employees", "0"), ("--employees", "5", "--cycles", "0"),
                 ("--employees", "5", "--cycles", "11"), ("--employees", "5", "--bogus", "1")):
        assert stack.ctl("generate", *args, check=False).returncode == 2
