"""The weighted outcome of an assessment (issue 16), over real HTTP:

  finalize   an assessment without any rating is refused (400), lists what
             is missing, each linked to its field, and changes nothing;
  outcome    both parties see the weighted score and the proposed overall
             rating, computed from the manager's ratings by the template's
             formula (rules/outcome.h: each rating normalised on its scale,
             parts weighed, nearest level, ties up);
  confirm    the manager confirms the proposal, or overrides it: another
             rating without a reason is refused and changes nothing; with a
             reason it is stored and the employee sees it;
  stale      a rating changed after the confirmation makes the proposal
             move: finalizing then asks for a new confirmation, and nothing
             changes until it is given;
  template   a template's own weights and final scale decide the proposal
             and the choices; a rating not on the final scale is refused.

Every refusal is checked for its side effects (convtools.unchanged)."""

import subprocess
import uuid

import pytest
from lxml import etree

from convtools import (add_item, conv_xml, csrf, item_id, make_dossier, people, post,
                       statements_per_view, touched, unchanged, version)
from helpers import page, xml

XML = {"Accept": "application/xml"}


@pytest.fixture
def ids(stack):
    return people(stack)


@pytest.fixture
def dossier(stack, ids):
    return make_dossier(stack, ids, prefix="Uitkomst")


def one(stack, sql):
    rows = stack.sql(sql)
    assert len(rows) == 1, f"{sql}: {rows}"
    return rows[0][0]


def hold(mark, cid):
    r = post(mark, f"/conversations/{cid}/held", version=version(mark, cid))
    assert r.status_code == 303, r.status_code


def rate(mark, cid, item, rating):
    r = post(mark, f"/conversations/{cid}/updates", item=item, rating=str(rating), note="Oordeel")
    assert r.status_code == 303, r.status_code


def overall(mark, cid, rating, **extra):
    return post(mark, f"/conversations/{cid}/overall", version=version(mark, cid),
                rating=str(rating), note="Toelichting bij het eindoordeel", **extra)


def finalize_xml(mark, cid):
    return mark.post(f"/conversations/{cid}/finalize", headers=XML,
                     data={"csrf": csrf(mark), "version": version(mark, cid)},
                     allow_redirects=False)


def rated_assessment(stack, dossier, mark, ratings, weights=None):
    """The assessment held, with one result goal per rating (rated)."""
    asm = dossier["conversations"][2]
    weights = weights or [None] * len(ratings)
    goals = []
    for n, (r, w) in enumerate(zip(ratings, weights)):
        title = f"Doel {n} {uuid.uuid4().hex[:6]}"
        fields = {"weight": str(w)} if w else {}
        assert add_item(mark, asm, title, **fields).status_code == 303
        goals.append(item_id(stack, dossier["id"], title))
    hold(mark, asm)
    for g, r in zip(goals, ratings):
        rate(mark, asm, g, r)
    return asm, goals


# ------------------------------------------------------------- finalize --

def test_assessment_without_any_rating_is_not_finalized(stack, dossier, users):
    asm = dossier["conversations"][2]
    mark = users("mark")
    title = f"Doel {uuid.uuid4().hex[:6]}"
    assert add_item(mark, asm, title).status_code == 303
    goal = item_id(stack, dossier["id"], title)
    hold(mark, asm)

    with unchanged(stack, what="finalizing an assessment without any rating"):
        r = post(mark, f"/conversations/{asm}/finalize", version=version(mark, asm))
        doc = xml(finalize_xml(mark, asm))
    assert r.status_code == 400
    assert doc.xpath("/page/missing/@overall") == ["1"]
    assert doc.xpath("/page/missing/item/@id") == [str(goal)]
    links = page(r).xpath("//*[@id='form-alert']//ul[@id='finalize-missing']//a/@href")
    assert links == ["#overall-rating", f"/conversations/{asm}/items/{goal}/update#upd-{goal}-rating"]
    assert page(r).xpath("//*[@id='overall-rating']"), "the link points at the rating's field"
    assert one(stack, f"SELECT status FROM conversation WHERE id = {asm}") == "held"
    assert one(stack, f"SELECT overall_rating IS NULL FROM conversation WHERE id = {asm}") == "1"


# -------------------------------------------------------------- outcome --

def test_both_parties_see_the_weighted_score_and_proposal(stack, dossier, users):
    mark, eva = users("mark"), users("eva")
    # 4 and 3 on 1..5: 0.75 and 0.5, mean 0.625, 3.5 on the final scale:
    # exactly between 3 and 4, and a tie goes up.
    asm, _ = rated_assessment(stack, dossier, mark, [4, 3])
    for who in (mark, eva):
        o = conv_xml(who, asm).xpath("/page/conversation/outcome")[0]
        assert (o.get("status"), o.get("score"), o.get("on_final"), o.get("proposed")) == \
            ("ok", "0.6250", "3.50", "4")
        parts = {p.get("name"): (p.get("weight"), p.get("rated"))
                 for p in o.xpath("part")}
        assert parts == {"result_goals": ("100", "1"), "competences": ("0", "0"),
                         "rating_questions": ("0", "0")}
        assert [lv.get("label") for lv in o.xpath("level")] == \
            ["onvoldoende", "matig", "voldoende", "goed", "uitstekend"]
    html = page(eva.get(f"/conversations/{asm}"))
    assert "3,50" in html.xpath("string(//*[@id='outcome-score'])"), "a decimal comma in Dutch"
    assert "goed" in html.xpath("string(//*[@id='outcome-proposed'])")
    en = page(eva.get(f"/conversations/{asm}", headers={"Accept-Language": "en"}))
    assert "3.50" in en.xpath("string(//*[@id='outcome-score'])")
    # The manager's form offers the proposal, preselected.
    form = page(mark.get(f"/conversations/{asm}"))
    assert form.xpath("//select[@id='overall-rating']/option[@selected]/@value") == ["4"]


def test_goal_weights_count_when_every_goal_has_one(stack, dossier, users):
    mark = users("mark")
    # 5 (weight 3) and 1 (weight 1): (3 * 1 + 1 * 0) / 4 = 0.75, 4 on 1..5;
    # unweighted it would be 0.5, 3.
    asm, _ = rated_assessment(stack, dossier, mark, [5, 1], weights=[3, 1])
    o = conv_xml(mark, asm).xpath("/page/conversation/outcome")[0]
    assert (o.get("score"), o.get("proposed")) == ("0.7500", "4")


def test_no_rating_no_proposal(stack, dossier, users):
    asm = dossier["conversations"][2]
    mark = users("mark")
    hold(mark, asm)
    o = conv_xml(mark, asm).xpath("/page/conversation/outcome")[0]
    assert o.get("status") == "none" and o.get("proposed") is None
    # Without a proposal the manager chooses; no reason is asked.
    assert overall(mark, asm, 2).status_code == 303
    assert stack.sql(f"SELECT overall_rating, outcome_proposed, override_reason"
                     f" FROM conversation WHERE id = {asm}") == [("2", None, None)]


def test_the_employee_sees_nothing_of_a_private_rating(stack, dossier, users):
    asm = dossier["conversations"][2]
    mark, eva = users("mark"), users("eva")
    title = f"Doel {uuid.uuid4().hex[:6]}"
    assert add_item(mark, asm, title).status_code == 303
    rate(mark, asm, item_id(stack, dossier["id"], title), 5)
    assert conv_xml(mark, asm).xpath("/page/conversation/outcome/@proposed") == ["5"]
    assert conv_xml(eva, asm).xpath("/page/conversation/outcome") == [], \
        "the manager's ratings are preparation until shared or held"


# -------------------------------------------------------------- confirm --

def test_override_needs_a_reason_the_employee_sees(stack, dossier, users):
    mark, eva = users("mark"), users("eva")
    asm, _ = rated_assessment(stack, dossier, mark, [4, 3])   # proposal 4

    with unchanged(stack, what="an override without a reason"):
        r = overall(mark, asm, 2)
    assert r.status_code == 400
    html = page(r)
    assert html.xpath("//*[@id='overall-reason'][@aria-invalid='true']")
    assert html.xpath("//*[@id='form-alert']//a[@href='#overall-reason']")
    assert html.xpath("//select[@id='overall-rating']/option[@selected]/@value") == ["2"], \
        "the typed rating is kept"

    reason = f"Het tweede halfjaar woog zwaarder {uuid.uuid4().hex[:6]}"
    assert overall(mark, asm, 2, reason=reason).status_code == 303
    assert stack.sql(f"SELECT overall_rating, outcome_proposed, outcome_score, override_reason"
                     f" FROM conversation WHERE id = {asm}") == [("2", "4", "6250", reason)]
    detail = one(stack, f"SELECT detail FROM audit WHERE entity = 'conversation'"
                        f" AND entity_id = {asm} AND action = 'rate' ORDER BY id DESC LIMIT 1")
    assert "proposed 4, overridden" in detail and reason in detail

    o = conv_xml(eva, asm).xpath("/page/conversation/outcome")[0]
    assert (o.get("confirmed"), o.get("proposed_then"), o.get("overridden")) == ("2", "4", "1")
    assert o.xpath("override_reason/text()") == [reason]
    html = page(eva.get(f"/conversations/{asm}"))
    assert reason in html.xpath("string(//*[@id='outcome-reason'])")

    # Confirming the proposal after all clears the reason.
    assert overall(mark, asm, 4).status_code == 303
    assert stack.sql(f"SELECT overall_rating, outcome_proposed, override_reason"
                     f" FROM conversation WHERE id = {asm}") == [("4", "4", None)]
    assert conv_xml(eva, asm).xpath("/page/conversation/outcome/@overridden") == ["0"]


def test_the_employee_cannot_confirm(stack, dossier, users):
    mark, eva = users("mark"), users("eva")
    asm, _ = rated_assessment(stack, dossier, mark, [4])
    with unchanged(stack, what="the employee confirming"):
        r = post(eva, f"/conversations/{asm}/overall", version=version(eva, asm), rating="4",
                 note="Zelf bevestigd")
    assert r.status_code == 403


# ---------------------------------------------------------------- stale --

def test_a_rating_changed_after_confirming_asks_again(stack, dossier, users):
    mark = users("mark")
    asm, (a, b) = rated_assessment(stack, dossier, mark, [4, 3])   # proposal 4
    assert overall(mark, asm, 4).status_code == 303
    # 4 and 1: 0.75 and 0, mean 0.375, 2.5 on 1..5: a tie, up to 3.
    rate(mark, asm, b, 1)
    assert conv_xml(mark, asm).xpath("/page/conversation/outcome/@stale") == ["1"]

    with unchanged(stack, what="finalizing with a stale confirmation"):
        r = post(mark, f"/conversations/{asm}/finalize", version=version(mark, asm))
        doc = xml(finalize_xml(mark, asm))
    assert r.status_code == 400
    assert doc.xpath("/page/missing/@stale") == ["1"]
    assert doc.xpath("/page/missing/@overall") == []
    assert page(r).xpath("//ul[@id='finalize-missing']//a/@href") == ["#overall-rating"]
    assert one(stack, f"SELECT status FROM conversation WHERE id = {asm}") == "held"

    assert overall(mark, asm, 3).status_code == 303
    assert post(mark, f"/conversations/{asm}/finalize",
                version=version(mark, asm)).status_code == 303
    assert stack.sql(f"SELECT status, overall_rating, outcome_proposed FROM conversation"
                     f" WHERE id = {asm}") == [("finalized", "3", "3")]


# ------------------------------------------------------------- template --

FINAL_1_5_10 = [(1, "laag"), (5, "midden"), (10, "hoog")]


def custom_template(stack, final=FINAL_1_5_10):
    """A template version weighing goals 60 and competences 40, result goals
    on its own scale 1..4 and the final rating on `final` (default 1, 5, 10:
    values, not ranks)."""
    key = f"uitkomst{uuid.uuid4().hex[:8]}"
    stack.sql(f"INSERT INTO template (tkey) VALUES ('{key}')")
    t = one(stack, f"SELECT id FROM template WHERE tkey = '{key}'")
    # Its goals name no organisation goal: that rule off (the goal rules
    # are test_goal_rules.py's).
    stack.sql("INSERT INTO template_version (template_id, number, name_nl, final_scale_key,"
              " weight_result_goals, weight_competences, weight_rating_questions, goal_org_goal)"
              f" VALUES ({t}, 1, 'Uitkomsttest', 'eind', 60, 40, 0, 'optional')")
    v = one(stack, f"SELECT id FROM template_version WHERE template_id = {t}")
    for seq, skey, levels in ((1, "doel", [(1, "slecht"), (2, "matig"), (3, "goed"), (4, "top")]),
                              (2, "eind", final)):
        stack.sql(f"INSERT INTO template_scale (version_id, seq, skey) VALUES ({v}, {seq}, '{skey}')")
        s = one(stack, f"SELECT id FROM template_scale WHERE version_id = {v} AND skey = '{skey}'")
        for value, label in levels:
            stack.sql(f"INSERT INTO template_scale_level (scale_id, value, label_nl, label_en)"
                      f" VALUES ({s}, {value}, '{label}', 'en-{label}')")
    stack.sql("INSERT INTO template_section (version_id, conv_type, seq, skey, kind, scale_key,"
              f" title_nl) VALUES ({v}, 'assessment', 1, 'resultaten', 'result_goals', 'doel',"
              " 'Resultaten')")
    return v


def test_a_template_decides_weights_and_final_scale(stack, dossier, users):
    mark, eva = users("mark"), users("eva")
    v = custom_template(stack)
    asm = dossier["conversations"][2]
    stack.sql(f"UPDATE conversation SET template_version_id = {v} WHERE id = {asm}")
    # 3 and 4 on the goals' 1..4: 2/3 and 1, mean 5/6; competences unrated,
    # left out; 1 + 5/6 * 9 = 8.5 on 1..10 is nearer to 10 than to 5.
    asm, _ = rated_assessment(stack, dossier, mark, [3, 4])
    o = conv_xml(eva, asm).xpath("/page/conversation/outcome")[0]
    assert (o.get("score"), o.get("on_final"), o.get("proposed")) == ("0.8333", "8.50", "10")
    assert {p.get("name"): p.get("rated") for p in o.xpath("part")} == \
        {"result_goals": "1", "competences": "0", "rating_questions": "0"}
    assert [(lv.get("value"), lv.get("label")) for lv in o.xpath("level")] == \
        [("1", "laag"), ("5", "midden"), ("10", "hoog")]
    en = xml(eva.get(f"/conversations/{asm}.xml", headers={"Accept-Language": "en"}))
    assert en.xpath("/page/conversation/outcome/level/@label") == ["en-laag", "en-midden", "en-hoog"]
    options = page(mark.get(f"/conversations/{asm}")).xpath(
        "//select[@id='overall-rating']/option/@value")
    assert options == ["", "1", "5", "10"]

    with unchanged(stack, what="a rating not on the final scale"):
        r = overall(mark, asm, 4)
    assert r.status_code == 400
    assert page(r).xpath("//*[@id='overall-rating'][@aria-invalid='true']")
    assert overall(mark, asm, 10).status_code == 303
    assert stack.sql(f"SELECT overall_rating, outcome_proposed, outcome_score FROM conversation"
                     f" WHERE id = {asm}") == [("10", "10", "8333")]


# ------------------------------------------------- required at finalize --

ANSWER_TABLES = ("conversation", "conversation_answer", "competence_rating", "signature",
                 "snapshot", "audit")


def required_template(stack):
    """An assessment form without result goals: a required open question
    for both, a required rating question for the manager (explained below
    3, on the cycle's scale) and the required competences (on 1..4);
    competences and questions weigh 50 each."""
    key = f"verplicht{uuid.uuid4().hex[:8]}"
    stack.sql(f"INSERT INTO template (tkey) VALUES ('{key}')")
    t = one(stack, f"SELECT id FROM template WHERE tkey = '{key}'")
    stack.sql("INSERT INTO template_version (template_id, number, name_nl,"
              " weight_result_goals, weight_competences, weight_rating_questions)"
              f" VALUES ({t}, 1, 'Verplichte vragen', 0, 50, 50)")
    v = one(stack, f"SELECT id FROM template_version WHERE template_id = {t}")
    stack.sql(f"INSERT INTO template_scale (version_id, seq, skey) VALUES ({v}, 1, 'vier')")
    s = one(stack, f"SELECT id FROM template_scale WHERE version_id = {v}")
    for value in range(1, 5):
        stack.sql(f"INSERT INTO template_scale_level (scale_id, value, label_nl)"
                  f" VALUES ({s}, {value}, 'niveau {value}')")
    stack.sql("INSERT INTO template_section (version_id, conv_type, seq, skey, kind, answered_by,"
              " required, scale_key, explain_below, title_nl, title_en) VALUES"
              f" ({v}, 'assessment', 1, 'terugblik', 'open_question', 'both', 1, NULL, NULL,"
              "  'Terugblik', 'Looking back'),"
              f" ({v}, 'assessment', 2, 'inzet', 'rating_question', 'manager', 1, NULL, 3,"
              "  'Inzet', 'Effort'),"
              f" ({v}, 'assessment', 3, 'comp', 'competences', 'manager', 1, 'vier', NULL,"
              "  'Competenties', 'Competences'),"
              f" ({v}, 'assessment', 4, 'opmerkingen', 'remarks', 'both', 0, NULL, NULL,"
              "  'Opmerkingen', 'Remarks')")
    return v


@pytest.fixture
def profile(stack, ids):
    """eva with a job profile of two competences, for one test."""
    key = f"prof{uuid.uuid4().hex[:8]}"
    before = one(stack, f"SELECT COALESCE(job_profile_id, 0) FROM employee WHERE id = {ids['eva']}")
    stack.sql(f"INSERT INTO job_profile (pkey, name_nl) VALUES ('{key}', 'Testprofiel')")
    p = one(stack, f"SELECT id FROM job_profile WHERE pkey = '{key}'")
    comps = []
    for n in (1, 2):
        stack.sql(f"INSERT INTO competence (ckey, name_nl, definition_nl)"
                  f" VALUES ('{key}-{n}', 'Competentie {n}', 'Wat het is.')")
        c = one(stack, f"SELECT id FROM competence WHERE ckey = '{key}-{n}'")
        stack.sql(f"INSERT INTO job_profile_competence (profile_id, competence_id, position)"
                  f" VALUES ({p}, {c}, {n})")
        comps.append(c)
    stack.sql(f"UPDATE employee SET job_profile_id = {p} WHERE id = {ids['eva']}")
    yield comps
    stack.sql(f"UPDATE employee SET job_profile_id = NULLIF({before}, 0) WHERE id = {ids['eva']}")


def answer(stack, cid, key, role, body=None, rating=None, explanation=None):
    val = lambda v: "NULL" if v is None else (str(v) if isinstance(v, int) else f"'{v}'")  # noqa: E731
    stack.sql("INSERT INTO conversation_answer (conversation_id, section_key, role, body, rating,"
              f" explanation) VALUES ({cid}, '{key}', '{role}', {val(body)}, {val(rating)},"
              f" {val(explanation)}) ON DUPLICATE KEY UPDATE body = VALUES(body),"
              " rating = VALUES(rating), explanation = VALUES(explanation), version = version + 1")
    touched(stack)


def competence(stack, cid, comp, role, level, section="comp"):
    stack.sql("INSERT INTO competence_rating (conversation_id, section_key, competence_id, role,"
              f" level) VALUES ({cid}, '{section}', {comp}, '{role}', {level})")
    touched(stack)


def gaps(doc):
    return {s.get("key"): s.get("lacks") for s in doc.xpath("/page/missing/section")}


def test_required_answers_are_checked_at_finalize(stack, dossier, users, profile):
    mark = users("mark")
    asm = dossier["conversations"][2]
    stack.sql(f"UPDATE conversation SET template_version_id = {required_template(stack)}"
              f" WHERE id = {asm}")
    hold(mark, asm)
    # No rating yet, so no proposal: the manager chooses without a reason.
    assert overall(mark, asm, 3).status_code == 303

    with unchanged(stack, ANSWER_TABLES, what="finalizing without the required answers"):
        r = post(mark, f"/conversations/{asm}/finalize", version=version(mark, asm))
        doc = xml(finalize_xml(mark, asm))
    assert r.status_code == 400
    assert gaps(doc) == {"terugblik": "employee manager", "inzet": "manager",
                         "comp": "competences"}
    assert doc.xpath("/page/missing/@overall") == [] and doc.xpath("/page/missing/item") == []
    links = page(r).xpath("//ul[@id='finalize-missing']//a/@href")
    assert links == ["#section-q-terugblik", "#section-q-inzet", "#section-q-comp"]
    for href in links:
        assert page(r).xpath(f"//*[@id='{href[1:]}']"), f"{href} points at no section"
    summary = page(r).xpath("string(//ul[@id='finalize-missing'])")
    assert "Terugblik" in summary and "Inzet" in summary, "each by its title in the form"
    assert one(stack, f"SELECT status FROM conversation WHERE id = {asm}") == "held"

    # Both answer; the manager rates low without explaining, one competence
    # only; eva's self-assessment is no rating of the manager's.
    answer(stack, asm, "terugblik", "employee", body="Het ging goed.")
    answer(stack, asm, "terugblik", "manager", body="Mee eens.")
    answer(stack, asm, "inzet", "manager", rating=2)
    c1, c2 = profile
    competence(stack, asm, c1, "manager", 3)
    competence(stack, asm, c1, "employee", 1)
    with unchanged(stack, ANSWER_TABLES, what="finalizing half answered"):
        doc = xml(finalize_xml(mark, asm))
    assert gaps(doc) == {"inzet": "explanation", "comp": "competences"}
    # The ratings now propose: questions 2 of 1..5 (0.25), competences 3 of
    # 1..4 (2/3), 50/50: 0.4583, 2.83 on 1..5, so 3.  The rating chosen
    # before any proposal must be confirmed for it.
    assert doc.xpath("/page/missing/@stale") == ["1"]
    o = conv_xml(mark, asm).xpath("/page/conversation/outcome")[0]
    assert (o.get("score"), o.get("proposed")) == ("0.4583", "3")
    assert o.xpath("part[@name='competences']/@score") == ["0.6667"], \
        "the employee's self-assessment does not count"

    answer(stack, asm, "inzet", "manager", rating=2, explanation="Te vaak afwezig bij overleg.")
    competence(stack, asm, c2, "manager", 4)
    assert overall(mark, asm, 3).status_code == 303
    r = post(mark, f"/conversations/{asm}/finalize", version=version(mark, asm))
    assert r.status_code == 303, xml(finalize_xml(mark, asm)) if r.status_code == 400 else r
    assert one(stack, f"SELECT status FROM conversation WHERE id = {asm}") == "finalized"


def test_a_required_question_blocks_a_goal_setting_too(stack, dossier, users):
    mark = users("mark")
    gs = dossier["conversations"][0]
    v = required_template(stack)
    stack.sql("INSERT INTO template_section (version_id, conv_type, seq, skey, kind, answered_by,"
              f" required, title_nl) VALUES ({v}, 'goal_setting', 1, 'resultaten', 'result_goals',"
              f" 'both', 0, 'Resultaten'), ({v}, 'goal_setting', 2, 'wens', 'open_question',"
              " 'employee', 1, 'Wat wil je leren?')")
    stack.sql(f"UPDATE conversation SET template_version_id = {v} WHERE id = {gs}")
    hold(mark, gs)
    with unchanged(stack, ANSWER_TABLES, what="finalizing a goal setting without its answer"):
        doc = xml(finalize_xml(mark, gs))
    assert gaps(doc) == {"wens": "employee"}
    answer(stack, gs, "wens", "employee", body="Onderhandelen.")
    assert post(mark, f"/conversations/{gs}/finalize", version=version(mark, gs)).status_code == 303


# ------------------------------------------------ a level valued 0 ------

def test_a_final_level_valued_0_can_be_confirmed_and_finalized(stack, dossier, users):
    """A final scale whose lowest level is valued 0 (template.xsd allows
    0..100): the proposal 0 is a rating like any other, confirmed, stored
    as 0 (not as "none"), shown as confirmed, and the assessment finalizes."""
    mark, eva = users("mark"), users("eva")
    v = custom_template(stack, final=[(0, "onvoldoende"), (1, "voldoende"), (2, "goed")])
    asm = dossier["conversations"][2]
    stack.sql(f"UPDATE conversation SET template_version_id = {v} WHERE id = {asm}")
    # 1 and 1 on the goals' 1..4: 0 and 0, so 0 on the final 0..2.
    asm, _ = rated_assessment(stack, dossier, mark, [1, 1])
    o = conv_xml(mark, asm).xpath("/page/conversation/outcome")[0]
    assert (o.get("score"), o.get("proposed")) == ("0.0000", "0")
    options = page(mark.get(f"/conversations/{asm}")).xpath(
        "//select[@id='overall-rating']/option/@value")
    assert options == ["", "0", "1", "2"]

    assert overall(mark, asm, 0).status_code == 303
    assert stack.sql(f"SELECT overall_rating, outcome_proposed, override_reason IS NULL"
                     f" FROM conversation WHERE id = {asm}") == [("0", "0", "1")]
    o = conv_xml(eva, asm).xpath("/page/conversation/outcome")[0]
    assert (o.get("confirmed"), o.get("proposed_then"), o.get("overridden"), o.get("stale")) == \
        ("0", "0", "0", None)
    chosen = page(mark.get(f"/conversations/{asm}")).xpath(
        "//select[@id='overall-rating']/option[@selected]/@value")
    assert chosen == ["0"], "the form shows the confirmed 0 as chosen"
    r = post(mark, f"/conversations/{asm}/finalize", version=version(mark, asm))
    assert r.status_code == 303, xml(finalize_xml(mark, asm)) if r.status_code == 400 else r
    assert one(stack, f"SELECT status FROM conversation WHERE id = {asm}") == "finalized"
    # The export carries the confirmed 0 too (it read 0 as "none"), valid
    # against report.xsd.
    doc = eva.get("/me/export.xml").content
    checked = subprocess.run(["xmllint", "--noout", "--schema",
                              str(stack.repo / "xslt" / "schema" / "report.xsd"), "-"],
                             input=doc, capture_output=True, timeout=60)
    assert checked.returncode == 0, checked.stderr[-2000:]
    root = etree.fromstring(doc)
    ns = {"r": root.nsmap[None]}
    conv = root.xpath(f"//r:conversation[@id='{asm}']", namespaces=ns)[0]
    assert conv.get("overall_rating") == "0"
    assert conv.xpath("r:outcome/@confirmed", namespaces=ns) == ["0"]


def test_overriding_to_a_level_valued_0_needs_a_reason(stack, dossier, users):
    mark = users("mark")
    v = custom_template(stack, final=[(0, "onvoldoende"), (1, "voldoende"), (2, "goed")])
    asm = dossier["conversations"][2]
    stack.sql(f"UPDATE conversation SET template_version_id = {v} WHERE id = {asm}")
    asm, _ = rated_assessment(stack, dossier, mark, [4, 4])   # proposal 2
    with unchanged(stack, what="an override to 0 without a reason"):
        r = overall(mark, asm, 0)
    assert r.status_code == 400
    assert overall(mark, asm, 0, reason="Afspraken niet nagekomen.").status_code == 303
    assert stack.sql(f"SELECT overall_rating, outcome_proposed, override_reason FROM conversation"
                     f" WHERE id = {asm}") == [("0", "2", "Afspraken niet nagekomen.")]


# ------------------------------------------- the scale of a goal rating --

def goal_scale_template(stack, named):
    """A template version whose assessment's result goals are rated on its
    own scale 10, 20, 30 (named) or on the cycle's 1..5 (not named, as the
    migrated forms are); goals weigh 100, the final scale is the cycle's."""
    key = f"doelschaal{uuid.uuid4().hex[:8]}"
    stack.sql(f"INSERT INTO template (tkey) VALUES ('{key}')")
    t = one(stack, f"SELECT id FROM template WHERE tkey = '{key}'")
    # Goal rules off: these goals carry a title only (the rules have their
    # own tests, test_goal_rules.py).
    stack.sql("INSERT INTO template_version (template_id, number, name_nl,"
              " weight_result_goals, weight_competences, weight_rating_questions,"
              " goal_org_goal, goal_measure, goal_end_date)"
              f" VALUES ({t}, 1, 'Doelschaal', 100, 0, 0, 'optional', 'optional', 'optional')")
    v = one(stack, f"SELECT id FROM template_version WHERE template_id = {t}")
    stack.sql(f"INSERT INTO template_scale (version_id, seq, skey) VALUES ({v}, 1, 'tiental')")
    s = one(stack, f"SELECT id FROM template_scale WHERE version_id = {v}")
    for value, label in ((10, "onder"), (20, "op"), (30, "boven")):
        stack.sql(f"INSERT INTO template_scale_level (scale_id, value, label_nl)"
                  f" VALUES ({s}, {value}, 'verwachting {label}')")
    scale = "'tiental'" if named else "NULL"
    stack.sql("INSERT INTO template_section (version_id, conv_type, seq, skey, kind, scale_key,"
              f" title_nl) VALUES ({v}, 'assessment', 1, 'resultaten', 'result_goals', {scale},"
              " 'Resultaten')")
    return v


def one_goal(stack, dossier, mark, named):
    asm = dossier["conversations"][2]
    stack.sql(f"UPDATE conversation SET template_version_id = {goal_scale_template(stack, named)}"
              f" WHERE id = {asm}")
    title = f"Doel {uuid.uuid4().hex[:6]}"
    assert add_item(mark, asm, title).status_code == 303
    goal = item_id(stack, dossier["id"], title)
    hold(mark, asm)
    return asm, goal


def rate_status(mark, cid, item, rating):
    return post(mark, f"/conversations/{cid}/updates", item=item, rating=str(rating),
                note="Oordeel").status_code


def test_a_goal_is_rated_on_the_scale_its_template_names(stack, dossier, users):
    mark = users("mark")
    asm, goal = one_goal(stack, dossier, mark, named=True)
    options = page(mark.get(f"/conversations/{asm}/items/{goal}/update")).xpath(
        f"//select[@id='upd-{goal}-rating']/option/@value")
    assert options == ["", "10", "20", "30"], "the form offers the template's levels"

    for off in (3, 25):   # a level of the cycle's 1..5; between two levels
        with unchanged(stack, what=f"goal rating {off}, not a level of 10, 20, 30"):
            assert rate_status(mark, asm, goal, off) == 400
    assert rate_status(mark, asm, goal, 20) == 303
    assert one(stack, f"SELECT rating FROM item_update WHERE item_id = {goal}") == "20"
    # The outcome reads the same scale: 20 of 10..30 is 0.5.
    o = conv_xml(mark, asm).xpath("/page/conversation/outcome")[0]
    assert (o.get("status"), o.get("score")) == ("ok", "0.5000")
    text = page(mark.get(f"/conversations/{asm}")).xpath(
        f"string(//*[@id='item-{goal}']//*[@class='rating'])")
    assert "verwachting op (20)" in text, text


def test_a_goal_is_rated_on_the_cycles_scale_when_its_template_names_none(stack, dossier, users):
    mark = users("mark")
    asm, goal = one_goal(stack, dossier, mark, named=False)
    options = page(mark.get(f"/conversations/{asm}/items/{goal}/update")).xpath(
        f"//select[@id='upd-{goal}-rating']/option/@value")
    assert options == ["", "1", "2", "3", "4", "5"]
    with unchanged(stack, what="goal rating 20 on the cycle's 1..5"):
        assert rate_status(mark, asm, goal, 20) == 400
    assert rate_status(mark, asm, goal, 4) == 303
    o = conv_xml(mark, asm).xpath("/page/conversation/outcome")[0]
    assert (o.get("status"), o.get("score")) == ("ok", "0.7500")


# ------------------------------------------- two competence sections --

def two_competence_template(stack):
    """An assessment form with two required competence sections, both the
    manager's on 1..4: the job profile's competences are rated twice, once
    for each (craft and conduct, say); competences weigh 100."""
    key = f"tweecomp{uuid.uuid4().hex[:8]}"
    stack.sql(f"INSERT INTO template (tkey) VALUES ('{key}')")
    t = one(stack, f"SELECT id FROM template WHERE tkey = '{key}'")
    stack.sql("INSERT INTO template_version (template_id, number, name_nl,"
              " weight_result_goals, weight_competences, weight_rating_questions)"
              f" VALUES ({t}, 1, 'Twee competentiedelen', 0, 100, 0)")
    v = one(stack, f"SELECT id FROM template_version WHERE template_id = {t}")
    stack.sql(f"INSERT INTO template_scale (version_id, seq, skey) VALUES ({v}, 1, 'vier')")
    s = one(stack, f"SELECT id FROM template_scale WHERE version_id = {v}")
    for value in range(1, 5):
        stack.sql(f"INSERT INTO template_scale_level (scale_id, value, label_nl)"
                  f" VALUES ({s}, {value}, 'niveau {value}')")
    stack.sql("INSERT INTO template_section (version_id, conv_type, seq, skey, kind, answered_by,"
              " required, scale_key, title_nl) VALUES"
              f" ({v}, 'assessment', 1, 'vakmanschap', 'competences', 'manager', 1, 'vier',"
              "  'Vakmanschap'),"
              f" ({v}, 'assessment', 2, 'gedrag', 'competences', 'manager', 1, 'vier', 'Gedrag')")
    return v


def rate_competence(who, cid, section, comp, level, **extra):
    return post(who, f"/conversations/{cid}/answers", section=section, competence=str(comp),
                rating=str(level), **extra)


def competence_ratings(stack, cid):
    return stack.sql("SELECT section_key, competence_id, role, level, version FROM competence_rating"
                     f" WHERE conversation_id = {cid} ORDER BY section_key, competence_id, role")


def shown_levels(who, cid):
    doc = conv_xml(who, cid)
    return {(s.get("key"), c.get("id")): r.get("rating")
            for s in doc.xpath("/page/conversation/form_template/section[@kind='competences']")
            for c in s.xpath("competence") for r in c.xpath("rating[@role='manager']")}


def test_two_competence_sections_keep_their_own_ratings(stack, dossier, users, profile):
    mark = users("mark")
    asm = dossier["conversations"][2]
    stack.sql(f"UPDATE conversation SET template_version_id = {two_competence_template(stack)}"
              f" WHERE id = {asm}")
    hold(mark, asm)
    c1, c2 = (str(c) for c in profile)

    assert rate_competence(mark, asm, "vakmanschap", c1, 2).status_code == 303
    assert rate_competence(mark, asm, "gedrag", c1, 4).status_code == 303
    assert competence_ratings(stack, asm) == [("gedrag", c1, "manager", "4", "1"),
                                              ("vakmanschap", c1, "manager", "2", "1")]
    assert shown_levels(mark, asm) == {("vakmanschap", c1): "2", ("gedrag", c1): "4"}

    # A change in one section leaves the other's rating alone.
    assert rate_competence(mark, asm, "gedrag", c1, 3, version="1").status_code == 303
    assert competence_ratings(stack, asm) == [("gedrag", c1, "manager", "3", "2"),
                                              ("vakmanschap", c1, "manager", "2", "1")]

    # Each section is complete on its own: c2 rated in one of them only.
    assert rate_competence(mark, asm, "vakmanschap", c2, 4).status_code == 303
    with unchanged(stack, ANSWER_TABLES, what="finalizing with a competence section half rated"):
        doc = xml(finalize_xml(mark, asm))
    assert gaps(doc) == {"gedrag": "competences"}
    # The outcome weighs the three ratings: 1/3, 2/3 (gedrag's 3) and 1.
    o = conv_xml(mark, asm).xpath("/page/conversation/outcome")[0]
    assert o.xpath("part[@name='competences']/@score") == ["0.6667"]


def migration_079(stack):
    """The statements of sql/079, comment lines left out."""
    text = (stack.repo / "sql" / "079_competence_rating_section.sql").read_text()
    body = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    return [s.strip() for s in body.split(";") if s.strip()]


def test_079_gives_each_old_rating_its_forms_competence_section(stack, dossier, profile):
    """Ratings made before 079 (no section) get the one competence section
    of their conversation's template version and type, '' where that form
    has none; a rerun changes nothing."""
    gs, _, asm = dossier["conversations"]
    stack.sql(f"UPDATE conversation SET template_version_id = {required_template(stack)}"
              f" WHERE id IN ({gs}, {asm})")
    c1, _ = profile
    stack.sql("ALTER TABLE competence_rating MODIFY section_key VARCHAR(40) NULL")
    try:
        stack.sql("INSERT INTO competence_rating (conversation_id, section_key, competence_id,"
                  f" role, level) VALUES ({asm}, NULL, {c1}, 'manager', 3),"
                  f" ({gs}, NULL, {c1}, 'employee', 2)")
        for _ in range(2):
            for stmt in migration_079(stack):
                stack.sql(stmt)
    finally:
        stack.sql("ALTER TABLE competence_rating MODIFY section_key VARCHAR(40) NOT NULL")
    assert stack.sql("SELECT conversation_id, section_key, level FROM competence_rating"
                     f" WHERE conversation_id IN ({gs}, {asm}) ORDER BY conversation_id") == \
        [(str(gs), "", "2"), (str(asm), "comp", "3")]


# ------------------------------------------------------ the view's cost --

def test_the_outcome_adds_at_most_one_statement_to_a_view(stack, dossier, users):
    """The form reads the template version once, for itself and the
    outcome; the outcome reads what it weighs in one tagged statement
    (store/outcome.c q_view).  So an assessment's view, with its outcome,
    costs at most one statement more than the goal setting's of the same
    dossier, on the same form (it cost four more when the outcome read the
    template again and the conversation apart)."""
    mark = users("mark")
    gs, _, asm = dossier["conversations"]
    rated_assessment(stack, dossier, mark, [4, 3])
    assert conv_xml(mark, asm).xpath("/page/conversation/outcome/@status") == ["ok"]
    assessment = statements_per_view(stack, mark, f"/conversations/{asm}")
    goal_setting = statements_per_view(stack, mark, f"/conversations/{gs}")
    assert assessment - goal_setting <= 1, (assessment, goal_setting)
