"""Reports and exports over real HTTP (and gesprekctl): every number of the
overview of a hand-built organisation per scope, the people behind each
number, the XML exports validated against xslt/schema/report.xsd, the CSV
compared with the XML, private preparation left out, the date and
department filters, refusals outside the user's reach, the audit rows.

The organisation (its own departments, employees, cycle, dossiers) is made
in the database; the numbers expected below are counted by hand from it.

    Org ─┬─ Sales ── Inside         m1 manages e1 e2 (Sales), e3 e6 (Inside)
         └─ IT                      m2 manages e4 e5 (IT), e7 (IT, inactive)
    m1, m2 in Org; hr (is_hr) without department.  Dossiers: e1 .. e5.
"""

import csv
import io
import os
import secrets
import subprocess

import pytest
from lxml import etree

from conftest import login
from helpers import DEPARTMENT_PATHS_FILL, csv_keys
from stack import sql_quote
from summaries import rebuild_summaries

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
XSD = os.path.join(REPO, "xslt", "schema", "report.xsd")
NS = {"r": "urn:gesprek:report:1"}
TAG = secrets.token_hex(3)
PASSWORD = "rapport-geheim"
PAST, FUTURE = "2020-06-30", "2099-12-01"

TYPES = ("goal_setting", "progress", "assessment")
STATES = ("planned", "held", "signing", "closed", "overdue", "total")
RESULT_STATES = ("total", "achieved", "not_achieved", "in_progress")
SCALE = ("slecht", "matig", "goed", "zeer goed")


def login_of(who):
    return f"rp-{who}-{TAG}"


# ---------------------------------------------------------------- the organisation

def insert(stack, table, **cols):
    names = ", ".join(cols)
    values = ", ".join(sql_quote(v) for v in cols.values())
    return int(stack.sql(f"INSERT INTO {table} ({names}) VALUES ({values}); "
                         f"SELECT LAST_INSERT_ID()")[0][0])


# (dossier owner) -> conversations: seq -> (status, held_on, scheduled_at, extra columns)
CONVERSATIONS = {
    "e1": {1: ("closed", "2020-01-20", None, {}),
           2: ("finalized", "2020-06-10", None, {}),
           3: ("held", "2020-11-20", None, {"overall_rating": 3, "overall_note": "Goed jaar."})},
    "e2": {1: ("closed", "2020-01-25", None, {}),
           2: ("held", "2020-06-20", None, {}),
           # the manager's rating is still private: not counted, not exported
           3: ("preparing", None, "2099-11-01 09:00:00", {"overall_rating": 1,
                                                         "overall_note": "Nog geheim."})},
    "e3": {1: ("finalized", "2020-01-28", None, {}),
           2: ("preparing", None, "2020-06-25 10:00:00", {}),
           3: ("planned", None, None, {})},
    # the manager shared their preparation of the goal setting, e4 did not
    "e4": {1: ("planned", None, None, {"manager_shared": 1}),
           2: ("planned", None, None, {}),
           3: ("planned", None, None, {})},
    "e5": {1: ("closed", "2020-01-15", None, {}),
           2: ("closed", "2020-06-05", None, {}),
           3: ("closed", "2020-11-10", None, {"overall_rating": 4})},
}
DUE = {1: "2020-02-01", 2: PAST, 3: FUTURE}

# (key, owner, kind, status, author, title); created in the owner's goal setting
ITEMS = [
    ("R1", "e1", "result", "achieved", "e1", "Omzet +10%"),
    ("R2", "e1", "result", "not_achieved", "m1", '=HYPERLINK("http://example.org")'),
    ("R3", "e1", "result", "cancelled", "m1", "Vervallen doel"),
    ("D1", "e1", "development", "open", "e1", "Cursus \"Excel\"; gevorderd"),
    ("R4", "e2", "result", "on_track", "e2", "+5 nieuwe klanten"),
    ("R5", "e2", "result", "achieved", "m1", "Klanttevredenheid 8"),
    ("R6", "e3", "result", "at_risk", "e3", "@binnendienst sneller"),
    ("R7", "e4", "result", "open", "e4", "Geheim voornemen"),   # private: e4 did not share
    ("R8", "e4", "result", "open", "m2", "Uptime 99,9%"),       # shared by the manager
    ("R9", "e5", "result", "achieved", "e5", "Migratie afgerond"),
    ("A1", "e5", "action", "achieved", "m2", "Laptop vervangen"),
]


@pytest.fixture(scope="module")
def org(stack):
    o = {"emp": {}, "dep": {}, "conv": {}, "item": {}, "goal": {}, "dossier": {}}
    dep = o["dep"]
    dep["org"] = insert(stack, "department", name=f"RP Org {TAG}")
    dep["sales"] = insert(stack, "department", name=f"RP Sales {TAG}", parent_id=dep["org"])
    dep["inside"] = insert(stack, "department", name=f"RP Inside {TAG}", parent_id=dep["sales"])
    dep["it"] = insert(stack, "department", name=f"RP IT {TAG}", parent_id=dep["org"])
    stack.sql(DEPARTMENT_PATHS_FILL)
    emp = o["emp"]

    def person(who, name, department, manager=None, **extra):
        emp[who] = insert(stack, "employee", login=login_of(who), name=name,
                          email=f"{login_of(who)}@example.org",
                          department_id=dep[department] if department else None,
                          manager_id=emp[manager] if manager else None, **extra)
        stack.add_pam_user(login_of(who), PASSWORD)

    person("hr", "Rapport HR", None, is_hr=1)
    person("m1", "Marieke Manager", "org")
    person("m2", "Maarten Manager", "org")
    person("e1", "Anna Eerste", "sales", "m1")
    person("e2", "Bart Tweede", "sales", "m1")
    person("e3", "Carla Derde", "inside", "m1")
    person("e6", "Femke Zesde", "inside", "m1")
    person("e4", "Daan Vierde", "it", "m2")
    person("e5", "Eva Vijfde", "it", "m2")
    person("e7", "Gijs Zevende", "it", "m2", active=0)

    o["cycle"] = insert(stack, "cycle", name=f"RP cyclus {TAG}", starts_on="2020-01-01",
                        ends_on="2020-12-31", status="open", rating_scale="|".join(SCALE))
    for seq, typ in enumerate(TYPES, 1):
        stack.sql(f"INSERT INTO cycle_step (cycle_id, seq, type, due_on) VALUES "
                  f"({o['cycle']}, {seq}, '{typ}', '{DUE[seq]}')")
    goal = insert(stack, "org_goal", cycle_id=o["cycle"], title="Groei", description="Samen groeien")
    o["goal"]["G1"] = insert(stack, "collective_goal", cycle_id=o["cycle"], title="Verzuim < 4%",
                             status="achieved", bonus=1)
    o["goal"]["G2"] = insert(stack, "collective_goal", cycle_id=o["cycle"], title="Omzet Sales",
                             department_id=dep["sales"], status="open")
    o["goal"]["G3"] = insert(stack, "collective_goal", cycle_id=o["cycle"], title="Storingen IT",
                             department_id=dep["it"], status="not_achieved")

    for who, convs in CONVERSATIONS.items():
        manager = "m1" if who in ("e1", "e2", "e3") else "m2"
        d = o["dossier"][who] = insert(stack, "dossier", cycle_id=o["cycle"], employee_id=emp[who],
                                       manager_id=emp[manager])
        for seq, (status, held, scheduled, extra) in convs.items():
            o["conv"][(who, seq)] = insert(stack, "conversation", dossier_id=d, type=TYPES[seq - 1],
                                           seq=seq, status=status, held_on=held,
                                           scheduled_at=scheduled, due_on=DUE[seq], **extra)
    for key, who, kind, status, author, title in ITEMS:
        o["item"][key] = insert(
            stack, "item", dossier_id=o["dossier"][who], kind=kind, title=title,
            measure="Regel een\nRegel \"twee\"" if key == "R1" else f"Meetbaar: {key}",
            deadline="2020-12-01", responsible_id=emp[who], status=status,
            weight=40 if kind == "result" else None,
            org_goal_id=goal if key == "R1" else None,
            achieved_on="2020-10-01" if status == "achieved" else None,
            created_in_conversation_id=o["conv"][(who, 1)], author_id=emp[author])

    def update(item, who, seq, author, status, note, rating=None):
        insert(stack, "item_update", item_id=o["item"][item], conversation_id=o["conv"][(who, seq)],
               author_id=emp[author], status=status, note=note, rating=rating)

    update("R1", "e1", 2, "m1", "on_track", "Loopt goed")
    update("R1", "e1", 3, "m1", "achieved", "Gehaald", 4)
    update("R4", "e2", 3, "m1", "on_track", "Privé notitie", 2)   # private (preparing)
    update("R9", "e5", 3, "m2", "achieved", "-Prima", 3)
    stack.sql(f"INSERT INTO remark (conversation_id, author_id, role, text) VALUES "
              f"({o['conv'][('e1', 1)]}, {emp['e1']}, 'employee', '=SUM(A1) is geen formule'), "
              f"({o['conv'][('e3', 2)]}, {emp['e3']}, 'employee', 'Mijn eigen voorbereiding')")
    sha = "ab" * 32
    stack.sql(f"INSERT INTO signature (conversation_id, employee_id, role, verdict, snapshot_sha256) "
              f"VALUES ({o['conv'][('e5', 1)]}, {emp['e5']}, 'employee', 'agree', '{sha}'), "
              f"({o['conv'][('e5', 1)]}, {emp['m2']}, 'manager', 'agree', '{sha}')")
    stack.sql(f"INSERT INTO signature (conversation_id, employee_id, role, verdict, remark) "
              f"VALUES ({o['conv'][('e1', 2)]}, {emp['e1']}, 'employee', 'seen', 'Niet eens met R2')")
    # Written with SQL, past the store: the report summaries the overview
    # reads (issue 21) are recounted once, as a migration would.
    rebuild_summaries(stack)
    return o


@pytest.fixture(scope="module")
def sessions(org, base_url):
    """Logged-in sessions by role, made once for the module."""
    from conftest import StackSession
    made = {}

    def get(who):
        if who not in made:
            s = StackSession(base_url)
            assert login(s, login_of(who), PASSWORD).status_code == 303
            made[who] = s
        return made[who]
    yield get
    for s in made.values():
        s.close()


# ---------------------------------------------------------------- the overview

def zeros(org):
    n = {f"conversations.{t}.{s}": 0 for t in TYPES for s in STATES}
    n.update({f"results.{s}": 0 for s in RESULT_STATES})
    n.update({f"rating.{v}": 0 for v in range(1, len(SCALE) + 1)})
    n.update({"dossiers": 0, "no_dossier": 0, "share": None})
    return n


def conv(n, typ, **states):
    for state, value in states.items():
        n[f"conversations.{typ}.{state}"] = value


def expected_all(org):
    """Org with its sub-departments: all five dossiers."""
    n = zeros(org)
    conv(n, "goal_setting", planned=1, signing=1, closed=3, overdue=1, total=5)
    conv(n, "progress", planned=2, held=1, signing=1, closed=1, overdue=2, total=5)
    conv(n, "assessment", planned=3, held=1, closed=1, total=5)
    n.update({"results.total": 7, "results.achieved": 3, "results.not_achieved": 1,
              "results.in_progress": 3, "share": "43", "rating.3": 1, "rating.4": 1,
              "dossiers": 5, "no_dossier": 3})  # m1, m2, e6
    g = org["goal"]
    n.update({f"collective.{g['G1']}": 5, f"collective.{g['G2']}": 3, f"collective.{g['G3']}": 2})
    return n


def expected_sales_tree(org):
    """Sales with Inside, and equally m1's team: e1, e2, e3 (and e6 without one)."""
    n = zeros(org)
    conv(n, "goal_setting", signing=1, closed=2, total=3)
    conv(n, "progress", planned=1, held=1, signing=1, overdue=1, total=3)
    conv(n, "assessment", planned=2, held=1, total=3)
    n.update({"results.total": 5, "results.achieved": 2, "results.not_achieved": 1,
              "results.in_progress": 2, "share": "40", "rating.3": 1,
              "dossiers": 3, "no_dossier": 1})
    g = org["goal"]
    n.update({f"collective.{g['G1']}": 3, f"collective.{g['G2']}": 3})
    return n


def expected_sales_only(org):
    n = zeros(org)
    conv(n, "goal_setting", closed=2, total=2)
    conv(n, "progress", held=1, signing=1, total=2)
    conv(n, "assessment", planned=1, held=1, total=2)
    n.update({"results.total": 4, "results.achieved": 2, "results.not_achieved": 1,
              "results.in_progress": 1, "share": "50", "rating.3": 1, "dossiers": 2})
    g = org["goal"]
    n.update({f"collective.{g['G1']}": 2, f"collective.{g['G2']}": 2})
    return n


def expected_m2(org):
    n = zeros(org)
    conv(n, "goal_setting", planned=1, closed=1, overdue=1, total=2)
    conv(n, "progress", planned=1, closed=1, overdue=1, total=2)
    conv(n, "assessment", planned=1, closed=1, total=2)
    n.update({"results.total": 2, "results.achieved": 1, "results.in_progress": 1,
              "share": "50", "rating.4": 1, "dossiers": 2})
    g = org["goal"]
    n.update({f"collective.{g['G1']}": 2, f"collective.{g['G3']}": 2})
    return n


def overview(s, **params):
    r = s.get("/reports.xml", params=params)
    assert r.status_code == 200, r.text[:2000]
    rep = etree.fromstring(r.content).find("reports")
    n = {}
    for t in rep.findall("conversations/type"):
        for state in STATES:
            n[f"conversations.{t.get('name')}.{state}"] = int(t.get(state))
    res = rep.find("results")
    for state in RESULT_STATES:
        n[f"results.{state}"] = int(res.get(state))
    n["share"] = res.get("share")
    for rating in rep.findall("ratings/rating"):
        n[f"rating.{rating.get('value')}"] = int(rating.get("count"))
    for g in rep.findall("collective/goal"):
        n[f"collective.{g.get('id')}"] = int(g.get("dossiers"))
    n["dossiers"] = int(rep.find("dossiers").get("count"))
    n["no_dossier"] = int(rep.find("without_dossier").get("count"))
    return rep, n


def people(s, metric, **params):
    """Everyone behind a number, {login: count}, page after page (50 to a
    page, each from the cursor the page before names)."""
    found, page, after = {}, 1, None
    while True:
        q = dict(params, metric=metric, page=page, after=after) if after else \
            dict(params, metric=metric)
        r = s.get("/reports/people.xml", params=q)
        assert r.status_code == 200, (metric, r.text[:1000])
        doc = etree.fromstring(r.content)
        for p in doc.findall("reports_people/people/person"):
            assert p.get("login") not in found, (metric, p.get("login"), "listed twice")
            found[p.get("login")] = int(p.get("count"))
        after, page = doc.find("reports_people/people").get("next"), page + 1
        if after is None:
            return found


def check_people_behind_numbers(s, numbers, params):
    """Every number is the sum of the counts of the people listed behind it."""
    for metric, value in numbers.items():
        if metric == "share":
            continue
        behind = people(s, metric, **params)
        assert sum(behind.values()) == value, (metric, value, behind)


SCOPES = [
    # (who, department, recursive, expected)
    ("hr", "org", True, expected_all),
    ("hr", "sales", True, expected_sales_tree),
    ("hr", "sales", False, expected_sales_only),
    ("m1", None, False, expected_sales_tree),
    ("m2", None, False, expected_m2),
]


@pytest.mark.parametrize("who,department,recursive,expected", SCOPES,
                         ids=["hr-org-tree", "hr-sales-tree", "hr-sales", "manager-m1", "manager-m2"])
def test_overview_numbers(org, sessions, who, department, recursive, expected):
    params = {"cycle": org["cycle"]}
    if department:
        params["department"] = org["dep"][department]
    if recursive:
        params["recursive"] = "1"
    rep, numbers = overview(sessions(who), **params)
    assert rep.get("scope") == ("all" if who == "hr" else "team")
    assert numbers == expected(org)
    check_people_behind_numbers(sessions(who), numbers, params)


def test_overview_whole_organisation(stack, org, sessions):
    """Without a department the dossier numbers are those of Org's tree; the
    employees without a dossier are every active employee of the
    organisation without one in this cycle."""
    _, numbers = overview(sessions("hr"), cycle=org["cycle"])
    want = expected_all(org)
    truth = int(stack.sql(f"SELECT COUNT(*) FROM employee e WHERE e.active = 1 AND NOT EXISTS "
                          f"(SELECT 1 FROM dossier d WHERE d.cycle_id = {org['cycle']} "
                          f"AND d.employee_id = e.id)")[0][0])
    want["no_dossier"] = truth
    assert numbers == want
    behind = people(sessions("hr"), "no_dossier", cycle=org["cycle"])
    assert {login_of(w) for w in ("hr", "m1", "m2", "e6")} <= set(behind)
    assert login_of("e7") not in behind  # inactive


def test_people_behind_numbers_by_name(org, sessions):
    hr = sessions("hr")
    p = {"cycle": org["cycle"], "department": org["dep"]["org"], "recursive": "1"}
    names = lambda *who: {login_of(w): n for w, n in who}  # noqa: E731
    assert people(hr, "conversations.progress.overdue", **p) == names(("e3", 1), ("e4", 1))
    assert people(hr, "conversations.goal_setting.signing", **p) == names(("e3", 1))
    assert people(hr, "results.total", **p) == names(("e1", 2), ("e2", 2), ("e3", 1),
                                                     ("e4", 1), ("e5", 1))
    assert people(hr, "results.achieved", **p) == names(("e1", 1), ("e2", 1), ("e5", 1))
    assert people(hr, "rating.3", **p) == names(("e1", 1))
    assert people(hr, "rating.1", **p) == {}  # e2's rating is still private
    assert people(hr, f"collective.{org['goal']['G2']}", **p) == names(("e1", 1), ("e2", 1),
                                                                      ("e3", 1))
    assert people(hr, "no_dossier", **p) == names(("m1", 1), ("m2", 1), ("e6", 1))
    assert people(hr, "dossiers", **p) == names(*((w, 1) for w in ("e1", "e2", "e3", "e4", "e5")))
    # a manager's list holds their own team only
    assert people(sessions("m2"), "dossiers", cycle=org["cycle"]) == names(("e4", 1), ("e5", 1))


def test_overview_pages_render_with_links(org, sessions):
    r = sessions("hr").get("/reports", params={"cycle": org["cycle"]})
    assert r.status_code == 200
    assert "/reports/people?cycle=%d&amp;metric=conversations.progress.overdue" % org["cycle"] in r.text
    assert f'action="/reports/cycles/{org["cycle"]}.xml"' in r.text
    assert f'formaction="/reports/cycles/{org["cycle"]}.csv"' in r.text
    r = sessions("m1").get("/reports/people", params={"cycle": org["cycle"], "metric": "dossiers"})
    assert r.status_code == 200 and "Carla Derde" in r.text and "Daan Vierde" not in r.text
    r = sessions("hr").get("/reports", params={"cycle": org["cycle"]},
                           headers={"Accept-Language": "en"})
    assert "Awaiting signature" in r.text


@pytest.mark.parametrize("params,field", [
    ({"cycle": "abc"}, "cycle"),
    ({"cycle": "999999999"}, "cycle"),
    ({"department": "999999999"}, "department"),
])
def test_overview_bad_filter(org, sessions, params, field):
    r = sessions("hr").get("/reports.xml", params=params)
    assert r.status_code == 400
    doc = etree.fromstring(r.content)
    assert doc.xpath(f"/page/form[@name='filter']/field[@name='{field}']/@error")


@pytest.mark.parametrize("metric", ["bogus", "conversations.progress", "conversations.x.planned",
                                    "rating.0", "results.some", "collective.abc", "x" * 100])
def test_people_bad_metric(org, sessions, metric):
    r = sessions("hr").get("/reports/people.xml", params={"cycle": org["cycle"], "metric": metric})
    assert r.status_code == 400
    assert etree.fromstring(r.content).xpath("/page/form[@name='people']/field[@name='metric']/@error")


def test_people_collective_of_another_cycle(stack, org, sessions):
    other = insert(stack, "cycle", name=f"RP andere cyclus {TAG}", starts_on="2021-01-01",
                   ends_on="2021-12-31", rating_scale="laag|hoog")
    r = sessions("hr").get("/reports/people.xml",
                           params={"cycle": other, "metric": f"collective.{org['goal']['G1']}"})
    assert r.status_code == 404


# ---------------------------------------------------------------- access

@pytest.mark.parametrize("path", ["/reports", "/reports/people?cycle={c}&metric=dossiers",
                                  "/reports/cycles/{c}.xml", "/reports/cycles/{c}.csv",
                                  "/reports/cycles/999999999.xml"])
def test_employee_is_refused(org, sessions, path):
    r = sessions("e1").get(path.format(c=org["cycle"]), allow_redirects=False)
    assert r.status_code == 403


def test_not_logged_in(org, base_url, new_session):
    s = new_session()
    r = s.get(f"/reports/cycles/{org['cycle']}.xml", allow_redirects=False)
    assert r.status_code == 403
    r = s.get("/me/export.xml", allow_redirects=False)
    assert r.status_code == 403


def test_export_needs_xml_and_an_existing_cycle(org, sessions):
    hr = sessions("hr")
    assert hr.get(f"/reports/cycles/{org['cycle']}").status_code == 404
    assert hr.get("/reports/cycles/999999999.xml").status_code == 404
    # /me/export without ".xml" is the personal export's printable page
    # (issue 18, pages/access.c), not a 404 as the cycle's path is.
    page = hr.get("/me/export")
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")


# ---------------------------------------------------------------- exports

def validate(tmp_path, content, name="export.xml"):
    path = tmp_path / name
    path.write_bytes(content)
    res = subprocess.run(["xmllint", "--noout", "--schema", XSD, str(path)],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr[-3000:]
    return etree.fromstring(content)


def export(s, org, fmt="xml", **params):
    r = s.get(f"/reports/cycles/{org['cycle']}.{fmt}", params=params)
    assert r.status_code == 200, r.text[:2000]
    return r


def dossier_logins(doc):
    return sorted(doc.xpath("/r:report/r:dossier/r:employee/@login", namespaces=NS))


def last_audit(stack):
    rows = stack.sql_dicts("SELECT actor_id, entity_id, action, detail FROM audit "
                           "WHERE entity = 'export' ORDER BY id DESC LIMIT 1")
    return rows[0] if rows else None


def test_hr_export_xml(stack, org, sessions, tmp_path):
    r = export(sessions("hr"), org)
    assert r.headers["Content-Type"].startswith("application/xml")
    assert f'filename="gesprek-cyclus-{org["cycle"]}.xml"' in r.headers["Content-Disposition"]
    assert r.headers["Cache-Control"] == "no-store"
    doc = validate(tmp_path, r.content)
    assert doc.get("kind") == "cycle" and doc.get("cycle_id") == str(org["cycle"])
    assert dossier_logins(doc) == sorted(login_of(w) for w in ("e1", "e2", "e3", "e4", "e5"))
    x = lambda path: doc.xpath(path, namespaces=NS)  # noqa: E731
    # the cycle, its goals, the departments with their ancestors
    assert x("/r:report/r:cycle/r:scale/r:label/text()") == list(SCALE)
    assert len(x("/r:report/r:cycle/r:collective_goal")) == 3
    assert {int(i) for i in x("/r:report/r:department/@id")} == set(org["dep"].values())
    # private preparation stays out: e4's own item, e2's rating and note, e3's remark
    titles = x("//r:item/r:title/text()")
    assert "Geheim voornemen" not in titles and "Uptime 99,9%" in titles
    e2_assessment = x(f"//r:conversation[@id='{org['conv'][('e2', 3)]}']")[0]
    assert e2_assessment.get("overall_rating") is None and not e2_assessment.xpath("r:overall_note", namespaces=NS)
    assert "Privé notitie" not in x("//r:update/r:note/text()")
    assert "Mijn eigen voorbereiding" not in x("//r:remark/r:text/text()")
    # ratings, signatures with snapshot hashes, remarks
    e1_assessment = x(f"//r:conversation[@id='{org['conv'][('e1', 3)]}']")[0]
    assert e1_assessment.get("overall_rating") == "3"
    assert x(f"//r:item[@id='{org['item']['R1']}']/r:update[@rating]/@rating") == ["4"]
    assert x("//r:signature/@snapshot_sha256") == ["ab" * 32, "ab" * 32]
    assert x("//r:signature[r:remark]/r:remark/text()") == ["Niet eens met R2"]
    audit = last_audit(stack)
    assert audit["actor_id"] == str(org["emp"]["hr"]) and audit["entity_id"] == str(org["cycle"])
    assert audit["action"] == "cycle"
    assert "format: xml" in audit["detail"] and "dossiers: 5" in audit["detail"]
    assert "items: 10" in audit["detail"] and "via: web" in audit["detail"]


def form_columns(d):
    """The dossier's form columns (issue 16; report-csv.xsl "tail"): the
    last conversation's template, the last outcome, answer and competence
    lines; test_export_template.py checks their contents."""
    def x(path):
        return d.xpath(path, namespaces=NS)

    def lines(nodes, key):
        out = []
        for a in nodes:
            role = "self" if a.get("self_assessment") == "1" else a.get("role")
            value = a.get("rating") or a.get("level")
            if value is not None:
                label = a.get("rating_label") or a.get("level_label")
                text = value + (f" ({label})" if label else "")
                expl = a.findtext("r:explanation", namespaces=NS)
                text += f": {expl}" if expl is not None else ""
            else:
                text = a.findtext("r:body", default="", namespaces=NS)
            out.append(f"{a.getparent().get('type')}.{a.get(key)}:{role}={text}")
        return "\n".join(out)
    t = (x("r:conversation[r:template][last()]/r:template") or [None])[0]
    o = (x("r:conversation[r:outcome][last()]/r:outcome") or [None])[0]
    get = lambda n, a: (n.get(a) or "") if n is not None else ""  # noqa: E731
    reason = o.findtext("r:override_reason", default="", namespaces=NS) if o is not None else ""
    return [get(t, "key"), get(t, "version"), get(o, "confirmed"), get(o, "score"),
            get(o, "proposed"), reason, lines(x("r:conversation/r:answer"), "section"),
            lines(x("r:conversation/r:competence_rating"), "competence")] + review_columns(d)


def review_columns(d):
    """The second assessor's columns (issue 17; report-csv.xsl "tail"): the
    last conversation with one, NAME (STATE), and a line per review event;
    test_second_assessor_export.py checks their contents."""
    c = (d.xpath("r:conversation[@second_assessor][last()]", namespaces=NS) or [None])[0]
    who = ""
    if c is not None:
        who = c.get("second_assessor") + (f" ({c.get('review')})" if c.get("review") else "")
    out = []
    for e in d.xpath("r:conversation/r:review_event", namespaces=NS):
        line = f"{e.getparent().get('type')} {e.get('at')} {e.get('author')}: {e.get('action')}"
        if e.get("action") == "change":
            what = e.get("target_title") or e.get("section")
            line += f" {e.get('target')}" + (f":{what}" if what else "")
            line += f" {e.get('old_rating', '')}->{e.get('new_rating', '')}"
        reason = e.findtext("r:reason", namespaces=NS)
        line += f": {reason}" if reason is not None else ""
        out.append(line)
    return [who, "\n".join(out)]


def expected_rows(doc):
    """The CSV rows the XML should give, one per item, formulas defused."""
    def cell(v):
        v = "" if v is None else str(v)
        return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v

    def one(nodes):
        return nodes[0] if nodes else ""
    rows = []
    for d in doc.xpath("/r:report/r:dossier", namespaces=NS):
        e = d.find("r:employee", NS)
        m = d.find("r:manager", NS)
        head = [d.get("cycle_id"), d.get("cycle"), d.get("id"), d.get("status"), e.get("id"),
                e.get("login"), e.get("name"), e.get("department"), m.get("name") if m is not None else ""]
        tail = [cell(v) for v in form_columns(d)]
        items = d.findall("r:item", NS)
        for it in items:
            updates = it.findall("r:update", NS)
            rating = one([u.get("rating") for u in updates if u.get("rating")][-1:])
            note = one([u.findtext("r:note", namespaces=NS) for u in updates
                        if u.find("r:note", NS) is not None][-1:])
            rows.append([cell(v) for v in head + [
                it.get("id"), it.get("kind"), it.findtext("r:title", namespaces=NS),
                it.findtext("r:measure", namespaces=NS), it.get("deadline"), it.get("weight"),
                it.get("status"), it.get("achieved_on"), it.get("responsible"), it.get("org_goal"),
                it.get("area"), it.get("competence"), rating, str(len(updates)), note]] + tail)
        if not items:
            rows.append([cell(v) for v in head] + [""] * 15 + tail)
    return rows


def parse_csv(raw):
    assert raw.startswith(b"\xef\xbb\xbf"), raw[:20]
    text = raw[3:].decode("utf-8")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"'))
    return csv_keys(rows[0]), rows[1:], text


def test_hr_export_csv_matches_xml(stack, org, sessions, tmp_path):
    hr = sessions("hr")
    doc = validate(tmp_path, export(hr, org).content)
    r = export(hr, org, "csv")
    assert r.headers["Content-Type"].startswith("text/csv")
    header, rows, text = parse_csv(r.content)
    assert header[:3] == ["cycle_id", "cycle", "dossier_id"] and header[23] == "last_note"
    assert header[24:] == ["template", "template_version", "overall_rating", "outcome_score",
                           "outcome_proposed", "override_reason", "answers", "competences",
                           "second_assessor", "review"]
    assert rows == expected_rows(doc)
    assert len(rows) == 10  # every visible item, one row each
    # quoting, doubled quotes, defused formulas, line breaks inside a cell
    assert '"\'=HYPERLINK(""http://example.org"")"' in text
    assert '"\'@binnendienst sneller"' in text and '"\'+5 nieuwe klanten"' in text
    assert '"Cursus ""Excel""; gevorderd"' in text
    assert '"Regel een\nRegel ""twee"""' in text
    assert text.count("\r\n") == len(rows) + 1 and "\r" not in text.replace("\r\n", "")
    audit = last_audit(stack)
    assert "format: csv" in audit["detail"] and audit["actor_id"] == str(org["emp"]["hr"])


def test_manager_exports_own_team_only(stack, org, sessions, tmp_path):
    m1 = sessions("m1")
    doc = validate(tmp_path, export(m1, org).content)
    assert dossier_logins(doc) == sorted(login_of(w) for w in ("e1", "e2", "e3"))
    assert doc.find("r:filter", NS).get("team_of") == str(org["emp"]["m1"])
    assert "team of: %d" % org["emp"]["m1"] in last_audit(stack)["detail"]
    _, rows, _ = parse_csv(export(m1, org, "csv").content)
    assert {row[5] for row in rows} == {login_of(w) for w in ("e1", "e2", "e3")}
    # a department outside the team: nothing
    doc = validate(tmp_path, export(m1, org, department=org["dep"]["it"]).content, "none.xml")
    assert dossier_logins(doc) == []
    doc = validate(tmp_path, export(sessions("m2"), org).content, "m2.xml")
    assert dossier_logins(doc) == sorted(login_of(w) for w in ("e4", "e5"))


def test_export_department_filter(org, sessions, tmp_path):
    hr = sessions("hr")
    doc = validate(tmp_path, export(hr, org, department=org["dep"]["sales"]).content)
    assert dossier_logins(doc) == sorted(login_of(w) for w in ("e1", "e2"))
    doc = validate(tmp_path, export(hr, org, department=org["dep"]["sales"], recursive="1").content)
    assert dossier_logins(doc) == sorted(login_of(w) for w in ("e1", "e2", "e3"))
    f = doc.find("r:filter", NS)
    assert f.get("department_id") == str(org["dep"]["sales"]) and f.get("recursive") == "1"


def test_export_date_filter(org, sessions, tmp_path):
    """June 2020: the progress conversations held or planned then; items whole."""
    doc = validate(tmp_path, export(sessions("hr"), org, **{"from": "2020-06-01",
                                                              "to": "2020-06-30"}).content)
    assert dossier_logins(doc) == sorted(login_of(w) for w in ("e1", "e2", "e3", "e5"))
    assert set(doc.xpath("//r:conversation/@type", namespaces=NS)) == {"progress"}
    assert len(doc.xpath("//r:dossier[r:employee/@login=$l]/r:item", namespaces=NS,
                         l=login_of("e1"))) == 4  # R1 R2 R3 D1: items are whole
    # only the updates of June's conversations
    assert doc.xpath(f"//r:item[@id='{org['item']['R1']}']/r:update/r:note/text()",
                     namespaces=NS) == ["Loopt goed"]


@pytest.mark.parametrize("params,field", [
    ({"from": "2020-13-01"}, "from"),
    ({"to": "morgen"}, "to"),
    ({"from": "2020-07-01", "to": "2020-06-01"}, "to"),
    ({"department": "999999999"}, "department"),
    ({"department": "abc"}, "department"),
])
def test_export_bad_filter_is_refused_and_not_audited(stack, org, sessions, params, field):
    before = stack.sql("SELECT COUNT(*) FROM audit WHERE entity = 'export'")[0][0]
    r = sessions("hr").get(f"/reports/cycles/{org['cycle']}.csv", params=params)
    assert r.status_code == 400
    assert r.headers["Content-Type"].startswith("text/html")
    page = etree.fromstring(r.content, etree.HTMLParser())
    # the export form again, the typed value kept, the problem next to its field
    control = page.xpath(f"//form[contains(@action, '/reports/cycles/')]//*[@name='{field}']")[0]
    assert control.get("aria-invalid") == "true"
    assert page.xpath(f"//*[@id='export-{field}-error']")
    if field in ("from", "to"):
        assert control.get("value") == params[field]
    assert stack.sql("SELECT COUNT(*) FROM audit WHERE entity = 'export'")[0][0] == before


def test_head_sends_headers_only_and_exports_nothing(stack, org, sessions):
    before = stack.sql("SELECT COUNT(*) FROM audit WHERE entity = 'export'")[0][0]
    r = sessions("hr").head(f"/reports/cycles/{org['cycle']}.csv")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in r.headers["Content-Disposition"] and r.content == b""
    assert stack.sql("SELECT COUNT(*) FROM audit WHERE entity = 'export'")[0][0] == before


def test_personal_export(stack, org, sessions, tmp_path):
    """Each employee gets their own dossiers, their own preparation included."""
    r = sessions("e3").get("/me/export.xml")
    assert r.status_code == 200
    assert f'filename="gesprek-{login_of("e3")}.xml"' in r.headers["Content-Disposition"]
    doc = validate(tmp_path, r.content)
    assert doc.get("kind") == "personal"
    assert dossier_logins(doc) == [login_of("e3")]
    assert "Mijn eigen voorbereiding" in doc.xpath("//r:remark/r:text/text()", namespaces=NS)
    audit = last_audit(stack)
    assert audit["action"] == "personal" and audit["actor_id"] == str(org["emp"]["e3"])
    assert "employee: %d" % org["emp"]["e3"] in audit["detail"]
    doc = validate(tmp_path, sessions("e4").get("/me/export.xml").content, "e4.xml")
    titles = doc.xpath("//r:item/r:title/text()", namespaces=NS)
    assert "Geheim voornemen" in titles and "Uptime 99,9%" in titles
    # a manager's own export holds no one else's dossier
    doc = validate(tmp_path, sessions("m1").get("/me/export.xml").content, "m1.xml")
    assert dossier_logins(doc) == []


def test_ctl_export(stack, org, sessions, tmp_path):
    res = stack.ctl("export", "cycle", org["cycle"])
    audit = last_audit(stack)
    assert audit["actor_id"] is None and "via: gesprekctl" in audit["detail"]
    doc = validate(tmp_path, res.stdout.encode())
    web = etree.fromstring(export(sessions("hr"), org).content)
    for d in (doc, web):
        d.attrib.pop("generated")
    assert etree.tostring(doc) == etree.tostring(web)
    csv_ctl = subprocess.run([str(stack.gesprekctl_bin), "-c", str(stack.config_path), "export",
                              "cycle", str(org["cycle"]), "--csv", "--chunk", "2"],
                             capture_output=True, env=stack.env(), timeout=120)
    assert csv_ctl.returncode == 0, csv_ctl.stderr
    assert csv_ctl.stdout == export(sessions("hr"), org, "csv").content
    # rounds of one dossier give the same document
    res = stack.ctl("export", "cycle", org["cycle"], "--chunk", "1")
    one = etree.fromstring(res.stdout.encode())
    one.attrib.pop("generated")
    assert etree.tostring(one) == etree.tostring(web)


@pytest.mark.parametrize("args,rc", [
    (("export",), 2),
    (("export", "cycle", "abc"), 2),
    (("export", "cycle", "1", "--recursive"), 2),
    (("export", "cycle", "1", "--from", "2020-02-30"), 2),
    (("export", "cycle", "999999999"), 1),
])
def test_ctl_export_usage(stack, args, rc):
    assert stack.ctl(*args, check=False).returncode == rc


def test_ctl_generate(stack, tmp_path):
    res = stack.ctl("generate", "--employees", "25", "--items", "3")
    cycle = int(res.stdout.strip())
    assert int(stack.sql(f"SELECT COUNT(*) FROM dossier WHERE cycle_id = {cycle}")[0][0]) == 25
    assert int(stack.sql(f"SELECT COUNT(*) FROM item i JOIN dossier d ON d.id = i.dossier_id "
                         f"WHERE d.cycle_id = {cycle}")[0][0]) == 75
    out = stack.ctl("export", "cycle", cycle).stdout.encode()
    doc = validate(tmp_path, out)
    assert len(doc.findall("r:dossier", NS)) == 25
    assert stack.ctl("generate", "--employees", "0", check=False).returncode == 2
