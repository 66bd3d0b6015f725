"""HR's overview and the people lists behind its numbers cost MariaDB a
fixed, small number of statements per view (issue 21): MariaDB plans
every statement again at each execution, so their number is most of
what a view of a few rows by key costs it.

* The overview: the session, the chosen cycle, the cycles and the top
  departments of its filter, and one UNION ALL that reads every number
  (store/report_summary.c summary_report_overview_prefetch) -- thirteen
  before, one per reader.
* A people list: the session, the cycle, and one statement for the
  list's number and its page (summary_report_people_prefetch); HR's read
  of it is recorded (the read audit's write in its own transaction).

The pages' content is the concern of test_reports.py, test_summaries.py
and test_people_paging.py; here, that a bigger organisation or another
scope reads no more."""

import pytest

from conftest import login
from convtools import statements_per_view

# The session, the cycle, the cycle list, the top departments, the numbers.
OVERVIEW_STATEMENTS = 5
# The session, the cycle, the number with its page.
LIST_STATEMENTS = 3
# HR's read of a list is recorded: START TRANSACTION, the INSERT, COMMIT.
READ_AUDIT_STATEMENTS = 3
# A manager's page reads the teams they may stand in for (reports_team.c).
TEAM_CHOICE_STATEMENTS = 1


@pytest.fixture(scope="module")
def generated(stack):
    """A generated organisation; the newest of its cycles (open)."""
    stack.ctl("generate", "--employees", "60", "--items", "3", "--cycles", "2")
    return int(stack.sql("SELECT MAX(id) FROM cycle")[0][0])


@pytest.fixture
def users(new_session):
    made = {}

    def get(user):
        if user not in made:
            s = new_session()
            assert login(s, user, "demo").status_code == 303
            made[user] = s
        return made[user]
    return get


def demo_cycle(stack):
    return int(stack.sql("SELECT MIN(id) FROM cycle WHERE status = 'open'")[0][0])


@pytest.mark.parametrize("org", ["demo", "generated"])
def test_hr_overview_reads_its_numbers_in_one_statement(stack, generated, users, org):
    cycle = generated if org == "generated" else demo_cycle(stack)
    got = statements_per_view(stack, users("hanna"), f"/reports?cycle={cycle}")
    assert got == OVERVIEW_STATEMENTS


def test_a_managers_overview_reads_its_numbers_in_one_statement(stack, users):
    """A manager's count of their reports without a dossier is a recount
    of its own (store/report.c)."""
    got = statements_per_view(stack, users("mark"), f"/reports?cycle={demo_cycle(stack)}")
    assert got == OVERVIEW_STATEMENTS + TEAM_CHOICE_STATEMENTS + 1


@pytest.mark.parametrize("metric", ["dossiers", "conversations.goal_setting.total",
                                    "results.total", "conversations.progress.overdue"])
def test_a_people_list_reads_its_number_and_page_in_one_statement(stack, generated, users,
                                                                    metric):
    url = f"/reports/people?cycle={generated}&metric={metric}"
    assert statements_per_view(stack, users("hanna"), url) == \
        LIST_STATEMENTS + READ_AUDIT_STATEMENTS


@pytest.mark.parametrize("metric", ["dossiers", "conversations.goal_setting.total"])
def test_a_managers_list_reads_its_number_and_page_in_one_statement(stack, users, metric):
    """mark's own team in the demo: a list with people in it."""
    url = f"/reports/people?cycle={demo_cycle(stack)}&metric={metric}"
    page = users("mark").get(url)
    assert page.status_code == 200 and "/dossiers/" in page.text
    assert statements_per_view(stack, users("mark"), url) == \
        LIST_STATEMENTS + TEAM_CHOICE_STATEMENTS

