"""Calibration (issue 17), the last gaps: the round's page lists its
decided proposals, and a deputy decides for the manager during the period.

  decided   GET /calibration?cycle=&department= lists every accepted and
            rejected proposal of the round shown (open, or the newest
            closed one): the employee, accepted or rejected, who decided
            and when, the proposer's reason, the rejection's reason, the
            old and the new rating.  A proposal still waiting or expired is
            not a decided one.
  deputy    a deputy of mark (all his reports), during the period
            (site.timezone), accepts or rejects a proposal for eva's
            assessment exactly as mark can: the proposal, the review_event
            and the audit row name the deputy and, "namens", mark.  Before
            and after the period the same requests are refused as for a
            stranger (403) and change nothing.

The cycle and its people are test_calibration.py's `cal` fixture."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest

from convtools import post, unchanged
from helpers import insert, xml
from reviewtools import one
from test_authz_roles import _refusal
from test_calibration import (CAL_TABLES, cal, dept, fresh_summaries, ids,  # noqa: F401
                              open_round, proposal, pv, rating, round_id, view)
from test_export_template import validate

ZONE = "Europe/Amsterdam"           # tests/stack.py's site.timezone
PERIODS = {"before": (1, 5), "during": (0, 0), "after": (-5, -1)}


def day(offset):
    return (datetime.datetime.now(ZoneInfo(ZONE)).date()
            + datetime.timedelta(days=offset)).isoformat()


def local(utc):
    """A UTC time of the database as the pages write it (site.timezone)."""
    t = datetime.datetime.strptime(utc, "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    return t.astimezone(ZoneInfo(ZONE)).strftime("%Y-%m-%dT%H:%M")


def name_of(stack, eid):
    return one(stack, f"SELECT name FROM employee WHERE id = {eid}")


def test_the_round_page_lists_its_decided_proposals(stack, ids, cal, users):
    hanna, mark, iris = users("hanna"), users("mark"), users("iris")
    top = dept(stack, "Directie")
    cycle, conv = cal["cycle"], cal["conv"]
    open_round(hanna, cycle, top)
    rid = round_id(stack, cycle, top)
    base = f"/calibration/rounds/{rid}/proposals"
    assert post(hanna, base, conversation=str(conv["eva"]), rating="3",
                reason="In lijn met de Binnendienst").status_code == 303
    eid = int(proposal(stack, conv["eva"])[0][0])
    assert post(mark, f"/calibration/proposals/{eid}/accept",
                version=pv(stack, eid)).status_code == 303
    assert post(hanna, base, conversation=str(conv["jesse"]), rating="5",
                reason="Uitzonderlijk jaar").status_code == 303
    jid = int(proposal(stack, conv["jesse"])[0][0])
    assert post(iris, f"/calibration/proposals/{jid}/reject", version=pv(stack, jid),
                reason="Niet uitzonderlijk genoeg").status_code == 303
    # sophie's waits: not decided.
    assert post(mark, base, conversation=str(conv["sophie"]), rating="3",
                reason="Gelijk trekken").status_code == 303
    when = {int(i): local(t) for i, t in stack.sql(
        "SELECT id, DATE_FORMAT(decided_at, '%Y-%m-%d %H:%i:%s') FROM calibration_proposal"
        f" WHERE round_id = {rid} AND decided_at IS NOT NULL")}
    want = {
        (str(eid), "Eva de Vries", "accepted", "4", "3", name_of(stack, ids["mark"]),
         when[eid], "In lijn met de Binnendienst", None),
        (str(jid), "Jesse van Leeuwen", "rejected", "4", "5", name_of(stack, ids["iris"]),
         when[jid], "Uitzonderlijk jaar", "Niet uitzonderlijk genoeg"),
    }

    def listed(doc):
        return {(p.get("id"), p.get("employee"), p.get("status"), p.get("old"), p.get("new"),
                 p.get("decided_by"), p.get("decided_at"), p.findtext("reason"),
                 p.findtext("decision_reason"))
                for p in doc.xpath("/page/calibration/decided/proposal")}

    # Each who calibrates the department sees them; the round's own list.
    for who in (hanna, mark, iris):
        assert listed(xml(view(who, cycle, top))) == want
    html = hanna.get(f"/calibration?cycle={cycle}&department={top}").text
    assert 'id="decided"' in html
    for text in ("Niet uitzonderlijk genoeg", "Uitzonderlijk jaar", "In lijn met de Binnendienst",
                 "Overgenomen", "Afgewezen", name_of(stack, ids["iris"])):
        assert text in html, text
    # Closed, the round keeps its list (the expired one is not decided).
    version = one(stack, f"SELECT version FROM calibration_round WHERE id = {rid}")
    assert post(hanna, f"/calibration/rounds/{rid}/close", version=version).status_code == 303
    assert listed(xml(view(hanna, cycle, top))) == want
    # A sub-department's page shows its round (none here): no list.
    binnen = dept(stack, "Binnendienst")
    assert xml(view(hanna, cycle, binnen)).xpath("/page/calibration/decided/proposal") == []


@pytest.fixture
def deputy_of_mark(stack, ids, request):
    """A new employee appointed deputy of mark for all his reports in the
    period asked for (request.param: before, during, after); its login."""
    start, until = PERIODS[request.param]
    login_ = f"kalvervanger{uuid.uuid4().hex[:8]}"
    eid = insert(stack, "employee", login=login_, name=f"Kal Vervanger {login_[-4:]}")
    stack.add_pam_user(login_, "demo")
    aid = insert(stack, "deputy", manager_id=ids["mark"], deputy_id=eid, starts_on=day(start),
                 ends_on=day(until), created_by=ids["mark"])
    yield {"login": login_, "id": eid, "period": request.param}
    stack.sql(f"DELETE FROM deputy_use WHERE deputy_id = {aid}")
    stack.sql(f"DELETE FROM deputy WHERE id = {aid}")


def waiting_proposal(stack, cal, users, reason):
    hanna = users("hanna")
    binnen = dept(stack, "Binnendienst")
    open_round(hanna, cal["cycle"], binnen)
    rid = round_id(stack, cal["cycle"], binnen)
    assert post(hanna, f"/calibration/rounds/{rid}/proposals", conversation=str(cal["conv"]["eva"]),
                rating="3", reason=reason).status_code == 303
    return int(proposal(stack, cal["conv"]["eva"])[0][0])


@pytest.mark.parametrize("deputy_of_mark", ["during"], indirect=True)
def test_a_deputy_accepts_for_the_manager_during_the_period(stack, ids, cal, users,
                                                           deputy_of_mark, tmp_path):
    dep = deputy_of_mark
    s = users(dep["login"])
    cid = cal["conv"]["eva"]
    pid = waiting_proposal(stack, cal, users, "Gelijk aan het team")
    # The conversation page offers the deputy the manager's decision.
    page = xml(s.get(f"/conversations/{cid}.xml"))
    assert page.xpath("/page/conversation/calibration/@decide") == ["1"]
    r = post(s, f"/calibration/proposals/{pid}/accept", version=pv(stack, pid))
    assert r.status_code == 303, r.status_code
    assert rating(stack, cid) == "3"
    assert stack.sql("SELECT status, decided_by, decided_for FROM calibration_proposal"
                     f" WHERE id = {pid}") == [("accepted", str(dep["id"]), str(ids["mark"]))]
    assert stack.sql("SELECT action, author_id, decided_by, deputy_of, reason FROM review_event"
                     f" WHERE conversation_id = {cid}") == [
        ("calibrate", str(ids["hanna"]), str(dep["id"]), str(ids["mark"]), "Gelijk aan het team")]
    audit = stack.sql("SELECT actor_id, detail FROM audit WHERE action = 'calibration_accept'"
                      f" AND entity = 'conversation' AND entity_id = {cid}")
    assert len(audit) == 1 and audit[0][0] == str(dep["id"])
    assert "as deputy of mark" in audit[0][1], audit
    # The use of the appointment is on the dossier's trail, once.
    assert one(stack, "SELECT COUNT(*) FROM audit WHERE action = 'deputy_use'"
                      f" AND actor_id = {dep['id']}") == "1"
    # The manager's page says who decided, namens whom.
    html = users("mark").get(f"/conversations/{cid}").text
    assert "namens" in html and name_of(stack, dep["id"]) in html
    # The employee sees the change with the proposer and the reason, and
    # who took it over for the manager.
    ev = xml(users("eva").get(f"/conversations/{cid}.xml")).xpath(
        "/page/conversation/review/event")
    assert [(e.get("action"), e.get("author"), e.get("decided_by"), e.get("deputy_of"))
            for e in ev] == [("calibrate", "Hanna Visser", name_of(stack, dep["id"]),
                              name_of(stack, ids["mark"]))]
    # HR's export of the cycle names them too, valid against report.xsd.
    r = users("hanna").get(f"/reports/cycles/{cal['cycle']}.xml")
    assert r.status_code == 200, r.status_code
    got = [(e.get("action"), e.get("author"), e.get("decided_by_id"), e.get("decided_by"),
            e.get("deputy_of_id"), e.get("deputy_of"))
           for e in validate(tmp_path, r.content).iter("{urn:gesprek:report:1}review_event")
           if e.getparent().get("id") == str(cid)]
    assert got == [("calibrate", "Hanna Visser", str(dep["id"]), name_of(stack, dep["id"]),
                    str(ids["mark"]), name_of(stack, ids["mark"]))], got


@pytest.mark.parametrize("deputy_of_mark", ["during"], indirect=True)
def test_a_deputy_rejects_for_the_manager_during_the_period(stack, ids, cal, users,
                                                           deputy_of_mark):
    dep = deputy_of_mark
    cid = cal["conv"]["eva"]
    pid = waiting_proposal(stack, cal, users, "Lager dan het team")
    r = post(users(dep["login"]), f"/calibration/proposals/{pid}/reject",
             version=pv(stack, pid), reason="Mark is het er niet mee eens")
    assert r.status_code == 303, r.status_code
    assert rating(stack, cid) == "4"
    assert stack.sql("SELECT status, decided_by, decided_for, decision_reason FROM"
                     f" calibration_proposal WHERE id = {pid}") == [
        ("rejected", str(dep["id"]), str(ids["mark"]), "Mark is het er niet mee eens")]
    audit = stack.sql("SELECT actor_id, detail FROM audit WHERE action = 'calibration_reject'"
                      f" AND entity = 'conversation' AND entity_id = {cid}")
    assert len(audit) == 1 and audit[0][0] == str(dep["id"])
    assert "as deputy of mark" in audit[0][1], audit


@pytest.mark.parametrize("deputy_of_mark", ["before", "after"], indirect=True)
def test_a_deputy_outside_the_period_decides_nothing(stack, ids, cal, users, deputy_of_mark):
    dep = deputy_of_mark
    s = users(dep["login"])
    cid = cal["conv"]["eva"]
    pid = waiting_proposal(stack, cal, users, "Buiten de periode")
    daan = users("daan")
    for move, extra in (("accept", {}), ("reject", {"reason": "Nee"})):
        with unchanged(stack, CAL_TABLES, f"a deputy {dep['period']} the period: {move}"):
            r = post(s, f"/calibration/proposals/{pid}/{move}", version=pv(stack, pid), **extra)
            stranger = post(daan, f"/calibration/proposals/{pid}/{move}",
                            version=pv(stack, pid), **extra)
        assert r.status_code == stranger.status_code == 403, (move, r.status_code)
        assert _refusal(r.content) == _refusal(stranger.content), "the refusal is a stranger's"
    assert s.get(f"/conversations/{cid}.xml").status_code == 403
    assert proposal(stack, cid)[0][1] == "proposed" and rating(stack, cid) == "4"
    assert one(stack, "SELECT COUNT(*) FROM audit WHERE action = 'deputy_use'"
                      f" AND actor_id = {dep['id']}") == "0"
