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


def test_generate_gives_part_of_the_organisation_a_profile_and_the_gemeente_form(
        stack, new_session):
    """Every third generated employee has the klantadviseur profile and, in
    every cycle, the gemeente form (issue 16), with answers, competence
    ratings and self-assessments on that form's scales; the others are on
    the default form's newest version.  The summaries agree with a
    recount, and gesprek shows such a conversation."""
    res = stack.ctl("generate", "--employees", "30", "--items", "2", "--cycles", "2")
    older, newest = (int(x) for x in res.stdout.split())
    people = f"SELECT employee_id FROM dossier WHERE cycle_id = {newest}"
    profiled = stack.sql(f"SELECT COUNT(*) FROM employee e JOIN job_profile p"
                         f" ON p.id = e.job_profile_id WHERE p.pkey = 'klantadviseur'"
                         f" AND e.id IN ({people})")
    assert profiled == [("10",)]
    gemeente = stack.sql("SELECT tv.id FROM template t JOIN template_version tv ON"
                         " tv.template_id = t.id WHERE t.tkey = 'gemeente'"
                         " ORDER BY tv.number DESC LIMIT 1")[0][0]
    default = stack.sql("SELECT tv.id FROM template t JOIN template_version tv ON"
                        " tv.template_id = t.id WHERE t.is_default = 1"
                        " ORDER BY tv.number DESC LIMIT 1")[0][0]
    for cycle in (older, newest):
        named = stack.sql(f"SELECT ct.scope, ct.template_version_id FROM cycle_template ct"
                          f" WHERE ct.cycle_id = {cycle} ORDER BY ct.scope")
        assert named == [("default", default), ("job_profile", gemeente)], named
        # Each conversation on the version its employee's profile gives.
        on = dict(stack.sql(
            f"SELECT IF(e.job_profile_id IS NULL, 'none', 'profile'),"
            f" GROUP_CONCAT(DISTINCT COALESCE(c.template_version_id, 0))"
            f" FROM conversation c JOIN dossier d ON d.id = c.dossier_id"
            f" JOIN employee e ON e.id = d.employee_id WHERE d.cycle_id = {cycle}"
            f" GROUP BY e.job_profile_id IS NULL"))
        assert on == {"none": default, "profile": gemeente}, on
    # Answers and ratings: only on the gemeente form, both roles, the
    # employee's competence ratings of the assessment a self-assessment.
    answered = stack.sql(
        f"SELECT DISTINCT c.template_version_id FROM conversation_answer a"
        f" JOIN conversation c ON c.id = a.conversation_id JOIN dossier d ON d.id ="
        f" c.dossier_id WHERE d.cycle_id = {newest}")
    assert answered == [(gemeente,)]
    kinds = {r for r in stack.sql(
        f"SELECT c.type, r.role, r.shared_at IS NOT NULL FROM competence_rating r"
        f" JOIN conversation c ON c.id = r.conversation_id JOIN dossier d ON d.id ="
        f" c.dossier_id WHERE d.cycle_id = {newest}")}
    assert {("assessment", "employee", "1"), ("assessment", "manager", "1")} <= kinds, kinds
    assert ("assessment", "employee", "0") in kinds, "a self-assessment still private"
    # Every level on the four levels of the form's scale, the competences
    # those of the profile; every rating of a result goal and every
    # overall rating on gemeente's scales too.
    assert stack.sql(f"SELECT MIN(level), MAX(level) > 1 FROM competence_rating r"
                     f" JOIN conversation c ON c.id = r.conversation_id"
                     f" JOIN dossier d ON d.id = c.dossier_id"
                     f" WHERE d.cycle_id IN ({older}, {newest})")[0] == ("1", "1")
    outside = stack.sql(
        f"SELECT COUNT(*) FROM competence_rating r JOIN conversation c ON c.id ="
        f" r.conversation_id JOIN dossier d ON d.id = c.dossier_id JOIN employee e ON"
        f" e.id = d.employee_id WHERE d.cycle_id IN ({older}, {newest}) AND (r.level > 4"
        f" OR NOT EXISTS (SELECT 1 FROM job_profile_competence pc WHERE pc.profile_id ="
        f" e.job_profile_id AND pc.competence_id = r.competence_id))")
    assert outside == [("0",)]
    over = stack.sql(
        f"SELECT COUNT(*) FROM conversation c JOIN dossier d ON d.id = c.dossier_id"
        f" LEFT JOIN item_update u ON u.conversation_id = c.id AND u.rating > 4"
        f" LEFT JOIN conversation_answer a ON a.conversation_id = c.id AND a.rating > 4"
        f" WHERE d.cycle_id IN ({older}, {newest}) AND c.template_version_id = {gemeente}"
        f" AND (c.overall_rating > 4 OR u.id IS NOT NULL OR a.id IS NOT NULL)")
    assert over == [("0",)]
    res = stack.ctl("verify", "--summaries", check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    # HR reads a held assessment of the form: the competences with both
    # ratings side by side.
    cid = stack.sql(
        f"SELECT MIN(c.id) FROM conversation c JOIN dossier d ON d.id = c.dossier_id"
        f" WHERE d.cycle_id = {newest} AND c.type = 'assessment' AND c.status = 'held'"
        f" AND c.template_version_id = {gemeente}")[0][0]
    from conftest import login
    s = new_session()
    assert login(s, "hanna", "demo").status_code == 303
    r = s.get(f"/conversations/{cid}")
    assert r.status_code == 200
    assert r.text.count('class="competence-ratings"') >= 1, r.text[:2000]


def test_generate_stages_with_ids_in_steps(stack):
    """On a Galera node ids come in steps of the cluster's size
    (wsrep_auto_increment_control sets auto_increment_increment; four nodes:
    4).  The open cycle's dossiers must still cover every stage: a stage
    taken from the id's remainder alone put them all in two."""
    stack.sql("SET GLOBAL auto_increment_increment = 4, GLOBAL auto_increment_offset = 3",
              db=None)
    try:
        # gesprekctl's new session takes the global step.
        res = stack.ctl("generate", "--employees", "40", "--items", "1", "--cycles", "1")
    finally:
        stack.sql("SET GLOBAL auto_increment_increment = 1, GLOBAL auto_increment_offset = 1",
                  db=None)
    newest = int(res.stdout.split()[-1])
    ids = [int(i) for (i,) in stack.sql(f"SELECT id FROM dossier WHERE cycle_id = {newest}"
                                        f" ORDER BY id LIMIT 3")]
    assert len(ids) == 3 and ids[1] - ids[0] == 4, f"the ids did not come in steps: {ids}"
    stages = {s for (s,) in stack.sql(f"SELECT DISTINCT c.status FROM conversation c"
                                      f" JOIN dossier d ON d.id = c.dossier_id"
                                      f" WHERE d.cycle_id = {newest}")}
    assert stages == {"planned", "preparing", "held", "finalized", "closed"}
