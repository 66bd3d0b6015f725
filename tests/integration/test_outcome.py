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

import uuid

import pytest

from convtools import (Users, add_item, conv_xml, csrf, item_id, make_dossier, people, post,
                       unchanged, version)
from helpers import page, xml

XML = {"Accept": "application/xml"}


@pytest.fixture
def ids(stack):
    return people(stack)


@pytest.fixture
def users(new_session):
    return Users(new_session)


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

def custom_template(stack):
    """A template version weighing goals 60 and competences 40, result goals
    on its own scale 1..4 and the final rating on 1, 5, 10 (values, not ranks)."""
    key = f"uitkomst{uuid.uuid4().hex[:8]}"
    stack.sql(f"INSERT INTO template (tkey) VALUES ('{key}')")
    t = one(stack, f"SELECT id FROM template WHERE tkey = '{key}'")
    stack.sql("INSERT INTO template_version (template_id, number, name_nl, final_scale_key,"
              " weight_result_goals, weight_competences, weight_rating_questions)"
              f" VALUES ({t}, 1, 'Uitkomsttest', 'eind', 60, 40, 0)")
    v = one(stack, f"SELECT id FROM template_version WHERE template_id = {t}")
    for seq, skey, levels in ((1, "doel", [(1, "slecht"), (2, "matig"), (3, "goed"), (4, "top")]),
                              (2, "eind", [(1, "laag"), (5, "midden"), (10, "hoog")])):
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
