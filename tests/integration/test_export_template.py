"""The exports carry the form (issue 16): the template version of each
conversation, its answers, the self-assessments, the competence ratings
and the outcome -- in HR's XML export (validated against report.xsd), in
the CSV export (the form's columns, report-csv.xsl) and in the employee's
personal export.

One assessment on the `gemeente` example (conf/templates/), still being
prepared (planned): eva rates herself on two competences and the rating
question and answers the open question; she shares one self-assessment on
its own and keeps the rest private.  mark rates both competences and the rating
question, answers the open question, overrides the proposed overall rating
with a reason and shares his preparation.  Then:

  HR's XML     validates; holds exactly mark's answers, ratings and outcome
               and eva's one shared self-assessment -- nothing of what eva
               kept private -- each value equal to the database's row;
  HR's CSV     the same facts in the form's columns, formulas defused;
  personal     eva's own export holds all she wrote, shared or not, and
               mark's shared ratings and outcome;
  held         once the conversation is held, the rest is exported too
               (the rule of private preparation, nothing else);
  strangers    a colleague cannot export the cycle, and no one else's
               personal export holds eva's form."""

import csv
import io
import os
import subprocess
import uuid

import pytest
from lxml import etree

from convtools import conv_xml, make_dossier, marker, people, post, version
from helpers import csv_keys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
XSD = os.path.join(REPO, "xslt", "schema", "report.xsd")
NS = {"r": "urn:gesprek:report:1"}


@pytest.fixture(scope="module")
def ids(stack):
    return people(stack)


def gemeente_version(stack):
    if not stack.sql("SELECT id FROM template WHERE tkey = 'gemeente'"):
        stack.ctl("template", "import", str(stack.repo / "conf" / "templates" / "gemeente.xml"))
    return int(stack.sql("SELECT tv.id FROM template_version tv JOIN template t"
                         " ON t.id = tv.template_id WHERE t.tkey = 'gemeente'"
                         " ORDER BY tv.number DESC LIMIT 1")[0][0])


@pytest.fixture
def profile(stack, ids):
    """Two competences in a job profile given to eva for the test (taken
    back after)."""
    tag = uuid.uuid4().hex[:8]
    made = []
    for n, name in enumerate(("Samenwerken", "Resultaatgericht")):
        key = f"ex-{tag}-{n}"
        stack.sql(f"INSERT INTO competence (ckey, name_nl, definition_nl) VALUES"
                  f" ('{key}', '{name} {tag}', 'Definitie {name}')")
        made.append({"id": int(stack.sql(f"SELECT id FROM competence WHERE ckey = '{key}'")[0][0]),
                     "key": key, "name": f"{name} {tag}"})
    stack.sql(f"INSERT INTO job_profile (pkey, name_nl) VALUES ('ex-{tag}', 'Profiel {tag}')")
    pid = int(stack.sql(f"SELECT id FROM job_profile WHERE pkey = 'ex-{tag}'")[0][0])
    for pos, c in enumerate(made, 1):
        stack.sql(f"INSERT INTO job_profile_competence (profile_id, competence_id, position)"
                  f" VALUES ({pid}, {c['id']}, {pos})")
    before = stack.sql(f"SELECT COALESCE(job_profile_id, 0) FROM employee WHERE id = {ids['eva']}")
    stack.sql(f"UPDATE employee SET job_profile_id = {pid} WHERE id = {ids['eva']}")
    yield made
    old = int(before[0][0])
    stack.sql(f"UPDATE employee SET job_profile_id = {old or 'NULL'} WHERE id = {ids['eva']}")


def answer(s, cid, **fields):
    r = post(s, f"/conversations/{cid}/answers", **fields)
    assert r.status_code == 303, (fields, r.status_code, r.text[:500])


@pytest.fixture
def form(stack, ids, users, profile):
    """The assessment as described at the top; returns what was written."""
    d = make_dossier(stack, ids, "Export")
    tv = gemeente_version(stack)
    stack.sql(f"UPDATE conversation SET template_version_id = {tv} WHERE dossier_id = {d['id']}")
    cid = d["conversations"][2]
    eva, mark = users("eva"), users("mark")
    c0, c1 = (str(c["id"]) for c in profile)
    t = {k: marker(k) for k in ("self_shared", "self_private", "self_question", "eva_open",
                                "mark_c1", "mark_open", "note", "reason")}
    # eva: a self-assessment shared on its own, the rest private
    answer(eva, cid, section="competenties", competence=c0, rating="2", explanation=t["self_shared"])
    answer(eva, cid, section="competenties", competence=c0, rating="2",
           explanation=t["self_shared"], share="1", version="1")
    answer(eva, cid, section="competenties", competence=c1, rating="1",
           explanation=t["self_private"])
    answer(eva, cid, section="samenwerking", rating="1", explanation=t["self_question"])
    answer(eva, cid, section="toelichting", body=t["eva_open"])
    # mark: his ratings, an open answer with a formula in it, an override
    answer(mark, cid, section="competenties", competence=c0, rating="4")
    answer(mark, cid, section="competenties", competence=c1, rating="2", explanation=t["mark_c1"])
    answer(mark, cid, section="samenwerking", rating="3")
    answer(mark, cid, section="toelichting", body="=SUM(A1) " + t["mark_open"])
    proposed = conv_xml(mark, cid).xpath("/page/conversation/outcome/@proposed")
    assert proposed, "mark's ratings give a proposal"
    chosen = "1" if proposed[0] != "1" else "4"
    r = post(mark, f"/conversations/{cid}/overall", version=version(mark, cid), rating=chosen,
             note=t["note"], reason=t["reason"])
    assert r.status_code == 303, r.text[:500]
    assert post(mark, f"/conversations/{cid}/share", version=version(mark, cid)).status_code == 303
    status = stack.sql(f"SELECT status, manager_shared, employee_shared FROM conversation"
                       f" WHERE id = {cid}")[0]
    assert status[0] in ("planned", "preparing") and status[1:] == ("1", "0"), status
    return {"dossier": d, "cid": cid, "texts": t, "c0": c0, "c1": c1, "tv": tv,
            "chosen": chosen, "proposed": proposed[0]}


# ------------------------------------------------------------- helpers --

def validate(tmp_path, content, name="export.xml"):
    path = tmp_path / name
    path.write_bytes(content)
    res = subprocess.run(["xmllint", "--noout", "--schema", XSD, str(path)],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr[-3000:]
    return etree.fromstring(content)


def hr_export(users, form, fmt="xml"):
    r = users("hanna").get(f"/reports/cycles/{form['dossier']['cycle']}.{fmt}")
    assert r.status_code == 200, r.text[:1000]
    return r.content


def conversation(doc, cid):
    found = doc.xpath(f"//r:conversation[@id='{cid}']", namespaces=NS)
    assert len(found) == 1, f"conversation {cid}: {len(found)}"
    return found[0]


def exported(conv):
    """{(kind, key, role): attributes and texts} of a conversation element."""
    out = {}
    for a in conv.xpath("r:answer | r:competence_rating", namespaces=NS):
        kind = etree.QName(a).localname
        key = a.get("section") if kind == "answer" else a.get("competence_id")
        out[(kind, key, a.get("role"))] = {
            **dict(a.attrib),
            "body": a.findtext("r:body", namespaces=NS),
            "explanation": a.findtext("r:explanation", namespaces=NS)}
    return out


def stored(stack, cid):
    """The same facts as the database holds them, labels from the scale."""
    label = ("COALESCE((SELECT l.label_nl FROM template_scale sc JOIN template_scale_level l"
             " ON l.scale_id = sc.id WHERE sc.version_id = c.template_version_id"
             " AND sc.skey = 'vier' AND l.value = {col}), '')")
    rows = stack.sql(
        "SELECT 'answer', a.section_key, a.role, a.body, a.rating, a.explanation,"
        " a.shared_at IS NOT NULL, DATE_FORMAT(a.updated_at, '%Y-%m-%dT%H:%i:%sZ'), "
        + label.format(col="a.rating") +
        f" FROM conversation_answer a JOIN conversation c ON c.id = a.conversation_id"
        f" WHERE c.id = {cid}"
        " UNION ALL SELECT 'competence_rating', r.competence_id, r.role, NULL, r.level,"
        " r.explanation, r.shared_at IS NOT NULL, DATE_FORMAT(r.updated_at, '%Y-%m-%dT%H:%i:%sZ'), "
        + label.format(col="r.level") +
        f" FROM competence_rating r JOIN conversation c ON c.id = r.conversation_id"
        f" WHERE c.id = {cid}")
    return {(kind, key, role): {"body": body, "rating": rating, "explanation": expl,
                                "shared": shared == "1", "at": at, "label": lab}
            for kind, key, role, body, rating, expl, shared, at, lab in rows}


def assert_equal_to_database(stack, conv, cid, keys):
    """Each exported answer of `keys` (and no other) equals its row."""
    got, rows = exported(conv), stored(stack, cid)
    assert sorted(got) == sorted(keys)
    for k in keys:
        a, row = got[k], rows[k]
        value = a.get("rating") if k[0] == "answer" else a.get("level")
        value_label = a.get("rating_label") if k[0] == "answer" else a.get("level_label")
        assert value == row["rating"], k
        assert (value_label or "") == (row["label"] if row["rating"] else ""), k
        assert a["body"] == (row["body"] or None), k
        assert a["explanation"] == (row["explanation"] or None), k
        assert (a.get("shared") == "1") == row["shared"], k
        assert a.get("at") == row["at"], k
        # the self-assessment is the employee's rating of what the manager rates
        self_assessed = k[2] == "employee" and k[1] != "toelichting"
        assert (a.get("self_assessment") == "1") == self_assessed, k


def assert_outcome_equal_to_database(stack, conv, cid):
    rating, proposed, score, reason, note = stack.sql(
        f"SELECT overall_rating, outcome_proposed, outcome_score, override_reason, overall_note"
        f" FROM conversation WHERE id = {cid}")[0]
    o = conv.find("r:outcome", NS)
    assert o is not None
    assert conv.get("overall_rating") == rating == o.get("confirmed")
    assert o.get("proposed") == proposed and o.get("overridden") == "1"
    assert round(float(o.get("score")) * 10000) == int(score)
    assert o.findtext("r:override_reason", namespaces=NS) == reason
    assert conv.findtext("r:overall_note", namespaces=NS) == note
    labels = dict(stack.sql(
        f"SELECT l.value, l.label_nl FROM template_scale sc JOIN template_scale_level l"
        f" ON l.scale_id = sc.id JOIN conversation c ON c.template_version_id = sc.version_id"
        f" WHERE c.id = {cid} AND sc.skey = 'vier'"))
    assert o.get("confirmed_label") == labels[rating]
    assert o.get("proposed_label") == labels[proposed]


def parse_csv(raw):
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw[3:].decode(), newline=""), delimiter=";"))
    header = csv_keys(rows[0])
    return [dict(zip(header, row)) for row in rows[1:]]


MARK_KEYS = lambda f: [("answer", "samenwerking", "manager"),  # noqa: E731
                       ("answer", "toelichting", "manager"),
                       ("competence_rating", f["c0"], "manager"),
                       ("competence_rating", f["c1"], "manager")]


# --------------------------------------------------------------- tests --

def test_hr_xml_holds_the_visible_form_and_validates(stack, users, form, tmp_path):
    doc = validate(tmp_path, hr_export(users, form))
    conv = conversation(doc, form["cid"])
    t = conv.find("r:template", NS)
    number, name = stack.sql(f"SELECT number, name_nl FROM template_version"
                             f" WHERE id = {form['tv']}")[0]
    assert (t.get("key"), t.get("version"), t.get("name")) == ("gemeente", number, name)
    # mark's (shared preparation) and eva's self-assessment shared on its own
    keys = MARK_KEYS(form) + [("competence_rating", form["c0"], "employee")]
    assert_equal_to_database(stack, conv, form["cid"], keys)
    assert_outcome_equal_to_database(stack, conv, form["cid"])
    # nothing eva kept private, anywhere in the document
    text = etree.tostring(doc, encoding="unicode")
    for k in ("self_private", "self_question", "eva_open"):
        assert form["texts"][k] not in text, k
    assert form["texts"]["self_shared"] in text and form["texts"]["reason"] in text
    # the other conversations of the dossier name the form too, and hold no answers
    for other in form["dossier"]["conversations"][:2]:
        c = conversation(doc, other)
        assert c.find("r:template", NS).get("key") == "gemeente"
        assert exported(c) == {} and c.find("r:outcome", NS) is None


def test_hr_csv_holds_the_same_facts(stack, users, form, tmp_path):
    doc = validate(tmp_path, hr_export(users, form))
    rows = [r for r in parse_csv(hr_export(users, form, "csv"))
            if r["dossier_id"] == str(form["dossier"]["id"])]
    assert len(rows) == 1, "no items: one row for the dossier"
    row = rows[0]
    conv = conversation(doc, form["cid"])
    o = conv.find("r:outcome", NS)
    assert row["template"] == "gemeente"
    assert row["template_version"] == conv.find("r:template", NS).get("version")
    assert (row["overall_rating"], row["outcome_proposed"], row["outcome_score"]) == \
        (form["chosen"], form["proposed"], o.get("score"))
    assert row["override_reason"] == form["texts"]["reason"]
    got = exported(conv)
    c0, c1 = form["c0"], form["c1"]
    keys = dict(stack.sql(f"SELECT id, ckey FROM competence WHERE id IN ({c0}, {c1})"))

    def line(k, role):
        a = got[k]
        value = a.get("rating") or a.get("level")
        label = a.get("rating_label") or a.get("level_label")
        text = f"{value} ({label})" + (f": {a['explanation']}" if a["explanation"] else "")
        return f"assessment.{keys[k[1]] if k[0] != 'answer' else k[1]}:{role}={text}"
    assert row["answers"].split("\n") == [
        line(("answer", "samenwerking", "manager"), "manager"),
        "assessment.toelichting:manager==SUM(A1) " + form["texts"]["mark_open"]]
    comp = sorted(row["competences"].split("\n"))
    assert comp == sorted([line(("competence_rating", c0, "employee"), "self"),
                           line(("competence_rating", c0, "manager"), "manager"),
                           line(("competence_rating", c1, "manager"), "manager")])
    assert form["texts"]["self_private"] not in row["competences"]
    # a cell never starts a formula; the text inside keeps its own
    for cell in row.values():
        assert cell[:1] not in ("=", "+", "-", "@")


def test_personal_export_holds_her_own_and_the_shared(stack, users, form, tmp_path):
    r = users("eva").get("/me/export.xml")
    assert r.status_code == 200
    doc = validate(tmp_path, r.content)
    conv = conversation(doc, form["cid"])
    keys = MARK_KEYS(form) + [("competence_rating", form["c0"], "employee"),
                              ("competence_rating", form["c1"], "employee"),
                              ("answer", "samenwerking", "employee"),
                              ("answer", "toelichting", "employee")]
    assert_equal_to_database(stack, conv, form["cid"], keys)
    assert_outcome_equal_to_database(stack, conv, form["cid"])
    assert conv.find("r:template", NS).get("key") == "gemeente"


def test_unshared_manager_ratings_stay_out_of_her_export(stack, ids, users, profile, tmp_path):
    """Before mark shares, eva's export holds none of his ratings, nor
    the outcome; HR's holds nothing of either party."""
    d = make_dossier(stack, ids, "Nietgedeeld")
    stack.sql(f"UPDATE conversation SET template_version_id = {gemeente_version(stack)}"
              f" WHERE dossier_id = {d['id']}")
    cid = d["conversations"][2]
    eva, mark = users("eva"), users("mark")
    c0 = str(profile[0]["id"])
    answer(eva, cid, section="competenties", competence=c0, rating="3")
    answer(mark, cid, section="competenties", competence=c0, rating="4")
    assert post(mark, f"/conversations/{cid}/overall", version=version(mark, cid), rating="4",
                note="Goed").status_code == 303
    conv = conversation(validate(tmp_path, eva.get("/me/export.xml").content), cid)
    assert sorted(exported(conv)) == [("competence_rating", c0, "employee")]
    assert conv.find("r:outcome", NS) is None and conv.get("overall_rating") is None
    r = users("hanna").get(f"/reports/cycles/{d['cycle']}.xml")
    conv = conversation(validate(tmp_path, r.content, "hr.xml"), cid)
    assert exported(conv) == {} and conv.find("r:outcome", NS) is None


def test_held_exports_the_rest(stack, users, form, tmp_path):
    mark, cid = users("mark"), form["cid"]
    assert post(mark, f"/conversations/{cid}/held", version=version(mark, cid),
                confirm="1").status_code == 303
    conv = conversation(validate(tmp_path, hr_export(users, form)), cid)
    keys = MARK_KEYS(form) + [("competence_rating", form["c0"], "employee"),
                              ("competence_rating", form["c1"], "employee"),
                              ("answer", "samenwerking", "employee"),
                              ("answer", "toelichting", "employee")]
    assert_equal_to_database(stack, conv, cid, keys)


def test_strangers_cannot_export_the_form(stack, users, form):
    cycle = form["dossier"]["cycle"]
    daan = users("daan")
    audited = "SELECT COUNT(*) FROM audit WHERE entity = 'export'"
    before = stack.sql(audited)
    for fmt in ("xml", "csv"):
        r = daan.get(f"/reports/cycles/{cycle}.{fmt}")
        assert r.status_code == 403, fmt
        assert form["texts"]["reason"] not in r.text
    assert stack.sql(audited) == before, "a refused export writes no audit row"
    for who in ("daan", "sanne"):
        r = users(who).get("/me/export.xml")
        assert r.status_code == 200
        assert form["texts"]["self_shared"] not in r.text
        assert form["texts"]["reason"] not in r.text


# ------------------------------------------- labels in the reader's language --

def en_or_nl(stack, col, table, where):
    return stack.sql(f"SELECT COALESCE(NULLIF({col}_en, ''), {col}_nl) FROM {table}"
                     f" WHERE {where}")[0][0]


@pytest.fixture
def hanna_lang(stack):
    """hanna's stored language preference is put back after the test."""
    before = stack.sql("SELECT lang FROM employee WHERE login = 'hanna'")[0][0]
    yield
    value = "NULL" if before in (None, "NULL", "") else f"'{before}'"
    stack.sql(f"UPDATE employee SET lang = {value} WHERE login = 'hanna'")


@pytest.mark.parametrize("lang,how", [("nl", "browser"), ("en", "browser"),
                                      ("en", "preference")])
def test_export_labels_follow_the_readers_language(stack, ids, users, form, tmp_path, lang, how,
                                                   hanna_lang):
    """The human texts of the export -- the template's name, rating and
    level labels, section titles, competence and key result area names --
    are in the language of the request (the browser's, or the reader's own
    choice in the language switch), English falling back to Dutch where a
    text has none; keys and element names do not change, and the document
    validates.  The CSV (header and labels) follows the same language."""
    cid, tag = form["cid"], uuid.uuid4().hex[:6]
    # one competence with an English name, one without (falls back)
    stack.sql(f"UPDATE competence SET name_en = 'EN comp {tag}' WHERE id = {form['c0']}")
    # a result goal of mark's in a key result area with an English name
    pid = stack.sql(f"SELECT job_profile_id FROM employee WHERE id = {ids['eva']}")[0][0]
    stack.sql(f"INSERT INTO job_profile_area (profile_id, akey, name_nl, name_en, position)"
              f" VALUES ({pid}, 'taal-{tag}', 'Gebied {tag}', 'Area {tag}', 1)")
    area = stack.sql(f"SELECT id FROM job_profile_area WHERE akey = 'taal-{tag}'")[0][0]
    # (written as mark's in the conversation he shared; the form's goal
    # rules are test_goal_rules.py's)
    stack.sql(f"INSERT INTO item (dossier_id, kind, title, area_id, author_id,"
              f" created_in_conversation_id) VALUES ({form['dossier']['id']}, 'result',"
              f" 'Doel {tag}', {area}, {ids['mark']}, {cid})")
    hanna = users("hanna")
    if how == "preference":
        assert post(hanna, "/me/language", lang=lang, back="/").status_code == 303
    else:
        hanna.headers["Accept-Language"] = lang
    raw = hanna.get(f"/reports/cycles/{form['dossier']['cycle']}.xml")
    assert raw.status_code == 200
    doc = validate(tmp_path, raw.content)
    conv = conversation(doc, cid)

    def want(col, table, where):
        if lang == "en":
            return en_or_nl(stack, col, table, where)
        return stack.sql(f"SELECT {col}_nl FROM {table} WHERE {where}")[0][0]

    assert conv.find("r:template", NS).get("name") == want("name", "template_version",
                                                           f"id = {form['tv']}")
    level = f"value = {form['chosen']} AND scale_id = (SELECT id FROM template_scale" \
            f" WHERE version_id = {form['tv']} AND skey = 'vier')"
    assert conv.find("r:outcome", NS).get("confirmed_label") == \
        want("label", "template_scale_level", level)
    ratings = {(a.get("competence_id"), a.get("role")): a for a in
               conv.xpath("r:competence_rating", namespaces=NS)}
    for c in (form["c0"], form["c1"]):
        assert ratings[(c, "manager")].get("name") == want("name", "competence", f"id = {c}")
        assert ratings[(c, "manager")].get("competence").startswith("ex-"), "the key stays"
    if lang == "en":
        assert ratings[(form["c0"], "manager")].get("name") == f"EN comp {tag}"
        # no English name: the Dutch one
        assert not ratings[(form["c1"], "manager")].get("name").startswith("EN")
    question = [a for a in conv.xpath("r:answer", namespaces=NS)
                if a.get("section") == "samenwerking" and a.get("role") == "manager"][0]
    assert question.get("title") == want(
        "title", "template_section",
        f"version_id = {form['tv']} AND conv_type = 'assessment' AND skey = 'samenwerking'")
    rlevel = f"value = {question.get('rating')} AND scale_id = (SELECT id FROM template_scale" \
             f" WHERE version_id = {form['tv']} AND skey = 'vier')"
    assert question.get("rating_label") == want("label", "template_scale_level", rlevel)
    goal = [i for i in doc.xpath("//r:item", namespaces=NS)
            if i.findtext("r:title", namespaces=NS) == f"Doel {tag}"]
    assert [g.get("area") for g in goal] == [f"Area {tag}" if lang == "en" else f"Gebied {tag}"]
    assert goal[0].get("kind") == "result" and goal[0].get("status") == "open", "keys stay"
    if lang == "en":
        assert "Gebied" not in etree.tostring(goal[0], encoding="unicode")
    assert doc.get("lang") == lang, "the document says which language its texts are in"

    # The CSV: its header and the labels in the same language.
    rows = parse_csv(hanna.get(f"/reports/cycles/{form['dossier']['cycle']}.csv").content)
    row = [r for r in rows if r["title"] == f"Doel {tag}"]
    assert len(row) == 1 and row[0]["area"] == goal[0].get("area")
    label = ratings[(form["c0"], "manager")].get("level_label")
    assert f"({label})" in row[0]["competences"]


def test_ctl_export_takes_a_language(stack, users, form):
    cycle = str(form["dossier"]["cycle"])
    en = stack.ctl("export", "cycle", cycle, "--lang", "en").stdout
    nl = stack.ctl("export", "cycle", cycle).stdout
    assert 'lang="en"' in en and 'lang="nl"' in nl
    name_en, name_nl = stack.sql(f"SELECT name_en, name_nl FROM template_version"
                                 f" WHERE id = {form['tv']}")[0]
    assert f'name="{name_en}"' in en and f'name="{name_nl}"' in nl
    res = stack.ctl("export", "cycle", cycle, "--lang", "fr", check=False)
    assert res.returncode != 0 and res.stdout == ""
