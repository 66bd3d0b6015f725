"""The HR advisor's list of dossiers (issue 17, GET /advisor/dossiers):
an advisor sees the dossiers of the departments assigned to them (and
below them), filtered by cycle and by name, a bounded page at a time
(ADVISOR_PAGE_ROWS, the next page after the last dossier shown), each
linking to the dossier, which the advisor may open.  hanna (hr_group) is
advisor of every department.  Each read is one record of the read audit
naming what the list held; an HR administrator without advisor rights,
the auditor and an employee are refused as a stranger is (403, the same
page), and nothing is recorded for them.  The route's answer per role and
state: test_authz_matrix.py and test_authz_roles.py."""

import re
import uuid

import pytest

import hr_roles
from convtools import make_dossier, people
from helpers import DEPARTMENT_PATHS_FILL, xml
from summaries import keep_summaries

pytestmark = pytest.mark.skipif(not hr_roles.ROOT, reason="NSS groups need real accounts (root)")

PAGE_ROWS = 50          # fcgi/store/advisor.h ADVISOR_PAGE_ROWS


@pytest.fixture(scope="module")
def logins(stack):
    made = hr_roles.make(stack)
    yield made
    hr_roles.remove(stack, made)


@pytest.fixture
def ids(stack):
    return people(stack)


def listed(s, query=""):
    r = s.get(f"/advisor/dossiers.xml{query}")
    assert r.status_code == 200, r.status_code
    doc = xml(r)
    return doc, [int(i) for i in doc.xpath("/page/advisor_list/dossier/@id")]


def reads(stack, login):
    return stack.sql("SELECT r.kind, r.object_id, r.what FROM read_audit r JOIN employee e"
                     f" ON e.id = r.reader_id WHERE e.login = '{login}' AND r.kind = 'people'"
                     " AND r.what LIKE 'advisor-list%' ORDER BY r.id")


def side_department(stack, beside, tag):
    """A department of the test's own under the department of `beside`
    (so the advisor of that one covers it): its people, made inactive,
    are in no other test's cycle start, team or count."""
    parent = int(stack.sql(f"SELECT department_id FROM employee WHERE login = '{beside}'")[0][0])
    stack.sql(f"INSERT INTO department (name, parent_id) VALUES ('Zijtak {tag}', {parent});"
              f" {DEPARTMENT_PATHS_FILL}")
    return int(stack.sql(f"SELECT id FROM department WHERE name = 'Zijtak {tag}'")[0][0])


def jesse_dossier(stack, cycle):
    jesse, iris = (int(stack.sql(f"SELECT id FROM employee WHERE login = '{w}'")[0][0])
                   for w in ("jesse", "iris"))
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES ({cycle}, {jesse},"
              f" {iris})")
    return int(stack.sql(f"SELECT id FROM dossier WHERE cycle_id = {cycle} AND employee_id ="
                         f" {jesse}")[0][0])


def test_an_advisor_lists_the_dossiers_of_their_departments(stack, ids, users, logins):
    d = make_dossier(stack, ids, prefix="Adviseurlijst")
    jd = jesse_dossier(stack, d["cycle"])
    keep_summaries(stack, d["cycle"])
    adv, adv2 = users(logins["advisor"]), users(logins["advisor2"])
    q = f"?cycle={d['cycle']}"
    doc, got = listed(adv, q)
    assert got == [d["id"]], "Verkoop's advisor: eva's (Binnendienst lies below Verkoop)"
    row = doc.xpath("/page/advisor_list/dossier")[0]
    assert (row.get("employee"), row.get("login"), row.get("cycle")) == \
        ("Eva de Vries", "eva", d["cycle_name"])
    assert doc.xpath("/page/advisor_list/@all") == ["0"]
    assert listed(adv2, q)[1] == [jd], "Klantenservice's advisor: jesse's"
    assert sorted(listed(users("hanna"), q)[1]) == sorted([d["id"], jd]), "hanna: every one"
    # Each row links to the dossier, which the advisor may open.
    html = adv.get(f"/advisor/dossiers{q}").text
    assert f'href="/dossiers/{d["id"]}"' in html and f'href="/dossiers/{jd}"' not in html
    assert adv.get(f"/dossiers/{d['id']}").status_code == 200
    # The menu and the dashboard lead to it.
    assert 'href="/advisor/dossiers"' in adv.get("/").text


def test_search_by_name_and_cycle(stack, ids, users, logins):
    d = make_dossier(stack, ids, prefix="Adviseurzoek")
    other = make_dossier(stack, ids, prefix="Adviseurzoek ander")
    adv = users(logins["advisor"])
    assert listed(adv, f"?cycle={d['cycle']}&q=eva")[1] == [d["id"]]
    assert listed(adv, f"?cycle={d['cycle']}&q=VRIES")[1] == [d["id"]], "case does not matter"
    assert listed(adv, f"?cycle={d['cycle']}&q=jesse")[1] == []
    both = listed(adv, "?q=Eva+de+Vries")[1]
    assert d["id"] in both and other["id"] in both, "every cycle without one"
    # A search too long is refused with the form, no list, no record.
    before = reads(stack, logins["advisor"])
    r = adv.get(f"/advisor/dossiers?q={'x' * 101}")
    assert r.status_code == 400 and 'aria-invalid="true"' in r.text
    assert "/dossiers/" not in re.sub(r'href="/advisor/dossiers[^"]*"', "", r.text.split("<main")[1])
    assert reads(stack, logins["advisor"]) == before


def test_pages_are_bounded(stack, ids, users, logins):
    """More employees in an assigned department than a page holds: pages of
    PAGE_ROWS, the next after the last shown, none twice, none missed."""
    tag = uuid.uuid4().hex[:6]
    dep = side_department(stack, "eva", tag)
    d = make_dossier(stack, ids, prefix="Adviseurpagina")
    for n in range(PAGE_ROWS + 5):
        login = f"pg{tag}{n:03d}"
        stack.sql(f"INSERT INTO employee (login, name, department_id, active) VALUES"
                  f" ('{login}', 'Pagina {tag} {n:03d}', {dep}, 0)")
        stack.sql(f"INSERT INTO dossier (cycle_id, employee_id) SELECT {d['cycle']}, id"
                  f" FROM employee WHERE login = '{login}'")
    keep_summaries(stack, d["cycle"])
    want = [int(r[0]) for r in stack.sql(
        f"SELECT d.id FROM dossier d JOIN employee e ON e.id = d.employee_id WHERE d.cycle_id ="
        f" {d['cycle']} ORDER BY e.name, d.id")]
    adv = users(logins["advisor"])
    seen, query, pages = [], f"?cycle={d['cycle']}", 0
    while True:
        doc, got = listed(adv, query)
        pages += 1
        assert len(got) <= PAGE_ROWS
        seen += got
        nxt = doc.xpath("/page/advisor_list/next/@after")
        if not nxt:
            break
        assert nxt == [str(got[-1])]
        query = f"?cycle={d['cycle']}&after={nxt[0]}"
    assert pages == 2 and seen == want
    html = adv.get(f"/advisor/dossiers?cycle={d['cycle']}").text
    assert f'href="/advisor/dossiers?cycle={d["cycle"]}&amp;after={want[PAGE_ROWS - 1]}"' in html


def test_a_cursor_outside_the_reach_tells_nothing(stack, ids, users, logins):
    """A page after a dossier the advisor may not read is empty, wherever
    that dossier's employee sorts: the cursor cannot probe the names of
    people outside the advisor's departments."""
    d = make_dossier(stack, ids, prefix="Adviseurcursor")
    tag = uuid.uuid4().hex[:6]
    # Aart works beside jesse (under Klantenservice, not Verkoop) and sorts
    # before Eva.
    dep = side_department(stack, "jesse", tag)
    stack.sql(f"INSERT INTO employee (login, name, department_id, active) VALUES"
              f" ('aart{tag}', 'Aart Buiten {tag}', {dep}, 0)")
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id) SELECT {d['cycle']}, id FROM employee"
              f" WHERE login = 'aart{tag}'")
    keep_summaries(stack, d["cycle"])
    outside = int(stack.sql(f"SELECT d.id FROM dossier d JOIN employee e ON e.id = d.employee_id"
                            f" WHERE e.login = 'aart{tag}'")[0][0])
    adv = users(logins["advisor"])
    assert listed(adv, f"?cycle={d['cycle']}")[1] == [d["id"]]
    # hanna reads both: after Aart's comes Eva's.
    assert listed(users("hanna"), f"?cycle={d['cycle']}&after={outside}")[1] == [d["id"]]
    # The Verkoop advisor may not read Aart's: after it, nothing -- not
    # Eva's, which would tell that Aart sorts before Eva.
    assert listed(adv, f"?cycle={d['cycle']}&after={outside}")[1] == []
    assert listed(adv, f"?cycle={d['cycle']}&after=999999999")[1] == []


def test_each_read_is_recorded_once_a_day_naming_what_it_held(stack, ids, users, logins):
    d = make_dossier(stack, ids, prefix="Adviseuraudit")
    adv = users(logins["advisor"])
    before = len(reads(stack, logins["advisor"]))
    for _ in range(2):
        listed(adv, f"?cycle={d['cycle']}")
    got = reads(stack, logins["advisor"])[before:]
    assert got == [("people", str(d["cycle"]),
                    f"advisor-list q= after=0 dossiers=1: {d['id']}")], got
    listed(adv, f"?cycle={d['cycle']}&q=eva")
    assert reads(stack, logins["advisor"])[before + 1:] == [
        ("people", str(d["cycle"]), f"advisor-list q=eva after=0 dossiers=1: {d['id']}")]
    # The auditor reads the record in the trail.
    trail = users(logins["auditor"]).get("/admin/audit").text
    assert "advisor-list q=eva" in trail


def test_others_are_refused_as_a_stranger_is(stack, ids, users, logins):
    stranger = users("daan").get("/advisor/dossiers")
    assert stranger.status_code == 403
    main = re.compile(r"<main\b.*?</main>", re.S)
    for who in ("admin", "auditor"):
        r = users(logins[who]).get("/advisor/dossiers?cycle=1&q=eva")
        assert r.status_code == 403
        assert main.search(r.text).group(0) == main.search(stranger.text).group(0), who
        assert reads(stack, logins[who]) == []
    for who in ("mark", "eva"):
        assert users(who).get("/advisor/dossiers").status_code == 403
    # No menu entry for the administrator.
    assert 'href="/advisor/dossiers"' not in users(logins["admin"]).get("/").text
