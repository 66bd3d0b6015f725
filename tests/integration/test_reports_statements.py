"""HR's overview of the whole organisation costs MariaDB two statements
(issue 21): the session, and one UNION ALL that reads what the page's
readers read -- the filter's cycle, its list of cycles and the top level
of its departments (store/report_overview_filter.c), and the overview's
nine readers: the conversations, the table per department, the totals,
those without a dossier, the overall ratings and their scales, the
distributions and their competence levels, the collective goals
(store/report_overview.c).  MariaDB plans every statement again at each
execution, so their number is most of what a view costs it.  Each reader
still asks for its own statement's rows: a reader the one statement did
not answer runs its own, which these counts would show.  The numbers
themselves, and the filter's lists, are the concern of test_reports.py,
test_summaries.py and the other report tests; a department's overview,
which the one statement does not read, runs the filter's and the nine
readers' statements as before."""

import secrets

import pytest
from lxml import etree

from conftest import login
from helpers import DEPARTMENT_PATHS_FILL
from convtools import statements_per_view

HR = "hanna"
# The session and the overview's one statement.
HR_OVERVIEW_STATEMENTS = 2
# What the one statement answers besides the readers: the cycle, the
# filter's cycles and its top departments.
FILTER = 3
# The readers the one statement answers, each with a statement of its own
# elsewhere (the totals read the employees without a dossier apart).
READERS = 9


@pytest.fixture
def hr(new_session):
    s = new_session()
    assert login(s, HR, "demo").status_code == 303
    return s


@pytest.fixture(scope="module")
def generated(stack):
    """A generated organisation's newest cycle (open): departments in
    levels, ratings, competences and collective goals."""
    ids = stack.ctl("generate", "--employees", "60", "--items", "2", "--cycles", "1").stdout.split()
    return int(ids[-1])


def top_department(stack):
    return stack.sql("SELECT id FROM department WHERE parent_id IS NULL ORDER BY id LIMIT 1")[0][0]


def test_hr_overview_of_the_demo_costs_two_statements(stack, hr):
    cycle = stack.sql("SELECT MIN(id) FROM cycle")[0][0]
    assert statements_per_view(stack, hr, f"/reports?cycle={cycle}") == HR_OVERVIEW_STATEMENTS


def test_hr_overview_of_a_generated_organisation_costs_no_more(stack, hr, generated):
    page = hr.get(f"/reports.xml?cycle={generated}")
    assert page.status_code == 200
    assert page.text.count("<department ") > 1 and "<type " in page.text
    got = statements_per_view(stack, hr, f"/reports?cycle={generated}")
    assert got == HR_OVERVIEW_STATEMENTS


def test_a_department_runs_each_readers_statement(stack, hr, generated):
    """The one statement answers HR's scope only: a department's overview
    reads as it did, each reader its own statement, and the filter its
    cycle, lists and the department besides."""
    dep = top_department(stack)
    for query in (f"department={dep}", f"department={dep}&recursive=1"):
        got = statements_per_view(stack, hr, f"/reports?cycle={generated}&{query}")
        assert got >= HR_OVERVIEW_STATEMENTS - 1 + FILTER + READERS, query


def filter_lists(hr, query):
    """The filter's cycles and its departments' top level on the page of
    query, as XML text."""
    page = hr.get(f"/reports.xml?{query}")
    assert page.status_code == 200
    doc = etree.fromstring(page.content)
    cycles = doc.find(".//reports/cycles")
    top = doc.find(".//reports/department_tree/level[@parent='0']")
    assert cycles is not None and top is not None
    return etree.tostring(cycles, with_tail=False), etree.tostring(top, with_tail=False)


def test_the_one_statement_offers_the_filters_own_lists(stack, hr, generated):
    """The cycles and top departments the one statement reads are ordered
    in C: they must be what the filter's own statements give, as a
    department's overview still runs them -- also after a new cycle and
    a new top department whose names sort first."""
    dep = top_department(stack)
    tag = secrets.token_hex(4)
    stack.sql(f"INSERT INTO department (name) VALUES ('Aaa {tag}'); {DEPARTMENT_PATHS_FILL}")
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, rating_scale, status)"
              f" VALUES ('Een {tag}', '2031-01-01', '2031-12-31', 'a|b', 'planned')")
    try:
        whole = filter_lists(hr, f"cycle={generated}")
        assert f"Aaa {tag}".encode() in whole[1] and f"Een {tag}".encode() in whole[0]
        assert whole == filter_lists(hr, f"cycle={generated}&department={dep}")
    finally:
        stack.sql(f"DELETE FROM cycle WHERE name = 'Een {tag}';"
                  f" DELETE a FROM department_ancestor a JOIN department d ON d.id = a.dep"
                  f" WHERE d.name = 'Aaa {tag}'; DELETE FROM department WHERE name = 'Aaa {tag}'")
