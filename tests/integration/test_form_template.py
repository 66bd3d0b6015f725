"""The conversation form renders from its template version (issue 16):
the default template's version 1 renders the four sections of the seed as
they always were; a conversation on the `gemeente` example
(conf/templates/) shows its own sections in order -- the competences of the
employee's job profile with the scale's levels and behaviour indicators, a
rating question, an open question -- and leaves out the sections that
template switched off, which then take nothing either.  Answers and
competence ratings: saved with a version (409 keeps what was typed),
private to their author until shared (the employee's self-assessment
too), seen by HR and the manager's manager only once shared; every
refusal leaves the answer tables exactly as they were.  A signed report's
snapshot holds the template's texts and the answers."""

import hashlib
import uuid

import pytest

from convtools import (add_item, conv_xml, make_dossier, marker, people, post,
                       unchanged, version)
from helpers import page
from summaries import assert_recount_equal, rebuild_summaries

ANSWER_TABLES = ("conversation_answer", "competence_rating", "audit")
READERS = ("hanna", "sanne")    # HR; the manager's manager
EN = {"Accept-Language": "en-GB,en;q=0.9"}


@pytest.fixture(scope="module")
def ids(stack):
    return people(stack)


def gemeente_version(stack):
    examples = stack.repo / "conf" / "templates"
    if not stack.sql("SELECT id FROM template WHERE tkey = 'gemeente'"):
        stack.ctl("template", "import", str(examples / "gemeente.xml"))
    return int(stack.sql("SELECT tv.id FROM template_version tv JOIN template t"
                         " ON t.id = tv.template_id WHERE t.tkey = 'gemeente'"
                         " ORDER BY tv.number DESC LIMIT 1")[0][0])


@pytest.fixture
def profile(stack, ids):
    """Two competences with indicators per level and a job profile naming
    them, given to eva for the test (and taken back after); a third
    competence outside the profile."""
    tag = uuid.uuid4().hex[:8]
    made = []
    for n, name in enumerate(("Samenwerken", "Klantgericht", "Buiten profiel")):
        key = f"ft-{tag}-{n}"
        stack.sql(f"INSERT INTO competence (ckey, name_nl, name_en, definition_nl) VALUES"
                  f" ('{key}', '{name} {tag}', 'EN {name} {tag}', 'Definitie {name}')")
        cid = int(stack.sql(f"SELECT id FROM competence WHERE ckey = '{key}'")[0][0])
        for level in range(1, 5):
            stack.sql(f"INSERT INTO competence_indicator (competence_id, level, text_nl)"
                      f" VALUES ({cid}, {level}, 'Gedrag {name} niveau {level} {tag}')")
        made.append({"id": cid, "name": f"{name} {tag}", "key": key})
    stack.sql(f"INSERT INTO job_profile (pkey, name_nl) VALUES ('ft-{tag}', 'Profiel {tag}')")
    pid = int(stack.sql(f"SELECT id FROM job_profile WHERE pkey = 'ft-{tag}'")[0][0])
    for pos, c in enumerate(made[:2], 1):
        stack.sql(f"INSERT INTO job_profile_competence (profile_id, competence_id, position)"
                  f" VALUES ({pid}, {c['id']}, {pos})")
    before = stack.sql(f"SELECT COALESCE(job_profile_id, 0) FROM employee WHERE id = {ids['eva']}")
    stack.sql(f"UPDATE employee SET job_profile_id = {pid} WHERE id = {ids['eva']}")
    yield made
    old = int(before[0][0])
    stack.sql(f"UPDATE employee SET job_profile_id = {old or 'NULL'} WHERE id = {ids['eva']}")


def on_gemeente(stack, ids, label):
    d = make_dossier(stack, ids, label)
    tv = gemeente_version(stack)
    stack.sql(f"UPDATE conversation SET template_version_id = {tv} WHERE dossier_id = {d['id']}")
    return d


def headings(doc):
    return [" ".join(h.text_content().split())
            for h in doc.xpath("//main//section[contains(@class,'section')]/h2")
            if h.getparent().get("id", "").startswith("section-")
            and h.getparent().get("id") not in ("section-collective", "section-overall",
                                                "section-signoff", "section-proposals")]


def answers(stack, cid):
    return [tuple(r) for r in stack.sql(f"SELECT section_key, role, COALESCE(body, ''), COALESCE(rating, 0),"
                     f" COALESCE(explanation, ''), shared_at IS NOT NULL, version"
                     f" FROM conversation_answer WHERE conversation_id = {cid}"
                     f" ORDER BY section_key, role")]


def ratings(stack, cid):
    return [tuple(r) for r in stack.sql(f"SELECT competence_id, role, COALESCE(level, 0), shared_at IS NOT NULL,"
                     f" version FROM competence_rating WHERE conversation_id = {cid}"
                     f" ORDER BY competence_id, role")]


# ------------------------------------------------------------- rendering --

def test_default_template_renders_the_four_sections_as_before(stack, ids, users):
    """A conversation without a version (NULL: the default's newest) and
    one on standaard v1 render the same four sections, titled and
    introduced by the catalog's texts as before templates."""
    d = make_dossier(stack, ids, "Standaard")
    goal_setting, progress, _ = d["conversations"]
    v1 = stack.sql("SELECT tv.id FROM template_version tv JOIN template t ON t.id ="
                   " tv.template_id WHERE t.tkey = 'standaard' AND tv.number = 1")[0][0]
    stack.sql(f"UPDATE conversation SET template_version_id = {v1} WHERE id = {progress}")
    mark = users("mark")
    for cid in (goal_setting, progress):
        doc = page(mark.get(f"/conversations/{cid}"))
        assert headings(doc) == ["1. Resultaatdoelstellingen", "2. Persoonlijke ontwikkelpunten",
                                 "3. Acties", "4. Opmerkingen"]
        assert not doc.xpath("//section[contains(@class,'question-section')]")
        assert doc.xpath("//form[@action='/conversations/%d/remarks']" % cid)
        intros = doc.xpath("//section[@id='section-result']/p[@class='section-intro']")
        # the item sections' intro stays the goal setting's alone
        assert len(intros) == (1 if cid == goal_setting else 0)
        assert conv_xml(mark, cid).xpath("/page/conversation/form_template/@key") == ["standaard"]
    en = page(mark.get(f"/conversations/{goal_setting}", headers=EN))
    assert headings(en) == ["1. Result goals", "2. Personal development points", "3. Actions",
                            "4. Remarks"]


def test_gemeente_shows_its_sections_competences_and_levels(stack, ids, users, profile):
    d = on_gemeente(stack, ids, "Gemeente")
    goal_setting, progress, assessment = d["conversations"]
    mark, eva = users("mark"), users("eva")
    doc = page(mark.get(f"/conversations/{assessment}"))
    assert headings(doc) == ["1. Beoordeling van de resultaten",
                             "2. Beoordeling van de competenties (verplicht)",
                             "3. Samenwerking met collega's en inwoners (verplicht)",
                             "4. Toelichting op het oordeel"]
    # switched off in the assessment: development points, actions, remarks
    for off in ("section-development", "section-action", "section-remarks"):
        assert not doc.xpath(f"//*[@id='{off}']"), off
    comps = doc.xpath("//section[@id='section-q-competenties']//li[@class='competence']/h3")
    assert [h.text_content() for h in comps] == [profile[0]["name"], profile[1]["name"]]
    c0 = profile[0]["id"]
    form = doc.xpath(f"//form[@id='ans-competenties-{c0}']")[0]
    labels = [" ".join(lb.text_content().split()) for lb in form.xpath(".//label[starts-with(@for,"
              f"'ans-competenties-{c0}-r')]")]
    assert len(labels) == 4
    assert labels[0].startswith("1 – Onvoldoende")
    assert f"Gedrag Samenwerken niveau 1 {profile[0]['name'].split()[-1]}" in labels[0]
    assert "Voorbeeld voor anderen" in labels[3]
    assert [r.get("value") for r in form.xpath(".//input[@type='radio']")] == ["1", "2", "3", "4"]
    # the employee rates the competences beforehand: a self-assessment form
    edoc = page(eva.get(f"/conversations/{assessment}"))
    assert edoc.xpath(f"//form[@id='ans-competenties-{c0}']//legend")[0].text_content() == \
        "Jouw zelfbeoordeling"
    # the open question of the progress conversation is the employee's
    pdoc = page(mark.get(f"/conversations/{progress}"))
    assert "2. Hoe ervaar je de werkdruk?" in headings(pdoc)
    assert not pdoc.xpath("//form[@id='ans-werkdruk']"), "not the manager's question"
    assert page(eva.get(f"/conversations/{progress}")).xpath("//form[@id='ans-werkdruk']")
    # English texts where the template gives them
    en = page(mark.get(f"/conversations/{assessment}", headers=EN))
    assert headings(en)[1] == "2. Assessment of the competences (required)"
    # and the goal setting's own title of the result section
    assert headings(page(mark.get(f"/conversations/{goal_setting}")))[0] == \
        "1. Resultaatafspraken"


def test_switched_off_section_takes_nothing(stack, ids, users, profile):
    d = on_gemeente(stack, ids, "Uitgezet")
    assessment = d["conversations"][2]
    mark = users("mark")
    with unchanged(stack, ("item", "remark", "audit")):
        r = add_item(mark, assessment, marker("Ontwikkeling"), kind="development")
        assert r.status_code == 400
        assert "Dit onderdeel hoort niet bij het formulier" in r.text
        r = post(mark, f"/conversations/{assessment}/remarks", text=marker("Opmerking"))
        assert r.status_code == 400
    # nor is its add editor offered
    assert mark.get(f"/conversations/{assessment}/items/new?kind=development").status_code == 404
    assert mark.get(f"/conversations/{assessment}/items/new?kind=result").status_code == 200
    # the same kinds are on the standaard form and are taken there
    plain = make_dossier(stack, ids, "Aan")["conversations"][2]
    assert add_item(mark, plain, marker("Ontwikkeling"), kind="development").status_code == 303


# --------------------------------------------------------------- answers --

def test_answers_are_private_until_shared(stack, ids, users, profile):
    d = on_gemeente(stack, ids, "Zelfbeoordeling")
    cid = d["conversations"][2]
    rebuild_summaries(stack)    # the dossier was made with SQL, past the store
    eva, mark = users("eva"), users("mark")
    c0 = str(profile[0]["id"])
    self_text, mgr_text, both_text = marker("E-zelf"), marker("M-oordeel"), marker("E-open")
    # eva's self-assessment of a competence and of the rating question, and
    # her answer to the open question; mark's rating of the same competence
    assert post(eva, f"/conversations/{cid}/answers", section="competenties", competence=c0,
                rating="2", explanation=self_text).status_code == 303
    assert post(eva, f"/conversations/{cid}/answers", section="samenwerking",
                rating="3").status_code == 303
    assert post(eva, f"/conversations/{cid}/answers", section="toelichting",
                body=both_text).status_code == 303
    assert post(mark, f"/conversations/{cid}/answers", section="competenties", competence=c0,
                rating="4", explanation=mgr_text).status_code == 303
    assert ratings(stack, cid) == [(c0, "employee", "2", "0", "1"), (c0, "manager", "4", "0", "1")]

    def seen(user):
        s = users(user)
        return s.get(f"/conversations/{cid}").text + s.get(f"/conversations/{cid}.xml").text

    assert self_text in seen("eva") and both_text in seen("eva") and mgr_text not in seen("eva")
    assert mgr_text in seen("mark") and self_text not in seen("mark")
    assert both_text not in seen("mark")
    for reader in READERS:
        got = seen(reader)
        assert self_text not in got and mgr_text not in got and both_text not in got, reader
    # the audit trail names the answer, never its text
    audit = " ".join(r[0] for r in stack.sql(
        f"SELECT COALESCE(detail, '') FROM audit WHERE entity = 'conversation'"
        f" AND entity_id = {cid}"))
    assert "answered section toelichting" in audit and both_text not in audit

    # eva shares her self-assessment of the competence (version 1 -> 2)
    assert post(eva, f"/conversations/{cid}/answers", section="competenties", competence=c0,
                rating="2", explanation=self_text, share="1", version="1").status_code == 303
    doc = page(mark.get(f"/conversations/{cid}"))
    ratings_shown = doc.xpath(f"//li[@id='competence-{c0}']//dl[@class='competence-ratings']")
    text = " ".join(ratings_shown[0].text_content().split())
    assert "Zelfbeoordeling" in text and "2 – In ontwikkeling" in text
    assert "4 – Voorbeeld voor anderen" in text, "next to the manager's own rating"
    for reader in READERS:
        got = seen(reader)
        assert self_text in got and mgr_text not in got and both_text not in got, reader
    # holding the conversation shows the rest to both
    assert post(mark, f"/conversations/{cid}/held", version=version(mark, cid),
                confirm="1").status_code == 303
    assert both_text in seen("mark") and mgr_text in seen("eva")
    for reader in READERS:
        assert mgr_text in seen(reader) and both_text in seen(reader)
    assert_recount_equal(stack, "answers, a share and held")


def test_version_conflict_keeps_the_typed_text(stack, ids, users, profile):
    d = on_gemeente(stack, ids, "Conflict")
    cid = d["conversations"][2]
    mark = users("mark")
    first, second, typed = marker("eerste"), marker("tweede"), marker("getypt")
    assert post(mark, f"/conversations/{cid}/answers", section="toelichting",
                body=first).status_code == 303
    assert post(mark, f"/conversations/{cid}/answers", section="toelichting", body=second,
                version="1").status_code == 303
    saved = answers(stack, cid)
    assert saved == [("toelichting", "manager", second, "0", "", "0", "2")]
    with unchanged(stack, ANSWER_TABLES):
        # a form built on version 1, and a second "first" answer
        r = post(mark, f"/conversations/{cid}/answers", section="toelichting", body=typed,
                 version="1")
        assert r.status_code == 409
        doc = page(r)
        assert doc.xpath("//form[@id='ans-toelichting']//textarea[@name='body']")[0].text == typed
        assert post(mark, f"/conversations/{cid}/answers", section="toelichting",
                    body=typed).status_code == 409
    assert answers(stack, cid) == saved


def test_refused_answers_change_nothing(stack, ids, users, profile):
    d = on_gemeente(stack, ids, "Geweigerd")
    goal_setting, progress, cid = d["conversations"]
    eva, mark = users("eva"), users("mark")
    c0, outside = str(profile[0]["id"]), str(profile[2]["id"])
    path = f"/conversations/{cid}/answers"
    cases = [
        (mark, dict(section="competenties", competence=c0, rating="7"), 400),   # not a level
        (mark, dict(section="competenties", competence=c0, rating="2"), 400),   # explain below 3
        (mark, dict(section="samenwerking", rating="0"), 400),                  # below the range
        (mark, dict(section="samenwerking", body="tekst"), 400),                # no rating
        (mark, dict(section="toelichting", body="x", rating="3"), 400),         # an open question
        (mark, dict(section="competenties", competence=outside, rating="4"), 400),
        (mark, dict(section="bestaat-niet", body="x"), 400),
        (mark, dict(section="werkdruk", body="x"), 400),         # the progress form's question
        (mark, dict(section="toelichting", body="x" * 4001), (400, 413)),
        (users("hanna"), dict(section="toelichting", body="x"), 403),
        (users("sanne"), dict(section="toelichting", body="x"), 403),
        (users("daan"), dict(section="toelichting", body="x"), 403),
    ]
    with unchanged(stack, ANSWER_TABLES):
        for s, fields, status in cases:
            r = post(s, path, **fields)
            want = status if isinstance(status, tuple) else (status,)
            assert r.status_code in want, (fields, r.status_code)
        # the manager on the employee's question of the progress form:
        # not his side
        r = post(mark, f"/conversations/{progress}/answers", section="werkdruk", body="x")
        assert r.status_code == 403
        # without the CSRF token
        r = mark.post(path, data={"section": "toelichting", "body": "x"}, allow_redirects=False)
        assert r.status_code in (400, 403)
    # a refused POST names the problem
    r = post(mark, path, section="competenties", competence=c0, rating="2")
    assert "Geef een toelichting bij dit oordeel." in r.text
    assert answers(stack, cid) == [] and ratings(stack, cid) == []
    # a text sent with a rating is not kept: only an open question has one
    assert post(mark, path, section="samenwerking", rating="3", body="weg").status_code == 303
    assert answers(stack, cid) == [("samenwerking", "manager", "", "3", "", "0", "1")]
    # a finalized report takes no answer
    assert post(mark, f"/conversations/{goal_setting}/held", version=version(mark, goal_setting),
                confirm="1").status_code == 303
    assert post(mark, f"/conversations/{goal_setting}/finalize",
                version=version(mark, goal_setting)).status_code == 303
    with unchanged(stack, ANSWER_TABLES):
        r = post(eva, f"/conversations/{goal_setting}/answers", section="competenties",
                 competence=c0, rating="3")
        assert r.status_code in (403, 409)


def test_snapshot_keeps_the_form_and_answers(stack, ids, users, profile):
    d = on_gemeente(stack, ids, "Snapshot")
    cid = d["conversations"][0]
    eva, mark = users("eva"), users("mark")
    c0 = str(profile[0]["id"])
    why = marker("Toelichting")
    # gemeente's goal rules ask for an organisation goal (test_goal_rules.py)
    stack.sql(f"INSERT INTO org_goal (cycle_id, title) VALUES ({d['cycle']}, 'Snapshotdoel')")
    goal = stack.sql(f"SELECT id FROM org_goal WHERE cycle_id = {d['cycle']}")[0][0]
    assert add_item(mark, cid, marker("Doel"), org_goal=str(goal)).status_code == 303
    assert post(mark, f"/conversations/{cid}/answers", section="competenties", competence=c0,
                rating="3", explanation=why).status_code == 303
    assert post(mark, f"/conversations/{cid}/held", version=version(mark, cid),
                confirm="1").status_code == 303
    assert post(mark, f"/conversations/{cid}/finalize",
                version=version(mark, cid)).status_code == 303
    assert post(eva, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    assert post(mark, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    body, sha = stack.sql(f"SELECT HEX(xml), sha256 FROM snapshot WHERE conversation_id = {cid}")[0]
    snap = bytes.fromhex(body)
    assert hashlib.sha256(snap).hexdigest() == sha
    text = snap.decode()
    assert "Resultaatafspraken" in text and "Competenties van het functieprofiel" in text
    assert why in text and profile[0]["name"] in text
    # the closed page shows the form as signed, even after the profile changed
    stack.sql(f"DELETE FROM job_profile_competence WHERE competence_id = {c0}")
    doc = page(eva.get(f"/conversations/{cid}"))
    assert why in doc.text_content() and profile[0]["name"] in doc.text_content()
    # its own snapshot verifies (other tests tamper with theirs on purpose)
    assert "1 verified" in stack.ctl("verify", str(cid)).stdout


def zero_version(stack):
    """A template version whose assessment asks a required rating question
    and rates the job profile's competences, both on a scale that starts
    at 0 (template.xsd level-value), explained below 1; the outcome weighs
    the two parts equally on that scale."""
    key = f"nul{uuid.uuid4().hex[:8]}"
    stack.sql(f"INSERT INTO template (tkey) VALUES ('{key}')")
    t = stack.sql(f"SELECT id FROM template WHERE tkey = '{key}'")[0][0]
    stack.sql("INSERT INTO template_version (template_id, number, name_nl, final_scale_key,"
              " weight_result_goals, weight_competences, weight_rating_questions, goal_org_goal)"
              f" VALUES ({t}, 1, 'Vanaf nul', 'nul', 0, 50, 50, 'optional')")
    v = int(stack.sql(f"SELECT id FROM template_version WHERE template_id = {t}")[0][0])
    stack.sql(f"INSERT INTO template_scale (version_id, seq, skey) VALUES ({v}, 1, 'nul')")
    s = int(stack.sql(f"SELECT id FROM template_scale WHERE version_id = {v}")[0][0])
    for value, label in ((0, "niet gezien"), (1, "zwak"), (2, "goed"), (3, "sterk")):
        stack.sql("INSERT INTO template_scale_level (scale_id, value, label_nl)"
                  f" VALUES ({s}, {value}, '{label}')")
    for seq, skey, kind in ((1, "inzet", "rating_question"), (2, "comp", "competences")):
        stack.sql("INSERT INTO template_section (version_id, conv_type, seq, skey, kind,"
                  " answered_by, required, scale_key, explain_below, title_nl)"
                  f" VALUES ({v}, 'assessment', {seq}, '{skey}', '{kind}', 'manager', 1, 'nul',"
                  f" 1, 'Sectie {skey}')")
    return v


def test_a_level_0_is_a_rating_of_questions_and_competences(stack, ids, users, profile):
    """On a scale from 0 a rating question and a competence take the 0: it
    is stored as 0 (not as "no rating"), shown chosen, weighed in the
    outcome, and a required rating given as 0 does not hold up the
    finalize.  0 was refused by a fixed lower bound of 1, and read back
    as "none" wherever it was stored."""
    d = make_dossier(stack, ids, "Nul")
    cid = d["conversations"][2]
    stack.sql(f"UPDATE conversation SET template_version_id = {zero_version(stack)}"
              f" WHERE id = {cid}")
    mark = users("mark")
    path = f"/conversations/{cid}/answers"
    c0, c1 = str(profile[0]["id"]), str(profile[1]["id"])
    with unchanged(stack, ANSWER_TABLES):
        r = post(mark, path, section="inzet", rating="0")
        assert r.status_code == 400, r.status_code      # 0 is below 1: explain it
        assert "Geef een toelichting bij dit oordeel." in r.text
    assert post(mark, path, section="inzet", rating="0",
                explanation="Niet gezien dit jaar").status_code == 303
    for c in (c0, c1):
        assert post(mark, path, section="comp", competence=c, rating="0",
                    explanation="Niet gezien").status_code == 303
    assert answers(stack, cid) == [("inzet", "manager", "", "0", "Niet gezien dit jaar", "0", "1")]
    assert [(r[0], r[2]) for r in ratings(stack, cid)] == [(c0, "0"), (c1, "0")]
    doc = conv_xml(mark, cid)
    assert doc.xpath("//section[@key='inzet']/answer/@rating") == ["0"]
    assert doc.xpath(f"//section[@key='comp']/competence[@id='{c0}']/rating/@rating") == ["0"]
    form = page(mark.get(f"/conversations/{cid}"))
    assert form.xpath("//form[.//input[@name='section'][@value='inzet']]"
                      "//input[@name='rating'][@checked]/@value") == ["0"]
    outcome = doc.xpath("/page/conversation/outcome")[0]
    assert (outcome.get("status"), outcome.get("proposed")) == ("ok", "0")
    assert post(mark, f"/conversations/{cid}/held", version=version(mark, cid),
                confirm="1").status_code == 303
    assert post(mark, f"/conversations/{cid}/overall", version=version(mark, cid), rating="0",
                note="Eindoordeel").status_code == 303
    r = post(mark, f"/conversations/{cid}/finalize", version=version(mark, cid))
    assert r.status_code == 303, r.text[-2000:]
    assert [tuple(r) for r in stack.sql(f"SELECT status, overall_rating FROM conversation"
                                        f" WHERE id = {cid}")] == [("finalized", "0")]
