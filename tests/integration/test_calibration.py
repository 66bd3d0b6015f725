"""Calibration (kalibratie, issue 17), over real HTTP.

A fresh cycle holds the assessments of five people under Directie: eva,
daan and lotte (Binnendienst, manager mark), jesse and sophie
(Klantenservice, manager iris).  eva's, daan's, jesse's and sophie's are
finalized with a final rating and unsigned: the ratings managers have
proposed; lotte's is only held and one more of mark's (noor's) is signed
by the employee already -- neither is proposed.

  the view     GET /calibration?cycle=&department= counts per manager and
               level what a recount in SQL counts, and lists the people;
               a manager sees only departments where they manage people,
               an HR advisor (hanna reads all) any;
  the round    open, propose with a required reason, the manager accepts
               (the final rating changes, the employee sees who changed it
               and why, the summaries follow) or rejects, close (waiting
               proposals expire); every step audited;
  refusals     no reason, off the scale, the same rating, another
               department's conversation, one signed meanwhile, a second
               proposal while one waits, the wrong person: nothing written;
  snapshot     an accepted change is in the signed snapshot, whose SHA-256
               holds."""

import hashlib
import uuid

import pytest
from lxml import etree

from convtools import make_dossier, people, post, unchanged
from helpers import xml
from reviewtools import finalize, held_assessment, one
from summaries import assert_recount_equal, keep_summaries, rebuild_summaries

CAL_TABLES = ("calibration_round", "calibration_proposal", "conversation", "review_event",
              "audit", "signature")
LOGINS = ("eva", "daan", "lotte", "noor", "jesse", "sophie", "mark", "iris", "sanne", "hanna")


@pytest.fixture(scope="module", autouse=True)
def fresh_summaries(stack):
    rebuild_summaries(stack)


@pytest.fixture
def ids(stack):
    names = ", ".join(f"'{p}'" for p in LOGINS)
    return {n: int(i) for n, i in stack.sql(f"SELECT login, id FROM employee WHERE login IN ({names})")}


def dept(stack, name):
    return int(one(stack, f"SELECT id FROM department WHERE name = '{name}'"))


def assessment(stack, cycle, who, manager, ids, status, rating):
    """A dossier of `who` in the cycle with one assessment in `status`
    with final rating `rating` (None: none).  Returns the conversation."""
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES"
              f" ({cycle}, {ids[who]}, {ids[manager]})")
    d = one(stack, f"SELECT id FROM dossier WHERE cycle_id = {cycle} AND employee_id = {ids[who]}")
    r = "NULL" if rating is None else rating
    stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on, status, overall_rating,"
              f" held_on, employee_shared, manager_shared) VALUES ({d}, 'assessment', 1,"
              f" '2027-12-15', '{status}', {r}, '2027-12-01', 1, 1)")
    return int(one(stack, f"SELECT id FROM conversation WHERE dossier_id = {d}"))


@pytest.fixture
def cal(stack, ids):
    """The cycle described at the top; eva's assessment is make_dossier's."""
    dos = make_dossier(stack, ids, prefix="Kalibratie")
    cycle = dos["cycle"]
    convs = {"eva": dos["conversations"][2]}
    stack.sql(f"UPDATE conversation SET status = 'finalized', overall_rating = 4,"
              f" held_on = '2027-12-01' WHERE id = {convs['eva']}")
    for who, manager, status, rating in (("daan", "mark", "finalized", 3),
                                         ("lotte", "mark", "held", 5),
                                         ("noor", "mark", "finalized", 2),
                                         ("jesse", "iris", "finalized", 4),
                                         ("sophie", "iris", "finalized", 2)):
        convs[who] = assessment(stack, cycle, who, manager, ids, status, rating)
    stack.sql(f"INSERT INTO signature (conversation_id, employee_id, role, verdict, round)"
              f" VALUES ({convs['noor']}, {ids['noor']}, 'employee', 'agree', 1)")
    keep_summaries(stack, cycle)
    return {"cycle": cycle, "conv": convs, "dossier": dos["id"]}


def view(s, cycle, department):
    return s.get(f"/calibration.xml?cycle={cycle}&department={department}")


def recount(stack, cycle, department):
    """(manager id, rating) -> how many, counted in SQL the long way: the
    unsigned finalized assessments of the department and below."""
    rows = stack.sql(
        "SELECT d.manager_id, c.overall_rating, COUNT(*) FROM dossier d"
        " JOIN employee e ON e.id = d.employee_id"
        " JOIN department_ancestor da ON da.dep = e.department_id AND da.up = " + str(department) +
        " JOIN conversation c ON c.dossier_id = d.id AND c.type = 'assessment'"
        " AND c.status = 'finalized' AND c.overall_rating IS NOT NULL"
        f" WHERE d.cycle_id = {cycle} AND NOT EXISTS (SELECT 1 FROM signature s"
        " WHERE s.conversation_id = c.id AND s.role = 'employee' AND s.voided_at IS NULL)"
        " GROUP BY d.manager_id, c.overall_rating")
    return {(int(m), int(r)): int(n) for m, r, n in rows}


def shown(doc):
    """(manager id, level) -> count, as the page's tables say (zeros left out)."""
    out = {}
    for m in doc.xpath("/page/calibration/scale/manager"):
        for c in m.xpath("count"):
            if int(c.get("n")):
                out[(int(m.get("id")), int(c.get("value")))] = int(c.get("n"))
    return out


def open_round(s, cycle, department):
    r = post(s, "/calibration/rounds", cycle=str(cycle), department=str(department))
    assert r.status_code == 303, r.status_code
    return r


def round_id(stack, cycle, department):
    return int(one(stack, f"SELECT id FROM calibration_round WHERE cycle_id = {cycle}"
                          f" AND department_id = {department} AND status = 'open'"))


def proposal(stack, cid):
    return stack.sql("SELECT id, status, old_rating, new_rating, reason, author_id"
                     f" FROM calibration_proposal WHERE conversation_id = {cid} ORDER BY id")


def pv(stack, pid):
    """A proposal's version, as the manager's forms send it."""
    return one(stack, f"SELECT version FROM calibration_proposal WHERE id = {pid}")


def rating(stack, cid):
    return one(stack, f"SELECT overall_rating FROM conversation WHERE id = {cid}")


def test_view_counts_equal_a_recount(stack, ids, cal, users):
    top = dept(stack, "Directie")
    doc = xml(view(users("hanna"), cal["cycle"], top))
    want = recount(stack, cal["cycle"], top)
    assert want == {(ids["mark"], 4): 1, (ids["mark"], 3): 1, (ids["iris"], 4): 1,
                    (ids["iris"], 2): 1}
    assert shown(doc) == want
    # Side by side: one column per manager, every level of the cycle's
    # scale (1..5) a row, the totals the sums.
    scale = doc.xpath("/page/calibration/scale[@id='0']")[0]
    assert [int(v) for v in scale.xpath("level/@value")] == [1, 2, 3, 4, 5]
    assert sorted(int(m) for m in scale.xpath("manager/@id")) == sorted([ids["mark"], ids["iris"]])
    for m in scale.xpath("manager"):
        assert int(m.get("total")) == sum(n for (mid, _), n in want.items() if mid == int(m.get("id")))
    # The people behind the numbers: the proposed ones, not lotte (held)
    # nor noor (signed).
    names = sorted(doc.xpath("/page/calibration/people/person/@name"))
    assert names == sorted(["Eva de Vries", "Daan Smit", "Jesse van Leeuwen", "Sophie Dekker"])
    html = users("hanna").get(f"/calibration?cycle={cal['cycle']}&department={top}").text
    assert "Jesse van Leeuwen" in html and 'id="dist-0"' in html
    # A sub-department counts its own part.
    sub = dept(stack, "Binnendienst")
    assert shown(xml(view(users("hanna"), cal["cycle"], sub))) == recount(stack, cal["cycle"], sub)
    # The advisor's read of the people list is in the read audit.
    assert stack.sql(f"SELECT COUNT(*) FROM read_audit WHERE reader_id = {ids['hanna']}"
                     f" AND kind = 'people' AND object_id = {cal['cycle']}"
                     " AND what LIKE 'calibration %'")[0][0] != "0"


def test_a_manager_sees_the_departments_where_they_manage_people(stack, ids, cal, users):
    mark, iris, sanne = users("mark"), users("iris"), users("sanne")
    binnen, klant, top = dept(stack, "Binnendienst"), dept(stack, "Klantenservice"), dept(stack, "Directie")
    assert view(mark, cal["cycle"], binnen).status_code == 200
    assert view(mark, cal["cycle"], top).status_code == 200
    assert view(iris, cal["cycle"], klant).status_code == 200
    # Names of the other manager's people too: calibration compares them.
    doc = xml(view(iris, cal["cycle"], top))
    assert "Eva de Vries" in doc.xpath("/page/calibration/people/person/@name")
    # Not where they manage nobody in the cycle (sanne manages mark and
    # iris, but no dossier of this cycle names her).
    for s, d in ((iris, binnen), (mark, klant), (sanne, top), (sanne, binnen)):
        assert view(s, cal["cycle"], d).status_code == 403
    # The choice lists only those departments.
    doc = xml(iris.get(f"/calibration.xml?cycle={cal['cycle']}"))
    listed = {int(i) for i in doc.xpath("/page/calibration/departments/department/@id")}
    assert klant in listed and top in listed and binnen not in listed
    # Employees see nothing, not even the page.
    for who in ("eva", "daan"):
        assert users(who).get("/calibration").status_code == 403
        assert view(users(who), cal["cycle"], binnen).status_code == 403


def test_round_propose_accept_reject_close(stack, ids, cal, users, tmp_path):
    from test_export_template import validate
    hanna, mark, iris, eva = users("hanna"), users("mark"), users("iris"), users("eva")
    top = dept(stack, "Directie")
    cycle, conv = cal["cycle"], cal["conv"]
    open_round(hanna, cycle, top)
    rid = round_id(stack, cycle, top)
    base = f"/calibration/rounds/{rid}/proposals"
    r = post(hanna, base, conversation=str(conv["eva"]), rating="3",
             reason="Past beter bij de collega's van de Binnendienst")
    assert r.status_code == 303
    pid = int(proposal(stack, conv["eva"])[0][0])
    assert proposal(stack, conv["eva"]) == [(str(pid), "proposed", "4", "3",
                                             "Past beter bij de collega's van de Binnendienst",
                                             str(ids["hanna"]))]
    assert rating(stack, conv["eva"]) == "4"
    # The view shows the waiting proposal; mark's dashboard and his
    # conversation page list it with the forms; eva does not see it yet.
    doc = xml(view(hanna, cycle, top))
    assert doc.xpath(f"//person[@conversation='{conv['eva']}']/@proposed") == ["3"]
    dash = xml(mark.get("/.xml"))
    assert dash.xpath(f"//calibrations/proposal[@id='{pid}']/@employee") == ["Eva de Vries"]
    page = xml(mark.get(f"/conversations/{conv['eva']}.xml"))
    assert page.xpath("/page/conversation/calibration/@decide") == ["1"]
    assert page.xpath("/page/conversation/calibration/proposal/reason/text()") == [
        "Past beter bij de collega's van de Binnendienst"]
    assert xml(eva.get(f"/conversations/{conv['eva']}.xml")).xpath(
        "/page/conversation/calibration") == []
    # The manager accepts: the rating changes, one version on.
    v = one(stack, f"SELECT version FROM conversation WHERE id = {conv['eva']}")
    r = post(mark, f"/calibration/proposals/{pid}/accept", version=pv(stack, pid))
    assert r.status_code == 303 and r.headers["Location"].startswith(f"/conversations/{conv['eva']}")
    assert rating(stack, conv["eva"]) == "3"
    assert int(one(stack, f"SELECT version FROM conversation WHERE id = {conv['eva']}")) == int(v) + 1
    assert proposal(stack, conv["eva"])[0][1] == "accepted"
    assert stack.sql("SELECT action, target, old_rating, new_rating, reason, author_id FROM"
                     f" review_event WHERE conversation_id = {conv['eva']}") == [
        ("calibrate", "overall", "4", "3", "Past beter bij de collega's van de Binnendienst",
         str(ids["hanna"]))]
    # The employee sees it: changed in calibration by hanna, and why.
    doc = xml(eva.get(f"/conversations/{conv['eva']}.xml"))
    ev = doc.xpath("/page/conversation/review/event")
    assert [(e.get("action"), e.get("old"), e.get("new"), e.get("author"), e.findtext("reason"))
            for e in ev] == [("calibrate", "4", "3", "Hanna Visser",
                              "Past beter bij de collega's van de Binnendienst")]
    html = eva.get(f"/conversations/{conv['eva']}").text
    assert "Gewijzigd in kalibratie" in html and "Hanna Visser" in html
    assert "Past beter bij de collega" in html
    # HR's export of the cycle and eva's own export carry it, valid
    # against report.xsd (whose review_event knew no 'calibrate' before).
    for who, path in ((hanna, f"/reports/cycles/{cycle}.xml"), (eva, "/me/export.xml")):
        r = who.get(path)
        assert r.status_code == 200, (path, r.status_code)
        doc = validate(tmp_path, r.content, name=f"export-{who is eva}.xml")
        got = [(e.get("action"), e.get("old_rating"), e.get("new_rating"), e.get("author"))
               for e in doc.iter("{urn:gesprek:report:1}review_event")
               if e.getparent().get("id") == str(conv["eva"])]
        assert got == [("calibrate", "4", "3", "Hanna Visser")], (path, got)
    # iris rejects hanna's proposal for jesse, with a reason: nothing
    # changes but the proposal.
    assert post(hanna, base, conversation=str(conv["jesse"]), rating="5",
                reason="Uitzonderlijk jaar").status_code == 303
    jid = int(proposal(stack, conv["jesse"])[0][0])
    r = post(iris, f"/calibration/proposals/{jid}/reject", version=pv(stack, jid),
             reason="Niet uitzonderlijk genoeg")
    assert r.status_code == 303
    assert rating(stack, conv["jesse"]) == "4"
    assert stack.sql("SELECT status, decision_reason, decided_by FROM calibration_proposal"
                     f" WHERE id = {jid}") == [("rejected", "Niet uitzonderlijk genoeg",
                                                str(ids["iris"]))]
    assert stack.sql(f"SELECT COUNT(*) FROM review_event WHERE conversation_id = {conv['jesse']}"
                     ) == [("0",)]
    # A proposal left waiting when the round closes expires.
    assert post(mark, base, conversation=str(conv["sophie"]), rating="3",
                reason="Gelijk trekken").status_code == 303
    sid = int(proposal(stack, conv["sophie"])[0][0])
    version = one(stack, f"SELECT version FROM calibration_round WHERE id = {rid}")
    assert post(hanna, f"/calibration/rounds/{rid}/close", version=version).status_code == 303
    assert one(stack, f"SELECT status FROM calibration_round WHERE id = {rid}") == "closed"
    assert proposal(stack, conv["sophie"])[0][1] == "expired"
    with unchanged(stack, CAL_TABLES, "an acceptance after the round closed"):
        r = post(iris, f"/calibration/proposals/{sid}/accept", version=pv(stack, sid))
        assert r.status_code == 409
    with unchanged(stack, CAL_TABLES, "a proposal in a closed round"):
        r = post(hanna, base, conversation=str(conv["daan"]), rating="4", reason="Te laat")
        assert r.status_code == 409
    # Every step is in the audit trail.
    acts = stack.sql("SELECT action, actor_id FROM audit WHERE action LIKE 'calibration_%'"
                     f" AND ((entity = 'calibration_round' AND entity_id = {rid}) OR"
                     f" (entity = 'conversation' AND entity_id IN ({conv['eva']}, {conv['jesse']},"
                     f" {conv['sophie']}))) ORDER BY id")
    assert acts == [("calibration_open", str(ids["hanna"])),
                    ("calibration_propose", str(ids["hanna"])),
                    ("calibration_accept", str(ids["mark"])),
                    ("calibration_propose", str(ids["hanna"])),
                    ("calibration_reject", str(ids["iris"])),
                    ("calibration_propose", str(ids["mark"])),
                    ("calibration_close", str(ids["hanna"]))]
    assert_recount_equal(stack, "calibration's accepted change")


def test_the_dashboard_lists_proposals_by_employee_name(stack, ids, cal, users):
    """The manager's dashboard lists the waiting proposals by their
    employee's name, whatever order they were made in (issue 22: the
    database hands them over oldest first, the page orders them)."""
    hanna, mark = users("hanna"), users("mark")
    top = dept(stack, "Directie")
    open_round(hanna, cal["cycle"], top)
    base = f"/calibration/rounds/{round_id(stack, cal['cycle'], top)}/proposals"
    made = {}
    # eva's first: the older proposal; each a rating other than the one given
    for who, rating in (("eva", "3"), ("daan", "2")):
        r = post(hanna, base, conversation=str(cal["conv"][who]), rating=rating,
                 reason="Vergelijkbaar met de collega's")
        assert r.status_code == 303
        made[who] = proposal(stack, cal["conv"][who])[0][0]
    assert int(made["eva"]) < int(made["daan"])
    names = dict(stack.sql("SELECT login, name FROM employee WHERE login IN ('eva', 'daan')"))
    assert names["daan"].casefold() < names["eva"].casefold()
    listed = xml(mark.get("/.xml")).xpath("/page/dashboard/calibrations/proposal")
    order = [p.get("id") for p in listed]
    assert order.index(made["daan"]) < order.index(made["eva"])
    shown = [p.get("employee").casefold() for p in listed]
    assert shown == sorted(shown)
    # Closed again: the proposals expire, no other test meets them.
    rid = round_id(stack, cal["cycle"], top)
    version = one(stack, f"SELECT version FROM calibration_round WHERE id = {rid}")
    assert post(hanna, f"/calibration/rounds/{rid}/close", version=version).status_code == 303


def test_proposal_refusals_change_nothing(stack, ids, cal, users):
    mark, hanna, iris, eva = users("mark"), users("hanna"), users("iris"), users("eva")
    binnen = dept(stack, "Binnendienst")
    cycle, conv = cal["cycle"], cal["conv"]
    open_round(mark, cycle, binnen)
    rid = round_id(stack, cycle, binnen)
    base = f"/calibration/rounds/{rid}/proposals"
    # A second round of the same cycle and department while one is open.
    with unchanged(stack, CAL_TABLES, "a second open round"):
        r = post(hanna, "/calibration/rounds", cycle=str(cycle), department=str(binnen))
        assert r.status_code == 409 and "Er loopt al een ronde" in r.text
    refused = [
        (400, dict(conversation=str(conv["eva"]), rating="3")),                  # no reason
        (400, dict(conversation=str(conv["eva"]), rating="3", reason="x" * 2001)),  # too long
        (400, dict(conversation=str(conv["eva"]), rating="9", reason="x")),       # off the scale
        (400, dict(conversation=str(conv["eva"]), rating="4", reason="x")),       # the same
        (400, dict(conversation=str(conv["jesse"]), rating="3", reason="x")),     # Klantenservice
        (409, dict(conversation=str(conv["noor"]), rating="3", reason="x")),      # signed
        (409, dict(conversation=str(conv["lotte"]), rating="3", reason="x")),     # only held
        (400, dict(conversation="999999999", rating="3", reason="x")),            # no such one
    ]
    for status, fields in refused:
        with unchanged(stack, CAL_TABLES, f"a refused proposal {fields}"):
            r = post(mark, base, **fields)
            assert r.status_code == status, (fields, r.status_code)
    # The page says why, at the field.
    r = post(mark, base, conversation=str(conv["noor"]), rating="3", reason="x")
    assert "niet meer voorgesteld" in r.text
    # Not someone who may calibrate Binnendienst: 403 before anything.
    for who in ("eva", "iris", "sanne"):
        with unchanged(stack, CAL_TABLES, f"{who} proposing"):
            r = post(users(who), base, conversation=str(conv["eva"]), rating="3", reason="x")
            assert r.status_code == 403, (who, r.status_code)
    # One waits: a second proposal for the same person is refused.
    assert post(mark, base, conversation=str(conv["eva"]), rating="3",
                reason="Lager dan het team").status_code == 303
    pid = int(proposal(stack, conv["eva"])[0][0])
    with unchanged(stack, CAL_TABLES, "a second proposal while one waits"):
        r = post(hanna, base, conversation=str(conv["eva"]), rating="5", reason="Hoger")
        assert r.status_code == 409
    # Only the dossier's manager decides.
    for who in ("hanna", "iris", "eva", "sanne", "daan"):
        with unchanged(stack, CAL_TABLES, f"{who} accepting"):
            for move in ("accept", "reject"):
                r = post(users(who), f"/calibration/proposals/{pid}/{move}", version=pv(stack, pid))
                assert r.status_code == 403, (who, move, r.status_code)
    # A decision on a proposal shown before it changed: its version.
    with unchanged(stack, CAL_TABLES, "an acceptance of a stale proposal version"):
        r = post(mark, f"/calibration/proposals/{pid}/accept", version="999")
        assert r.status_code == 409
    with unchanged(stack, CAL_TABLES, "an acceptance without the version"):
        assert post(mark, f"/calibration/proposals/{pid}/accept").status_code == 400
    # Stale: the employee signs before the manager decides; the acceptance
    # is refused with a clear message and the signed rating stays.
    r = post(eva, f"/conversations/{conv['eva']}/sign", verdict="agree")
    assert r.status_code == 303, r.status_code
    with unchanged(stack, CAL_TABLES, "an acceptance after the employee signed"):
        r = post(mark, f"/calibration/proposals/{pid}/accept", version=pv(stack, pid))
        assert r.status_code == 409
        assert "niet meer voorgesteld" in r.text
    assert rating(stack, conv["eva"]) == "4"
    # A close with a stale version, and of someone who may not.
    v = one(stack, f"SELECT version FROM calibration_round WHERE id = {rid}")
    with unchanged(stack, CAL_TABLES, "a close with a stale version"):
        assert post(mark, f"/calibration/rounds/{rid}/close", version="999").status_code == 409
    with unchanged(stack, CAL_TABLES, "iris closing mark's round"):
        assert post(iris, f"/calibration/rounds/{rid}/close", version=v).status_code == 403


def test_cycle_must_be_open_for_a_round(stack, ids, cal, users):
    binnen = dept(stack, "Binnendienst")
    stack.sql(f"UPDATE cycle SET status = 'closed' WHERE id = {cal['cycle']}")
    with unchanged(stack, CAL_TABLES, "a round of a closed cycle"):
        r = post(users("mark"), "/calibration/rounds", cycle=str(cal["cycle"]),
                 department=str(binnen))
        assert r.status_code == 409
    with unchanged(stack, CAL_TABLES, "a round of no department"):
        r = post(users("hanna"), "/calibration/rounds", cycle=str(cal["cycle"]),
                 department="999999999")
        assert r.status_code == 404


def test_the_snapshot_holds_the_calibrated_rating(stack, users):
    ids_ = people(stack)
    mark, eva, hanna = users("mark"), users("eva"), users("hanna")
    dossier = make_dossier(stack, ids_, prefix="Kalibratie snapshot")
    cid, _ = held_assessment(stack, dossier, mark, ratings=(3, 4), overall=4, required=False)
    finalize(mark, cid)
    binnen = dept(stack, "Binnendienst")
    open_round(hanna, dossier["cycle"], binnen)
    rid = round_id(stack, dossier["cycle"], binnen)
    reason = f"In lijn met de afdeling {uuid.uuid4().hex[:6]}"
    assert post(hanna, f"/calibration/rounds/{rid}/proposals", conversation=str(cid), rating="5",
                reason=reason).status_code == 303
    pid = int(proposal(stack, cid)[0][0])
    r = post(mark, f"/calibration/proposals/{pid}/accept", version=pv(stack, pid))
    assert r.status_code == 303
    assert post(eva, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    assert post(mark, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    body, sha = stack.sql(f"SELECT HEX(xml), sha256 FROM snapshot WHERE conversation_id = {cid}")[0]
    body = bytes.fromhex(body)
    assert hashlib.sha256(body).hexdigest() == sha
    snap = etree.fromstring(body)
    ev = snap.xpath("//conversation/review/event")
    assert [(e.get("action"), e.get("target"), e.get("old"), e.get("new"), e.get("author"),
             e.findtext("reason")) for e in ev] == [
        ("calibrate", "overall", "4", "5", "Hanna Visser", reason)]
    assert snap.xpath("//conversation/@overall_rating") == ["5"]
    # The proposals themselves are not in the signed report.
    assert snap.xpath("//conversation/calibration") == []
    signed = eva.get(f"/conversations/{cid}/signed.xml")
    assert signed.status_code == 200 and signed.content == body
    assert_recount_equal(stack, "a calibrated and signed assessment")
