"""A cycle names its form template versions (issue 16), over real HTTP.

HR starts a cycle with a default template and, optionally, another one per
department and per job profile.  Every conversation the cycle creates (the
start, a joiner confirmed later) starts on the version the rule job profile
> department (the nearest, sub-departments included) > default gives, and
keeps it: a new version of a template, saved while the cycle runs, changes
no existing conversation and not what a joiner gets.  Refusals (an unknown
template, a version of another template, a department chosen twice, an
unknown department) change nothing at all.

Each test makes its own templates (through `gesprekctl template import`,
the store's one way to write a version), departments, people and cycle,
and the module removes them at the end."""

import re
import uuid
from pathlib import Path

import pytest

from convtools import csrf, unchanged
from helpers import demo_cycle, insert, page, xml
from summaries import rebuild_summaries

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "conf" / "templates" / "kwartaal.xml"
SCALE = "laag|midden|hoog"
# What a start may write.
START_TABLES = ("cycle", "cycle_template", "dossier", "conversation", "audit", "org_goal")

_made = {"cycles": [], "templates": [], "employees": [], "departments": [], "profiles": []}


@pytest.fixture(scope="module", autouse=True)
def _cleanup(stack):
    yield
    m = {k: ", ".join(str(i) for i in v) for k, v in _made.items()}
    if m["cycles"]:
        c = m["cycles"]
        stack.sql(
            f"DELETE FROM conversation WHERE dossier_id IN"
            f" (SELECT id FROM dossier WHERE cycle_id IN ({c}));"
            f"DELETE FROM dossier WHERE cycle_id IN ({c});"
            f"DELETE FROM joiner_dismissed WHERE cycle_id IN ({c});"
            f"DELETE FROM cycle_template WHERE cycle_id IN ({c});"
            f"DELETE FROM cycle_step WHERE cycle_id IN ({c});"
            f"DELETE FROM cycle WHERE id IN ({c});")
    if m["employees"]:
        stack.sql(f"DELETE FROM session WHERE employee_id IN ({m['employees']});"
                  f"DELETE FROM employee WHERE id IN ({m['employees']})")
    if m["profiles"]:
        stack.sql(f"DELETE FROM job_profile WHERE id IN ({m['profiles']})")
    if m["departments"]:
        stack.sql(f"UPDATE department SET parent_id = NULL WHERE id IN ({m['departments']});"
                  f"DELETE FROM department WHERE id IN ({m['departments']})")
    if m["templates"]:
        t = m["templates"]
        stack.sql(f"DELETE FROM template_version WHERE template_id IN ({t});"
                  f"DELETE FROM template WHERE id IN ({t})")
    rebuild_summaries(stack)


def one(stack, sql):
    rows = stack.sql(sql)
    assert len(rows) == 1, f"{sql}: {rows}"
    return rows[0][0]


def template(stack, tmp_path, label, name=None):
    """A template of its own (the shipped quarterly form under a fresh key),
    saved as a new version on every call with the same key; returns
    (template id, key)."""
    key = label if label.startswith("t-") else f"t-{label}-{uuid.uuid4().hex[:8]}"
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('key="kwartaal"', f'key="{key}"', 1)
    text = re.sub(r'<name lang="nl">[^<]*</name>',
                  f'<name lang="nl">{name or key}</name>', text, count=1)
    path = tmp_path / f"{key}-{uuid.uuid4().hex[:6]}.xml"
    path.write_text(text, encoding="utf-8")
    res = stack.ctl("template", "import", str(path), check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    tid = int(one(stack, f"SELECT id FROM template WHERE tkey = '{key}'"))
    if tid not in _made["templates"]:
        _made["templates"].append(tid)
    return tid, key


def newest(stack, tid):
    return int(one(stack, f"SELECT id FROM template_version WHERE template_id = {tid}"
                          f" ORDER BY number DESC LIMIT 1"))


def department(stack, label, parent=None):
    cols = {"name": f"{label} {uuid.uuid4().hex[:8]}"}
    if parent:
        cols["parent_id"] = parent
    d = insert(stack, "department", **cols)
    _made["departments"].append(d)
    return d


def person(stack, label, dep, profile=None):
    mark = int(one(stack, "SELECT id FROM employee WHERE login = 'mark'"))
    cols = {"login": f"{label}{uuid.uuid4().hex[:8]}", "name": f"Test {label}",
            "department_id": dep, "manager_id": mark, "active": 1}
    if profile:
        cols["job_profile_id"] = profile
    e = insert(stack, "employee", **cols)
    _made["employees"].insert(0, e)
    return e, cols["login"]


def job_profile(stack, label):
    p = insert(stack, "job_profile", pkey=f"{label}-{uuid.uuid4().hex[:8]}",
               name_nl=f"Functie {label}")
    _made["profiles"].append(p)
    return p


def new_cycle(stack):
    name = f"Formulieren {uuid.uuid4().hex[:8]}"
    c = insert(stack, "cycle", name=name, starts_on="2031-01-01", ends_on="2031-12-31",
               status="planned", rating_scale=SCALE)
    stack.sql(f"INSERT INTO cycle_step (cycle_id, seq, type, due_on) VALUES"
              f" ({c}, 1, 'goal_setting', '2031-02-01'), ({c}, 2, 'assessment', '2031-11-01')")
    _made["cycles"].append(c)
    return c


def start(s, cycle, confirm=True, **fields):
    data = {**fields, "csrf": csrf(s)}
    if confirm:
        data["confirm"] = "1"
    return s.post(f"/admin/cycles/{cycle}/start", data=data, allow_redirects=False)


def versions_of(stack, cycle, employee):
    """The template versions of the employee's conversations in the cycle."""
    rows = stack.sql(f"SELECT COALESCE(c.template_version_id, 0) FROM conversation c"
                     f" JOIN dossier d ON d.id = c.dossier_id"
                     f" WHERE d.cycle_id = {cycle} AND d.employee_id = {employee}"
                     f" ORDER BY c.seq")
    return [int(r[0]) for r in rows]


@pytest.fixture
def org(stack, tmp_path):
    """Three templates; a department with a sub-department and another
    department; a job profile; people in each."""
    o = {}
    o["dflt"], _ = template(stack, tmp_path, "dflt")
    o["dep_t"], o["dep_key"] = template(stack, tmp_path, "afd")
    o["prof_t"], _ = template(stack, tmp_path, "fun")
    o["A"] = department(stack, "Gemeentewerken")
    o["A1"] = department(stack, "Wegen", parent=o["A"])
    o["B"] = department(stack, "Financien")
    o["P"] = job_profile(stack, "beleid")
    o["a"], la = person(stack, "a", o["A"])
    o["ap"], lap = person(stack, "ap", o["A"], profile=o["P"])
    o["a1"], la1 = person(stack, "asub", o["A1"])
    o["b"], lb = person(stack, "b", o["B"])
    o["logins"] = " ".join((la, lap, la1, lb))
    o["cycle"] = new_cycle(stack)
    return o


def choices(o, **more):
    return {"scope": "list", "logins": o["logins"], "template": str(o["dflt"]),
            "dep1": str(o["A"]), "dep1_template": str(o["dep_t"]),
            "profile1": str(o["P"]), "profile1_template": str(o["prof_t"]), **more}


def test_start_gives_each_conversation_its_version_by_profile_department_default(
        stack, users, org):
    o = org
    hanna = users("hanna")
    r = start(hanna, o["cycle"], **choices(o))
    assert r.status_code == 303, r.text[:2000]
    dflt, dep, prof = newest(stack, o["dflt"]), newest(stack, o["dep_t"]), newest(stack, o["prof_t"])
    # Two steps, two conversations each, all on one version.
    assert versions_of(stack, o["cycle"], o["b"]) == [dflt, dflt]
    assert versions_of(stack, o["cycle"], o["a"]) == [dep, dep]
    # The sub-department has no choice of its own: its parent's holds.
    assert versions_of(stack, o["cycle"], o["a1"]) == [dep, dep]
    # The job profile's choice goes before the department's.
    assert versions_of(stack, o["cycle"], o["ap"]) == [prof, prof]
    stored = stack.sql(f"SELECT scope, scope_id, template_version_id FROM cycle_template"
                       f" WHERE cycle_id = {o['cycle']} ORDER BY scope, scope_id")
    assert [tuple(map(str, r)) for r in stored] == [
        ("default", "0", str(dflt)), ("department", str(o["A"]), str(dep)),
        ("job_profile", str(o["P"]), str(prof))]
    # The cycle page names them, with how many conversations each has.
    doc = xml(hanna.get(f"/admin/cycles/{o['cycle']}.xml"))
    named = {(c.get("scope"), c.get("version_id"), c.get("conversations"))
             for c in doc.xpath("/page/templates/choice")}
    assert named == {("default", str(dflt), "2"), ("department", str(dep), "4"),
                     ("job_profile", str(prof), "2")}
    html = page(hanna.get(f"/admin/cycles/{o['cycle']}"))
    rows = html.xpath("//table[@id='cycle-templates']/tbody/tr")
    assert len(rows) == 3
    assert [r.xpath(".//a/@href")[0] for r in rows] == [
        f"/admin/templates/{o[t]}" for t in ("dflt", "dep_t", "prof_t")]
    # The start form shows the stored choices, so sending it again as it
    # stands changes nothing.
    form = html.xpath("//section[@id='start']//form")[0]
    assert form.xpath(".//select[@name='template']/option[@selected]/@value") == [str(o["dflt"])]
    assert form.xpath(".//select[@name='dep1']/option[@selected]/@value") == [str(o["A"])]
    assert form.xpath(".//select[@name='profile1_template']/option[@selected]/@value") == \
        [str(o["prof_t"])]
    audit = stack.sql(f"SELECT detail FROM audit WHERE entity = 'cycle' AND entity_id ="
                      f" {o['cycle']} AND action = 'templates'")
    assert len(audit) == 1 and o["dep_key"] in audit[0][0]


def test_a_new_version_changes_no_conversation_and_not_what_a_joiner_gets(
        stack, users, org, tmp_path):
    o = org
    hanna = users("hanna")
    assert start(hanna, o["cycle"], **choices(o)).status_code == 303
    first = newest(stack, o["dep_t"])
    before = versions_of(stack, o["cycle"], o["a"])
    assert before == [first, first]
    # HR saves a new version of the department's template while it runs.
    template(stack, tmp_path, o["dep_key"], name="Tweede versie")
    second = newest(stack, o["dep_t"])
    assert second != first
    assert versions_of(stack, o["cycle"], o["a"]) == before
    # A start sent again unchanged keeps the cycle's versions too.
    assert start(hanna, o["cycle"], **choices(o)).status_code == 303
    assert int(one(stack, f"SELECT template_version_id FROM cycle_template WHERE cycle_id ="
                          f" {o['cycle']} AND scope = 'department'")) == first
    # Someone joins the department: HR confirms, the new dossier's
    # conversations start on the cycle's version, not the newest.
    joiner, _ = person(stack, "nieuw", o["A"])
    r = hanna.post(f"/admin/cycles/{o['cycle']}/people", allow_redirects=False,
                   data={"employee": str(joiner), "change": "join", "csrf": csrf(hanna)})
    assert r.status_code == 303, r.text[:2000]
    assert versions_of(stack, o["cycle"], joiner) == [first, first]
    # A joiner with the job profile gets the profile's version.
    joiner2, _ = person(stack, "nieuwp", o["B"], profile=o["P"])
    r = hanna.post(f"/admin/cycles/{o['cycle']}/people", allow_redirects=False,
                   data={"employee": str(joiner2), "change": "join", "csrf": csrf(hanna)})
    assert r.status_code == 303, r.text[:2000]
    prof = newest(stack, o["prof_t"])
    assert versions_of(stack, o["cycle"], joiner2) == [prof, prof]


def test_a_start_without_choices_writes_down_the_default_templates_newest(stack, users, org):
    o = org
    hanna = users("hanna")
    r = start(hanna, o["cycle"], scope="list", logins=o["logins"])
    assert r.status_code == 303, r.text[:2000]
    dflt = int(one(stack, "SELECT tv.id FROM template t JOIN template_version tv"
                          " ON tv.template_id = t.id WHERE t.is_default = 1"
                          " ORDER BY tv.number DESC LIMIT 1"))
    stored = stack.sql(f"SELECT scope, template_version_id FROM cycle_template"
                       f" WHERE cycle_id = {o['cycle']}")
    assert [tuple(map(str, r)) for r in stored] == [("default", str(dflt))]
    for e in ("a", "ap", "a1", "b"):
        assert versions_of(stack, o["cycle"], o[e]) == [dflt, dflt]


@pytest.mark.parametrize("confirm", [False, True])
def test_refused_choices_change_nothing(stack, users, org, tmp_path, confirm):
    o = org
    hanna = users("hanna")
    other, _ = template(stack, tmp_path, "ander")
    missing = int(one(stack, "SELECT COALESCE(MAX(id), 0) + 1000 FROM template"))
    cases = [
        # an unknown default template
        ({"template": str(missing)}, "start-template", "bestaat niet"),
        # a version of another template
        ({"template_version": str(newest(stack, other))}, "start-template_version",
         "hoort niet bij"),
        # an unknown template for a department
        ({"dep1_template": str(missing)}, "start-dep1_template", "bestaat niet"),
        # a department chosen twice
        ({"dep2": str(o["A"]), "dep2_template": str(o["dflt"])}, "start-dep2",
         "twee keer"),
        # a department that is not there
        ({"dep1": str(int(one(stack, "SELECT MAX(id) + 1000 FROM department")))},
         "start-dep1", None),
        # a job profile that is not there
        ({"profile1": str(int(one(stack, "SELECT COALESCE(MAX(id), 0) + 1000 FROM job_profile")))},
         "start-profile1", None),
        # a department without its template
        ({"dep3": str(o["B"])}, "start-dep3_template", None),
        # choices without the default template
        ({"template": ""}, "start-template", None),
    ]
    for fields, field_id, words in cases:
        with unchanged(stack, START_TABLES, what=f"refused {fields}"):
            r = start(hanna, o["cycle"], confirm=confirm, **choices(o, **fields))
            assert r.status_code == 400, (fields, r.status_code)
        doc = page(r)
        assert doc.xpath(f"//*[@id='{field_id}']/ancestor::div[contains(@class,"
                         f" 'field-invalid')]"), (fields, field_id)
        if words:
            assert words in r.text, (fields, words)
    assert int(one(stack, f"SELECT COUNT(*) FROM dossier WHERE cycle_id = {o['cycle']}")) == 0


# ---- the job-profile column of the organisation import ------------------

def org_rows(stack):
    """The active employees as import rows with their job profile's key
    (login, name, email, department, manager, job_profile); rows whose
    manager is not active are left out (an import could not name them)."""
    rows = stack.sql(
        "SELECT e.login, e.name, COALESCE(e.email, ''), COALESCE(d.name, ''),"
        " COALESCE(m.login, ''), COALESCE(p.pkey, '')"
        " FROM employee e LEFT JOIN department d ON d.id = e.department_id"
        " LEFT JOIN employee m ON m.id = e.manager_id"
        " LEFT JOIN job_profile p ON p.id = e.job_profile_id WHERE e.active = 1 ORDER BY e.id")
    rows = [tuple(v or "" for v in r) for r in rows]
    logins = {r[0] for r in rows}
    return [r for r in rows if r[4] == "" or r[4] in logins]


def org_csv(rows, header="login;name;email;department;manager;job_profile", width=6):
    lines = [header] + [";".join(r[:width]) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def org_xml(rows):
    from xml.sax.saxutils import quoteattr
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<organisation xmlns="urn:gesprek:organisation:1">']
    for login_, name, email, dept, manager, profile in rows:
        attrs = f"login={quoteattr(login_)} name={quoteattr(name)}"
        for key, v in (("email", email), ("department", dept), ("manager", manager),
                       ("job-profile", profile)):
            if v:
                attrs += f" {key}={quoteattr(v)}"
        out.append(f"  <employee {attrs}/>")
    out.append("</organisation>")
    return ("\n".join(out) + "\n").encode("utf-8")


def upload(s, content, mode, filename="org.csv", confirm=False, as_xml=True):
    from conftest import csrf_token
    data = {"csrf": csrf_token(s.get("/admin/import"), "/admin/import"), "mode": mode}
    if confirm:
        data["confirm"] = "1"
    return s.post("/admin/import", data=data,
                  headers={"Accept": "application/xml"} if as_xml else None,
                  files={"file": (filename, content, "application/octet-stream")},
                  allow_redirects=False)


def problems(resp):
    return [(int(p.get("line", 0)), p.get("reason"), p.get("detail", ""))
            for p in xml(resp).iter("problem")]


def profile_of(stack, login_):
    return stack.sql(f"SELECT COALESCE(p.pkey, '') FROM employee e LEFT JOIN job_profile p"
                     f" ON p.id = e.job_profile_id WHERE e.login = '{login_}'")[0][0] or ""


@pytest.fixture
def org_baseline(stack, users):
    """The organisation as the test found it, imported again afterwards
    (without the job-profile column: the profiles stay as they are)."""
    base = org_rows(stack)
    yield base
    r = upload(users("hanna"), org_csv(base, "login;name;email;department;manager", 5),
               "apply", confirm=True)
    assert r.status_code == 303, f"restoring the organisation failed:\n{r.text[:3000]}"


def test_import_sets_changes_and_keeps_job_profiles(stack, users, org_baseline):
    hanna = users("hanna")
    t = uuid.uuid4().hex[:6]
    p1 = f"beleid-{t}"
    p2 = f"uitvoering-{t}"
    insert(stack, "job_profile", pkey=p1, name_nl="Beleid")
    insert(stack, "job_profile", pkey=p2, name_nl="Uitvoering")
    n1, n2 = f"fp{t}1", f"fp{t}2"
    rows = org_baseline + [(n1, "Functie Een", "", "ICT", "", p1),
                           (n2, "Functie Twee", "", "ICT", "", "")]
    r = upload(hanna, org_csv(rows), "apply")
    assert r.status_code == 303, r.text[:3000]
    assert (profile_of(stack, n1), profile_of(stack, n2)) == (p1, "")
    created = stack.sql(f"SELECT a.detail FROM audit a JOIN employee e ON e.id = a.entity_id"
                        f" WHERE a.entity = 'employee' AND e.login = '{n1}'")
    assert any(p1 in d[0] for d in created), created
    # A change of profile is listed on the dry run, before and after, and
    # the dry run writes nothing.
    rows[-2] = (n1, "Functie Een", "", "ICT", "", p2)
    with unchanged(stack, ("employee", "audit"), "a dry run"):
        r = upload(hanna, org_csv(rows), "dry-run")
    assert r.status_code == 200, r.text[:3000]
    changed = xml(r).xpath(f"//employee[@login='{n1}']/change[@field='job_profile']")
    assert [(c.get("before"), c.get("after")) for c in changed] == [(p1, p2)]
    assert upload(hanna, org_xml(rows), "apply", "org.xml").status_code == 303
    assert profile_of(stack, n1) == p2
    # A file without the column leaves every profile as it is.
    r = upload(hanna, org_csv(rows, "login;name;email;department;manager", 5), "apply")
    assert r.status_code == 303, r.text[:3000]
    assert profile_of(stack, n1) == p2


@pytest.mark.parametrize("fmt", ["csv", "xml"])
def test_an_unknown_job_profile_refuses_the_file_with_its_line(stack, users, org_baseline, fmt):
    hanna = users("hanna")
    t = uuid.uuid4().hex[:6]
    bad = f"bestaat-niet-{t}"
    rows = org_baseline + [(f"fq{t}1", "Goed", "", "ICT", "", ""),
                           (f"fq{t}2", "Onbekend", "", "ICT", "", bad)]
    # CSV: the header, then one line per row; XML: the declaration and the
    # root element before the first employee.
    line = len(rows) + (1 if fmt == "csv" else 2)
    for mode in ("dry-run", "apply"):
        with unchanged(stack, ("employee", "department", "audit", "session"),
                       f"an unknown job profile ({fmt}, {mode})"):
            content = org_csv(rows) if fmt == "csv" else org_xml(rows)
            r = upload(hanna, content, mode, f"org.{fmt}")
        assert r.status_code == 400, r.text[:3000]
        assert problems(r) == [(line, "job_profile_unknown", bad)]
    r = upload(hanna, org_csv(rows), "apply", as_xml=False)
    assert r.status_code == 400
    assert "Geen functieprofiel heeft deze sleutel" in r.text and bad in r.text


def test_the_mapping_names_the_job_profile_column(stack, users, org_baseline):
    hanna = users("hanna")
    t = uuid.uuid4().hex[:6]
    key = f"map-{t}"
    insert(stack, "job_profile", pkey=key, name_nl="Gekoppeld")
    r = hanna.post("/admin/import/mapping", data={"job_profile": "Functiesleutel",
                                                 "csrf": csrf(hanna)}, allow_redirects=False)
    assert r.status_code == 303, r.text[:2000]
    try:
        who = f"fm{t}1"
        rows = org_baseline + [(who, "Gekoppeld Een", "", "ICT", "", key)]
        r = upload(hanna, org_csv(rows, "login;name;email;department;manager;Functiesleutel"),
                   "apply")
        assert r.status_code == 303, r.text[:3000]
        assert profile_of(stack, who) == key
    finally:
        r = hanna.post("/admin/import/mapping", data={"csrf": csrf(hanna)},
                       allow_redirects=False)
        assert r.status_code == 303
    assert stack.sql("SELECT COUNT(*) FROM import_mapping")[0][0] == "0"


# ---- the demo (gesprekctl demo) -------------------------------------------

DEMO_TABLES = ("template", "template_version", "template_section", "competence",
               "competence_indicator", "job_profile", "job_profile_competence", "employee",
               "cycle", "cycle_template", "dossier", "conversation", "audit")


def test_demo_loads_the_examples_profiles_and_the_municipality_form_for_one_department(stack):
    keys = {r[0] for r in stack.sql("SELECT tkey FROM template")}
    assert {"standaard", "gemeente", "kwartaal"} <= keys
    cycle = demo_cycle(stack).id
    gemeente = int(one(stack, "SELECT tv.id FROM template_version tv JOIN template t"
                              " ON t.id = tv.template_id WHERE t.tkey = 'gemeente'"
                              " ORDER BY tv.number LIMIT 1"))
    standaard = int(one(stack, "SELECT tv.id FROM template_version tv JOIN template t"
                               " ON t.id = tv.template_id WHERE t.tkey = 'standaard'"
                               " AND tv.number = 1"))
    rows = stack.sql(
        f"SELECT e.login, d.name, c.template_version_id FROM conversation c"
        f" JOIN dossier x ON x.id = c.dossier_id JOIN employee e ON e.id = x.employee_id"
        f" JOIN department d ON d.id = e.department_id WHERE x.cycle_id = {cycle}"
        f" AND e.login IN ('jesse', 'iris', 'eva', 'koen')")
    by_login = {}
    for login_, dep, version in rows:
        by_login.setdefault(login_, set()).add(int(version))
    # Klantenservice (jesse, iris) on the municipality form, the rest on
    # the default.
    assert by_login == {"jesse": {gemeente}, "iris": {gemeente}, "eva": {standaard},
                        "koen": {standaard}}
    # The demo people have job profiles with competences of four levels
    # (people no other test gives another profile).
    profiles = dict(stack.sql(
        "SELECT e.login, p.pkey FROM employee e JOIN job_profile p ON p.id = e.job_profile_id"
        " WHERE e.login IN ('sophie', 'bram', 'femke')"))
    assert profiles == {"sophie": "klantadviseur", "bram": "verkoper", "femke": "leidinggevende"}
    levels = stack.sql(
        "SELECT COUNT(DISTINCT i.level) FROM job_profile p"
        " JOIN job_profile_competence pc ON pc.profile_id = p.id"
        " JOIN competence_indicator i ON i.competence_id = pc.competence_id"
        " WHERE p.pkey = 'klantadviseur'")
    assert levels == [("4",)]


def test_loading_the_demo_again_changes_nothing(stack):
    with unchanged(stack, DEMO_TABLES, "gesprekctl demo, a second time"):
        res = stack.ctl("demo", check=False)
        assert res.returncode == 0, res.stdout + res.stderr
