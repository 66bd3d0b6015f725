"""The second assessor (tweede beoordelaar, issue 17), over real HTTP.

A template version may ask for a second assessor of the assessment.  When
the manager finalizes, the conversation names one -- the department's
named person, else the manager's manager (sanne, over mark) -- and waits:

  approve   the employee may sign only after it;
  return    back to the manager (held) with a reason; the manager edits and
            finalizes again, which asks the second assessor again;
  change    an item rating or the overall rating, with a required reason;
            the old and new value, the reason and its author are on the
            employee's page, in the signed snapshot (its SHA-256 holds);
            the summaries follow (verify --summaries).

Every refusal is checked for its side effects (convtools.unchanged): a
stranger, the employee, the manager and HR cannot approve, return or
change; a missing reason, a rating off the scale, the same rating, a move
in the wrong state change nothing.  Reads by the second assessor are in
the audit trail, once a day."""

import hashlib

import pytest
from lxml import etree

from convtools import conv_xml, make_dossier, people, post, unchanged, version
from helpers import page, xml
from reviewtools import events, finalize, held_assessment, one, review_row
from summaries import assert_recount_equal, rebuild_summaries

REVIEW_TABLES = ("item", "item_update", "conversation", "signature", "snapshot",
                 "review_event", "department")


@pytest.fixture(scope="module", autouse=True)
def fresh_summaries(stack):
    rebuild_summaries(stack)


@pytest.fixture
def ids(stack):
    return people(stack)


@pytest.fixture
def dossier(stack, ids):
    return make_dossier(stack, ids, prefix="Tweede")


def review_of(s, cid):
    doc = conv_xml(s, cid)
    r = doc.xpath("/page/conversation/review")
    return doc, (r[0] if r else None)


def test_finalize_asks_the_managers_manager(stack, ids, dossier, users):
    mark, eva, sanne = users("mark"), users("eva"), users("sanne")
    cid, _ = held_assessment(stack, dossier, mark)
    finalize(mark, cid)
    assert review_row(stack, cid) == ("finalized", "pending", ids["sanne"])
    # The second assessor's dashboard lists it, with a way to the form.
    dash = xml(sanne.get("/.xml"))
    assert dash.xpath(f"//reviews/conversation[@id='{cid}']/@employee") != []
    doc, r = review_of(sanne, cid)
    assert r.get("state") == "pending" and r.get("mine") == "1"
    # Nobody else sees the forms; the employee may not sign yet.
    for who in ("eva", "mark"):
        doc, r = review_of(users(who), cid)
        assert r.get("mine") is None
        assert doc.xpath("/page/conversation/may/@sign") == []
    with unchanged(stack, REVIEW_TABLES, "a signature before the approval"):
        r = post(eva, f"/conversations/{cid}/sign", verdict="agree")
        assert r.status_code == 403


def test_without_a_second_assessor_the_employee_signs_at_once(stack, ids, dossier, users):
    mark, eva = users("mark"), users("eva")
    cid, _ = held_assessment(stack, dossier, mark, required=False)
    finalize(mark, cid)
    assert review_row(stack, cid) == ("finalized", "none", 0)
    assert xml(users("sanne").get("/.xml")).xpath(f"//reviews/conversation[@id='{cid}']") == []
    assert post(eva, f"/conversations/{cid}/sign", verdict="agree").status_code == 303


def test_a_department_names_its_second_assessor(stack, ids, dossier, users, new_session):
    mark, hanna, daan = users("mark"), users("hanna"), users("daan")
    dept = int(one(stack, f"SELECT department_id FROM employee WHERE id = {ids['eva']}"))
    path = f"/admin/departments/{dept}/second-assessor"

    def dept_version():
        return one(stack, f"SELECT version FROM department WHERE id = {dept}")

    # An unknown login is refused and names nobody.
    with unchanged(stack, ("department", "audit"), "an unknown second assessor"):
        r = post(hanna, path, version=dept_version(), login="niemand-bestaat")
        assert r.status_code == 400
        assert "geen actieve medewerker" in r.text
    # Only HR names one.
    with unchanged(stack, ("department", "audit"), "a manager naming a second assessor"):
        assert post(mark, path, version=dept_version(), login="daan").status_code == 403
    try:
        assert post(hanna, path, version=dept_version(), login="daan").status_code == 303
        page = hanna.get(f"/admin/departments/{dept}")
        assert "daan" in page.text
        cid, _ = held_assessment(stack, dossier, mark)
        finalize(mark, cid)
        assert review_row(stack, cid) == ("finalized", "pending", ids["daan"])
        assert review_of(daan, cid)[1].get("mine") == "1"
        # The manager's manager is not the one asked now.
        with unchanged(stack, REVIEW_TABLES, "the manager's manager approving for the named one"):
            r = post(users("sanne"), f"/conversations/{cid}/review/approve")
            assert r.status_code == 403
    finally:
        post(hanna, path, version=dept_version(), login="")
    assert one(stack, f"SELECT COALESCE(second_assessor_id, 0) FROM department WHERE id = {dept}") == "0"


def test_return_with_a_reason_and_finalize_again(stack, ids, dossier, users):
    mark, sanne = users("mark"), users("sanne")
    cid, goals = held_assessment(stack, dossier, mark)
    finalize(mark, cid)
    # A return needs its reason.
    with unchanged(stack, REVIEW_TABLES, "a return without a reason"):
        r = post(sanne, f"/conversations/{cid}/review/return", version=version(sanne, cid))
        assert r.status_code == 400
    r = post(sanne, f"/conversations/{cid}/review/return", version=version(sanne, cid),
             reason="Onderbouw doel 1 beter")
    assert r.status_code == 303
    assert review_row(stack, cid) == ("held", "returned", ids["sanne"])
    assert events(stack, cid) == [("return", "", 0, "", "", "Onderbouw doel 1 beter", ids["sanne"])]
    # Not pending: nothing more for the second assessor until it comes back.
    with unchanged(stack, REVIEW_TABLES, "an approval of a returned assessment"):
        assert post(sanne, f"/conversations/{cid}/review/approve").status_code == 403
    # The manager sees the reason, edits and finalizes again.
    doc, r = review_of(mark, cid)
    assert r.xpath("event[@action='return']/reason/text()") == ["Onderbouw doel 1 beter"]
    assert doc.xpath("/page/conversation/may/@edit") == ["1"]
    # ... at the top of the page, not only in the record at the bottom
    notice = page(mark.get(f"/conversations/{cid}")).xpath("//div[contains(@class,'review-returned')]")
    assert len(notice) == 1
    assert "Sanne Bakker" in notice[0].text_content()
    assert "Onderbouw doel 1 beter" in notice[0].text_content()
    r = post(mark, f"/conversations/{cid}/updates", item=goals[0], rating="4", note="Beter onderbouwd")
    assert r.status_code == 303
    r = post(mark, f"/conversations/{cid}/overall", version=version(mark, cid), rating="4",
             note="Eindoordeel")
    assert r.status_code == 303
    finalize(mark, cid)
    assert review_row(stack, cid) == ("finalized", "pending", ids["sanne"])
    # Waiting again: the top says so, and the returned notice is gone.
    top = page(mark.get(f"/conversations/{cid}"))
    assert "wacht op de tweede beoordelaar" in top.xpath("string(//div[contains(@class,'alert')][.//a[@href='#review']])")
    assert top.xpath("//div[contains(@class,'review-returned')]") == []


def test_change_a_rating_needs_a_reason_and_a_level(stack, ids, dossier, users):
    mark, sanne, eva = users("mark"), users("sanne"), users("eva")
    cid, goals = held_assessment(stack, dossier, mark, ratings=(3, 4), overall=4)
    finalize(mark, cid)
    path = f"/conversations/{cid}/review/change"
    refused = [
        dict(target="item", target_id=str(goals[0]), rating="2"),             # no reason
        dict(target="item", target_id=str(goals[0]), rating="9", reason="x"),  # off the scale
        dict(target="item", target_id=str(goals[0]), rating="3", reason="x"),  # the same
        dict(target="item", rating="2", reason="x"),                           # which item?
        dict(target="overall", rating="0", reason="x"),                        # off the scale
    ]
    v = version(sanne, cid)     # read (and its audit row) before the checksums
    for fields in refused:
        with unchanged(stack, REVIEW_TABLES + ("audit",), f"a refused change {fields}"):
            r = post(sanne, path, version=v, **fields)
            assert r.status_code == 400, (fields, r.status_code)
    # An item of another dossier is no rating of this conversation.
    other = make_dossier(stack, ids, prefix="Ander")
    ocid, ogoals = held_assessment(stack, other, mark)
    with unchanged(stack, REVIEW_TABLES, "a change of another dossier's goal"):
        r = post(sanne, path, version=version(sanne, cid), target="item",
                 target_id=str(ogoals[0]), rating="2", reason="x")
        assert r.status_code == 400
    r = post(sanne, path, version=version(sanne, cid), target="item", target_id=str(goals[0]),
             rating="2", reason="Doel 1 is niet gehaald")
    assert r.status_code == 303
    assert one(stack, f"SELECT rating FROM item_update WHERE item_id = {goals[0]}"
               f" AND conversation_id = {cid}") == "2"
    r = post(sanne, path, version=version(sanne, cid), target="overall", rating="3",
             reason="Past bij de doelen")
    assert r.status_code == 303
    assert one(stack, f"SELECT overall_rating FROM conversation WHERE id = {cid}") == "3"
    assert events(stack, cid) == [
        ("change", "item", goals[0], "3", "2", "Doel 1 is niet gehaald", ids["sanne"]),
        ("change", "overall", 0, "4", "3", "Past bij de doelen", ids["sanne"]),
    ]
    # Still waiting for the approval; the employee sees each change.
    assert review_row(stack, cid) == ("finalized", "pending", ids["sanne"])
    doc, r = review_of(eva, cid)
    ev = r.xpath("event[@action='change']")
    assert [(e.get("target"), e.get("old"), e.get("new"), e.get("author"), e.findtext("reason"))
            for e in ev] == [("item", "3", "2", "Sanne Bakker", "Doel 1 is niet gehaald"),
                             ("overall", "4", "3", "Sanne Bakker", "Past bij de doelen")]
    html = eva.get(f"/conversations/{cid}").text
    assert "Doel 1 is niet gehaald" in html and "Past bij de doelen" in html
    # The outcome does not say the manager chose the changed overall rating.
    decision = page(eva.get(f"/conversations/{cid}")).xpath("string(//*[@id='outcome-decision'])")
    assert "na het definitief opslaan gewijzigd" in decision
    assert "De leidinggevende heeft" not in decision
    assert_recount_equal(stack, "a second assessor's changes")


@pytest.mark.parametrize("who", ["daan", "eva", "mark", "hanna"])
def test_only_the_second_assessor_moves(stack, ids, dossier, users, who):
    mark = users("mark")
    cid, goals = held_assessment(stack, dossier, mark)
    finalize(mark, cid)
    s = users(who)
    for path, fields in (("approve", {}), ("return", {"reason": "Nee"}),
                         ("change", {"target": "overall", "rating": "2", "reason": "Nee"}),
                         ("change", {"target": "item", "target_id": str(goals[0]),
                                     "rating": "1", "reason": "Nee"})):
        with unchanged(stack, REVIEW_TABLES + ("audit",), f"{who} {path}"):
            r = post(s, f"/conversations/{cid}/review/{path}", **fields)
            assert r.status_code == 403, (who, path, r.status_code)
    assert review_row(stack, cid) == ("finalized", "pending", ids["sanne"])


def test_a_stale_version_conflicts(stack, ids, dossier, users):
    mark, sanne = users("mark"), users("sanne")
    cid, _ = held_assessment(stack, dossier, mark)
    finalize(mark, cid)
    old = version(sanne, cid)
    assert post(sanne, f"/conversations/{cid}/review/change", version=old, target="overall",
                rating="2", reason="Lager").status_code == 303
    with unchanged(stack, REVIEW_TABLES, "an approval of a form shown before a change"):
        assert post(sanne, f"/conversations/{cid}/review/approve", version=old).status_code == 409


def test_approve_sign_and_the_snapshot_holds_the_change(stack, ids, dossier, users):
    mark, sanne, eva = users("mark"), users("sanne"), users("eva")
    cid, goals = held_assessment(stack, dossier, mark, ratings=(3, 4), overall=4)
    finalize(mark, cid)
    assert post(sanne, f"/conversations/{cid}/review/change", version=version(sanne, cid),
                target="item", target_id=str(goals[1]), rating="5",
                reason="Uitzonderlijk resultaat").status_code == 303
    assert post(sanne, f"/conversations/{cid}/review/approve",
                version=version(sanne, cid)).status_code == 303
    assert review_row(stack, cid) == ("finalized", "approved", ids["sanne"])
    # Approved: no further change.
    with unchanged(stack, REVIEW_TABLES, "a change after the approval"):
        assert post(sanne, f"/conversations/{cid}/review/change", target="overall", rating="2",
                    reason="Toch niet").status_code == 403
    assert post(eva, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    assert post(mark, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    body, sha = stack.sql(f"SELECT HEX(xml), sha256 FROM snapshot WHERE conversation_id = {cid}")[0]
    body = bytes.fromhex(body)
    assert hashlib.sha256(body).hexdigest() == sha
    snap = etree.fromstring(body)
    ev = snap.xpath("//conversation/review/event")
    assert [(e.get("action"), e.get("target"), e.get("old"), e.get("new"), e.get("author"),
             e.findtext("reason")) for e in ev] == [
        ("change", "item", "4", "5", "Sanne Bakker", "Uitzonderlijk resultaat"),
        ("approve", None, None, None, "Sanne Bakker", None)]
    assert snap.xpath("//conversation/review/@mine") == []
    # The signed report served to the employee is that snapshot.
    signed = eva.get(f"/conversations/{cid}/signed.xml")
    assert signed.status_code == 200 and signed.content == body
    # The closed report on the employee's page shows the change too.
    html = eva.get(f"/conversations/{cid}").text
    assert "Uitzonderlijk resultaat" in html and "Sanne Bakker" in html


def test_reads_by_the_second_assessor_are_audited_once_a_day(stack, ids, dossier, users):
    mark, sanne = users("mark"), users("sanne")
    cid, _ = held_assessment(stack, dossier, mark)
    finalize(mark, cid)

    def reads():
        return stack.sql("SELECT kind, object_id FROM read_audit WHERE"
                         f" reader_id = {ids['sanne']} AND ((kind = 'conversation'"
                         f" AND object_id = {cid}) OR (kind = 'dossier'"
                         f" AND object_id = {dossier['id']}))")

    assert reads() == []
    assert sanne.get(f"/conversations/{cid}").status_code == 200
    assert sanne.get(f"/conversations/{cid}.xml").status_code == 200
    assert sanne.get(f"/dossiers/{dossier['id']}").status_code == 200
    assert sorted(reads()) == sorted([("conversation", str(cid)), ("dossier", str(dossier["id"]))])
    # The parties' own reads are not recorded as a second assessor's.
    assert stack.sql("SELECT COUNT(*) FROM read_audit"
                     f" WHERE reader_id IN ({ids['mark']}, {ids['eva']})")[0][0] == "0"


def test_the_template_xml_and_editor_carry_the_demand(stack, users):
    """second-assessor="true" on <outcome>: imported into the version,
    exported again, shown checked in the editor; a file without it asks
    for none (the schema's default)."""
    import tempfile
    import uuid as _uuid
    src = (stack.repo / "conf" / "templates" / "kwartaal.xml").read_text()
    key = f"tweede-xml-{_uuid.uuid4().hex[:6]}"
    plain_key = key + "-zonder"
    for k, attr in ((key, ' second-assessor="true"'), (plain_key, "")):
        text = src.replace('key="kwartaal"', f'key="{k}"', 1)
        text = text.replace('<outcome final-scale="drie">', f'<outcome final-scale="drie"{attr}>', 1)
        with tempfile.NamedTemporaryFile("w", suffix=".xml") as f:
            f.write(text)
            f.flush()
            stack.ctl("template", "import", f.name)
    flag = ("SELECT tv.second_assessor FROM template_version tv JOIN template t"
            " ON t.id = tv.template_id WHERE t.tkey = '{}'")
    assert one(stack, flag.format(key)) == "1"
    assert one(stack, flag.format(plain_key)) == "0"
    assert 'second-assessor="true"' in stack.ctl("template", "export", key).stdout
    assert "second-assessor" not in stack.ctl("template", "export", plain_key).stdout
    tid = one(stack, f"SELECT id FROM template WHERE tkey = '{key}'")
    editor = xml(users("hanna").get(f"/admin/templates/{tid}/edit.xml"))
    assert editor.xpath("/page/editor/@second_assessor") == ["1"]
    shown = users("hanna").get(f"/admin/templates/{tid}").text
    assert "Tweede beoordelaar vereist" in shown


def test_change_a_rating_question_and_a_competence(stack, ids, dossier, users):
    """The manager's rating of a rating question and of a competence: each
    changed with a reason, on its section's scale; off the scale, of a
    section that is not one, or of a competence not rated, refused and
    nothing changed."""
    mark, sanne, eva = users("mark"), users("sanne"), users("eva")
    cid, _ = held_assessment(stack, dossier, mark, rated_sections=True)
    comp = one(stack, "SELECT MIN(id) FROM competence")
    other = one(stack, f"SELECT MAX(id) FROM competence WHERE id <> {comp}")
    # The manager's answers, as the form writes them (test_outcome.py's way).
    stack.sql("INSERT INTO conversation_answer (conversation_id, section_key, role, rating)"
              f" VALUES ({cid}, 'inzet', 'manager', 2)")
    stack.sql("INSERT INTO competence_rating (conversation_id, section_key, competence_id, role,"
              f" level) VALUES ({cid}, 'comp', {comp}, 'manager', 3)")
    finalize(mark, cid)
    path = f"/conversations/{cid}/review/change"
    v = version(sanne, cid)
    refused = [
        dict(target="question", rating="4", reason="x"),                              # no section
        dict(target="question", section="inzet", rating="6", reason="x"),             # off the scale
        dict(target="question", section="resultaten", rating="4", reason="x"),        # not a question
        dict(target="competence", section="comp", rating="4", reason="x"),            # which one?
        dict(target="competence", section="comp", target_id=str(other), rating="4",
             reason="x"),                                                             # not rated
        dict(target="competence", section="comp", target_id=str(comp), rating="3",
             reason="x"),                                                             # the same
    ]
    for fields in refused:
        with unchanged(stack, REVIEW_TABLES + ("audit",), f"a refused change {fields}"):
            r = post(sanne, path, version=v, **fields)
            assert r.status_code == 400, (fields, r.status_code)
    assert post(sanne, path, version=v, target="question", section="inzet", rating="4",
                reason="Meer inzet dan gezien").status_code == 303
    assert post(sanne, path, version=version(sanne, cid), target="competence", section="comp",
                target_id=str(comp), rating="5", reason="Sterk in samenwerken").status_code == 303
    assert one(stack, "SELECT rating FROM conversation_answer WHERE conversation_id ="
                      f" {cid} AND section_key = 'inzet' AND role = 'manager'") == "4"
    assert one(stack, "SELECT level FROM competence_rating WHERE conversation_id ="
                      f" {cid} AND competence_id = {comp} AND role = 'manager'") == "5"
    assert events(stack, cid) == [
        ("change", "question", 0, "2", "4", "Meer inzet dan gezien", ids["sanne"]),
        ("change", "competence", int(comp), "3", "5", "Sterk in samenwerken", ids["sanne"]),
    ]
    doc, r = review_of(eva, cid)
    assert [(e.get("target"), e.get("section"), e.get("old"), e.get("new"), e.findtext("reason"))
            for e in r.xpath("event")] == [
        ("question", "inzet", "2", "4", "Meer inzet dan gezien"),
        ("competence", "comp", "3", "5", "Sterk in samenwerken")]
    html = sanne.get(f"/conversations/{cid}").text
    assert 'id="review-change-q-inzet"' in html
