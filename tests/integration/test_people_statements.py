"""A people list behind a number of the reports (GET /reports/people,
issue 21) costs MariaDB a fixed number of statements, whatever the list
holds: the session, the cycle, the list's number from the summaries, its
page, and for HR the read audit's record (issue 17) as one INSERT IGNORE
in autocommit -- no START TRANSACTION and COMMIT around it, which were two
of the seven statements a list cost HR (tests/bench/RESULTS.md, h-people).
A manager's own list is not read-audited, but asks which teams they
stand in for (deputies, issue 18): as many.  That the
record is written is test_read_audit.py's; the lists' content is
test_people_paging.py's and test_reports.py's."""

import pytest

from convtools import make_dossier, people, statements_per_view

# session, cycle, number, page, read audit
HR_STATEMENTS = 5
# session, the teams they stand in for, cycle, number, page
MANAGER_STATEMENTS = 5
# The department (read_filter), and the three kept counts a department
# with its sub-departments picks its read by (report_summary.c's
# list_source; the first of them is the list's number again).
DEPARTMENT_STATEMENTS = 1 + 3


@pytest.fixture
def cycle(stack):
    return make_dossier(stack, people(stack), prefix="Lijst")["cycle"]


@pytest.mark.parametrize("metric", ["dossiers", "conversations.goal_setting.total"])
def test_hr_people_list_costs_five_statements(stack, users, cycle, metric):
    url = f"/reports/people?cycle={cycle}&metric={metric}"
    assert statements_per_view(stack, users("hanna"), url) == HR_STATEMENTS


def test_hr_list_of_a_department_with_its_subdepartments(stack, users, cycle):
    """The number and the page are still one statement each: the scope
    is a range of the stored ancestors, not a statement per department."""
    dep = stack.sql("SELECT e.department_id FROM employee e WHERE e.login = 'eva'")[0][0]
    url = f"/reports/people?cycle={cycle}&metric=dossiers&department={dep}&recursive=1"
    got = statements_per_view(stack, users("hanna"), url)
    assert got == HR_STATEMENTS + DEPARTMENT_STATEMENTS


def test_a_managers_list_is_not_audited(stack, users, cycle):
    url = f"/reports/people?cycle={cycle}&metric=dossiers"
    assert statements_per_view(stack, users("mark"), url) == MANAGER_STATEMENTS
