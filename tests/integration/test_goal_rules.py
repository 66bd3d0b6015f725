"""Goal rules, key result areas and a competence as development point
(issue 16).

A template says per result goal whether it must be derived from an
organisation goal, and whether its measure and end date are required.  The
item writes apply the rules of the conversation's template version under
the conversation's lock: a goal that breaks one is refused with the error
next to its field, and nothing changes.  The default template's version 1
(the form as it was before templates) requires none of them, as that form
never did."""

import csv
import io
import uuid

import pytest

from convtools import WRITE_TABLES, make_dossier, people, post, unchanged
from helpers import csv_keys, page

RULES = ("org_goal", "measure", "end_date")
# The form field and the Dutch message of each rule.
FIELD = {"org_goal": "org_goal", "measure": "measure", "end_date": "deadline"}
MESSAGE = {"org_goal": "afgeleid van een organisatiedoelstelling",
           "measure": "wat er precies bereikt moet worden",
           "end_date": "een einddatum"}
XML_ATTR = {"org_goal": "org-goal", "measure": "measure", "end_date": "end-date"}


@pytest.fixture(scope="module")
def ids(stack):
    return people(stack)


def import_template(stack, tmp_path, required):
    """A copy of the shipped standaard form under a new key whose goal
    rules require exactly the rules in `required`; its version id."""
    key = f"regels-{uuid.uuid4().hex[:8]}"
    text = (stack.repo / "conf" / "templates" / "standaard.xml").read_text(encoding="utf-8")
    rules = " ".join(f'{XML_ATTR[r]}="{"required" if r in required else "optional"}"'
                     for r in RULES)
    start = text.index("<goal-rules ")
    end = text.index("/>", start) + 2
    text = text[:start] + f"<goal-rules {rules}/>" + text[end:]
    text = text.replace('key="standaard"', f'key="{key}"', 1)
    path = tmp_path / f"{key}.xml"
    path.write_text(text, encoding="utf-8")
    stack.ctl("template", "import", str(path))
    return int(stack.sql(f"SELECT tv.id FROM template_version tv JOIN template t"
                         f" ON t.id = tv.template_id WHERE t.tkey = '{key}'")[0][0])


def standaard_v1(stack):
    return int(stack.sql("SELECT tv.id FROM template_version tv JOIN template t"
                         " ON t.id = tv.template_id WHERE t.tkey = 'standaard'"
                         " AND tv.number = 1")[0][0])


def dossier_on(stack, ids, version_id, label="Doelregels"):
    """A fresh dossier of eva whose conversations keep template version
    version_id, with one organisation goal in its cycle."""
    d = make_dossier(stack, ids, label)
    stack.sql(f"UPDATE conversation SET template_version_id = {version_id}"
              f" WHERE dossier_id = {d['id']}")
    stack.sql(f"INSERT INTO org_goal (cycle_id, title) VALUES ({d['cycle']}, 'Groei {d['id']}')")
    d["org_goal"] = int(stack.sql(f"SELECT id FROM org_goal WHERE cycle_id = {d['cycle']}")[0][0])
    return d


def full_goal(d, title):
    """A result goal that keeps every rule."""
    return {"title": title, "measure": "Tien nieuwe klanten", "deadline": "2027-11-30",
            "org_goal": str(d["org_goal"])}


def add_goal(s, cid, fields):
    return post(s, f"/conversations/{cid}/items", kind="result", **fields)


def without(fields, rule):
    out = dict(fields)
    out[FIELD[rule]] = ""
    return out


def items_titled(stack, d, title):
    return stack.sql(f"SELECT COUNT(*) FROM item WHERE dossier_id = {d['id']}"
                     f" AND title = '{title}'")[0][0]


def field_error(resp, field):
    """The error text shown next to the field `field` of the refused form."""
    doc = page(resp)
    return " ".join(" ".join(e.text_content().split())
                    for e in doc.xpath(f"//*[substring(@id, string-length(@id) -"
                                       f" string-length('-{field}-error') + 1)"
                                       f" = '-{field}-error']"))


def test_standaard_v1_requires_none_of_the_rules(stack, ids, users):
    """The migrated default form takes a result goal with only a title, as
    before templates; its rules are stored as all optional."""
    rules = stack.sql("SELECT tv.goal_org_goal, tv.goal_measure, tv.goal_end_date"
                      " FROM template_version tv JOIN template t ON t.id = tv.template_id"
                      " WHERE t.tkey = 'standaard' AND tv.number = 1")
    assert rules == [("optional", "optional", "optional")]
    d = dossier_on(stack, ids, standaard_v1(stack))
    r = post(users("mark"), f"/conversations/{d['conversations'][0]}/items", kind="result",
             title="Alleen een titel")
    assert r.status_code == 303, r.text[:300]
    assert items_titled(stack, d, "Alleen een titel") == "1"


@pytest.mark.parametrize("rule", RULES)
def test_a_required_rule_refuses_a_goal_without_it(stack, ids, users, tmp_path, rule):
    """With the rule on, a result goal missing its field is refused with the
    error next to that field and nothing written; filled in, it is taken."""
    d = dossier_on(stack, ids, import_template(stack, tmp_path, {rule}))
    gs = d["conversations"][0]
    mark = users("mark")
    title = f"Doel zonder {rule}"
    with unchanged(stack, WRITE_TABLES, f"a goal without its {rule}"):
        r = add_goal(mark, gs, without(full_goal(d, title), rule))
    assert r.status_code == 400
    assert MESSAGE[rule] in field_error(r, FIELD[rule])
    assert items_titled(stack, d, title) == "0"
    r = add_goal(mark, gs, full_goal(d, title))
    assert r.status_code == 303
    assert items_titled(stack, d, title) == "1"


@pytest.mark.parametrize("rule", RULES)
def test_an_optional_rule_takes_a_goal_without_it(stack, ids, users, tmp_path, rule):
    """With the rule off and the other two on, the goal without that one
    field is taken."""
    others = set(RULES) - {rule}
    d = dossier_on(stack, ids, import_template(stack, tmp_path, others))
    title = f"Doel mag zonder {rule}"
    r = add_goal(users("mark"), d["conversations"][0], without(full_goal(d, title), rule))
    assert r.status_code == 303, r.text[:300]
    assert items_titled(stack, d, title) == "1"


def test_the_form_marks_the_required_fields(stack, ids, users, tmp_path):
    """The goal form of a template that requires the measure marks it
    required and leaves the end date optional."""
    d = dossier_on(stack, ids, import_template(stack, tmp_path, {"measure"}))
    gs = d["conversations"][0]
    doc = page(users("mark").get(f"/conversations/{gs}/items/new?kind=result"))
    form = doc.xpath("//form[@id='new-result']")[0]
    assert form.xpath(".//textarea[@name='measure']/@required")
    assert not form.xpath(".//input[@name='deadline']/@required")
    assert not form.xpath(".//select[@name='org_goal']/@required")


def test_an_edit_keeps_the_rules(stack, ids, users, tmp_path):
    """Editing a result goal on a form that requires an end date cannot take
    the end date away; the item stays as it was."""
    d = dossier_on(stack, ids, import_template(stack, tmp_path, {"end_date"}))
    gs = d["conversations"][0]
    mark = users("mark")
    title = "Doel met einddatum"
    assert add_goal(mark, gs, full_goal(d, title)).status_code == 303
    iid = int(stack.sql(f"SELECT id FROM item WHERE dossier_id = {d['id']}")[0][0])
    fields = without(full_goal(d, title), "end_date")
    with unchanged(stack, WRITE_TABLES, "an edit dropping the end date"):
        r = post(mark, f"/items/{iid}", conversation=str(gs), version="1", kind="result",
                 **fields)
    assert r.status_code == 400
    assert MESSAGE["end_date"] in field_error(r, "deadline")
    assert stack.sql(f"SELECT deadline, version FROM item WHERE id = {iid}") == [
        ("2027-11-30", "1")]


def test_rules_are_for_result_goals_only(stack, ids, users, tmp_path):
    """A development point on a form with every rule on needs none of them."""
    d = dossier_on(stack, ids, import_template(stack, tmp_path, set(RULES)))
    r = post(users("eva"), f"/conversations/{d['conversations'][0]}/items",
             kind="development", title="Presenteren")
    assert r.status_code == 303, r.text[:300]
    assert items_titled(stack, d, "Presenteren") == "1"


# ---------------------------------------------- the department's goals --

def test_the_departments_goals_come_first(stack, ids, users):
    """The goal form lists the organisation goals of eva's department
    first, then its ancestors' (nearest first), then the whole
    organisation's, then other departments'."""
    d = dossier_on(stack, ids, standaard_v1(stack), "Afdelingsdoelen")
    dep = int(stack.sql(f"SELECT department_id FROM employee WHERE id = {ids['eva']}")[0][0])
    ups = [int(r[0]) for r in stack.sql(
        f"SELECT up FROM department_ancestor WHERE dep = {dep} AND depth > 0 ORDER BY depth")]
    other = stack.sql(f"SELECT id FROM department WHERE id NOT IN (SELECT up FROM"
                      f" department_ancestor WHERE dep = {dep}) ORDER BY id LIMIT 1")
    assert ups and other, "the demo organisation has a tree around eva's department"
    made = []
    # made in the reverse of the expected order, so id order cannot pass
    for label, department in (("ander", int(other[0][0])), ("iedereen", None),
                              *((f"boven{n}", u) for n, u in reversed(list(enumerate(ups)))),
                              ("eigen", dep)):
        title = f"{label} {d['id']}"
        value = "NULL" if department is None else str(department)
        stack.sql(f"INSERT INTO org_goal (cycle_id, title, department_id)"
                  f" VALUES ({d['cycle']}, '{title}', {value})")
        made.append(title)
    doc = page(users("mark").get(f"/conversations/{d['conversations'][0]}/items/new?kind=result"))
    shown = [" ".join(o.text_content().split()) for o in
             doc.xpath("//form[@id='new-result']//select[@name='org_goal']/option[@value != '']")]
    titles = [t.split(" (")[0] for t in shown]
    expected = [f"eigen {d['id']}"] + [f"boven{n} {d['id']}" for n in range(len(ups))] + \
        [f"Groei {d['id']}", f"iedereen {d['id']}", f"ander {d['id']}"]
    assert titles == expected
    own_name = stack.sql(f"SELECT name FROM department WHERE id = {dep}")[0][0]
    assert shown[0] == f"eigen {d['id']} ({own_name})"


# ------------------------------ key result areas and competences on items --

@pytest.fixture
def profile(stack, ids):
    """A job profile for eva with two key result areas and one competence;
    a second profile with an area and a competence of its own (foreign to
    eva).  eva's profile is put back afterwards."""
    tag = uuid.uuid4().hex[:8]
    out = {}
    for who in ("eigen", "vreemd"):
        stack.sql(f"INSERT INTO competence (ckey, name_nl, name_en, definition_nl) VALUES"
                  f" ('gr-{who}-{tag}', 'Competentie {who} {tag}', 'Competence {who} {tag}',"
                  f" 'Definitie')")
        cid = int(stack.sql(f"SELECT id FROM competence WHERE ckey = 'gr-{who}-{tag}'")[0][0])
        stack.sql(f"INSERT INTO job_profile (pkey, name_nl) VALUES ('gr-{who}-{tag}', 'P {tag}')")
        pid = int(stack.sql(f"SELECT id FROM job_profile WHERE pkey = 'gr-{who}-{tag}'")[0][0])
        stack.sql(f"INSERT INTO job_profile_competence (profile_id, competence_id, position)"
                  f" VALUES ({pid}, {cid}, 1)")
        areas = []
        for pos, name in enumerate(("Klanten", "Kwaliteit"), 1):
            stack.sql(f"INSERT INTO job_profile_area (profile_id, akey, name_nl, name_en, position)"
                      f" VALUES ({pid}, 'a{pos}', '{name} {who} {tag}', 'EN {name} {who} {tag}',"
                      f" {pos})")
            areas.append(int(stack.sql(f"SELECT id FROM job_profile_area WHERE profile_id = {pid}"
                                       f" AND akey = 'a{pos}'")[0][0]))
        out[who] = {"profile": pid, "competence": cid, "areas": areas, "tag": tag}
    before = stack.sql(f"SELECT COALESCE(job_profile_id, 0) FROM employee WHERE id = {ids['eva']}")
    stack.sql(f"UPDATE employee SET job_profile_id = {out['eigen']['profile']}"
              f" WHERE id = {ids['eva']}")
    yield out
    old = int(before[0][0])
    stack.sql(f"UPDATE employee SET job_profile_id = {old or 'NULL'} WHERE id = {ids['eva']}")


def test_a_result_goal_names_an_area_of_the_profile(stack, ids, users, profile):
    """The form offers the profile's areas in order; the goal keeps the
    one chosen, and the conversation and dossier show its name."""
    d = dossier_on(stack, ids, standaard_v1(stack), "Resultaatgebied")
    gs = d["conversations"][0]
    mark = users("mark")
    own = profile["eigen"]
    doc = page(mark.get(f"/conversations/{gs}/items/new?kind=result"))
    assert doc.xpath("//form[@id='new-result']//select[@name='area']/option/@value") == \
        [""] + [str(a) for a in own["areas"]]
    r = add_goal(mark, gs, {"title": "Doel met gebied", "area": str(own["areas"][1])})
    assert r.status_code == 303, r.text[:300]
    assert stack.sql(f"SELECT area_id FROM item WHERE dossier_id = {d['id']}") == \
        [(str(own["areas"][1]),)]
    name = f"Kwaliteit eigen {own['tag']}"
    assert name in page(mark.get(f"/conversations/{gs}")).text_content()
    assert name in page(mark.get(f"/dossiers/{d['id']}")).text_content()
    en = page(mark.get(f"/conversations/{gs}", headers={"Accept-Language": "en"}))
    assert f"EN {name}" in en.text_content()


def test_a_development_point_names_a_competence(stack, ids, users, profile):
    """A development point keeps a competence of the profile; the form
    shows it chosen when edited, and the page shows its name."""
    d = dossier_on(stack, ids, standaard_v1(stack), "Ontwikkelcompetentie")
    gs = d["conversations"][0]
    eva = users("eva")
    own = profile["eigen"]
    r = post(eva, f"/conversations/{gs}/items", kind="development", title="Leren delegeren",
             competence=str(own["competence"]))
    assert r.status_code == 303, r.text[:300]
    iid = int(stack.sql(f"SELECT id FROM item WHERE dossier_id = {d['id']}")[0][0])
    assert stack.sql(f"SELECT competence_id FROM item WHERE id = {iid}") == \
        [(str(own["competence"]),)]
    doc = page(eva.get(f"/conversations/{gs}"))
    assert f"Competentie eigen {own['tag']}" in doc.text_content()
    edit = page(eva.get(f"/conversations/{gs}/items/{iid}/edit"))
    assert edit.xpath("//select[@name='competence']/option[@selected]/@value") == \
        [str(own["competence"])]


@pytest.mark.parametrize("case", ["foreign_area", "foreign_competence", "area_on_development",
                                  "competence_on_result", "unknown_area"])
def test_a_link_outside_the_profile_is_refused(stack, ids, users, profile, case):
    """An area or competence of another profile, one on the wrong kind of
    item, or an id that does not exist: refused next to its field, nothing
    written."""
    d = dossier_on(stack, ids, standaard_v1(stack), "Vreemd")
    gs = d["conversations"][0]
    own, foreign = profile["eigen"], profile["vreemd"]
    fields, field = {
        "foreign_area": ({"kind": "result", "area": str(foreign["areas"][0])}, "area"),
        "foreign_competence": ({"kind": "development", "competence": str(foreign["competence"])},
                               "competence"),
        "area_on_development": ({"kind": "development", "area": str(own["areas"][0])}, "area"),
        "competence_on_result": ({"kind": "result", "competence": str(own["competence"])},
                                 "competence"),
        "unknown_area": ({"kind": "result", "area": "999999999"}, "area"),
    }[case]
    with unchanged(stack, WRITE_TABLES, f"an item with {case}"):
        r = post(users("mark"), f"/conversations/{gs}/items", title=f"Vreemd {case}", **fields)
    assert r.status_code == 400
    if case.endswith(("_on_development", "_on_result")):
        # the form of that kind has no such field: the message stands above it
        assert "functieprofiel" in " ".join(page(r).xpath("//*[@id='form-alert']")[0]
                                            .text_content().split())
    else:
        assert "functieprofiel" in field_error(r, field)


def test_an_edit_keeps_a_link_the_profile_lost(stack, ids, users, profile):
    """A goal whose area left the profile keeps it when edited (the link
    is kept and shown), but cannot move to a foreign one."""
    d = dossier_on(stack, ids, standaard_v1(stack), "Behouden")
    gs = d["conversations"][0]
    mark = users("mark")
    own, foreign = profile["eigen"], profile["vreemd"]
    assert add_goal(mark, gs, {"title": "Blijft", "area": str(own["areas"][0])}).status_code == 303
    iid = int(stack.sql(f"SELECT id FROM item WHERE dossier_id = {d['id']}")[0][0])
    stack.sql(f"UPDATE employee SET job_profile_id = {foreign['profile']} WHERE id = {ids['eva']}")
    r = post(mark, f"/items/{iid}", conversation=str(gs), version="1", kind="result",
             title="Blijft, hernoemd", area=str(own["areas"][0]))
    assert r.status_code == 303, r.text[:300]
    with unchanged(stack, WRITE_TABLES, "moving to an area of another profile"):
        r = post(mark, f"/items/{iid}", conversation=str(gs), version="2", kind="result",
                 title="Blijft", area=str(own["areas"][1]))
    assert r.status_code == 400
    assert stack.sql(f"SELECT title, area_id FROM item WHERE id = {iid}") == \
        [("Blijft, hernoemd", str(own["areas"][0]))]


# ------------------------------------- key result areas in the XML --

COMP_NS = "urn:gesprek:competences:1"
COMP_TABLES = ("competence", "competence_indicator", "job_profile", "job_profile_competence",
               "job_profile_area", "audit")


def hr_session(new_session):
    from conftest import login
    s = new_session()
    assert login(s, "hanna", "demo").status_code == 303
    return s


def comp_upload(s, data, mode="apply"):
    from conftest import csrf_token
    return s.post("/admin/competences/import",
                  data={"csrf": csrf_token(s.get("/admin/competences")), "mode": mode},
                  files={"file": ("competenties.xml", data, "application/xml")},
                  allow_redirects=False)


def comp_export(s):
    r = s.get("/admin/competences/export")
    assert r.status_code == 200, r.text[:1000]
    return r.content


@pytest.fixture
def empty_stack():
    """A stack of its own without any competence or job profile."""
    import os
    import shutil
    import tempfile
    from pathlib import Path

    import stack as stack_mod
    build = Path(os.environ.get("GESPREK_BUILD") or stack_mod.REPO / "_build")
    work = Path(tempfile.mkdtemp(prefix="gesprek-areas-", dir="/tmp"))
    os.chmod(work, 0o755)
    s = stack_mod.Stack(work, build, https=True)
    try:
        s.start()
        s.sql("UPDATE employee SET job_profile_id = NULL; DELETE FROM job_profile_competence;"
              " DELETE FROM job_profile_area; DELETE FROM job_profile;"
              " DELETE FROM competence_indicator; DELETE FROM competence")
        yield s
    finally:
        s.stop()
        shutil.rmtree(work, ignore_errors=True)


def test_areas_round_trip_through_an_empty_database(stack, new_session, empty_stack):
    """A profile's key result areas travel in the competences XML in their
    order, valid against competences.xsd; imported into an empty database
    and exported again, the file is the same to the byte."""
    from conftest import StackSession, login
    from lxml import etree

    tag = uuid.uuid4().hex[:8]
    stack.sql(f"INSERT INTO competence (ckey, name_nl, definition_nl) VALUES"
              f" ('rt-{tag}', 'Plannen {tag}', 'Definitie')")
    stack.sql(f"INSERT INTO job_profile (pkey, name_nl) VALUES ('rt-{tag}', 'Profiel {tag}')")
    pid = stack.sql(f"SELECT id FROM job_profile WHERE pkey = 'rt-{tag}'")[0][0]
    stack.sql(f"INSERT INTO job_profile_competence (profile_id, competence_id, position)"
              f" SELECT {pid}, id, 1 FROM competence WHERE ckey = 'rt-{tag}'")
    # made in another order than their positions; one without English
    for key, nl, en, pos in (("zorg", "Zorg & <veiligheid>", None, 2),
                             ("klant", "Klanttevredenheid", "Customer satisfaction", 1)):
        stack.sql(f"INSERT INTO job_profile_area (profile_id, akey, name_nl, name_en, position)"
                  f" VALUES ({pid}, '{key}', '{nl}', {repr(en) if en else 'NULL'}, {pos})")
    hr = hr_session(new_session)
    first = comp_export(hr)
    doc = etree.fromstring(first)
    xsd = etree.XMLSchema(etree.parse(str(stack.repo / "xslt" / "schema" / "competences.xsd")))
    assert xsd.validate(doc), xsd.error_log
    p = doc.find(f"{{{COMP_NS}}}profile[@key='rt-{tag}']")
    areas = p.findall(f"{{{COMP_NS}}}area")
    assert [(a.get("key"), a.findtext(f"{{{COMP_NS}}}name"), a.findtext(f"{{{COMP_NS}}}name-en"))
            for a in areas] == [("klant", "Klanttevredenheid", "Customer satisfaction"),
                                ("zorg", "Zorg & <veiligheid>", None)]

    fresh = StackSession(empty_stack.base_url)
    assert login(fresh, "hanna", "demo").status_code == 303
    assert empty_stack.sql("SELECT COUNT(*) FROM job_profile_area") == [("0",)]
    r = comp_upload(fresh, first)
    assert r.status_code == 200, r.text[:1000]
    assert comp_export(fresh) == first
    # the same file again changes nothing
    with unchanged(empty_stack, COMP_TABLES, "importing the areas that are there"):
        assert comp_upload(fresh, first).status_code == 200


def test_an_import_reorders_areas_and_keeps_one_a_goal_names(stack, ids, users, new_session):
    """A file that renames, reorders and leaves out areas: the profile gets
    the file's, except an area a result goal names, which stays behind
    them; an area key given twice refuses the whole file with its line."""
    tag = uuid.uuid4().hex[:8]
    stack.sql(f"INSERT INTO job_profile (pkey, name_nl) VALUES ('ro-{tag}', 'Profiel {tag}')")
    pid = int(stack.sql(f"SELECT id FROM job_profile WHERE pkey = 'ro-{tag}'")[0][0])
    for pos, key in enumerate(("a", "b", "c"), 1):
        stack.sql(f"INSERT INTO job_profile_area (profile_id, akey, name_nl, position)"
                  f" VALUES ({pid}, '{key}', 'Oud {key}', {pos})")
    used = int(stack.sql(f"SELECT id FROM job_profile_area WHERE profile_id = {pid}"
                         f" AND akey = 'b'")[0][0])
    d = dossier_on(stack, ids, standaard_v1(stack), "Gebied in gebruik")
    stack.sql(f"INSERT INTO item (dossier_id, kind, title, area_id) VALUES"
              f" ({d['id']}, 'result', 'Gebruikt b', {used})")
    hr = hr_session(new_session)

    def file(*areas):
        body = "".join(f'<area key="{k}"><name>{n}</name></area>' for k, n in areas)
        return (f'<competences xmlns="{COMP_NS}"><profile key="ro-{tag}">'
                f'<name>Profiel {tag}</name>{body}</profile></competences>').encode()

    with unchanged(stack, COMP_TABLES, "an area key given twice"):
        r = comp_upload(hr, file(("c", "Nieuw c"), ("c", "Weer c")))
    assert r.status_code == 400
    assert 'key result area "c" twice' in page(r).text_content()

    r = comp_upload(hr, file(("c", "Nieuw c"), ("d", "Nieuw d")))
    assert r.status_code == 200, r.text[:1000]
    assert stack.sql(f"SELECT akey, name_nl FROM job_profile_area WHERE profile_id = {pid}"
                     f" ORDER BY position") == [("c", "Nieuw c"), ("d", "Nieuw d"),
                                                ("b", "Oud b")]
    assert stack.sql(f"SELECT area_id FROM item WHERE dossier_id = {d['id']}") == [(str(used),)]
    admin = page(hr.get(f"/admin/profiles/{pid}")).text_content()
    assert admin.index("Nieuw c") < admin.index("Nieuw d") < admin.index("Oud b")


def test_hr_gives_an_organisation_goal_a_department(stack, ids, new_session):
    """HR's goal form on the cycle page names the department (none: the
    whole organisation); an edit moves it; a department that does not
    exist is refused on the field and nothing changes."""
    from conftest import csrf_token
    d = dossier_on(stack, ids, standaard_v1(stack), "HR-afdeling")
    dep = stack.sql(f"SELECT department_id FROM employee WHERE id = {ids['eva']}")[0][0]
    hr = hr_session(new_session)

    def send(path, **fields):
        fields["csrf"] = csrf_token(hr.get(f"/admin/cycles/{d['cycle']}"))
        return hr.post(path, data=fields, allow_redirects=False)

    r = send(f"/admin/cycles/{d['cycle']}/goals", title="Afdelingsdoel", department=dep)
    assert r.status_code == 303, r.text[:500]
    gid, got = stack.sql(f"SELECT id, department_id FROM org_goal WHERE cycle_id = {d['cycle']}"
                         f" AND title = 'Afdelingsdoel'")[0]
    assert got == dep
    doc = page(hr.get(f"/admin/cycles/{d['cycle']}"))
    assert doc.xpath(f"//form[@action='/admin/goals/{gid}']//select[@name='department']"
                     f"/option[@selected]/@value") == [dep]
    with unchanged(stack, ("org_goal", "audit"), "a goal for a department that is not there"):
        r = send(f"/admin/cycles/{d['cycle']}/goals", title="Nergens", department="999999999")
        assert r.status_code == 400
        r = send(f"/admin/goals/{gid}", title="Afdelingsdoel", department="999999999",
                 version="1")
        assert r.status_code == 400
    r = send(f"/admin/goals/{gid}", title="Afdelingsdoel", department="", version="1")
    assert r.status_code == 303, r.text[:500]
    assert stack.sql(f"SELECT department_id, version FROM org_goal WHERE id = {gid}") == \
        [(None, "2")]


def test_the_signed_snapshot_keeps_area_and_competence(stack, ids, users, profile):
    """Signed, the report's snapshot holds the goal's area and the
    development point's competence by name (both languages), HR's XML
    export of the cycle names them, and the closed page still shows them
    after the profile lost them."""
    from convtools import version
    d = dossier_on(stack, ids, standaard_v1(stack), "Getekend")
    gs = d["conversations"][0]
    eva, mark = users("eva"), users("mark")
    own = profile["eigen"]
    assert add_goal(mark, gs, {"title": "Getekend doel", "area": str(own["areas"][0])}) \
        .status_code == 303
    assert post(eva, f"/conversations/{gs}/items", kind="development", title="Getekend punt",
                competence=str(own["competence"])).status_code == 303
    assert post(eva, f"/conversations/{gs}/share").status_code == 303
    assert post(mark, f"/conversations/{gs}/held", version=version(mark, gs),
                confirm="1").status_code == 303
    assert post(mark, f"/conversations/{gs}/finalize", version=version(mark, gs)).status_code == 303
    assert post(eva, f"/conversations/{gs}/sign", verdict="agree").status_code == 303
    assert post(mark, f"/conversations/{gs}/sign", verdict="agree").status_code == 303
    snap = bytes.fromhex(stack.sql(f"SELECT HEX(xml) FROM snapshot WHERE conversation_id = {gs}")
                         [0][0]).decode()
    tag = own["tag"]
    for text in (f"Klanten eigen {tag}", f"EN Klanten eigen {tag}", f"Competentie eigen {tag}",
                 f"Competence eigen {tag}"):
        assert text in snap, text
    # HR's XML export of the cycle names them too, valid against report.xsd
    from lxml import etree
    hr = users("hanna")
    r = hr.get(f"/reports/cycles/{d['cycle']}.xml")
    assert r.status_code == 200, r.text[:500]
    doc = etree.fromstring(r.content)
    xsd = etree.XMLSchema(etree.parse(str(stack.repo / "xslt" / "schema" / "report.xsd")))
    assert xsd.validate(doc), xsd.error_log
    items = {i.get("kind"): i for i in doc.iter("{*}item")}
    assert (items["result"].get("area_id"), items["result"].get("area")) == \
        (str(own["areas"][0]), f"Klanten eigen {tag}")
    assert (items["development"].get("competence_id"), items["development"].get("competence")) \
        == (str(own["competence"]), f"Competentie eigen {tag}")
    # and so does its CSV, in the item's columns (by the columns' keys)
    r = hr.get(f"/reports/cycles/{d['cycle']}.csv")
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.content[3:].decode("utf-8"), newline=""),
                           delimiter=";"))
    keys, rows = csv_keys(rows[0]), rows[1:]
    at = {k: keys.index(k) for k in ("item_id", "area", "competence")}
    by_item = {row[at["item_id"]]: row for row in rows}
    assert by_item[items["result"].get("id")][at["area"]] == f"Klanten eigen {tag}"
    assert by_item[items["development"].get("id")][at["competence"]] == \
        f"Competentie eigen {tag}"
    stack.sql(f"DELETE FROM job_profile_competence WHERE profile_id = {own['profile']}")
    shown = page(eva.get(f"/conversations/{gs}")).text_content()
    assert f"Klanten eigen {tag}" in shown and f"Competentie eigen {tag}" in shown


def test_a_file_without_areas_keeps_them(stack, new_session):
    """A profile given without any area (a file from before areas existed)
    keeps the areas it has, and nothing is written for them."""
    tag = uuid.uuid4().hex[:8]
    stack.sql(f"INSERT INTO job_profile (pkey, name_nl) VALUES ('ka-{tag}', 'Profiel {tag}')")
    pid = int(stack.sql(f"SELECT id FROM job_profile WHERE pkey = 'ka-{tag}'")[0][0])
    stack.sql(f"INSERT INTO job_profile_area (profile_id, akey, name_nl, position)"
              f" VALUES ({pid}, 'blijft', 'Blijft staan', 0)")
    hr = hr_session(new_session)
    data = (f'<competences xmlns="{COMP_NS}"><profile key="ka-{tag}">'
            f'<name>Profiel {tag}</name></profile></competences>').encode()
    with unchanged(stack, COMP_TABLES, "a file without areas"):
        r = comp_upload(hr, data)
    assert r.status_code == 200, r.text[:1000]
    assert stack.sql(f"SELECT akey FROM job_profile_area WHERE profile_id = {pid}") == \
        [("blijft",)]
