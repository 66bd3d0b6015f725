"""HR's pages of issue 15: one department tree order in every tree select,
the answer to a write on a signed report, the audit search page and the
links to it, and the sections of the HR cycle page.

Departments made here are named "Tree <hex> ..." so they never meet the demo
organisation's; they are removed again at the end of each test."""

import uuid

import pytest

from conftest import csrf_token, login
from helpers import page, text_of, xml

HR, MANAGER, EMPLOYEE = "hanna", "mark", "eva"
PASSWORD = "demo"
XML = {"Accept": "application/xml"}


@pytest.fixture(autouse=True)
def clean_attempts(stack):
    """Logins are throttled per address: start every test without failures."""
    stack.sql("DELETE FROM login_attempt")


def as_user(new_session, user):
    s = new_session()
    r = login(s, user, PASSWORD)
    assert r.status_code == 303, f"login {user}: {r.status_code}\n{r.text[:500]}"
    return s


@pytest.fixture
def hr(new_session):
    return as_user(new_session, HR)


def one(stack, query):
    rows = stack.sql(query)
    return rows[0][0] if rows else None


# ---- the department tree ----

@pytest.fixture
def odd_tree(stack):
    """Departments added out of order, with names that a sort on the joined
    path of names puts under the wrong parent: "Sales Support" (a sibling
    of "Sales") sorts between "Sales" and Sales' own child when the
    separator is ignored by the collation.  Yields the prefix."""
    p = f"Tree {uuid.uuid4().hex[:6]}"
    stack.sql(f"INSERT INTO department (name) VALUES ('{p} Zeta')")
    zeta = one(stack, f"SELECT id FROM department WHERE name = '{p} Zeta'")
    stack.sql(f"INSERT INTO department (name, parent_id) VALUES ('{p} Alpha', {zeta})")
    stack.sql(f"INSERT INTO department (name) VALUES ('{p} Sales Support')")
    stack.sql(f"INSERT INTO department (name) VALUES ('{p} Sales')")
    sales = one(stack, f"SELECT id FROM department WHERE name = '{p} Sales'")
    stack.sql(f"INSERT INTO department (name, parent_id) VALUES ('{p} Zuid', {sales})")
    stack.sql(f"INSERT INTO department (name, parent_id) VALUES ('{p} Noord', {sales})")
    yield p
    # children first (the parent key refers to them)
    stack.sql(f"DELETE FROM department WHERE name LIKE '{p} %' AND parent_id IS NOT NULL")
    stack.sql(f"DELETE FROM department WHERE name LIKE '{p} %'")


def parents(stack):
    return {int(i): (int(pid) if pid else None)
            for i, pid in stack.sql("SELECT id, parent_id FROM department")}


def check_tree_order(choices, parent_of, prefix):
    """choices: [(id, depth, name)] as a select offers them.  Each one's
    parent is the nearest earlier choice one level up; every department is
    there once; the test's siblings come in name order."""
    assert sorted(i for i, _, _ in choices) == sorted(parent_of), "every department, once"
    stack_ = []
    for i, depth, name in choices:
        del stack_[depth:]
        want = stack_[-1] if stack_ else None
        assert len(stack_) == depth, f"{name}: depth {depth} skips a level"
        assert parent_of[i] == want, f"{name} is drawn under the wrong parent"
        stack_.append(i)
    ours = [(d, n) for _, d, n in choices if n.startswith(prefix)]
    assert ours == [(0, f"{prefix} Sales"), (1, f"{prefix} Noord"), (1, f"{prefix} Zuid"),
                    (0, f"{prefix} Sales Support"),
                    (0, f"{prefix} Zeta"), (1, f"{prefix} Alpha")], ours


def flat_choices(doc):
    return [(int(d.get("id")), int(d.get("depth")), d.get("name"))
            for d in doc.iter("department") if d.get("depth") is not None]


def test_reports_filter_tree_order(stack, hr, odd_tree):
    r = hr.get("/reports", headers=XML)
    assert r.status_code == 200, r.text[:500]
    check_tree_order(flat_choices(xml(r)), parents(stack), odd_tree)


def test_cycle_page_tree_order(stack, hr, odd_tree):
    cid = one(stack, "SELECT id FROM cycle ORDER BY id LIMIT 1")
    r = hr.get(f"/admin/cycles/{cid}", headers=XML)
    assert r.status_code == 200, r.text[:500]
    check_tree_order(flat_choices(xml(r)), parents(stack), odd_tree)


def test_employee_form_tree_order(stack, hr, odd_tree):
    """The nested tree (employee and department forms) in the same order."""
    r = hr.get("/admin/employees/new", headers=XML)
    assert r.status_code == 200, r.text[:500]
    out = []

    def walk(node, depth):
        for d in node.findall("department"):
            out.append((int(d.get("id")), depth, d.get("name")))
            walk(d, depth + 1)
    walk(xml(r).find("departments"), 0)
    check_tree_order(out, parents(stack), odd_tree)
