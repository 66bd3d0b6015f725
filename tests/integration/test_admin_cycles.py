"""HR's cycles over real HTTP: creating, editing, starting and closing a
cycle, its organisation and collective goals, the audit trail; every route
refused (403, nothing changed) for an employee and a manager; the demo
cycle and gesprekctl's cycle commands.

Every test makes its own cycles (never the demo's, helpers.demo_cycle); they
are removed again at the end of the module so other modules see only the
demo's dossiers."""

import itertools
import re
import uuid

import pytest

from conftest import csrf_token, login
from helpers import demo_cycle, page, text_of, xml

HR, HR2, MANAGER, EMPLOYEE = "hanna", "joost", "mark", "eva"
XML = {"Accept": "application/xml"}
DEFAULT_SCALE = "onvoldoende / matig / voldoende / goed / uitstekend"

_made = []
_seq = itertools.count(1)


@pytest.fixture(scope="module", autouse=True)
def _cleanup(stack):
    """Removes the cycles this module made (and everything in them)."""
    yield
    stack.sql("DELETE FROM employee WHERE login = 'oud-collega'")
    if not _made:
        return
    names = ", ".join("'%s'" % n for n in _made)
    ids = f"SELECT id FROM cycle WHERE name IN ({names})"
    stack.sql(
        f"DELETE FROM conversation WHERE dossier_id IN (SELECT id FROM dossier WHERE cycle_id IN ({ids}));"
        f"DELETE FROM dossier WHERE cycle_id IN ({ids});"
        f"DELETE FROM org_goal WHERE cycle_id IN ({ids});"
        f"DELETE FROM collective_goal WHERE cycle_id IN ({ids});"
        f"DELETE FROM cycle_step WHERE cycle_id IN ({ids});"
        f"DELETE FROM cycle WHERE name IN ({names});")


def unique_name(prefix="Test"):
    name = f"{prefix} {next(_seq)}-{uuid.uuid4().hex[:6]}"
    _made.append(name)
    return name


def one(stack, query):
    rows = stack.sql(query)
    return rows[0][0] if rows else None


def count(stack, query):
    return int(one(stack, query))


def csrf(s):
    """The session's CSRF token, from the logout form of the start page."""
    return csrf_token(s.get("/"), "/logout")


@pytest.fixture
def as_user(new_session):
    def make(user):
        s = new_session()
        assert login(s, user, "demo").status_code == 303
        return s
    return make


@pytest.fixture
def hr(as_user):
    return as_user(HR)


def cycle_fields(name, **over):
    f = {"name": name, "starts_on": "2031-01-01", "ends_on": "2031-12-31", "scale": DEFAULT_SCALE,
         "step1_type": "goal_setting", "step1_due": "2031-02-15",
         "step2_type": "progress", "step2_due": "2031-06-30",
         "step3_type": "assessment", "step3_due": "2031-12-15"}
    f.update(over)
    return f


def create_cycle(stack, s, name=None, **over):
    name = name or unique_name()
    r = s.post("/admin/cycles", data={**cycle_fields(name, **over), "csrf": csrf(s)},
               allow_redirects=False)
    assert r.status_code == 303, r.text[:3000]
    cid = int(one(stack, f"SELECT id FROM cycle WHERE name = '{name}'"))
    assert r.headers["Location"] == f"/admin/cycles/{cid}"
    return cid


def start(s, cid, **fields):
    """A start, confirmed (the first POST without confirm only asks:
    test_guards.py)."""
    return s.post(f"/admin/cycles/{cid}/start", data={**fields, "csrf": csrf(s), "confirm": "1"},
                  allow_redirects=False)


def department_id(stack, name):
    return int(one(stack, f"SELECT id FROM department WHERE name = '{name}'"))


# What a refused HR request must leave alone.
STATE_TABLES = ("cycle", "cycle_step", "org_goal", "collective_goal", "dossier", "conversation",
                "audit")


def state(stack):
    """Everything a refused request must leave alone: a checksum of every
    row of each table (counts and version sums alone miss an UPDATE that
    does not bump the version)."""
    return {t: stack.sql(f"CHECKSUM TABLE {t} EXTENDED")[0][1] for t in STATE_TABLES}


def form_errors(resp, name):
    """{field: error} of the refused form `name` in an XML response."""
    doc = xml(resp)
    return {f.get("name"): f.get("error") for f in doc.xpath("//form[@name=$n]/field", n=name)
            if f.get("error")}


def field_value(resp, form, field):
    return xml(resp).xpath("//form[@name=$n]/field[@name=$f]/@value", n=form, f=field)[0]


# ------------------------------------------------------------------ access --

def routes(cid, goal, coll):
    """Every route of this module with a valid request."""
    dep = "1"
    return [
        ("GET", "/admin/cycles", None),
        ("GET", "/admin/cycles/new", None),
        ("POST", "/admin/cycles", cycle_fields("Nooit 403")),
        ("GET", f"/admin/cycles/{cid}", None),
        ("POST", f"/admin/cycles/{cid}", {**cycle_fields("Nooit 403"), "version": "1"}),
        ("POST", f"/admin/cycles/{cid}/start", {"scope": "department", "department": dep,
                                                 "confirm": "1"}),
        ("POST", f"/admin/cycles/{cid}/goals", {"title": "Nooit", "description": "x"}),
        ("POST", f"/admin/goals/{goal}", {"title": "Nooit", "version": "1"}),
        ("POST", f"/admin/cycles/{cid}/collective", {"title": "Nooit", "bonus": "1"}),
        ("POST", f"/admin/collective/{coll}", {"title": "Nooit", "version": "1"}),
        ("POST", f"/admin/collective/{coll}/status", {"status": "achieved", "version": "1"}),
        ("GET", f"/admin/audit?entity=cycle&id={cid}", None),
        ("POST", f"/admin/cycles/{cid}/close", {"confirm": "1"}),
    ]


@pytest.fixture
def prepared(stack, hr):
    """A cycle with one organisation goal and one collective goal."""
    cid = create_cycle(stack, hr)
    r = hr.post(f"/admin/cycles/{cid}/goals", data={"title": "Omzet", "csrf": csrf(hr)},
                allow_redirects=False)
    assert r.status_code == 303
    r = hr.post(f"/admin/cycles/{cid}/collective", data={"title": "Verzuim", "csrf": csrf(hr)},
                allow_redirects=False)
    assert r.status_code == 303
    goal = int(one(stack, f"SELECT id FROM org_goal WHERE cycle_id = {cid}"))
    coll = int(one(stack, f"SELECT id FROM collective_goal WHERE cycle_id = {cid}"))
    return cid, goal, coll


@pytest.mark.parametrize("user", [EMPLOYEE, MANAGER])
def test_every_route_is_refused_for_employee_and_manager(stack, prepared, as_user, user):
    s = as_user(user)
    token = csrf(s)
    before = state(stack)
    for method, path, data in routes(*prepared):
        if method == "GET":
            r = s.get(path, allow_redirects=False)
            rx = s.get(path.replace("?", ".xml?") if "?" in path else path + ".xml",
                       allow_redirects=False)
            assert rx.status_code == 403, f"{path}.xml"
        else:
            r = s.post(path, data={**data, "csrf": token}, allow_redirects=False)
        assert r.status_code == 403, f"{user} {method} {path}: {r.status_code}"
        assert "Verzuim" not in r.text and "Omzet" not in r.text
    assert state(stack) == before, "a refused request changed something"


def test_every_route_works_for_hr(stack, prepared, hr):
    cid, goal, coll = prepared
    token = csrf(hr)
    for method, path, data in routes(cid, goal, coll):
        if method == "GET":
            r = hr.get(path, allow_redirects=False)
            assert r.status_code == 200, f"GET {path}: {r.status_code}"
            assert page(r).xpath("//h1")
            continue
        if path == "/admin/cycles":
            data = cycle_fields(unique_name())
        if path == f"/admin/cycles/{cid}":
            data = {**cycle_fields(unique_name(), scale="laag / hoog"), "version": one(
                stack, f"SELECT version FROM cycle WHERE id = {cid}")}
        if path == f"/admin/cycles/{cid}/start":
            data = {**data, "department": str(department_id(stack, "ICT"))}
        if path.startswith("/admin/goals/"):
            data = {**data, "version": one(stack, f"SELECT version FROM org_goal WHERE id = {goal}")}
        if path.startswith("/admin/collective/"):
            data = {**data, "version": one(stack, f"SELECT version FROM collective_goal WHERE id = {coll}")}
        r = hr.post(path, data={**data, "csrf": token}, allow_redirects=False)
        assert r.status_code == 303, f"POST {path}: {r.status_code}\n{text_of(r)[:1500]}"
    assert one(stack, f"SELECT status FROM cycle WHERE id = {cid}") == "closed"
    assert one(stack, f"SELECT rating_scale FROM cycle WHERE id = {cid}") == "laag|hoog"
    assert one(stack, f"SELECT title FROM org_goal WHERE id = {goal}") == "Nooit"
    assert one(stack, f"SELECT status FROM collective_goal WHERE id = {coll}") == "achieved"


def test_pages_are_dutch_and_english(stack, prepared, hr):
    cid = prepared[0]
    nl = hr.get(f"/admin/cycles/{cid}")
    assert "Organisatiedoelstellingen" in text_of(nl) and "Cyclus starten" in text_of(nl)
    en = hr.get(f"/admin/cycles/{cid}", headers={"Accept-Language": "en"})
    assert "Organisation goals" in text_of(en) and "Start the cycle" in text_of(en)
    assert page(en).xpath("/html/@lang") == ["en"]


def test_forms_have_labels_and_csrf(stack, prepared, hr):
    cid = prepared[0]
    for path in ("/admin/cycles/new", f"/admin/cycles/{cid}"):
        doc = page(hr.get(path))
        labels = set(doc.xpath("//label/@for"))
        for el in doc.xpath("//input[not(@type='hidden')] | //select | //textarea"):
            assert el.get("id") in labels, f"{path}: {el.get('name')} has no label"
        for form in doc.xpath("//form[@method='post']"):
            assert form.xpath(".//input[@type='hidden'][@name='csrf']/@value"), form.get("action")


# ----------------------------------------------------------------- create --

def test_new_form_is_prefilled_with_the_default(hr):
    doc = page(hr.get("/admin/cycles/new"))
    assert doc.xpath("//input[@name='scale']/@value") == [DEFAULT_SCALE]
    types = [doc.xpath(f"//select[@name='step{n}_type']/option[@selected]/@value") for n in (1, 2, 3, 4)]
    assert types == [["goal_setting"], ["progress"], ["assessment"], []]
    year = doc.xpath("//input[@name='name']/@value")[0]
    assert doc.xpath("//input[@name='step1_due']/@value") == [f"{year}-02-15"]
    assert doc.xpath("//input[@name='step2_due']/@value") == [f"{year}-06-30"]
    assert doc.xpath("//input[@name='step3_due']/@value") == [f"{year}-12-15"]


def test_create_stores_cycle_schedule_and_audit(stack, hr):
    name = unique_name()
    cid = create_cycle(stack, hr, name, step4_type="progress", step4_due="2031-09-30",
                       step3_type="progress", step3_due="2031-09-01")
    row = stack.sql(f"SELECT starts_on, ends_on, status, rating_scale FROM cycle WHERE id = {cid}")[0]
    assert row == ("2031-01-01", "2031-12-31", "planned", "onvoldoende|matig|voldoende|goed|uitstekend")
    steps = stack.sql(f"SELECT seq, type, due_on FROM cycle_step WHERE cycle_id = {cid} ORDER BY seq")
    assert steps == [("1", "goal_setting", "2031-02-15"), ("2", "progress", "2031-06-30"),
                     ("3", "progress", "2031-09-01"), ("4", "progress", "2031-09-30")]
    audit = stack.sql(f"SELECT actor_id, action, detail FROM audit WHERE entity = 'cycle' AND entity_id = {cid}")
    assert len(audit) == 1 and audit[0][1] == "create" and name in audit[0][2]
    hanna = one(stack, "SELECT id FROM employee WHERE login = 'hanna'")
    assert audit[0][0] == hanna
    r = hr.get(f"/admin/cycles/{cid}")
    assert "De gesprekscyclus is aangemaakt." in text_of(r)


# Stands for the demo cycle's name (read when the test runs: it follows the
# clock, helpers.demo_cycle).
DEMO = object()

BAD_CREATE = [
    ({"name": ""}, "name", "form.error.required"),
    ({"name": "twee\nregels"}, "name", "admin.error.single_line"),
    ({"name": "x" * 101}, "name", "form.error.too_long"),
    ({"name": DEMO}, "name", "admin.cycle.error.name_taken"),
    ({"starts_on": "2031-02-30"}, "starts_on", "form.error.date"),
    ({"ends_on": "2030-12-31"}, "ends_on", "admin.cycle.error.period"),
    ({"scale": "alleen"}, "scale", "admin.cycle.error.scale_count"),
    ({"scale": "/".join("abcdefghijk")}, "scale", "admin.cycle.error.scale_count"),
    ({"scale": "goed / goed"}, "scale", "admin.cycle.error.scale_duplicate"),
    ({"scale": "laag / " + "h" * 41}, "scale", "admin.cycle.error.scale_label"),
    ({"scale": "laag | middel / hoog"}, "scale", "admin.cycle.error.scale_char"),
    ({"step1_type": "review"}, "step1_type", "form.error.choice"),
    ({"step2_due": ""}, "step2_due", "form.error.required"),
    ({"step2_type": ""}, "step2_type", "form.error.required"),
    ({"step2_due": "2032-01-05"}, "step2_due", "admin.cycle.error.step_outside"),
    ({"step3_due": "2031-03-01"}, "step3_due", "admin.cycle.error.step_order"),
    ({"step1_type": "", "step1_due": "", "step2_type": "", "step2_due": "", "step3_type": "",
      "step3_due": ""}, "step1_type", "admin.cycle.error.steps_none"),
]


@pytest.mark.parametrize("over,field,error", BAD_CREATE, ids=[c[2] + ":" + c[1] for c in BAD_CREATE])
def test_create_with_bad_input_names_the_field_and_writes_nothing(stack, hr, over, field, error):
    before = state(stack)
    over = {k: demo_cycle(stack).name if v is DEMO else v for k, v in over.items()}
    fields = {**cycle_fields(unique_name()), **over}
    r = hr.post("/admin/cycles", data={**fields, "csrf": csrf(hr)}, headers=XML,
                allow_redirects=False)
    assert r.status_code == 400
    assert form_errors(r, "cycle") == {field: error}
    for k, v in fields.items():
        assert field_value(r, "cycle", k) == v, f"typed value of {k} kept"
    assert state(stack) == before


def test_refused_form_shows_the_error_next_to_its_field(stack, hr):
    before = state(stack)
    r = hr.post("/admin/cycles", data={**cycle_fields(unique_name(), ends_on="2030-01-01"),
                                       "csrf": csrf(hr)}, allow_redirects=False)
    assert r.status_code == 400
    assert state(stack) == before
    doc = page(r)
    inp = doc.xpath("//input[@name='ends_on']")[0]
    assert inp.get("aria-invalid") == "true"
    err = doc.xpath("//*[@id='cycle-ends_on-error']")[0]
    assert "cycle-ends_on-error" in inp.get("aria-describedby")
    assert err.getparent() is inp.getparent()
    assert "De einddatum ligt vóór de begindatum." in err.text_content()
    assert doc.xpath("//input[@name='name']/@value")[0].startswith("Test")
    assert doc.xpath("//*[@role='alert']")


# ------------------------------------------------------------------- edit --

def test_edit_with_stale_version_is_a_conflict_showing_both(stack, as_user):
    a, b = as_user(HR), as_user(HR2)
    name = unique_name()
    cid = create_cycle(stack, a, name)
    mine, theirs = unique_name(), unique_name()
    r = a.post(f"/admin/cycles/{cid}", data={**cycle_fields(theirs), "version": "1", "csrf": csrf(a)},
               allow_redirects=False)
    assert r.status_code == 303
    before = state(stack)
    r = b.post(f"/admin/cycles/{cid}", data={**cycle_fields(mine), "version": "1", "csrf": csrf(b)},
               allow_redirects=False)
    assert r.status_code == 409
    doc = page(r)
    assert theirs in doc.xpath("//h1")[0].text_content(), "the stored version is shown"
    assert doc.xpath("//form[@action=$a]//input[@name='name']/@value", a=f"/admin/cycles/{cid}") == [mine]
    assert doc.xpath("//form[@action=$a]//input[@name='version']/@value", a=f"/admin/cycles/{cid}") == ["2"]
    assert doc.xpath("//*[@role='alert']")
    assert state(stack) == before
    assert one(stack, f"SELECT name FROM cycle WHERE id = {cid}") == theirs


def test_schedule_and_scale_size_fixed_once_dossiers_exist(stack, hr):
    cid = create_cycle(stack, hr)
    assert start(hr, cid, scope="department", department=department_id(stack, "ICT")).status_code == 303
    version = one(stack, f"SELECT version FROM cycle WHERE id = {cid}")
    before = state(stack)
    r = hr.post(f"/admin/cycles/{cid}", data={**cycle_fields(unique_name(), scale="laag / hoog"),
                                             "version": version, "csrf": csrf(hr)},
                headers=XML, allow_redirects=False)
    assert r.status_code == 400
    assert form_errors(r, "cycle") == {"scale": "admin.cycle.error.scale_fixed"}
    assert state(stack) == before
    # Renaming labels is fine; step fields are not even read any more.
    new = unique_name()
    # (confirmed: a change of a cycle with dossiers asks first, test_guards.py)
    r = hr.post(f"/admin/cycles/{cid}", data={**cycle_fields(new, scale="1 / 2 / 3 / 4 / 5",
                                                           step1_due="2031-01-20"),
                                             "version": version, "csrf": csrf(hr),
                                             "confirm": "1"},
                allow_redirects=False)
    assert r.status_code == 303
    assert one(stack, f"SELECT rating_scale FROM cycle WHERE id = {cid}") == "1|2|3|4|5"
    assert one(stack, f"SELECT due_on FROM cycle_step WHERE cycle_id = {cid} AND seq = 1") == "2031-02-15"
    doc = page(hr.get(f"/admin/cycles/{cid}"))
    assert not doc.xpath("//select[@name='step1_type']")


# ------------------------------------------------------------------ start --

def dossier_counts(stack, cid):
    """(dossiers, distinct employees) of a cycle."""
    return tuple(int(x) for x in stack.sql(
        f"SELECT COUNT(*), COUNT(DISTINCT employee_id) FROM dossier WHERE cycle_id = {cid}")[0])


def in_department(stack, names):
    quoted = ", ".join(f"'{n}'" for n in names)
    return count(stack, "SELECT COUNT(*) FROM employee e JOIN department d ON d.id = e.department_id"
                        f" WHERE e.active = 1 AND d.name IN ({quoted})")


def test_start_for_a_department_gives_each_employee_exactly_one_dossier(stack, hr):
    cid = create_cycle(stack, hr)
    verkoop = department_id(stack, "Verkoop")
    own = in_department(stack, ["Verkoop"])
    tree = in_department(stack, ["Verkoop", "Binnendienst", "Buitendienst"])
    assert 0 < own < tree

    r = start(hr, cid, scope="department", department=verkoop)
    assert r.status_code == 303
    assert r.headers["Location"] == f"/admin/cycles/{cid}?created={own}&present=0#start-result"
    assert dossier_counts(stack, cid) == (own, own)
    assert one(stack, f"SELECT status FROM cycle WHERE id = {cid}") == "open"

    r = start(hr, cid, scope="department", department=verkoop, recursive="1")
    assert r.headers["Location"] == f"/admin/cycles/{cid}?created={tree - own}&present={own}#start-result"
    assert dossier_counts(stack, cid) == (tree, tree)

    # Twice: nothing new.
    r = start(hr, cid, scope="department", department=verkoop, recursive="1")
    assert r.headers["Location"] == f"/admin/cycles/{cid}?created=0&present={tree}#start-result"
    assert dossier_counts(stack, cid) == (tree, tree)
    shown = page(hr.get(r.headers["Location"]))
    assert shown.xpath("//*[@id='start-result']//*[@class='start-present']/text()") == [str(tree)]

    # Each dossier: the employee's manager, a planned conversation per step.
    assert count(stack, f"SELECT COUNT(*) FROM dossier d JOIN employee e ON e.id = d.employee_id"
                        f" WHERE d.cycle_id = {cid} AND NOT (d.manager_id <=> e.manager_id)") == 0
    convs = stack.sql(f"SELECT c.type, c.seq, c.due_on, c.status, COUNT(*) FROM conversation c"
                      f" JOIN dossier d ON d.id = c.dossier_id WHERE d.cycle_id = {cid}"
                      f" GROUP BY c.type, c.seq, c.due_on, c.status ORDER BY c.seq")
    assert convs == [("goal_setting", "1", "2031-02-15", "planned", str(tree)),
                     ("progress", "2", "2031-06-30", "planned", str(tree)),
                     ("assessment", "3", "2031-12-15", "planned", str(tree))]
    # Audited: a row per dossier and one per start.
    assert count(stack, f"SELECT COUNT(*) FROM audit a JOIN dossier d ON a.entity = 'dossier'"
                        f" AND a.entity_id = d.id WHERE d.cycle_id = {cid} AND a.action = 'create'") == tree
    details = [r[0] for r in stack.sql(f"SELECT detail FROM audit WHERE entity = 'cycle' AND entity_id = {cid}"
                                       " AND action = 'start' ORDER BY id")]
    assert len(details) == 3
    assert f"dossiers created: {own}; already present: 0" in details[0]
    assert "with sub-departments" in details[1]


def test_start_for_everyone_and_several_cycles_at_once(stack, hr):
    cid = create_cycle(stack, hr)
    active = count(stack, "SELECT COUNT(*) FROM employee WHERE active = 1")
    assert start(hr, cid, scope="all").status_code == 303
    assert dossier_counts(stack, cid) == (active, active)
    # eva now has a dossier in the demo cycle and in this one.
    assert count(stack, "SELECT COUNT(DISTINCT d.cycle_id) FROM dossier d JOIN employee e"
                        " ON e.id = d.employee_id WHERE e.login = 'eva'") >= 2


def test_hand_picked_list_with_an_unknown_login_starts_no_one(stack, hr):
    cid = create_cycle(stack, hr)
    stack.sql("INSERT IGNORE INTO employee (login, name, active) VALUES ('oud-collega', 'Oud Collega', 0)")
    before = state(stack)
    r = start(hr, cid, scope="list", logins="eva, daan\nbestaat-niet  oud-collega")
    assert r.status_code == 400
    doc = page(r)
    unknown = [li.text_content().strip() for li in doc.xpath("//*[@id='unknown-logins']//li")]
    assert unknown == ["bestaat-niet", "oud-collega"]
    assert doc.xpath("//textarea[@name='logins']")[0].text == "eva, daan\nbestaat-niet  oud-collega"
    assert "Er is niemand gestart" in text_of(r)
    assert state(stack) == before

    r = start(hr, cid, scope="list", logins="eva, daan,eva")
    assert r.status_code == 303
    assert "created=2&present=0" in r.headers["Location"]
    assert dossier_counts(stack, cid) == (2, 2)


@pytest.mark.parametrize("fields,field,error", [
    ({}, "scope", "form.error.required"),
    ({"scope": "iedereen"}, "scope", "form.error.choice"),
    ({"scope": "department"}, "department", "form.error.required"),
    ({"scope": "department", "department": "999999"}, "department", "form.error.choice"),
    ({"scope": "list", "logins": "  "}, "logins", "form.error.required"),
])
def test_start_with_bad_input_names_the_field(stack, hr, fields, field, error):
    cid = create_cycle(stack, hr)
    before = state(stack)
    r = hr.post(f"/admin/cycles/{cid}/start", data={**fields, "csrf": csrf(hr)}, headers=XML,
                allow_redirects=False)
    assert r.status_code == 400
    assert form_errors(r, "start") == {field: error}
    assert state(stack) == before


# ------------------------------------------------------------------ close --

def test_close_freezes_every_dossier(stack, hr):
    cid = create_cycle(stack, hr)
    assert start(hr, cid, scope="department", department=department_id(stack, "Financiën")).status_code == 303
    n = dossier_counts(stack, cid)[0]
    conv = stack.sql("SELECT c.id FROM conversation c JOIN dossier d ON d.id = c.dossier_id"
                     f" WHERE d.cycle_id = {cid} ORDER BY c.id LIMIT 1")[0][0]
    stack.sql(f"UPDATE conversation SET status = 'preparing' WHERE id = {conv}")
    r = hr.post(f"/admin/cycles/{cid}/close", data={"csrf": csrf(hr), "confirm": "1"},
                allow_redirects=False)
    assert r.status_code == 303
    assert one(stack, f"SELECT status FROM cycle WHERE id = {cid}") == "closed"
    assert stack.sql(f"SELECT status, COUNT(*) FROM dossier WHERE cycle_id = {cid} GROUP BY status") == \
        [("closed", str(n))]
    assert one(stack, f"SELECT status FROM conversation WHERE id = {conv}") == "preparing"
    assert count(stack, f"SELECT COUNT(*) FROM audit a JOIN dossier d ON a.entity = 'dossier'"
                        f" AND a.entity_id = d.id WHERE d.cycle_id = {cid} AND a.action = 'close'") == n
    shown = hr.get(f"/admin/cycles/{cid}")
    assert "De dossiers zijn bevroren" in text_of(shown)
    assert not page(shown).xpath(f"//form[@action='/admin/cycles/{cid}/start']")

    before = state(stack)
    for path, data in ((f"/admin/cycles/{cid}/close", {}),
                       (f"/admin/cycles/{cid}/start", {"scope": "all"}),
                       (f"/admin/cycles/{cid}/goals", {"title": "Te laat"}),
                       (f"/admin/cycles/{cid}/collective", {"title": "Te laat"}),
                       (f"/admin/cycles/{cid}", {**cycle_fields(unique_name()), "version": "99"})):
        r = hr.post(path, data={**data, "csrf": csrf(hr)}, allow_redirects=False)
        assert r.status_code == 409, path
        assert "Deze cyclus is afgesloten" in text_of(r)
    assert state(stack) == before


# ------------------------------------------------------------------ goals --

def test_org_goals_added_edited_and_audited(stack, hr):
    cid = create_cycle(stack, hr)
    r = hr.post(f"/admin/cycles/{cid}/goals", data={"title": "Klanttevredenheid 8,5",
                                                    "description": "Van 7,9\nnaar 8,5", "csrf": csrf(hr)},
                allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"] == f"/admin/cycles/{cid}#org-goals"
    gid = one(stack, f"SELECT id FROM org_goal WHERE cycle_id = {cid}")
    r = hr.post(f"/admin/goals/{gid}", data={"title": "Klanttevredenheid 9", "description": "Van 7,9\nnaar 8,5",
                                             "version": "1", "csrf": csrf(hr)}, allow_redirects=False)
    assert r.status_code == 303
    rows = stack.sql(f"SELECT action, detail FROM audit WHERE entity = 'org_goal' AND entity_id = {gid} ORDER BY id")
    assert [a for a, _ in rows] == ["create", "update"]
    assert rows[1][1].startswith("title: Klanttevredenheid 8,5 -> Klanttevredenheid 9")
    doc = page(hr.get(f"/admin/cycles/{cid}"))
    assert doc.xpath(f"//li[@id='org-goal-{gid}']//h3/text()") == ["Klanttevredenheid 9"]
    assert doc.xpath(f"//li[@id='org-goal-{gid}']//p[@class='note-text']/text()") == ["Van 7,9\nnaar 8,5"]

    # Bad input and a stale version change nothing.
    before = state(stack)
    r = hr.post(f"/admin/goals/{gid}", data={"title": "", "version": "2", "csrf": csrf(hr)},
                headers=XML, allow_redirects=False)
    assert r.status_code == 400 and form_errors(r, f"org-goal-{gid}") == {"title": "form.error.required"}
    r = hr.post(f"/admin/goals/{gid}", data={"title": "Oud", "version": "1", "csrf": csrf(hr)},
                allow_redirects=False)
    assert r.status_code == 409
    doc = page(r)
    item = doc.xpath(f"//li[@id='org-goal-{gid}']")[0]
    assert item.xpath(".//details/@open")
    assert item.xpath(".//input[@name='title']/@value") == ["Oud"]
    assert "Klanttevredenheid 9" in item.xpath(".//div[@class='panel conflict']")[0].text_content()
    assert state(stack) == before
    assert hr.post("/admin/goals/999999999", data={"title": "x", "version": "1", "csrf": csrf(hr)},
                   allow_redirects=False).status_code == 404
    assert state(stack) == before


def test_collective_goal_status_is_audited_and_shown(stack, hr):
    cid = create_cycle(stack, hr)
    verkoop = department_id(stack, "Verkoop")
    r = hr.post(f"/admin/cycles/{cid}/collective",
                data={"title": "Ziekteverzuim onder 4%", "measure": "Gemiddeld over het jaar",
                      "deadline": "2031-12-31", "bonus": "1", "csrf": csrf(hr)}, allow_redirects=False)
    assert r.status_code == 303
    r = hr.post(f"/admin/cycles/{cid}/collective",
                data={"title": "150 nieuwe klanten", "department": str(verkoop), "csrf": csrf(hr)},
                allow_redirects=False)
    assert r.status_code == 303
    gid = one(stack, f"SELECT id FROM collective_goal WHERE cycle_id = {cid} AND bonus = 1")
    assert stack.sql(f"SELECT department_id, deadline, status FROM collective_goal WHERE id = {gid}") == \
        [(None, "2031-12-31", "open")]

    r = hr.post(f"/admin/collective/{gid}/status",
                data={"status": "achieved", "status_note": "3,6% over 2031", "version": "1",
                      "csrf": csrf(hr)}, allow_redirects=False)
    assert r.status_code == 303
    assert stack.sql(f"SELECT status, status_note, version FROM collective_goal WHERE id = {gid}") == \
        [("achieved", "3,6% over 2031", "2")]
    detail = one(stack, f"SELECT detail FROM audit WHERE entity = 'collective_goal' AND entity_id = {gid}"
                        " AND action = 'status'")
    assert "status: open -> achieved" in detail and "status_note:  -> 3,6% over 2031" in detail

    # A stale status form: 409, nothing changed, both shown.
    before = state(stack)
    r = hr.post(f"/admin/collective/{gid}/status",
                data={"status": "not_achieved", "version": "1", "csrf": csrf(hr)}, allow_redirects=False)
    assert r.status_code == 409 and state(stack) == before
    assert "3,6% over 2031" in text_of(r)

    # The audit trail of the cycle lists it, in Dutch.
    trail = hr.get(f"/admin/audit?entity=cycle&id={cid}")
    assert trail.status_code == 200
    rows = [" ".join(tr.text_content().split()) for tr in page(trail).xpath("//tbody/tr")]
    assert any("Collectieve doelstelling status gewijzigd" in r and "status: open → behaald" in r
               and "Hanna Visser" in r for r in rows)
    assert any("Gesprekscyclus aangemaakt" in r for r in rows)

    # Editing the goal: department to everyone, audited with names.
    r = hr.post(f"/admin/collective/{one(stack, f'SELECT id FROM collective_goal WHERE cycle_id = {cid} AND bonus = 0')}",
                data={"title": "160 nieuwe klanten", "version": "1", "csrf": csrf(hr)}, allow_redirects=False)
    assert r.status_code == 303
    assert "department: Verkoop -> everyone" in one(
        stack, "SELECT detail FROM audit WHERE entity = 'collective_goal' AND action = 'update' ORDER BY id DESC LIMIT 1")


def test_collective_goal_with_unknown_department_is_refused(stack, hr):
    cid = create_cycle(stack, hr)
    before = state(stack)
    r = hr.post(f"/admin/cycles/{cid}/collective", data={"title": "X", "department": "999999",
                                                         "csrf": csrf(hr)}, headers=XML, allow_redirects=False)
    assert r.status_code == 400
    assert form_errors(r, "collective-new") == {"department": "form.error.choice"}
    assert state(stack) == before


def test_collective_goal_status_shows_on_each_affected_form(stack, hr, as_user):
    """The forms (the conversation pages, built elsewhere) show each
    affected employee the collective goals with their one status."""
    cid = create_cycle(stack, hr)
    verkoop = department_id(stack, "Verkoop")
    for title, dep in (("Iedereen-doel", ""), ("Verkoop-doel", str(verkoop))):
        assert hr.post(f"/admin/cycles/{cid}/collective", data={"title": title, "department": dep,
                                                                "csrf": csrf(hr)},
                       allow_redirects=False).status_code == 303
    gid = one(stack, f"SELECT id FROM collective_goal WHERE cycle_id = {cid} AND title = 'Verkoop-doel'")
    assert hr.post(f"/admin/collective/{gid}/status", data={"status": "achieved", "version": "1",
                                                            "status_note": "Gehaald in juni", "csrf": csrf(hr)},
                   allow_redirects=False).status_code == 303
    assert start(hr, cid, scope="list", logins="eva koen").status_code == 303
    forms = {}
    for login in ("eva", "koen"):
        forms[login] = one(stack, f"SELECT c.id FROM conversation c JOIN dossier d ON d.id = c.dossier_id"
                                  f" JOIN employee e ON e.id = d.employee_id"
                                  f" WHERE d.cycle_id = {cid} AND e.login = '{login}' AND c.seq = 1")
    r = as_user(EMPLOYEE).get(f"/conversations/{forms['eva']}.xml")
    assert r.status_code == 200
    # eva (Binnendienst, under Verkoop) has both, with the one central status.
    doc = xml(r)
    goals = {g.get("title"): g for g in doc.xpath("//*[@title and @status]")
             if g.get("title") in ("Iedereen-doel", "Verkoop-doel")}
    assert set(goals) == {"Iedereen-doel", "Verkoop-doel"}, r.text[:3000]
    assert goals["Verkoop-doel"].get("status") == "achieved"
    assert goals["Iedereen-doel"].get("status") == "open"
    assert "Gehaald in juni" in "".join(goals["Verkoop-doel"].itertext())
    # koen (ICT) only the one for everyone; HR reads every form.
    r = hr.get(f"/conversations/{forms['koen']}.xml")
    assert r.status_code == 200
    assert "Iedereen-doel" in r.text and "Verkoop-doel" not in r.text
    # The dossier view shows them too once it lists them (GET /dossiers/{id}.xml).
    eva_d = one(stack, f"SELECT dossier_id FROM conversation WHERE id = {forms['eva']}")
    r = hr.get(f"/dossiers/{eva_d}.xml")
    assert r.status_code == 200
    listed = {g.get("title"): g.get("status")
              for g in xml(r).xpath("/page/collective_goals/goal")}
    assert listed.get("Iedereen-doel") == "open", r.text[:3000]
    assert listed.get("Verkoop-doel") == "achieved", r.text[:3000]


# ------------------------------------------------------------------ audit --

def test_audit_page_of_employee_dossier_and_cycle(stack, hr):
    cid = create_cycle(stack, hr)
    assert start(hr, cid, scope="list", logins="lotte").status_code == 303
    lotte = one(stack, "SELECT id FROM employee WHERE login = 'lotte'")
    did = one(stack, f"SELECT id FROM dossier WHERE cycle_id = {cid} AND employee_id = {lotte}")
    r = hr.get(f"/admin/audit?entity=employee&id={lotte}")
    assert r.status_code == 200
    assert "Lotte Meijer" in page(r).xpath("//h1")[0].text_content()
    assert "Dossier aangemaakt" in text_of(r)
    r = hr.get(f"/admin/audit.xml?entity=dossier&id={did}")
    entries = xml(r).xpath("//audit-trail/entry")
    assert [(e.get("entity"), e.get("action")) for e in entries] == [("dossier", "create")]
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}$", entries[0].get("at"))
    r = hr.get(f"/admin/audit?entity=cycle&id={cid}")
    assert "gestart" in text_of(r)
    assert hr.get("/admin/audit?entity=item&id=1").status_code == 400
    assert hr.get("/admin/audit?entity=cycle&id=abc").status_code == 400
    assert hr.get("/admin/audit?entity=cycle&id=999999999").status_code == 404
    assert hr.get("/admin/cycles/999999999").status_code == 404


# ------------------------------------------------------------------- demo --

def test_demo_cycle_is_started_for_everyone(stack, hr):
    demo = demo_cycle(stack)
    cid = demo.id
    row = stack.sql(f"SELECT status, rating_scale FROM cycle WHERE id = {cid}")[0]
    assert row == ("open", "onvoldoende|matig|voldoende|goed|uitstekend")
    assert list(demo.steps) == ["goal_setting", "progress", "assessment"]
    active = count(stack, "SELECT COUNT(*) FROM employee WHERE active = 1 AND login IN ("
                          + ", ".join(f"'{l}'" for l in stack.demo_logins) + ")")
    assert count(stack, f"SELECT COUNT(DISTINCT d.employee_id) FROM dossier d JOIN employee e"
                        f" ON e.id = d.employee_id WHERE d.cycle_id = {cid} AND e.login IN ("
                        + ", ".join(f"'{l}'" for l in stack.demo_logins) + ")") == active
    assert count(stack, f"SELECT COUNT(*) FROM org_goal WHERE cycle_id = {cid}") == 3
    goals = stack.sql(f"SELECT g.title, g.bonus, COALESCE(d.name, '') FROM collective_goal g"
                      f" LEFT JOIN department d ON d.id = g.department_id WHERE g.cycle_id = {cid} ORDER BY g.id")
    assert len(goals) == 2
    assert ("1", "") in [(b, d) for _, b, d in goals]
    assert any(d == "Verkoop" for _, _, d in goals)
    r = hr.get(f"/admin/cycles/{cid}")
    assert "Klanttevredenheid naar 8,5" in text_of(r)
    # Loading again changes nothing.
    before = state(stack)
    stack.ctl("demo")
    assert state(stack) == before


# ------------------------------------------------------------- gesprekctl --

def test_gesprekctl_cycle_create_and_start(stack):
    name = unique_name("Ctl")
    res = stack.ctl("cycle", "create", name, "2032-01-01", "2032-12-31")
    assert f'"{name}" created' in res.stdout
    assert "goal_setting 2032-02-15, progress 2032-06-29, assessment 2032-12-15" in res.stdout
    cid = one(stack, f"SELECT id FROM cycle WHERE name = '{name}'")
    ict = department_id(stack, "ICT")
    res = stack.ctl("cycle", "start", cid, "--department", ict)
    n = in_department(stack, ["ICT"])
    assert f"{n} dossier(s) created, 0 already present" in res.stdout
    res = stack.ctl("cycle", "start", cid, "--department", ict, "--recursive")
    assert f"0 dossier(s) created, {n} already present" in res.stdout
    assert dossier_counts(stack, cid) == (n, n)
    assert one(stack, f"SELECT COUNT(*) FROM audit WHERE entity = 'cycle' AND entity_id = {cid}"
                      " AND actor_id IS NULL") == "3"


@pytest.mark.parametrize("args,message", [
    (("cycle", "create", "X", "2032-02-30", "2032-12-31"), "the period must be"),
    (("cycle", "create", "X", "2032-12-31", "2032-01-01"), "the period must be"),
    (("cycle", "create", DEMO, "2032-01-01", "2032-12-31"), 'a cycle named "{demo}" exists'),
    (("cycle", "start", "abc"), "is not a cycle id"),
    (("cycle", "start", "999999999"), "no cycle 999999999"),
    (("cycle", "start", "1", "--department", "x"), "is not a department id"),
])
def test_gesprekctl_cycle_bad_input(stack, args, message):
    name = demo_cycle(stack).name
    args = tuple(name if a is DEMO else a for a in args)
    message = message.replace("{demo}", name)
    before = state(stack)
    res = stack.ctl(*args, check=False)
    assert res.returncode == 1
    assert message in res.stderr
    assert state(stack) == before
