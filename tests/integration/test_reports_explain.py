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

# The tables that grow with the organisation and its cycles.
GROWING = {"dossier", "conversation", "item", "dossier_summary", "department_cycle_summary"}
STATEMENTS = {
    "overview.conversations", "overview.totals", "overview.ratings", "overview.departments",
    "overview.collective", "overview.without_dossier", "people.dossiers",
    "people.conversations", "people.results", "people.rating", "people.collective",
    "people.no_dossier", "remind.people",
}
# The distributions per department and the people behind a competence's
# level (issue 16, h-hrdist).
STATEMENTS |= {"overview.distribution", "people.competence"}
SCOPES = {"hr", "department", "department_own", "manager"}


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
    assert seen == {(s, sc) for s in STATEMENTS for sc in SCOPES}
    assert len(lines) == len(seen)
    for p in lines:
        assert p["cycle"] == generated
        assert p["tables"], p
        for t in p["tables"]:
            assert {"table", "alias", "type", "key", "rows", "extra"} <= set(t)
        # The flags agree with the tables they sum up.
        assert p["filesort"] == any("Using filesort" in t["extra"] for t in p["tables"])
        assert p["temporary"] == any("Using temporary" in t["extra"] for t in p["tables"])
        assert set(p["full_scans"]) == {t["table"] for t in p["tables"] if t["type"] == "ALL"}


def test_no_statement_reads_a_growing_table_whole(stack, generated):
    lines = plans(stack, "--cycle", str(generated))
    whole = sorted((p["statement"], p["scope"], t) for p in lines
                   for t in p["full_scans"] if t in GROWING)
    assert whole == [], "\n".join(json.dumps(p) for p in lines)
    # The employees are read whole only to count those without a dossier
    # in HR's scope (they have no summary row); every list reads them by key.
    employees = {(p["statement"], p["scope"]) for p in lines if "employee" in p["full_scans"]}
    assert employees <= {("overview.without_dossier", s) for s in SCOPES}, employees


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
        if p["statement"].startswith("people.") and p["statement"] != "people.no_dossier":
            assert "dossier_summary" in read, p


# Statements that still sort or group through a temporary table, and why:
# the per-department table groups the scope's sums by department and folds
# them under the level's departments, ordered by name; the collective
# goals are ordered by their department's name; a list orders the facts of its number by
# the employee's name (the name is not in the facts, and a rename must not
# rewrite them), then pages.  The count without a dossier neither sorts nor
# groups; a new statement that sorts fails here until it is named.
SORTING = {
    "overview.departments", "overview.collective",
    "people.dossiers", "people.conversations", "people.results", "people.rating",
    "people.collective", "people.no_dossier", "remind.people",
}
# The distributions group the scope's sums per department and fold them
# as the per-department table does; a competence's list sorts as the others.
SORTING |= {"overview.distribution", "people.competence"}


def test_only_the_named_statements_sort(stack, generated):
    lines = plans(stack, "--cycle", str(generated))
    sorting = {p["statement"] for p in lines if p["temporary"] or p["filesort"]}
    assert sorting <= SORTING, sorted(sorting - SORTING)
    clean = {p["statement"] for p in lines} - SORTING
    assert clean == {"overview.conversations", "overview.totals", "overview.ratings",
                     "overview.without_dossier"}


# The overview's own sums, and the keys of sql/074 that hand them over in
# the order they are grouped: by cycle and kind, for a manager by cycle,
# manager and kind.
SUMS = {"overview.conversations", "overview.totals", "overview.ratings"}
SUM_KEYS = {"department_cycle_summary_kind", "department_cycle_summary_manager_kind"}


def test_the_overview_sums_read_only_their_kind_from_the_index(stack, generated):
    """Each of the overview's sums reads the rows of its own kind by a key
    that leads with the cycle and the kind, from the index alone, in every
    scope: not the cycle's every row by the primary key (every department,
    manager, kind and due date), as before sql/074."""
    lines = [p for p in plans(stack, "--cycle", str(generated)) if p["statement"] in SUMS]
    assert {(p["statement"], p["scope"]) for p in lines} == {(s, sc) for s in SUMS
                                                             for sc in SCOPES}
    for p in lines:
        sums = [t for t in p["tables"] if t["table"] == "department_cycle_summary"]
        assert sums, p
        for t in sums:
            assert t["key"] in SUM_KEYS and "Using index" in t["extra"], p
        if p["scope"] == "manager":
            assert {t["key"] for t in sums} == {"department_cycle_summary_manager_kind"}, p


def test_the_newest_cycle_is_the_default(stack, generated):
    newest = int(stack.sql("SELECT MAX(id) FROM cycle")[0][0])
    assert {p["cycle"] for p in plans(stack)} == {newest}


def test_a_bad_cycle_is_refused(stack):
    assert stack.ctl("explain-reports", "--cycle", "x1", check=False).returncode == 2
