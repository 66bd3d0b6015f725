"""A deputy's work during the period (issue 17): the dashboard shows the
borrowed dossiers apart with the same to-do cards the manager gets for
them (to prepare, to finalize, to sign, overdue), and the reminder mails
of those conversations go to the deputy as well as to the manager.
Before and after the period the deputy gets neither.

"Today" is the configured zone's (site.timezone), as gesprekd and
gesprekctl count it.  People, cycle, dossiers and conversations are the
test's own, written with SQL as HR's import and the store would."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest

from conftest import login
from convtools import add_item, post, post_expect, value, version
from helpers import insert, xml
from test_calibration import (cal, dept, ids, open_round, proposal, pv,  # noqa: F401
                              rating, round_id)
from test_calibration_decided import deputy_of_mark  # noqa: F401

PASSWORD = "demo"
ZONE = "Europe/Amsterdam"           # tests/stack.py's site.timezone


def day(offset=0):
    return (datetime.datetime.now(ZoneInfo(ZONE)).date()
            + datetime.timedelta(days=offset)).isoformat()


@pytest.fixture
def org(stack):
    """chef manages lid and lid2; vervanger stands in for chef over lid
    only, today; lid's dossier has a conversation to finalize (held,
    overdue) and a next one (planned: to prepare once the first is
    closed); lid2's one to prepare."""
    tag = uuid.uuid4().hex[:6]
    o = {"tag": tag}
    dep = insert(stack, "department", name=f"Vervangbord {tag}")

    def person(label, manager=None):
        cols = {"login": f"{label}{tag}", "name": f"{label.capitalize()} {tag}",
                "email": f"{label}{tag}@voorbeeld.example", "department_id": dep}
        if manager:
            cols["manager_id"] = manager
        o[label] = insert(stack, "employee", **cols)
        o[label + "_login"] = cols["login"]
        stack.add_pam_user(cols["login"], PASSWORD)

    person("chef")
    person("lid", o["chef"])
    person("lid2", o["chef"])
    person("vervanger")
    o["cycle"] = insert(stack, "cycle", name=f"Bordcyclus {tag}", starts_on=day(-60),
                        ends_on=day(300), status="open", rating_scale="slecht|matig|goed")
    for who in ("lid", "lid2"):
        o[who + "_dossier"] = insert(stack, "dossier", cycle_id=o["cycle"], employee_id=o[who],
                                     manager_id=o["chef"], status="open")
    o["held"] = insert(stack, "conversation", dossier_id=o["lid_dossier"], type="goal_setting",
                       seq=1, due_on=day(-3), status="held")
    o["next"] = insert(stack, "conversation", dossier_id=o["lid_dossier"], type="progress",
                       seq=2, due_on=day(3), status="planned")
    o["other"] = insert(stack, "conversation", dossier_id=o["lid2_dossier"],
                        type="goal_setting", seq=1, due_on=day(3), status="planned")
    o["appointment"] = insert(stack, "deputy", manager_id=o["chef"], deputy_id=o["vervanger"],
                              employee_id=o["lid"], starts_on=day(-1), ends_on=day(1),
                              created_by=o["chef"])
    yield o
    stack.sql(f"DELETE FROM deputy WHERE manager_id = {o['chef']}")


def period(stack, o, starts_on, ends_on):
    stack.sql(f"UPDATE deputy SET starts_on = '{starts_on}', ends_on = '{ends_on}'"
              f" WHERE id = {o['appointment']}")
    # a change made past gesprek: the dashboard's page stamps move as a
    # write through the store would move them
    stack.sql("INSERT INTO page_stamp (kind, ref, stamp) VALUES ('a', 0, 1)"
              " ON DUPLICATE KEY UPDATE stamp = stamp + 1")


def queued_to(stack, o, conversation):
    return sorted(r[0] for r in stack.sql(
        f"SELECT e.login FROM mail_queue q JOIN employee e ON e.id = q.recipient_id"
        f" WHERE q.kind = 'remind' AND q.conversation_id = {conversation}"))


@pytest.fixture
def mail(stack):
    before = dict(stack.conf_overrides.get("mail", {}))
    stack.write_config({"mail": {"sendmail": "/bin/true", "from": "gesprek@voorbeeld.example",
                                 "url": "https://gesprek.voorbeeld.example"}})
    yield
    stack.conf_overrides["mail"] = before
    stack.write_config()


def test_reminders_go_to_the_deputy_during_the_period(stack, org, mail):
    ours = (org["next"], org["other"])
    for when, deputy_reminded in ((day(-3), False), (day(0), True), (day(3), False)):
        stack.sql(f"DELETE FROM mail_queue WHERE conversation_id IN {ours}")
        stack.sql(f"DELETE FROM mail_reminder WHERE conversation_id IN {ours}")
        stack.ctl("remind", "--today", when)
        expected = sorted([org["chef_login"], org["lid_login"]] +
                          ([org["vervanger_login"]] if deputy_reminded else []))
        assert queued_to(stack, org, org["next"]) == expected, when
        # lid2 is not covered by the appointment: no mail to the deputy
        assert queued_to(stack, org, org["other"]) == \
            sorted([org["chef_login"], org["lid2_login"]]), when
    # An appointment ended early reminds no one more.
    stack.sql(f"UPDATE deputy SET ended_at = UTC_TIMESTAMP(), ended_by = {org['chef']}"
              f" WHERE id = {org['appointment']}")
    stack.sql(f"DELETE FROM mail_queue WHERE conversation_id IN {ours}")
    stack.sql(f"DELETE FROM mail_reminder WHERE conversation_id IN {ours}")
    stack.ctl("remind", "--today", day(0))
    assert org["vervanger_login"] not in queued_to(stack, org, org["next"])
    stack.sql(f"DELETE FROM mail_queue WHERE conversation_id IN {ours}")
    stack.sql(f"DELETE FROM mail_reminder WHERE conversation_id IN {ours}")


MONTHS = {"nl": ("januari februari maart april mei juni juli augustus september oktober"
                  " november december").split(),
          "en": ("January February March April May June July August September October"
                 " November December").split()}


def written(iso, lang):
    """A date as the mails write it (notify/mail.c mail_date)."""
    d = datetime.date.fromisoformat(iso)
    return f"{d.day} {MONTHS[lang][d.month - 1]} {d.year}"


def reminder_to(stack, conversation, recipient):
    """(subject, body) of the one reminder queued for recipient."""
    import email
    import email.policy
    rows = stack.sql(f"SELECT subject, HEX(message) FROM mail_queue WHERE kind = 'remind'"
                     f" AND conversation_id = {conversation} AND recipient_id = {recipient}")
    assert len(rows) == 1, rows
    msg = email.message_from_bytes(bytes.fromhex(rows[0][1]), policy=email.policy.default)
    return rows[0][0], " ".join(msg.get_content().split())


def test_the_deputy_reminder_says_for_whom_and_until_when(stack, org, mail):
    """The deputy's reminder is its own text, in the deputy's language: it
    says they act as deputy of the manager, and until which day; the
    manager and the employee keep theirs."""
    ours = (org["next"], org["other"])
    until = day(2)
    period(stack, org, day(-1), until)
    chef = f"Chef {org['tag']}"
    try:
        for lang, words in (("nl", ("vervanger van", "namens")),
                            ("en", ("deputy of", "on behalf of"))):
            stack.sql(f"UPDATE employee SET lang = '{lang}' WHERE id = {org['vervanger']}")
            stack.sql(f"DELETE FROM mail_queue WHERE conversation_id IN {ours}")
            stack.sql(f"DELETE FROM mail_reminder WHERE conversation_id IN {ours}")
            stack.ctl("remind", "--today", day(0))
            subject, body = reminder_to(stack, org["next"], org["vervanger"])
            for w in words:
                assert w in (subject + " " + body).lower(), (lang, w, subject, body)
            assert chef in body and written(until, lang) in body, (lang, body)
            assert chef in subject, (lang, subject)
            # The manager's reminder is the manager's text: no deputy in it.
            m_subject, m_body = reminder_to(stack, org["next"], org["chef"])
            assert m_body != body and "vervanger" not in m_body.lower(), m_body
            assert written(until, "nl") not in m_body
    finally:
        stack.sql(f"UPDATE employee SET lang = NULL WHERE id = {org['vervanger']}")
        stack.sql(f"DELETE FROM mail_queue WHERE conversation_id IN {ours}")
        stack.sql(f"DELETE FROM mail_reminder WHERE conversation_id IN {ours}")


def cards(page, where):
    return sorted((c.get("id"), c.get("action"), c.get("overdue"), c.get("manager", ""))
                  for c in page.xpath(f"{where}/conversation"))


def test_the_deputy_dashboard_has_the_managers_cards_for_borrowed_dossiers(
        stack, org, new_session):
    s = new_session()
    assert login(s, org["vervanger_login"], PASSWORD).status_code == 303
    mgr = new_session()
    assert login(mgr, org["chef_login"], PASSWORD).status_code == 303
    chef = f"Chef {org['tag']}"
    page = xml(s.get("/.xml"))
    # The borrowed dossier's cards, as the manager has them, apart from the
    # deputy's own (none) and naming the manager; lid2's are not borrowed.
    assert cards(page, "/page/dashboard/borrowed/todo") == [
        (str(org["held"]), "finalize", "1", chef)]
    assert page.xpath("/page/dashboard/todo/conversation") == []
    theirs = xml(mgr.get("/.xml"))
    assert {(c[0], c[1], c[2]) for c in cards(page, "/page/dashboard/borrowed/todo")} <= \
        {(c[0], c[1], c[2]) for c in cards(theirs, "/page/dashboard/todo")}
    html = s.get("/").text
    assert "Definitief opslaan" in html and chef in html
    # The manager's dashboard has no borrowed block.
    assert theirs.xpath("/page/dashboard/borrowed/todo/conversation") == []
    # After the period (and before it) the block and its cards are gone.
    for starts_on, ends_on in ((day(-5), day(-1)), (day(1), day(5))):
        period(stack, org, starts_on, ends_on)
        page = xml(s.get("/.xml"))
        assert page.xpath("/page/dashboard/borrowed//conversation") == [], (starts_on, ends_on)
        assert page.xpath("/page/dashboard/borrowed/dossier") == []
    # Back in the period: the cards follow the dossier's state (the first
    # conversation closed, the next one is to prepare).
    period(stack, org, day(0), day(0))
    assert len(xml(s.get("/.xml")).xpath("/page/dashboard/borrowed/todo/conversation")) == 1
    stack.sql(f"UPDATE conversation SET status = 'closed' WHERE id = {org['held']}")
    period(stack, org, day(0), day(0))      # moves the stamps as a store write would
    assert cards(xml(s.get("/.xml")), "/page/dashboard/borrowed/todo") == \
        [(str(org["next"]), "prepare", "0", chef)]


# ---- calibration proposals waiting for the manager (issue 17) ----

@pytest.fixture
def waiting(stack, org):
    """An HR advisor's calibration proposal waiting for chef on the
    assessment of each of lid (covered by the appointment) and lid2 (not):
    a round of their department, each assessment finalized with a rating
    the employee has not signed.  {who: (conversation, proposal)}."""
    hr = insert(stack, "employee", login=f"kalhr{org['tag']}", name=f"Kal HR {org['tag']}",
                is_hr=1)
    dep = stack.sql(f"SELECT department_id FROM employee WHERE id = {org['lid']}")[0][0]
    rnd = insert(stack, "calibration_round", cycle_id=org["cycle"], department_id=dep,
                 opened_by=hr)
    out = {}
    for who in ("lid", "lid2"):
        conv = insert(stack, "conversation", dossier_id=org[who + "_dossier"], type="assessment",
                      seq=9, due_on=day(-1), status="finalized", overall_rating=1,
                      calibration="proposed")
        pid = insert(stack, "calibration_proposal", round_id=rnd, conversation_id=conv,
                     author_id=hr, old_rating=1, new_rating=2, reason=f"Gelijk trekken {who}")
        out[who] = (conv, pid)
    out["round"], out["hr"] = rnd, hr
    # rows made past gesprek: the pages' stamps move as a store write's
    period(stack, org, day(-1), day(1))
    yield out
    convs = ", ".join(str(out[w][0]) for w in ("lid", "lid2"))
    stack.sql(f"DELETE FROM review_event WHERE conversation_id IN ({convs})")
    stack.sql(f"DELETE FROM calibration_proposal WHERE round_id = {rnd}")
    stack.sql(f"DELETE FROM deputy_use WHERE deputy_id = {org['appointment']}")


def proposals(page, where):
    return sorted((p.get("conversation"), p.get("id"), p.get("employee"), p.get("old"),
                   p.get("new"), p.get("manager")) for p in page.xpath(f"{where}/proposal"))


def listed(stack, org, waiting, who):
    conv, pid = waiting[who]
    return (str(conv), str(pid), f"{who.capitalize()} {org['tag']}", "1", "2",
            f"Chef {org['tag']}")


def test_the_deputy_dashboard_lists_the_proposals_waiting_for_the_manager(
        stack, org, waiting, new_session):
    """During the period the deputy's dashboard lists the proposal waiting
    for chef on lid's assessment (lid2's is not theirs), naming chef, with
    the link of chef's own list, which opens the conversation with the
    decision; before and after the period, and for a deputy of lid2 only,
    it does not.  chef's list is the same throughout."""
    s = new_session()
    assert login(s, org["vervanger_login"], PASSWORD).status_code == 303
    mgr = new_session()
    assert login(mgr, org["chef_login"], PASSWORD).status_code == 303
    chef = f"Chef {org['tag']}"
    theirs = sorted(listed(stack, org, waiting, w)[:5] + (None,) for w in ("lid", "lid2"))
    conv, pid = waiting["lid"]

    page = xml(s.get("/.xml"))
    assert proposals(page, "/page/dashboard/borrowed/calibrations") == \
        [listed(stack, org, waiting, "lid")]
    assert page.xpath("/page/dashboard/calibrations/proposal") == []
    html = s.get("/").text
    link = f'href="/conversations/{conv}#calibration"'
    assert link in html and f"namens {chef}" in html, html
    # The manager's own list: both, as before; no borrowed ones.
    page = xml(mgr.get("/.xml"))
    assert proposals(page, "/page/dashboard/calibrations") == theirs
    assert f'href="/conversations/{conv}#calibration"' in mgr.get("/").text
    assert page.xpath("/page/dashboard/borrowed/calibrations/proposal") == []
    # The link leads the deputy to the decision.
    doc = xml(s.get(f"/conversations/{conv}.xml"))
    assert doc.xpath("/page/conversation/calibration/@decide") == ["1"]
    assert [p.get("id") for p in doc.xpath("/page/conversation/calibration/proposal")] == [str(pid)]

    # Before and after the period: no list, the link refused, nothing
    # decided; chef's list unchanged.
    for starts_on, ends_on in ((day(1), day(5)), (day(-5), day(-1))):
        period(stack, org, starts_on, ends_on)
        page = xml(s.get("/.xml"))
        assert page.xpath("/page/dashboard/borrowed//proposal") == [], (starts_on, ends_on)
        assert link not in s.get("/").text
        assert s.get(f"/conversations/{conv}.xml").status_code == 403
        assert post(s, f"/calibration/proposals/{pid}/accept",
                    version=pv(stack, pid)).status_code == 403
        assert proposals(xml(mgr.get("/.xml")), "/page/dashboard/calibrations") == theirs
    assert proposal(stack, conv)[0][1] == "proposed" and rating(stack, conv) == "1"

    # A deputy of lid2 only: lid2's proposal, not lid's.
    stack.sql(f"UPDATE deputy SET employee_id = {org['lid2']} WHERE id = {org['appointment']}")
    period(stack, org, day(0), day(0))
    assert proposals(xml(s.get("/.xml")), "/page/dashboard/borrowed/calibrations") == \
        [listed(stack, org, waiting, "lid2")]
    stack.sql(f"UPDATE deputy SET employee_id = {org['lid']} WHERE id = {org['appointment']}")

    # In the period again.  chef decides himself: off the deputy's list at
    # once (the page kept for the deputy's stamps is not theirs any more).
    period(stack, org, day(0), day(0))
    assert proposals(xml(s.get("/.xml")), "/page/dashboard/borrowed/calibrations") == \
        [listed(stack, org, waiting, "lid")]
    r = post(mgr, f"/calibration/proposals/{pid}/reject", version=pv(stack, pid), reason="Nee")
    assert r.status_code == 303, r.status_code
    assert xml(s.get("/.xml")).xpath("/page/dashboard/borrowed//proposal") == []
    # HR proposes again (past gesprek); the deputy decides for chef.
    pid = insert(stack, "calibration_proposal", round_id=waiting["round"], conversation_id=conv,
                 author_id=waiting["hr"], old_rating=1, new_rating=2, reason="Opnieuw")
    period(stack, org, day(0), day(0))
    assert [p[1] for p in proposals(xml(s.get("/.xml")), "/page/dashboard/borrowed/calibrations")] \
        == [str(pid)]
    r = post(s, f"/calibration/proposals/{pid}/accept", version=pv(stack, pid))
    assert r.status_code == 303, r.status_code
    assert stack.sql("SELECT status, decided_by, decided_for FROM calibration_proposal"
                     f" WHERE id = {pid}") == [("accepted", str(org["vervanger"]), str(org["chef"]))]
    # Decided: off both lists, without a stamp moved past gesprek.
    for _ in range(2):      # the page after the flash, and the one kept after it
        assert xml(s.get("/.xml")).xpath("/page/dashboard/borrowed//proposal") == []
    assert proposals(xml(mgr.get("/.xml")), "/page/dashboard/calibrations") == \
        [listed(stack, org, waiting, "lid2")[:5] + (None,)]


@pytest.mark.parametrize("deputy_of_mark", ["during"], indirect=True)
def test_a_proposal_made_reaches_the_deputy_dashboard_seen_before(
        stack, ids, cal, users, deputy_of_mark):
    """HR's proposal through gesprek (no stamp moved past it) is on the
    dashboard of mark's deputy at once, though the deputy's page was kept
    before it was made: a proposal moves the dossier's people's stamps,
    and a deputy's kept start page follows the manager's (the session
    read's deputy stamp)."""
    s = users(deputy_of_mark["login"])
    conv = cal["conv"]["eva"]
    binnen = dept(stack, "Binnendienst")
    open_round(users("hanna"), cal["cycle"], binnen)     # moves every page's stamp
    def listed(page):
        return [(p.get("id"), p.get("conversation"))
                for p in page.xpath("/page/dashboard/borrowed//proposal")]
    before = listed(xml(s.get("/.xml")))
    assert str(conv) not in [c for _, c in before]
    assert listed(xml(s.get("/.xml"))) == before     # kept, and seen again
    rid = round_id(stack, cal["cycle"], binnen)
    assert post(users("hanna"), f"/calibration/rounds/{rid}/proposals", conversation=str(conv),
                rating="3", reason="Gelijk aan het team").status_code == 303
    pid = int(proposal(stack, conv)[0][0])
    got = [(p.get("id"), p.get("conversation"), p.get("manager"))
           for p in xml(s.get("/.xml")).xpath("/page/dashboard/borrowed/calibrations/proposal")]
    mark = stack.sql(f"SELECT name FROM employee WHERE id = {ids['mark']}")[0][0]
    assert (str(pid), str(conv), mark) in got, got


def test_the_deputys_kept_dashboard_follows_the_managers_changes(stack, org, new_session):
    """The page cache keeps a start page by its person's stamps; a
    deputy's lists the cards of the manager's dossiers, which a change by
    the manager (or the employee) does not stamp as the deputy's.  The
    manager finalizes the held conversation through gesprek: the deputy's
    next view no longer offers to finalize it, kept page or not."""
    s = new_session()
    assert login(s, org["vervanger_login"], PASSWORD).status_code == 303
    mgr = new_session()
    assert login(mgr, org["chef_login"], PASSWORD).status_code == 303
    chef = f"Chef {org['tag']}"
    held = str(org["held"])
    for _ in range(2):      # the second view is the kept page
        assert cards(xml(s.get("/.xml")), "/page/dashboard/borrowed/todo") == [
            (held, "finalize", "1", chef)]
    add_item(mgr, org["held"], f"Doel {org['tag']}", kind="goal")
    post_expect(mgr, f"/conversations/{held}/finalize", version=version(mgr, org["held"]))
    assert value(stack, f"SELECT status FROM conversation WHERE id = {held}") == "finalized"
    assert cards(xml(s.get("/.xml")), "/page/dashboard/borrowed/todo") == []
