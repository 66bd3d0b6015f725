"""The people lists a page at a time (issue 21; fcgi/pages/reports.c,
store/report_summary.c, sql/076).

* A list of more than one page, walked forward by its "next" links and back
  by its "previous" links, gives every person of the list exactly once, in
  the order MariaDB sorts the employees' names (then ids), 50 to a page,
  and the page says which page it is.
* A rename -- by HR's form or by an import -- shows in the list at once
  (the facts' sort name is rewritten in the rename's own write; that it is
  covered by verify --summaries is test_summaries.py's), people of one name
  follow each other by id, and the summaries stay equal to a recount and
  the lists to the old recount page after page (verify --reports walks
  them in pages of 7).
* A hostile cursor -- garbage, too long, another cycle's, a page number
  without one -- is a 400 naming the field, and changes nothing.
"""

import base64
import uuid

import pytest

from conftest import login
from helpers import employee_edit_form, xml
from summaries import assert_recount_equal, rebuild_summaries
from test_summaries import post

HR = "hanna"
PAGE_ROWS = 50          # pages/reports.h: PEOPLE_PAGE_ROWS
EMPLOYEES = 130         # a list of three pages
TAG = uuid.uuid4().hex[:6]


@pytest.fixture(scope="module")
def org(stack):
    """A generated organisation of EMPLOYEES; its cycle and top department."""
    rebuild_summaries(stack)
    ids = stack.ctl("generate", "--employees", EMPLOYEES, "--items", "3",
                    "--cycles", "1").stdout.split()
    cycle = int(ids[-1])
    top = stack.sql(f"SELECT e.department_id FROM dossier d JOIN employee e"
                    f" ON e.id = d.employee_id WHERE d.cycle_id = {cycle}"
                    f" ORDER BY d.id LIMIT 1")[0][0]
    top = stack.sql(f"SELECT up FROM department_ancestor WHERE dep = {top}"
                    f" ORDER BY depth DESC LIMIT 1")[0][0]
    return {"cycle": cycle, "top": int(top)}


@pytest.fixture(scope="module")
def hr(base_url):
    from conftest import StackSession
    s = StackSession(base_url)
    assert login(s, HR, "demo").status_code == 303
    yield s
    s.close()


def people_page(s, params, expect=200):
    r = s.get("/reports/people.xml", params=params)
    assert r.status_code == expect, r.text[:2000]
    return xml(r)


def rows(doc):
    return [(int(p.get("id")), p.get("name"))
            for p in doc.findall("reports_people/people/person")]


def walk(s, params):
    """Every page from the first by the next links: [(page, prev, cursor,
    rows)], cursor the page's own (None: the first)."""
    pages = []
    after = None
    doc = people_page(s, params)
    while True:
        p = doc.find("reports_people/people")
        pages.append((int(p.get("page")), p.get("prev"), after, rows(doc)))
        if p.get("next") is None:
            return pages
        assert p.get("more") == "1"
        after = p.get("next")
        doc = people_page(s, dict(params, page=int(p.get("page")) + 1, after=after))


def walk_back(s, params, last):
    """From the last page (page, cursor) back to the first by the previous
    links: the pages' rows, last page first."""
    page, after = last
    seen = []
    while True:
        q = dict(params, page=page, after=after) if after else dict(params)
        doc = people_page(s, q)
        p = doc.find("reports_people/people")
        assert int(p.get("page")) == page
        seen.append(rows(doc))
        if p.get("prev") is None:
            assert after is None and page == 1
            return seen
        after, page = p.get("prev") or None, page - 1


def expected(stack, cycle, where, scope=""):
    """The list by the recount, in MariaDB's order of the names."""
    return [(int(i), n) for i, n in stack.sql(
        f"SELECT e.id, e.name FROM dossier d JOIN employee e ON e.id = d.employee_id"
        f" WHERE d.cycle_id = {cycle} AND d.status <> 'left' {scope} AND {where}"
        f" ORDER BY e.name, e.id")]


def subtree_of(dep):
    """expected()'s scope: department dep with its sub-departments."""
    return f" AND e.department_id IN (SELECT dep FROM department_ancestor WHERE up = {dep})"


# A result goal both parties can see (report_sql.h's ITEM_VISIBLE).
RESULTS = ("EXISTS (SELECT 1 FROM item i LEFT JOIN conversation ic"
           " ON ic.id = i.created_in_conversation_id WHERE i.dossier_id = d.id"
           " AND i.kind = 'result' AND i.status <> 'cancelled'"
           " AND (ic.id IS NULL OR ic.status IN ('held', 'finalized', 'closed')"
           " OR (i.author_id = d.employee_id AND ic.employee_shared = 1)"
           " OR (COALESCE(i.author_id, 0) <> d.employee_id AND ic.manager_shared = 1)))")
GOAL_SETTING = ("EXISTS (SELECT 1 FROM conversation c WHERE c.dossier_id = d.id"
                " AND c.type = 'goal_setting')")
PROGRESS = ("EXISTS (SELECT 1 FROM conversation c WHERE c.dossier_id = d.id"
            " AND c.type = 'progress')")


@pytest.mark.parametrize("metric,where", [
    ("dossiers", "1 = 1"),
    ("conversations.goal_setting.total", GOAL_SETTING),
    ("conversations.progress.total", PROGRESS),
    ("results.total", RESULTS),
])
@pytest.mark.parametrize("scope", ["hr", "department"])
def test_every_page_forward_and_back_gives_each_person_once_by_name(stack, org, hr, metric,
                                                                       where, scope):
    params = {"cycle": org["cycle"], "metric": metric}
    sub = ""
    if scope == "department":
        params.update(department=org["top"], recursive=1)
        sub = subtree_of(org["top"])
    want = expected(stack, org["cycle"], where, sub)
    assert len(want) > PAGE_ROWS, "the organisation makes a list of more than one page"

    pages = walk(hr, params)
    assert [p[0] for p in pages] == list(range(1, len(pages) + 1))
    assert [len(p[3]) for p in pages[:-1]] == [PAGE_ROWS] * (len(pages) - 1)
    assert 0 < len(pages[-1][3]) <= PAGE_ROWS
    assert pages[0][1] is None, "the first page has no page before it"
    assert [x for p in pages for x in p[3]] == want

    # Back from the last page by the previous links: the same pages.
    back = walk_back(hr, params, (len(pages), pages[-1][2]))
    assert back == [p[3] for p in reversed(pages)]


def test_the_page_says_which_page_and_links_without_script(stack, org, hr):
    params = {"cycle": org["cycle"], "metric": "dossiers"}
    first = people_page(hr, params).find("reports_people/people")
    page = hr.get("/reports/people", params=dict(params, page=2, after=first.get("next")))
    assert page.status_code == 200
    assert f"Pagina 2 · personen {PAGE_ROWS + 1}–{2 * PAGE_ROWS}" in page.text
    assert 'rel="prev"' in page.text and 'rel="next"' in page.text
    assert "after=" in page.text and "<script" not in page.text.split("<main", 1)[-1]


def test_a_rename_moves_the_person_at_once_and_ties_go_by_id(stack, org, hr):
    params = {"cycle": org["cycle"], "metric": "dossiers"}
    want = expected(stack, org["cycle"], "1 = 1")
    last_id = want[-1][0]
    first_name = f"Aaaa Eerste {TAG}"
    post(hr, f"/admin/employees/{last_id}",
         **dict(employee_edit_form(hr, last_id), name=first_name))
    assert rows(people_page(hr, params))[0] == (last_id, first_name)

    # Three people of one name: side by side, by id, across the renames.
    same = f"Aaab Gelijk {TAG}"
    three = sorted(i for i, _ in want[60:63])
    for eid in reversed(three):
        post(hr, f"/admin/employees/{eid}", **dict(employee_edit_form(hr, eid), name=same))
    shown = rows(people_page(hr, params))
    assert shown[1:4] == [(eid, same) for eid in three]
    assert [x for p in walk(hr, params) for x in p[3]] == expected(stack, org["cycle"], "1 = 1")
    assert_recount_equal(stack, "renames")
    res = stack.ctl("verify", "--reports", org["cycle"], check=False, timeout=600)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr


def test_an_import_rename_shows_at_once(stack, org, hr):
    """The organisation imported with one employee renamed (store/import.c):
    the list shows the new name in its place at once, the summaries equal
    a recount; the organisation is imported back as it was."""
    from test_import import csv_of, snapshot, upload
    base = snapshot(stack)
    eid, cycle = (int(v) for v in stack.sql(
        "SELECT e.id, MAX(d.cycle_id) FROM employee e JOIN dossier d ON d.employee_id = e.id"
        " WHERE e.login = 'eva' GROUP BY e.id")[0])
    name = f"Aaaa Import {TAG}"
    renamed = [(r[0], name) + tuple(r[2:]) if r[0] == "eva" else r for r in base]
    try:
        r = upload(hr, csv_of(renamed), "apply")
        assert r.status_code == 303, r.text[:3000]
        assert rows(people_page(hr, {"cycle": cycle, "metric": "dossiers"}))[0] == (eid, name)
        assert_recount_equal(stack, "an import that renames")
    finally:
        r = upload(hr, csv_of(base), "apply", confirm=True)
        assert r.status_code == 303, r.text[:3000]
    assert_recount_equal(stack, "the import back")


def state(stack):
    """What a refused page must not change."""
    return (stack.sql("CHECKSUM TABLE dossier_summary")[0][1],
            stack.sql("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM audit")[0])


def cursor_of(cycle, eid, name):
    """reports.c's cursor: the name's UTF-8 in base64url, unpadded."""
    return f"{cycle}.{eid}.{b64(name.encode())}"


def b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


HOSTILE = {
    "garbage": ("after", "xyz"),
    "no-name": ("after", "1.2"),
    "not-base64url": ("after", "1.2.a+b/"),
    "truncated": ("after", "1.2.QUJDR"),          # one character of a group
    "not-utf8": ("after", "1.2." + b64(b"\xff\xfe")),
    "nul": ("after", "1.2." + b64(b"A\x00")),
    "negative": ("after", "-1.2.QQ"),
    "huge-id": ("after", "1.99999999999999999999999.QQ"),
    "other-cycle": ("after", "other-cycle"),
    "name-too-long": ("after", "1.2." + b64(b"A" * 801)),
    "page-without-cursor": ("page", "3"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_cursor_is_a_clear_400_that_changes_nothing(stack, org, hr, case):
    field, value = HOSTILE[case]
    if value == "other-cycle":
        other = stack.sql(f"SELECT MAX(id) FROM cycle WHERE id <> {org['cycle']}")[0][0]
        value = cursor_of(other, 1, "Medewerker 1")
    elif value.startswith("1.") and field == "after":
        value = str(org["cycle"]) + value[1:]
    before = state(stack)
    params = {"cycle": org["cycle"], "metric": "dossiers", field: value}
    r = hr.get("/reports/people.xml", params=params)
    assert r.status_code == 400, r.text[:1000]
    assert xml(r).xpath(f"/page/form[@name='people']/field[@name='{field}']/@error") == [
        "form.error.cursor"]
    page = hr.get("/reports/people", params=params)
    assert page.status_code == 400 and "niet geldig" in page.text
    assert state(stack) == before


def test_a_cursor_over_its_declared_length_is_refused_whole(stack, org, hr):
    """Longer than any cursor can be: the request's limits refuse it (413)
    before the page reads anything."""
    before = state(stack)
    r = hr.get("/reports/people.xml", params={"cycle": org["cycle"], "metric": "dossiers",
                                              "after": "9" * 5000})
    assert r.status_code == 413
    assert state(stack) == before


# A cycle of generated teams of 100 (store/generate.c): one team moved
# under another makes a department with a sub-department of 200 people in
# a cycle of 1,000, whose list of dossiers is read per department
# (report_summary.c's list_source: the subtree's dossiers times the list's
# number, 200 x 200, at most a page times the cycle's dossiers, 50 x 1,000).
BIG_EMPLOYEES = 1000


@pytest.fixture(scope="module")
def big_org(stack):
    ids = stack.ctl("generate", "--employees", BIG_EMPLOYEES, "--items", "1",
                    "--cycles", "1").stdout.split()
    return {"cycle": int(ids[-1])}


def test_a_subtree_read_per_department_pages_by_name_both_ways(stack, big_org, hr):
    """The read per department hands the facts of the two teams over
    unsorted; gesprekd sorts them by the name's collation key, sums each
    person's and keeps the page (store/report_summary.c's by_person),
    forward and back.  Renames put names where the collation and the bytes
    disagree (a lower-case and an accented first letter) and two people of
    one name, of the two teams, side by side."""
    from test_dept_path import edit
    cycle = big_org["cycle"]
    teams = [(int(d), n) for d, n in stack.sql(
        f"SELECT DISTINCT dp.id, dp.name FROM dossier d JOIN employee e ON e.id = d.employee_id"
        f" JOIN department dp ON dp.id = e.department_id WHERE d.cycle_id = {cycle}"
        f" ORDER BY dp.id LIMIT 2")]
    (top, _), (moved, moved_name) = teams
    r = edit(hr, moved, moved_name, top)
    assert r.status_code == 303, r.text[:1000]

    in_cycle = int(stack.sql(f"SELECT SUM(n) FROM cycle_dossier_count"
                             f" WHERE cycle_id = {cycle}")[0][0])
    ids = [i for i, _ in expected(stack, cycle, "1 = 1", subtree_of(top))]
    assert len(ids) > 2 * PAGE_ROWS, "three pages: the middle one is read backward"
    assert len(ids) * len(ids) <= PAGE_ROWS * in_cycle, "read per department"
    mine = {int(i) for i, in stack.sql(f"SELECT id FROM employee WHERE department_id = {top}")}
    one, other = [i for i in ids if i in mine], [i for i in ids if i not in mine]
    names = {one[-1]: f"\u00c5aaa Accent {TAG}", other[-1]: f"aaab Klein {TAG}",
             one[-2]: f"Aaac Hoofd {TAG}", one[3]: f"Ooo Gelijk {TAG}",
             other[3]: f"Ooo Gelijk {TAG}"}
    for eid, name in names.items():
        post(hr, f"/admin/employees/{eid}", **dict(employee_edit_form(hr, eid), name=name))
    want = expected(stack, cycle, "1 = 1", subtree_of(top))
    assert [i for i, _ in want[:3]] == [one[-1], other[-1], one[-2]], want[:3]

    params = {"cycle": cycle, "metric": "dossiers", "department": top, "recursive": 1}
    pages = walk(hr, params)
    assert len(pages) > 2
    assert [x for p in pages for x in p[3]] == want
    back = walk_back(hr, params, (len(pages), pages[-1][2]))
    assert back == [p[3] for p in reversed(pages)]
