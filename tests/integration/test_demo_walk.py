"""The demo that tests/demo shows tells one story in time (issue 15): the
walk of tests/demo_states.py, on a stack of its own loaded the way
tests/demo loads it, leaves no conversation held or signed before the day
it was planned for, no held date in the future and no signature before
the conversation was held."""

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from lxml import html as lxml_html

import stack as stack_mod


@pytest.fixture(scope="module")
def demo_stack():
    """A stack with the demo as tests/demo starts it, walked once."""
    build = Path(os.environ.get("GESPREK_BUILD") or stack_mod.REPO / "_build")
    work = Path(tempfile.mkdtemp(prefix="gesprek-demo-walk-", dir="/tmp"))
    os.chmod(work, 0o755)
    s = stack_mod.Stack(work, build, https=True, **stack_mod.DEMO_STACK_ARGS)
    try:
        s.start()
        s.walk_demo(out=sys.stderr)
        yield s
    finally:
        s.stop()
        shutil.rmtree(work, ignore_errors=True)


def rows(stack, query):
    return [" ".join(str(v) for v in r) for r in stack.sql(query)]


def test_the_walk_reaches_every_state(demo_stack):
    # Guards the checks below against a walk that did nothing.
    states = {s for (s,) in demo_stack.sql("SELECT DISTINCT status FROM conversation")}
    assert {"preparing", "held", "finalized", "closed"} <= states, states
    signed = demo_stack.sql("SELECT COUNT(*) FROM signature")[0][0]
    assert int(signed) >= 10, signed


def test_what_is_not_held_yet_lies_ahead(demo_stack):
    past = rows(demo_stack, "SELECT id, type, status, scheduled_at FROM conversation"
                            " WHERE status IN ('planned', 'preparing')"
                            " AND DATE(scheduled_at) < UTC_DATE()")
    assert past == [], "planned on a day that has passed, never held:\n" + "\n".join(past)


def test_a_few_conversations_are_overdue_not_the_whole_organisation(demo_stack):
    """A lived-in demo shows what overdue looks like (one or two people),
    not a cycle in which nobody held anything."""
    late = rows(demo_stack, "SELECT e.login, c.type, c.due_on FROM conversation c"
                            " JOIN dossier d ON d.id = c.dossier_id"
                            " JOIN employee e ON e.id = d.employee_id"
                            " WHERE c.status IN ('planned', 'preparing')"
                            " AND c.due_on < UTC_DATE() AND d.status = 'open'")
    # (sanne, the director, has no manager in the demo: nobody plans hers)
    people = {r.split()[0] for r in late}
    assert 1 <= len(people) <= 3, "\n".join(late)


def test_nothing_held_or_signed_before_its_planned_day(demo_stack):
    late = rows(demo_stack,
                "SELECT c.id, c.type, c.status, c.scheduled_at FROM conversation c"
                " WHERE DATE(c.scheduled_at) > UTC_DATE()"
                " AND (c.status IN ('held', 'finalized', 'closed') OR c.held_on IS NOT NULL"
                "  OR EXISTS (SELECT 1 FROM signature s WHERE s.conversation_id = c.id))")
    assert late == [], "held or signed, but planned after today:\n" + "\n".join(late)


def test_no_held_date_in_the_future(demo_stack):
    future = rows(demo_stack, "SELECT id, type, held_on FROM conversation"
                              " WHERE held_on > UTC_DATE()")
    assert future == [], "\n".join(future)


def test_held_conversations_were_planned_and_held_on_or_after_that_day(demo_stack):
    odd = rows(demo_stack, "SELECT id, type, scheduled_at, held_on FROM conversation"
                           " WHERE held_on IS NOT NULL AND (scheduled_at IS NULL"
                           "  OR held_on < DATE(scheduled_at))")
    assert odd == [], "\n".join(odd)


def test_no_signature_before_the_conversation_was_held(demo_stack):
    early = rows(demo_stack,
                 "SELECT c.id, c.type, c.held_on, s.role, s.signed_at FROM signature s"
                 " JOIN conversation c ON c.id = s.conversation_id"
                 " WHERE c.held_on IS NULL OR DATE(s.signed_at) < c.held_on")
    assert early == [], "\n".join(early)


def test_goals_past_their_deadline_only_with_the_overdue(demo_stack):
    """An unfinished goal past its deadline shows as late on mark's team
    list: only with the people who are behind, not with everyone."""
    late = rows(demo_stack, "SELECT DISTINCT e.login FROM item i"
                            " JOIN dossier d ON d.id = i.dossier_id"
                            " JOIN employee e ON e.id = d.employee_id"
                            " WHERE i.deadline < UTC_DATE()"
                            " AND i.status IN ('open', 'on_track', 'at_risk')")
    assert len(late) <= 3, late


# tests/demo_states.py: the manager signs this many days after the day held.
SIGNED_WITHIN_DAYS = 2


def test_the_record_was_written_when_it_happened(demo_stack):
    """On the demo's clock (libfaketime, tests/stack.py DemoClock) notes,
    signatures and the cycle's history carry the days they belong to,
    not the day the demo was loaded."""
    if demo_stack.demo_clock is None:
        pytest.skip("libfaketime is not installed (tests/deps.sh installs it)")
    late = rows(demo_stack, "SELECT c.id, c.type, c.held_on, s.signed_at FROM signature s"
                            " JOIN conversation c ON c.id = s.conversation_id"
                            f" WHERE DATEDIFF(s.signed_at, c.held_on) > {SIGNED_WITHIN_DAYS}")
    assert late == [], "signed long after the conversation:\n" + "\n".join(late)
    notes = rows(demo_stack, "SELECT c.id, c.type, c.held_on, u.created_at FROM item_update u"
                             " JOIN conversation c ON c.id = u.conversation_id"
                             " WHERE c.held_on IS NOT NULL AND DATE(u.created_at) > c.held_on")
    assert notes == [], "notes written after the day held:\n" + "\n".join(notes)
    started = rows(demo_stack, "SELECT a.at, c.starts_on FROM audit a JOIN cycle c"
                               " ON a.entity = 'cycle' AND a.entity_id = c.id"
                               " WHERE DATE(a.at) >= c.starts_on AND a.action <> 'reopen'")
    assert started == [], "the cycle's history begins after the cycle did:\n" + "\n".join(started)


# ---- the municipality form (issue 16): sophie's competence assessment ----

def sophie_assessment(stack):
    return stack.sql("SELECT c.id, c.status, c.overall_rating, c.outcome_proposed,"
                     " COALESCE(c.override_reason, '') FROM conversation c"
                     " JOIN dossier d ON d.id = c.dossier_id"
                     " JOIN employee e ON e.id = d.employee_id JOIN cycle y ON y.id = d.cycle_id"
                     " WHERE e.login = 'sophie' AND c.type = 'assessment'"
                     " ORDER BY y.starts_on DESC LIMIT 1")[0]


def test_sophie_rated_herself_next_to_iris_and_the_outcome_is_confirmed(demo_stack):
    cid, status, overall, proposed, reason = sophie_assessment(demo_stack)
    assert status == "closed"
    assert overall is not None and overall == proposed and reason == "", \
        (overall, proposed, reason)
    template = demo_stack.sql(f"SELECT t.tkey FROM conversation c JOIN template_version tv"
                              f" ON tv.id = c.template_version_id JOIN template t"
                              f" ON t.id = tv.template_id WHERE c.id = {cid}")
    assert template == [("gemeente",)]
    profile = {c for (c,) in demo_stack.sql(
        "SELECT pc.competence_id FROM employee e JOIN job_profile_competence pc"
        " ON pc.profile_id = e.job_profile_id WHERE e.login = 'sophie'")}
    rated = demo_stack.sql(f"SELECT competence_id, role, level, shared_at IS NOT NULL"
                           f" FROM competence_rating WHERE conversation_id = {cid}")
    assert profile and {(c, role) for c, role, _, _ in rated} == \
        {(c, role) for c in profile for role in ("employee", "manager")}
    assert all(shared == "1" for _, role, _, shared in rated if role == "employee"), \
        "her self-assessment was shared before the conversation"
    assert {lv for _, role, lv, _ in rated if role == "employee"} != \
        {lv for _, role, lv, _ in rated if role == "manager"} or len(profile) == 1


def test_sophies_ratings_are_shown_to_her_iris_and_hr_only(demo_stack):
    import demo_states
    cid = sophie_assessment(demo_stack)[0]
    levels = dict(demo_stack.sql(
        f"SELECT CONCAT(competence_id, role), level FROM competence_rating"
        f" WHERE conversation_id = {cid}"))
    comp = demo_stack.sql(f"SELECT MIN(competence_id) FROM competence_rating"
                          f" WHERE conversation_id = {cid}")[0][0]
    for login in ("sophie", "iris", "hanna"):
        who = demo_states.Person(demo_stack.base_url, login)
        r = who.s.get(f"{who.base}/conversations/{cid}", timeout=demo_states.TIMEOUT)
        assert r.status_code == 200, (login, r.status_code)
        doc = lxml_html.fromstring(r.text)
        shown = doc.xpath(f"//li[@id='competence-{comp}']//dl[@class='competence-ratings']")
        assert shown, f"{login} sees no ratings of competence {comp}"
        text = " ".join(shown[0].text_content().split())
        assert "Zelfbeoordeling" in text, (login, text)
        for role in ("employee", "manager"):
            assert f"{levels[comp + role]} – " in text, (login, role, text)
    jesse = demo_states.Person(demo_stack.base_url, "jesse")
    r = jesse.s.get(f"{jesse.base}/conversations/{cid}", timeout=demo_states.TIMEOUT)
    assert r.status_code in (403, 404), "a colleague reads nothing of it"
