"""The competence dictionary and job profiles (issue 16): HR's pages under
/admin/competences and /admin/profiles -- create, edit, behaviour
indicators per level, a profile's competences by key, conflicts, refused
input that changes nothing, the audit trail -- and that nobody else may
see or change them.

Every test makes competences and profiles of its own (keys t-<random>),
so tests of other modules that share the stack see nothing change."""

import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from lxml import etree

import stack as stack_mod
from conftest import StackSession, csrf_token, login
from convtools import unchanged
from helpers import page, text_of

HR, MANAGER, EMPLOYEE = "hanna", "mark", "eva"
PASSWORD = "demo"
XML = {"Accept": "application/xml"}
TABLES = ("competence", "competence_indicator", "job_profile", "job_profile_competence",
          "employee", "audit")


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


def key(prefix="t"):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def competence_data(**fields):
    data = {"key": key(), "name": "Samenwerken", "name_en": "",
            "definition": "Werkt met anderen aan een gezamenlijk resultaat.",
            "definition_en": ""}
    data.update(fields)
    return data


def create_competence(stack, hr, **fields):
    data = competence_data(**fields)
    data["csrf"] = csrf_token(hr.get("/admin/competences"))
    r = hr.post("/admin/competences", data=data, allow_redirects=False)
    assert r.status_code == 303, r.text[:2000]
    cid = int(one(stack, f"SELECT id FROM competence WHERE ckey = '{data['key']}'"))
    assert r.headers["Location"].endswith(f"/admin/competences/{cid}")
    return cid, data


def edit_form(hr, cid):
    """The edit form of competence cid as the page fills it."""
    doc = page(hr.get(f"/admin/competences/{cid}"))
    form = doc.xpath(f"//form[@action='/admin/competences/{cid}']")[0]
    data = {i.get("name"): i.get("value") or "" for i in form.xpath(".//input[@name]")}
    for t in form.xpath(".//textarea"):
        data[t.get("name")] = t.text or ""
    return data


def create_profile(stack, hr, keys, **fields):
    data = {"key": key("p"), "name": "Beleidsmedewerker", "name_en": "", "competences": keys}
    data.update(fields)
    data["csrf"] = csrf_token(hr.get("/admin/profiles"))
    r = hr.post("/admin/profiles", data=data, allow_redirects=False)
    return r, data


# ---------------------------------------------------------------- access --

@pytest.mark.parametrize("user", [EMPLOYEE, MANAGER])
def test_competence_pages_refused_for_employee_and_manager(stack, new_session, hr, user):
    cid, data = create_competence(stack, hr, name="Geheim woord")
    r, pdata = create_profile(stack, hr, data["key"], name="Geheim profiel")
    assert r.status_code == 303
    pid = one(stack, f"SELECT id FROM job_profile WHERE pkey = '{pdata['key']}'")
    s = as_user(new_session, user)
    csrf = csrf_token(s.get("/"))
    with unchanged(stack, TABLES, f"competence pages as {user}"):
        for url in ("/admin/competences", f"/admin/competences/{cid}", "/admin/profiles",
                    f"/admin/profiles/{pid}"):
            r = s.get(url, allow_redirects=False)
            assert r.status_code == 403, f"GET {url} as {user}: {r.status_code}"
            assert "Geheim" not in r.text
            r = s.post(url, data={"csrf": csrf, "key": key(), "name": "X", "definition": "x",
                                  "version": "1"}, allow_redirects=False)
            assert r.status_code == 403, f"POST {url} as {user}: {r.status_code}"


def test_competence_pages_send_anonymous_visitors_to_login(session):
    for path in ("/admin/competences", "/admin/profiles"):
        r = session.get(path, allow_redirects=False)
        assert r.status_code in (302, 303)
        assert "/login" in r.headers["Location"]


# ----------------------------------------------------------- competences --

def test_competence_create_edit_indicators_and_audit(stack, hr):
    cid, data = create_competence(stack, hr, name_en="Collaboration")
    r = hr.get("/admin/competences")
    assert "De competentie is toegevoegd." in text_of(r)
    assert page(r).xpath(f"//a[@href='/admin/competences/{cid}']/text()") == ["Samenwerken"]

    form = edit_form(hr, cid)
    assert form["key"] == data["key"] and form["version"] == "1"
    form.update({"level1": "Werkt mee als het gevraagd wordt.",
                 "level3": "Brengt mensen samen.\nDeelt kennis.",
                 "level3_en": "Brings people together.",
                 "definition": "Werkt met anderen samen."})
    form["csrf"] = csrf_token(hr.get(f"/admin/competences/{cid}"))
    r = hr.post(f"/admin/competences/{cid}", data=form, allow_redirects=False)
    assert r.status_code == 303, r.text[:2000]
    rows = stack.sql(f"SELECT level, text_nl, COALESCE(text_en, '-') FROM competence_indicator"
                     f" WHERE competence_id = {cid} ORDER BY level")
    assert [tuple(map(str, r)) for r in rows] == [
        ("1", "Werkt mee als het gevraagd wordt.", "-"),
        ("3", "Brengt mensen samen.\nDeelt kennis.", "Brings people together.")]
    assert one(stack, f"SELECT version FROM competence WHERE id = {cid}") == "2"
    # the page shows what is stored, and the change in its audit trail
    again = edit_form(hr, cid)
    assert again["level3"] == "Brengt mensen samen.\nDeelt kennis."
    assert again["level2"] == "" and again["definition"] == "Werkt met anderen samen."
    actions = [r[0] for r in stack.sql(f"SELECT action FROM audit WHERE entity = 'competence'"
                                       f" AND entity_id = {cid} ORDER BY id")]
    assert actions == ["create", "update"]
    detail = one(stack, f"SELECT detail FROM audit WHERE entity = 'competence'"
                        f" AND entity_id = {cid} AND action = 'update'")
    assert "level 3" in detail and "definition" in detail
    # ... in the reader's language (xslt/admin_parts.xsl): no raw key
    trail = text_of(hr.get(f"/admin/competences/{cid}"))
    assert "niveau 3" in trail and "omschrijving" in trail
    assert "level 3" not in trail and "definition:" not in trail

    # clearing a level removes its indicators
    form = edit_form(hr, cid)
    form.update({"level1": "", "csrf": csrf_token(hr.get(f"/admin/competences/{cid}"))})
    assert hr.post(f"/admin/competences/{cid}", data=form,
                   allow_redirects=False).status_code == 303
    assert [r[0] for r in stack.sql(f"SELECT level FROM competence_indicator"
                                    f" WHERE competence_id = {cid}")] == ["3"]


@pytest.mark.parametrize("fields,field,message", [
    ({"key": "Hoofdletters"}, "key", "kleine letters"),
    ({"key": "met spatie"}, "key", "kleine letters"),
    ({"name": ""}, "name", ""),
    ({"definition": ""}, "definition", ""),
    ({"level2_en": "Only English"}, "level2", "Nederlandse tekst"),
    ({"level4": "x" * 1001}, "level4", "1000"),
])
def test_competence_bad_input_refused_and_nothing_changes(stack, hr, fields, field, message):
    data = competence_data(**fields)
    data["csrf"] = csrf_token(hr.get("/admin/competences"))
    with unchanged(stack, TABLES, f"a competence with a bad {field}"):
        r = hr.post("/admin/competences", data=data, allow_redirects=False)
    assert r.status_code == 400
    doc = page(r)
    err = doc.xpath(f"//*[@id='competence-{field}-error']")
    assert err, f"no error next to {field}"
    assert message in err[0].text_content()
    assert "niet opgeslagen" in text_of(r)


def test_competence_key_taken_and_version_conflict(stack, hr):
    cid, data = create_competence(stack, hr)
    other, odata = create_competence(stack, hr, name="Klantgericht")
    dup = competence_data(key=data["key"])
    dup["csrf"] = csrf_token(hr.get("/admin/competences"))
    with unchanged(stack, TABLES, "a competence key in use"):
        r = hr.post("/admin/competences", data=dup, allow_redirects=False)
    assert r.status_code == 400
    assert "al in gebruik" in page(r).xpath("//*[@id='competence-key-error']")[0].text_content()

    # renaming the other one to a taken key is refused alike
    form = edit_form(hr, other)
    form.update({"key": data["key"], "csrf": csrf_token(hr.get("/admin/competences"))})
    with unchanged(stack, TABLES, "an edit to a key in use"):
        r = hr.post(f"/admin/competences/{other}", data=form, allow_redirects=False)
    assert r.status_code == 400

    # two HR people edit at once: the second gets 409 with their text kept
    first, second = edit_form(hr, cid), edit_form(hr, cid)
    first.update({"name": "Samenwerken (nieuw)", "csrf": csrf_token(hr.get("/admin"))})
    assert hr.post(f"/admin/competences/{cid}", data=first,
                   allow_redirects=False).status_code == 303
    second.update({"name": "Mijn versie", "csrf": csrf_token(hr.get("/admin"))})
    with unchanged(stack, TABLES, "a stale competence edit"):
        r = hr.post(f"/admin/competences/{cid}", data=second, allow_redirects=False)
    assert r.status_code == 409
    doc = page(r)
    assert doc.xpath("//input[@name='name']/@value") == ["Mijn versie"]
    assert doc.xpath("//input[@name='version']/@value") == ["2"]
    assert one(stack, f"SELECT name_nl FROM competence WHERE id = {cid}") == "Samenwerken (nieuw)"


def test_unknown_competence_is_404(hr):
    assert hr.get("/admin/competences/999999999").status_code == 404
    assert hr.get("/admin/profiles/999999999").status_code == 404


# -------------------------------------------------------------- profiles --

def test_profile_create_edit_order_and_employee_count(stack, hr):
    a, ad = create_competence(stack, hr, name="Analyseren")
    b, bd = create_competence(stack, hr, name="Plannen")
    r, data = create_profile(stack, hr, f"{bd['key']}, {ad['key']}")
    assert r.status_code == 303, r.text[:2000]
    pid = one(stack, f"SELECT id FROM job_profile WHERE pkey = '{data['key']}'")
    rows = stack.sql(f"SELECT competence_id, position FROM job_profile_competence"
                     f" WHERE profile_id = {pid} ORDER BY position")
    assert [(int(c), int(p)) for c, p in rows] == [(b, 1), (a, 2)]

    doc = page(hr.get(f"/admin/profiles/{pid}"))
    assert doc.xpath("//ol/li/a/text()") == ["Plannen", "Analyseren"]
    assert doc.xpath("//textarea[@name='competences']/text()") == [f"{bd['key']} {ad['key']}"]

    # the list counts the active employees who have the profile
    stack.sql(f"UPDATE employee SET job_profile_id = {pid} WHERE login IN ('eva', 'sanne')")
    try:
        doc = page(hr.get("/admin/profiles"))
        row = [td.text_content() for td in
               doc.xpath(f"//tr[th/a[@href='/admin/profiles/{pid}']]/td")]
        assert row == [data["key"], "2", "2"]
    finally:
        stack.sql(f"UPDATE employee SET job_profile_id = NULL WHERE job_profile_id = {pid}")

    # edit: one competence left, renamed; audited with the key lists
    form = {"key": data["key"], "name": "Senior beleidsmedewerker", "name_en": "Senior advisor",
            "competences": ad["key"], "version": "1",
            "csrf": csrf_token(hr.get(f"/admin/profiles/{pid}"))}
    r = hr.post(f"/admin/profiles/{pid}", data=form, allow_redirects=False)
    assert r.status_code == 303, r.text[:2000]
    assert [int(x[0]) for x in stack.sql(f"SELECT competence_id FROM job_profile_competence"
                                         f" WHERE profile_id = {pid}")] == [a]
    detail = one(stack, f"SELECT detail FROM audit WHERE entity = 'job_profile'"
                        f" AND entity_id = {pid} AND action = 'update'")
    assert f"{bd['key']} {ad['key']} -> {ad['key']}" in detail


@pytest.mark.parametrize("problem", ["unknown", "twice", "bad"])
def test_profile_with_bad_competence_list_refused(stack, hr, problem):
    cid, cd = create_competence(stack, hr)
    keys = {"unknown": f"{cd['key']} t-does-not-exist",
            "twice": f"{cd['key']} {cd['key']}",
            "bad": f"{cd['key']} Niet!Goed"}[problem]
    bad = {"unknown": "t-does-not-exist", "twice": cd["key"], "bad": "Niet!Goed"}[problem]
    with unchanged(stack, TABLES, f"a profile list ({problem})"):
        r, data = create_profile(stack, hr, keys)
    assert r.status_code == 400
    doc = page(r)
    err = doc.xpath("//*[@id='profile-competences-error']")[0].text_content()
    assert err
    assert bad in doc.xpath("//*[@id='profile-competences-hint']")[0].text_content()
    assert doc.xpath("//textarea[@name='competences']/text()") == [keys]

    # the same list on an edit changes nothing either
    r, data = create_profile(stack, hr, cd["key"])
    assert r.status_code == 303
    pid = one(stack, f"SELECT id FROM job_profile WHERE pkey = '{data['key']}'")
    form = {"key": data["key"], "name": "X", "competences": keys, "version": "1",
            "csrf": csrf_token(hr.get(f"/admin/profiles/{pid}"))}
    with unchanged(stack, TABLES, f"a profile edit ({problem})"):
        r = hr.post(f"/admin/profiles/{pid}", data=form, allow_redirects=False)
    assert r.status_code == 400
    assert one(stack, f"SELECT name_nl FROM job_profile WHERE id = {pid}") == "Beleidsmedewerker"


def test_profile_stale_edit_is_409(stack, hr):
    cid, cd = create_competence(stack, hr)
    r, data = create_profile(stack, hr, cd["key"])
    pid = one(stack, f"SELECT id FROM job_profile WHERE pkey = '{data['key']}'")
    base = {"key": data["key"], "name_en": "", "competences": cd["key"], "version": "1"}
    r = hr.post(f"/admin/profiles/{pid}", data=dict(base, name="Eerste",
                csrf=csrf_token(hr.get("/admin"))), allow_redirects=False)
    assert r.status_code == 303
    with unchanged(stack, TABLES, "a stale profile edit"):
        r = hr.post(f"/admin/profiles/{pid}", data=dict(base, name="Tweede",
                    csrf=csrf_token(hr.get("/admin"))), allow_redirects=False)
    assert r.status_code == 409
    assert page(r).xpath("//input[@name='name']/@value") == ["Tweede"]


# ------------------------------------------------------------------- XML --

XSD = Path(__file__).resolve().parents[2] / "xslt" / "schema" / "competences.xsd"
NS = "urn:gesprek:competences:1"


def upload(s, data, mode="apply", csrf_page="/admin/competences"):
    return s.post("/admin/competences/import",
                  data={"csrf": csrf_token(s.get(csrf_page)), "mode": mode},
                  files={"file": ("competenties.xml", data, "application/xml")},
                  allow_redirects=False)


def export(s):
    r = s.get("/admin/competences/export")
    assert r.status_code == 200, r.text[:2000]
    assert r.headers["Content-Type"].startswith("application/xml")
    return r.content


def problems(r):
    """The refused file's problems as shown: (line, reason) per item."""
    return [li.text_content() for li in
            page(r).xpath("//div[contains(@class,'alert-error')]//li")]


@pytest.fixture
def fresh_stack():
    """A stack of its own: an empty dictionary to import into."""
    build = Path(os.environ.get("GESPREK_BUILD") or stack_mod.REPO / "_build")
    work = Path(tempfile.mkdtemp(prefix="gesprek-competences-", dir="/tmp"))
    os.chmod(work, 0o755)
    s = stack_mod.Stack(work, build, https=True)
    try:
        s.start()
        # Empty: without the dictionary and job profiles `gesprekctl demo`
        # loads (conf/competences/demo.xml).
        s.sql("UPDATE employee SET job_profile_id = NULL; DELETE FROM job_profile_competence;"
              " DELETE FROM job_profile; DELETE FROM competence_indicator;"
              " DELETE FROM competence")
        yield s
    finally:
        s.stop()
        shutil.rmtree(work, ignore_errors=True)


def test_xml_round_trip_into_an_empty_database(stack, hr, fresh_stack):
    # texts with line breaks and the characters XML escapes, English on some
    cid, cd = create_competence(stack, hr, name="Integer <handelen> & \"zo\"",
                                name_en="Integrity", definition="Doet wat hij zegt.\nAltijd.")
    form = edit_form(hr, cid)
    form.update({"level1": "Houdt zich aan afspraken.", "level4": "Spreekt anderen aan op 'integriteit'.",
                 "level4_en": "Holds others to account.",
                 "csrf": csrf_token(hr.get(f"/admin/competences/{cid}"))})
    assert hr.post(f"/admin/competences/{cid}", data=form, allow_redirects=False).status_code == 303
    other, od = create_competence(stack, hr, name="Plannen")
    r, pd = create_profile(stack, hr, f"{od['key']} {cd['key']}", name_en="Advisor")
    assert r.status_code == 303

    first = export(hr)
    doc = etree.fromstring(first)
    assert etree.XMLSchema(etree.parse(str(XSD))).validate(doc)
    c = doc.find(f"{{{NS}}}competence[@key='{cd['key']}']")
    assert c.findtext(f"{{{NS}}}name") == "Integer <handelen> & \"zo\""
    assert [lv.get("n") for lv in c.findall(f"{{{NS}}}level")] == ["1", "4"]
    p = doc.find(f"{{{NS}}}profile[@key='{pd['key']}']")
    assert [x.get("key") for x in p.findall(f"{{{NS}}}competence-ref")] == [od["key"], cd["key"]]

    fresh = StackSession(fresh_stack.base_url)
    assert login(fresh, HR, PASSWORD).status_code == 303
    assert fresh_stack.sql("SELECT COUNT(*) FROM competence") == [("0",)]
    # a dry run shows what would change and writes nothing
    with unchanged(fresh_stack, TABLES, "a dry run"):
        r = upload(fresh, first, mode="dry-run")
    assert r.status_code == 200, r.text[:2000]
    assert "Proefimport" in text_of(r)
    ncomp = len(doc.findall(f"{{{NS}}}competence"))
    assert f"Competenties: {ncomp} nieuw, 0 gewijzigd, 0 ongewijzigd" in text_of(r)

    r = upload(fresh, first)
    assert r.status_code == 200, r.text[:2000]
    assert fresh_stack.sql("SELECT COUNT(*) FROM competence") == [(str(ncomp),)]
    second = export(fresh)
    assert second == first

    # the same file again changes nothing, and says so
    with unchanged(fresh_stack, TABLES, "importing what is there"):
        r = upload(fresh, first)
    assert f"Competenties: 0 nieuw, 0 gewijzigd, {ncomp} ongewijzigd" in text_of(r)


GOOD = ('<competences xmlns="urn:gesprek:competences:1">'
        '<competence key="{k}"><name>A</name><definition>d</definition>'
        '<level n="1"><indicator>i</indicator></level></competence>'
        '<profile key="{p}"><name>P</name><competence-ref key="{k}"/></profile>'
        '</competences>')

HOSTILE = {
    "wrong namespace": ('<competences xmlns="urn:other"><competence key="a"/></competences>',
                        1, "competences.xsd"),
    "wrong shape": ('<competences xmlns="urn:gesprek:competences:1">\n'
                    '<competence key="a"><definition>d</definition></competence>\n'
                    '</competences>', 2, "competences.xsd"),
    "bad key": ('<competences xmlns="urn:gesprek:competences:1">\n'
                '<competence key="Hoofd Letter"><name>A</name><definition>d</definition>'
                '</competence></competences>', 2, "competences.xsd"),
    "level 11": ('<competences xmlns="urn:gesprek:competences:1">\n'
                 '<competence key="a"><name>A</name><definition>d</definition>\n'
                 '<level n="11"><indicator>x</indicator></level></competence></competences>',
                 3, "competences.xsd"),
    "duplicate competence": ('<competences xmlns="urn:gesprek:competences:1">\n'
                             '<competence key="dup"><name>A</name><definition>d</definition></competence>\n'
                             '<competence key="dup"><name>B</name><definition>d</definition></competence>\n'
                             '</competences>', 3, 'competence key "dup" is given twice (first on line 2)'),
    "duplicate profile": ('<competences xmlns="urn:gesprek:competences:1">\n'
                          '<profile key="p"><name>A</name></profile>\n'
                          '<profile key="p"><name>B</name></profile>\n'
                          '</competences>', 3, 'profile key "p" is given twice'),
    "level twice": ('<competences xmlns="urn:gesprek:competences:1">\n'
                    '<competence key="a"><name>A</name><definition>d</definition>\n'
                    '<level n="2"><indicator>x</indicator></level>\n'
                    '<level n="2"><indicator>y</indicator></level></competence></competences>',
                    4, 'level 2 is given twice'),
    "unknown competence": ('<competences xmlns="urn:gesprek:competences:1">\n'
                           '<competence key="a"><name>A</name><definition>d</definition></competence>\n'
                           '<profile key="p"><name>P</name><competence-ref key="a"/>'
                           '<competence-ref key="nergens"/></profile>\n'
                           '</competences>', 3, 'names competence "nergens", which the file does not define'),
    "doctype with entities": ('<?xml version="1.0"?>\n<!DOCTYPE competences [\n'
                              '<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
                              '<competences xmlns="urn:gesprek:competences:1">'
                              '<competence key="a"><name>&b;</name><definition>d</definition>'
                              '</competence></competences>', 2, "DOCTYPE"),
    "external entity": ('<?xml version="1.0"?>\n'
                        '<!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                        '<competences xmlns="urn:gesprek:competences:1"><competence key="a">'
                        '<name>&x;</name><definition>d</definition></competence></competences>',
                        2, "DOCTYPE"),
    "undefined entity": ('<competences xmlns="urn:gesprek:competences:1">\n'
                         '<competence key="a"><name>&x;</name><definition>d</definition>'
                         '</competence></competences>', 2, "not well-formed"),
    "not well-formed": ('<competences xmlns="urn:gesprek:competences:1">\n<competence key="a">\n'
                        '</competences>', 3, "not well-formed"),
    "many attributes": ('<competences xmlns="urn:gesprek:competences:1">\n<competence '
                        + " ".join(f'a{i}="x"' for i in range(5000)) + '/></competences>',
                        2, "more than 8 attributes"),
    "too big": ('<competences xmlns="urn:gesprek:competences:1"><!--'
                + "x" * (8 * 1024 * 1024) + '--></competences>', 0, "larger than"),
    "empty": ("", None, None),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_xml_refused_with_line_and_reason_nothing_changes(stack, hr, name):
    data, line, reason = HOSTILE[name]
    with unchanged(stack, TABLES, f"a refused file ({name})"):
        r = upload(hr, data.encode())
    assert r.status_code == 400, r.text[:2000]
    if reason is None:
        assert "Kies een bestand" in text_of(r)
        return
    found = problems(r)
    assert found, text_of(r)[:2000]
    assert reason in found[0], found
    if line:
        assert found[0].startswith(f"Regel {line}: "), found
    assert "root:" not in r.text    # no file content leaked


def test_good_xml_imports_and_changes_only_what_differs(stack, hr):
    k, p = key(), key("p")
    r = upload(hr, GOOD.format(k=k, p=p).encode())
    assert r.status_code == 200, r.text[:2000]
    cid = one(stack, f"SELECT id FROM competence WHERE ckey = '{k}'")
    assert one(stack, f"SELECT COUNT(*) FROM competence_indicator WHERE competence_id = {cid}") == "1"
    assert one(stack, f"SELECT COUNT(*) FROM audit WHERE entity = 'competence'"
                      f" AND entity_id = {cid}") == "1"
    changed = GOOD.format(k=k, p=p).replace("<name>A</name>", "<name>Anders</name>")
    r = upload(hr, changed.encode())
    assert one(stack, f"SELECT name_nl FROM competence WHERE id = {cid}") == "Anders"
    assert "1 gewijzigd" in text_of(r)
    assert one(stack, f"SELECT COUNT(*) FROM audit WHERE entity = 'competence'"
                      f" AND entity_id = {cid} AND action = 'update'") == "1"


# ------------------------------------------------- an employee's profile --

def test_employee_page_shows_and_sets_the_job_profile(stack, hr):
    cid, cd = create_competence(stack, hr)
    r, pd = create_profile(stack, hr, cd["key"], name="Medewerker klantcontact")
    pid = int(one(stack, f"SELECT id FROM job_profile WHERE pkey = '{pd['key']}'"))
    login_ = f"t_{uuid.uuid4().hex[:8]}"
    stack.sql(f"INSERT INTO employee (login, name) VALUES ('{login_}', 'Test profiel')")
    eid = int(one(stack, f"SELECT id FROM employee WHERE login = '{login_}'"))
    url = f"/admin/employees/{eid}"
    doc = page(hr.get(url))
    assert doc.xpath("//select[@name='job_profile']/option[@selected]/@value") == [""]
    assert doc.xpath(f"//select[@name='job_profile']/option[@value='{pid}']")

    r = hr.post(f"{url}/profile", data={"csrf": csrf_token(hr.get(url)), "job_profile": pid},
                allow_redirects=False)
    assert r.status_code == 303
    assert one(stack, f"SELECT job_profile_id FROM employee WHERE id = {eid}") == str(pid)
    doc = page(hr.get(url))
    assert doc.xpath("//select[@name='job_profile']/option[@selected]/@value") == [str(pid)]
    detail = one(stack, f"SELECT detail FROM audit WHERE entity = 'employee' AND entity_id = {eid}"
                        f" AND detail LIKE 'job_profile%'")
    assert detail == f"job_profile: - -> {pd['key']}; " or pd["key"] in detail
    # the profile list counts them
    row = page(hr.get("/admin/profiles")).xpath(
        f"//tr[th/a[@href='/admin/profiles/{pid}']]/td[last()]")[0].text_content()
    assert row == "1"

    # a profile that does not exist: refused next to the field, nothing changes
    with unchanged(stack, TABLES, "an unknown profile"):
        r = hr.post(f"{url}/profile", data={"csrf": csrf_token(hr.get(url)),
                                            "job_profile": 999999999}, allow_redirects=False)
    assert r.status_code == 400
    assert page(r).xpath("//*[@id='f-job-profile-error']")

    # none again
    r = hr.post(f"{url}/profile", data={"csrf": csrf_token(hr.get(url)), "job_profile": ""},
                allow_redirects=False)
    assert r.status_code == 303
    assert one(stack, f"SELECT job_profile_id FROM employee WHERE id = {eid}") is None
    stack.sql(f"DELETE FROM audit WHERE entity = 'employee' AND entity_id = {eid}")
    stack.sql(f"DELETE FROM employee WHERE id = {eid}")


def test_employee_profile_refused_for_manager(stack, new_session, hr):
    s = as_user(new_session, MANAGER)
    eid = int(one(stack, "SELECT id FROM employee WHERE login = 'eva'"))
    with unchanged(stack, TABLES, "a manager setting a profile"):
        r = s.post(f"/admin/employees/{eid}/profile",
                   data={"csrf": csrf_token(s.get("/")), "job_profile": ""},
                   allow_redirects=False)
    assert r.status_code == 403


# ------------------------------------------------------------ gesprekctl --

def test_gesprekctl_export_and_import_competences(stack, hr, tmp_path):
    cid, cd = create_competence(stack, hr, name="Klantgericht handelen")
    res = stack.ctl("export", "competences")
    assert res.stdout.encode() == export(hr)

    good = tmp_path / "good.xml"
    k = key()
    good.write_text(GOOD.format(k=k, p=key("p")))
    with unchanged(stack, TABLES, "gesprekctl import --dry-run"):
        res = stack.ctl("import", "competences", good, "--dry-run")
    assert "competences: 1 new, 0 changed" in res.stdout
    res = stack.ctl("import", "competences", good)
    assert "competences: 1 new" in res.stdout
    assert one(stack, f"SELECT name_nl FROM competence WHERE ckey = '{k}'") == "A"

    bad = tmp_path / "bad.xml"
    bad.write_text(HOSTILE["unknown competence"][0])
    with unchanged(stack, TABLES, "gesprekctl import of a refused file"):
        res = stack.ctl("import", "competences", bad, check=False)
    assert res.returncode == 1
    assert f"{bad}:3: profile \"p\" names competence \"nergens\"" in res.stderr
