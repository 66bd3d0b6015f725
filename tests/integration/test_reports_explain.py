"""The plans of the report pages' statements (issue 21):
`gesprekctl explain-reports [--cycle ID]` EXPLAINs every statement the
overview, its people lists and the reminder list run, with real arguments,
in HR's scope, a department's (with and without sub-departments) and a
manager's, one JSON line per statement (tests/bench reads the same lines at
1,000 to 100,000 employees).

At this small scale MariaDB may read a tiny table whole; what must never be
read whole is a table that grows with the organisation and its cycles.
"""

import json

import pytest

from helpers import DEPARTMENT_PATHS_FILL

# The tables that grow with the organisation and its cycles.
GROWING = {"dossier", "conversation", "item", "dossier_summary", "department_cycle_summary",
           "department_staff", "department_tree_summary", "department_tree_staff"}
STATEMENTS = {
    "overview.conversations", "overview.totals", "overview.ratings", "overview.departments",
    "overview.collective", "overview.without_dossier", "people.dossiers",
    "people.conversations", "people.results", "people.rating", "people.collective",
    "people.no_dossier", "remind.people",
}
# The distributions per department and the people behind a competence's
# level (issue 16, h-hrdist).
STATEMENTS |= {"overview.distribution", "people.competence"}
# How many a list holds, and a list of a department with its
# sub-departments read per department (issue 21, h-counts).
STATEMENTS |= {"people.total", "people.conversations.sub"}
SCOPES = {"hr", "department", "department_own", "manager"}
# HR's overview runs one statement (report_overview.c, named
# "overview.prefetch"), which answers the readers' statements below:
# explain-reports shows its plan in HR's scope, not theirs, which no page
# of that scope runs (h-scopes).  The other scopes run the readers'.
PREFETCHED = {"overview.conversations", "overview.totals", "overview.ratings",
              "overview.departments", "overview.distribution", "overview.collective",
              "overview.without_dossier"}
READER_SCOPES = SCOPES - {"hr"}


def expected(statements, scopes):
    """The (statement, scope) pairs explain-reports prints of these."""
    return {(s, sc) for s in statements for sc in scopes
            if (sc != "hr" or s not in PREFETCHED) and (s != "people.conversations.sub"
                                                        or sc in SUB_SCOPES)}
# The read per department is taken only by a department with its
# sub-departments (report_summary.c's reads_sub): no other scope runs it,
# so no other scope's plans name it (h-people).
SUB_SCOPES = {"department"}


@pytest.fixture(scope="module")
def generated(stack):
    """A generated organisation; the newest of its cycles (open)."""
    ids = stack.ctl("generate", "--employees", "80", "--items", "3", "--cycles", "2").stdout.split()
    return int(ids[-1])


def plans(stack, *args):
    res = stack.ctl("explain-reports", *args, check=False, timeout=600)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert lines, "no plan printed"
    return lines


def test_every_statement_in_every_scope_is_explained(stack, generated):
    lines = plans(stack, "--cycle", str(generated))
    seen = {(p["statement"], p["scope"]) for p in lines}
    assert seen == expected(STATEMENTS, SCOPES) | {("overview.prefetch", "hr")}
    assert len(lines) == len(seen)
    for p in lines:
        assert p["cycle"] == generated
        assert p["tables"], p
        for t in p["tables"]:
            assert {"table", "alias", "type", "key", "rows", "extra"} <= set(t)
        # The flags agree with the tables they sum up.
        assert p["filesort"] == any("Using filesort" in t["extra"] for t in p["tables"])
        assert p["temporary"] == any("Using temporary" in t["extra"] for t in p["tables"])
        # A table read whole is a full scan; a derived table, a union's
        # result or a materialized subquery (<derived3>) read whole is the
        # statement's own rows, listed apart with their estimate.
        whole = [t for t in p["tables"] if t["type"] == "ALL"]
        assert set(p["full_scans"]) == {t["table"] for t in whole if t["table"][0] != "<"}
        assert p["derived_scans"] == [{"table": t["table"], "rows": t["rows"]}
                                      for t in whole if t["table"][0] == "<"]


def test_every_plan_names_a_table_of_the_database(stack, generated):
    """Each alias of the report statements maps to its table (report.c
    plan_tables), so a full scan is named by what it reads -- the bench
    tells the catalogs read whole from the growing tables by these names.
    An alias left out would show as itself."""
    tables = {r[0] for r in stack.sql(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()")}
    named = {t["table"] for p in plans(stack, "--cycle", str(generated)) for t in p["tables"]
             if t["table"] and t["table"][0] != "<"}
    assert named and named <= tables, sorted(named - tables)
    # The template parts of HR's statement use their own aliases: `l`,
    # `ts` and `t` are a department, its subtree sums and a headcount.
    prefetch = [p for p in plans(stack, "--cycle", str(generated))
                if p["statement"] == "overview.prefetch"]
    by_alias = {(t["alias"], t["table"]) for t in prefetch[0]["tables"]}
    assert ("sl", "template_scale_level") in by_alias, sorted(by_alias)
    assert ("sx", "template_section") in by_alias, sorted(by_alias)


def test_no_statement_reads_a_growing_table_whole(stack, generated):
    lines = plans(stack, "--cycle", str(generated))
    whole = sorted((p["statement"], p["scope"], t) for p in lines
                   for t in p["full_scans"] if t in GROWING)
    assert whole == [], "\n".join(json.dumps(p) for p in lines)
    # The employees are read whole at most to count a manager's reports
    # without a dossier (a small table may be read whole at this scale);
    # HR's and a department's count reads the kept headcounts (sql/082),
    # and every list reads them by key.
    employees = {(p["statement"], p["scope"]) for p in lines if "employee" in p["full_scans"]}
    assert employees <= {("overview.without_dossier", "manager")}, employees


# Where each scope reads its count of the employees without a dossier:
# HR's and a department's with its sub-departments the subtree counts of
# their roots (sql/100; HR's also department 0's own), a department alone
# its own counts (sql/082).
KEPT_HEADCOUNTS = {"hr": "department_tree_staff", "department": "department_tree_staff",
                   "department_own": "department_staff"}


def test_without_a_dossier_reads_the_kept_headcounts(stack, generated):
    """HR's and a department's count of the employees without a dossier
    reads the kept headcounts by key -- no employee, no dossier (it read
    every employee in HR's scope before), and in HR's scope and a
    department's with its sub-departments not every department's own
    counts (2,244 rows at 100,000 employees) but their roots' subtree
    counts; a manager's counts their reports by the manager's key."""
    for p in plans(stack, "--cycle", str(generated)):
        if p["statement"] != "overview.without_dossier":
            continue
        read = {t["table"] for t in p["tables"]}
        if p["scope"] == "manager":
            assert "employee" in read and "department_staff" not in read, p
            continue
        assert KEPT_HEADCOUNTS[p["scope"]] in read and not read & {"employee", "dossier"}, p
        # By a key: which one is MariaDB's choice by the data.  With the
        # many organisations the whole suite leaves (26 generated ones do
        # it), a department's scope reads department_tree_staff by a range
        # of the cycle's key (two cycles' rows), not by the primary key:
        # the clean clone's full run failed here on "PRIMARY" while the
        # file alone passed.  Read whole is what
        # test_no_statement_reads_a_growing_table_whole refuses.
        for t in p["tables"]:
            if t["table"] in ("department_staff", "department_tree_staff"):
                assert t["key"] not in ("", None, "-") and t["type"] in ("range", "ref", "eq_ref"), p


def test_the_numbers_and_lists_read_the_summaries_not_the_cycle(stack, generated):
    """Every statement of the overview and the lists reads the summary rows
    and the employees by key: no conversation or item, and a dossier only
    by its unique key (the employees without one, the reminder's chosen
    dossiers and their conversations)."""
    for p in plans(stack, "--cycle", str(generated)):
        read = {t["table"] for t in p["tables"]}
        if p["statement"] == "remind.people":
            facts = [t for t in p["tables"] if t["table"] == "dossier_summary"]
            assert facts and all(t["type"] in ("ref", "range", "eq_ref") for t in facts), p
            continue
        assert not read & {"conversation", "item"}, p
        for t in p["tables"]:
            if t["table"] == "dossier":
                assert t["type"] == "eq_ref" and t["key"] == "dossier_cycle_employee", p
        if p["statement"] == "people.total":
            # As the overview reads its numbers: HR's and a department's
            # with its sub-departments the subtree sums of their roots.
            sums = {"manager": "dossier_summary", "department_own": "department_cycle_summary"}
            assert sums.get(p["scope"], "department_tree_summary") in read, p
            assert "dossier" not in read, p
        elif p["statement"].startswith("people.") and p["statement"] != "people.no_dossier":
            assert "dossier_summary" in read, p


# Statements that may still sort or group through a temporary table, and
# why: the people without a dossier have no facts and are sorted from the
# employees; a competence's list sorts as the others may at this scale.
# The lists behind the other numbers read their facts in name order
# (sql/076) and never sort.  A new statement that sorts fails here until
# it is named.
SORTING = {"people.no_dossier", "people.competence"}
# Sorted and grouped in C since h-scopes2 (store/report_sort.c), by the
# names' collation keys (WEIGHT_STRING) the statements hand over: the
# table per department, the distributions and the collective goals, in
# every scope, and whom a reminder goes to (each dossier's conversation
# that ROW_NUMBER picked, the people by name).  They must not sort again.
SORTED_IN_C = {"overview.departments", "overview.distribution", "overview.collective",
               "remind.people"}
# A department with its sub-departments read per department: each
# department's facts come in name order from its key, the subtree's are
# sorted, summed per person and paged in C (report_summary.c's by_person).
SORTED_IN_C |= {"people.conversations.sub"}


# HR's and a department's with its sub-departments (TREE_SCOPES) sum the
# subtree rows of the level's few departments and the parent's own rows
# (report_summary.c's TREE_SUMS): the conversations per type and the
# ratings per scale and value hand those few rows (level x slots x facts)
# over as they are read, added up in C (report.c's conv_count_row,
# report_tree.c's report_tree_ratings) -- grouping them took a temporary
# table and a sort; a department alone and a manager's team read them
# grouped from the index.
TREE_SCOPES = {"hr", "department"}


def test_only_the_named_statements_sort(stack, generated):
    lines = plans(stack, "--cycle", str(generated))
    sorting = {(p["statement"], p["scope"]) for p in lines if p["temporary"] or p["filesort"]}
    named = {(s, sc) for s in SORTING for sc in SCOPES}
    assert sorting <= named, sorted(sorting - named)
    clean = {"overview.conversations", "overview.totals", "overview.ratings",
             "overview.without_dossier", "people.total"} | LISTS | SORTED_IN_C
    for scope in SCOPES:
        seen = {p["statement"] for p in lines if p["scope"] == scope}
        want = clean - PREFETCHED | {"overview.prefetch"} if scope == "hr" else clean
        if scope not in SUB_SCOPES:
            want = want - {"people.conversations.sub"}
        assert seen - SORTING == want, scope
    # HR's one statement neither sorts nor groups: it reads its few rows by
    # key in no order, and report_overview.c adds them up and sorts them.
    prefetch = [p for p in lines if p["statement"] == "overview.prefetch"]
    assert len(prefetch) == 1 and not prefetch[0]["temporary"], prefetch
    assert not prefetch[0]["filesort"], prefetch
    # The scales' part reads the cycle's form versions by primary key, not
    # every version whole (tv.id IN (... UNION ...) did; h-scopes2).
    versions = [t for t in prefetch[0]["tables"] if t["alias"] == "tv"]
    assert versions and all(t["type"] != "ALL" for t in versions), prefetch
    assert "template_version" not in prefetch[0]["full_scans"], prefetch
    # A department alone has nothing to fold: its table reads its own sums
    # grouped by type along the primary key, and report.c puts the types
    # in the cycle's order (h-scopes).
    alone = [p for p in lines if (p["statement"], p["scope"]) == ("overview.departments",
                                                                 "department_own")]
    assert len(alone) == 1 and not alone[0]["temporary"] and not alone[0]["filesort"], alone
    assert {t["table"] for t in alone[0]["tables"]} <= {"department_cycle_summary",
                                                       "department"}, alone


# The people lists behind the numbers, and the keys of sql/076 that hand
# their facts over by name after what the list fixes (cycle, kind, type,
# value; a manager's or a department's id first).
LISTS = {"people.dossiers", "people.conversations", "people.results", "people.rating",
         "people.collective"}
LIST_KEYS = {"dossier_summary_by_name", "dossier_summary_manager_by_name",
             "dossier_summary_department_by_name"}
# A manager's team and a department alone read their own key.
OWN_KEY = {"manager": "dossier_summary_manager_by_name",
           "department_own": "dossier_summary_department_by_name"}


def test_the_people_lists_read_a_page_by_name_from_the_index(stack, generated):
    """Each list reads its facts by a key of sql/076 in the order it pages
    them -- no temporary table, no sort -- from the index alone, so a page
    reads its own rows and stops (issue 21: every fact of the number sorted,
    1.2 s at 100,000 employees); a manager's team and a department alone by
    their own key."""
    lines = [p for p in plans(stack, "--cycle", str(generated)) if p["statement"] in LISTS]
    assert {(p["statement"], p["scope"]) for p in lines} == {(s, sc) for s in LISTS
                                                             for sc in SCOPES}
    for p in lines:
        assert not p["temporary"] and not p["filesort"], p
        facts = [t for t in p["tables"] if t["table"] == "dossier_summary"]
        assert len(facts) == 1 and facts[0]["key"] in LIST_KEYS, p
        assert "Using index" in facts[0]["extra"], p
        # Left open (issue 16's scales): with the scale parameter the rating
        # list of a manager's team is read by the name key, not the team's.
        if p["scope"] in OWN_KEY and (p["statement"], p["scope"]) != ("people.rating", "manager"):
            assert facts[0]["key"] == OWN_KEY[p["scope"]], p


# The overview's own sums, and the keys that hand them over in the order
# they are grouped: HR's and a department's the department sums by cycle
# and kind (sql/074), a manager's their own dossiers' facts by cycle,
# manager and kind (sql/075).
SUMS = {"overview.conversations", "overview.totals", "overview.ratings"}


def test_the_overview_sums_read_only_their_kind_from_the_index(stack, generated):
    """Each of the overview's sums reads the rows of its own kind by a key
    that leads with what the scope fixes: a department alone its own rows
    by the primary key (cycle, department, kind) -- the key of sql/074
    (cycle, kind) read every department's rows of the kind and kept the
    department's (1,211 rows for one department at 10,000 employees) -- and
    a manager's team from the index alone by (cycle, manager, kind).  HR's
    and a department's with its sub-departments read the subtree sums
    instead (test_tree_scopes_read_the_level_by_key)."""
    lines = [p for p in plans(stack, "--cycle", str(generated)) if p["statement"] in SUMS]
    assert {(p["statement"], p["scope"]) for p in lines} == expected(SUMS, SCOPES)
    for p in lines:
        if p["scope"] in TREE_SCOPES:
            continue
        table, key = (("dossier_summary", "dossier_summary_manager") if p["scope"] == "manager"
                      else ("department_cycle_summary", "PRIMARY"))
        sums = [t for t in p["tables"] if t["table"] == table]
        assert sums, p
        for t in sums:
            assert t["key"] == key and t["type"] in ("ref", "range"), p
            # A secondary key covers the read; the primary key is the row.
            assert key == "PRIMARY" or "Using index" in t["extra"], p


# Every statement of the overview in HR's or a department's scope, and what
# it may read of the summaries: the department sums, never the dossiers'
# facts (one row per dossier and state) -- a manager's scope reads those,
# its own team's.
OVERVIEW = SUMS | {"overview.departments", "overview.collective"}


def test_hr_scope_reads_department_sums_not_dossiers(stack, generated):
    """HR's and a department's overview read about departments x states
    rows (sql/075): no statement reads a dossier's facts, and none reads
    more department sum rows than the cycle holds, which are fewer than its
    dossiers' facts.  A manager's reads only their team's facts."""
    held = int(stack.sql("SELECT COUNT(*) FROM department_cycle_summary")[0][0])
    facts = int(stack.sql("SELECT COUNT(*) FROM dossier_summary")[0][0])
    assert 0 < held < facts
    for p in plans(stack, "--cycle", str(generated)):
        if p["statement"] not in OVERVIEW | {"overview.prefetch"}:
            continue
        read = {t["table"] for t in p["tables"]}
        if p["scope"] == "manager":
            assert "department_cycle_summary" not in read, p
            for t in p["tables"]:
                if t["table"] == "dossier_summary":
                    assert t["key"] == "dossier_summary_manager", p
            continue
        assert "dossier_summary" not in read, p
        for t in p["tables"]:
            if t["table"] == "department_cycle_summary":
                assert int(t["rows"] or 0) <= held, p


def test_the_newest_cycle_is_the_default(stack, generated):
    newest = int(stack.sql("SELECT MAX(id) FROM cycle")[0][0])
    assert {p["cycle"] for p in plans(stack)} == {newest}


def test_a_bad_cycle_is_refused(stack):
    assert stack.ctl("explain-reports", "--cycle", "x1", check=False).returncode == 2


# The statements that fold the scope's sums per department under the level
# shown (report_summary.c's FOLD_FROM).
FOLDS = {"overview.departments", "overview.distribution"}


def test_the_fold_maps_the_levels_departments_not_each_sum_row(stack, generated):
    """The fold is one map of the departments under the level shown, read
    from the level's departments down their stored descendants (the
    ancestors' primary key, up first) and joined to the sums by its key:
    each sum row is never joined to its ancestors one by one (the
    ancestors' reverse key, department_ancestor_dep), which read rows x
    depth x the level's width (issue 21: the distribution read 330 k rows
    at 100,000 employees).  Every scope; a manager's team and a department
    alone fold nothing (MariaDB leaves the map out: impossible WHERE)."""
    assert_folds_map_the_level(plans(stack, "--cycle", str(generated)))


def assert_folds_map_the_level(all_plans):
    lines = [p for p in all_plans if p["statement"] in FOLDS]
    assert {(p["statement"], p["scope"]) for p in lines} == expected(FOLDS, SCOPES)
    for p in lines:
        if p["scope"] in TREE_SCOPES:
            # No fold at all: the level's subtree sums (sql/091).
            assert not [t for t in p["tables"] if t["table"] == "department_ancestor"], p
            assert [t for t in p["tables"] if t["table"] == "department_tree_summary"], p
            continue
        ancestors = [t for t in p["tables"] if t["alias"] == "a"]
        assert ancestors or p["scope"] in ("manager", "department_own"), p
        assert all(t["table"] == "department_ancestor" for t in ancestors), p
        assert all(t["key"] == "PRIMARY" for t in ancestors), p
        assert not [t for t in p["tables"] if t["key"] == "department_ancestor_dep"], p
        assert not [t for t in p["tables"] if "LATERAL" in t["select_type"]], p


def test_many_departments_and_few_sums_do_not_split_the_fold(stack, generated):
    """With many departments at the top and few sums in scope, MariaDB's
    statistics once made it split the fold per sum row (LATERAL DERIVED,
    by department_ancestor_dep) -- in the full suite, after other tests had
    made thousands of departments.  The fold statements turn that split off
    (report_summary.c's FOLD_UNSPLIT).  The departments are made here and
    removed again: other pages list every department."""
    prefix = "unsplit"
    try:
        stack.sql(f"INSERT INTO department (name) SELECT CONCAT('{prefix}-', s.seq)"
                  " FROM seq_1_to_50 s")
        stack.sql(f"INSERT INTO department (name, parent_id) SELECT CONCAT(c.name, '-', s.seq),"
                  f" c.id FROM department c JOIN seq_1_to_60 s WHERE c.name LIKE '{prefix}-%'")
        stack.sql(f"{DEPARTMENT_PATHS_FILL}; ANALYZE TABLE department, department_ancestor")
        assert_folds_map_the_level(plans(stack, "--cycle", str(generated)))
    finally:
        made = f"SELECT id FROM department WHERE name LIKE '{prefix}-%'"
        stack.sql(f"DELETE FROM department_ancestor WHERE dep IN ({made}) OR up IN ({made});"
                  f" DELETE FROM department WHERE name LIKE '{prefix}-%-%';"
                  f" DELETE FROM department WHERE name LIKE '{prefix}-%'")


# The statements of the overview that read the subtree sums in HR's scope
# and a department's with its sub-departments (report_summary.c TREE_SUMS).
TREE_READS = SUMS | FOLDS
# How many rows each subtree sum is spread over (store/summary.h).
SUMMARY_TREE_SLOTS = 8


def test_tree_scopes_read_the_level_by_key(stack, generated):
    """HR's overview and a department's with its sub-departments read the
    subtree sums of the level's departments by the key (cycle, department,
    kind) -- the level's departments first, by their parent's key -- and
    the level's parent's own sums by the key: per department of the level
    at most its slots x facts rows, never the cycle's every department (issue
    21: 19 k rows for the table, 66 k for the distributions at 100,000
    employees).  No dossier's facts, no stored ancestors."""
    # The most rows one department holds of one cycle and kind: slots x
    # facts at most, by the table's construction.
    widest = int(stack.sql(
        "SELECT COALESCE(MAX(k), 0) FROM (SELECT COUNT(*) AS k FROM department_tree_summary"
        f" WHERE cycle_id = {generated} GROUP BY department_id, kind) w")[0][0])
    facts = int(stack.sql(
        "SELECT COUNT(*) FROM (SELECT DISTINCT kind, type, state, value, due_on"
        f" FROM dossier_summary WHERE cycle_id = {generated}) f")[0][0])
    assert 0 < widest <= SUMMARY_TREE_SLOTS * facts
    lines = [p for p in plans(stack, "--cycle", str(generated))
             if p["statement"] in TREE_READS and p["scope"] in TREE_SCOPES]
    assert {(p["statement"], p["scope"]) for p in lines} == expected(TREE_READS, TREE_SCOPES)
    for p in lines:
        read = {t["table"] for t in p["tables"]}
        assert not read & {"dossier_summary", "department_ancestor", "dossier"}, p
        tree = [t for t in p["tables"] if t["table"] == "department_tree_summary"]
        own = [t for t in p["tables"] if t["table"] == "department_cycle_summary"]
        assert tree, p
        # By the key (cycle, department, kind): EXPLAIN's rows are the
        # key's average, not the rows read, so the bound itself is
        # measured with ANALYZE in tests/bench (RESULTS.md).
        for t in tree + own:
            assert t["key"] == "PRIMARY" and t["type"] in ("ref", "range", "eq_ref"), p
        # The departments drive -- the level or HR's top ones by their
        # parent's key, a department's own subtree by its id -- and each
        # one's subtree rows are read by its key.
        levels = [t for t in p["tables"] if t["alias"] == "l"]
        assert len(levels) == len(tree), p
        for level, sums in zip(levels, tree):
            assert (level["key"], level["type"]) in {
                ("department_name", "ref"), ("department_name", "ref_or_null"),
                ("PRIMARY", "const"), ("PRIMARY", "eq_ref")}, p
            assert p["tables"].index(level) < p["tables"].index(sums), p
