"""A deputy's work in Chromium, with keys and clicks (issue 17, h-deputy2):
the manager appoints a deputy for all his reports from today until
today; the deputy finds the manager's to-do card for the borrowed dossier
on the dashboard and follows it to the conversation; then follows the
link to the manager's team report, sees the team's numbers as "Team van
... (als vervanger)" and the people behind one of them.  After the
period the cards, the link and the report are gone.

People, department, cycle and dossiers are the test's own (made with SQL,
as HR's import would)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from helpers import deputy_walk_people, drop_deputies, insert, wait_for
from summaries import keep_summaries

ZONE = "Europe/Amsterdam"           # tests/stack.py's site.timezone


def day(offset):
    return (datetime.datetime.now(ZoneInfo(ZONE)).date()
            + datetime.timedelta(days=offset)).isoformat()


@pytest.fixture
def org(stack):
    o = deputy_walk_people(stack, "Teamwandeling", ('lid', 'ander', 'invaller'))
    o["cycle"] = insert(stack, "cycle", name=f"Teamcyclus {o['tag']}", starts_on=day(-30),
                        ends_on=day(300), status="open",
                        rating_scale="onvoldoende|matig|voldoende|goed|uitstekend")
    for who, status in (("lid", "held"), ("ander", "planned")):
        d = insert(stack, "dossier", cycle_id=o["cycle"], employee_id=o[who],
                   manager_id=o["chef"])
        o[who + "_conv"] = insert(stack, "conversation", dossier_id=d, type="goal_setting",
                                  seq=1, due_on=day(20), status=status)
    keep_summaries(stack, o["cycle"])
    yield o
    drop_deputies(stack, o['chef'])


def test_a_deputy_works_from_the_cards_and_the_team_report(stack, capsys, org):
    bj = pytest.importorskip("test_browser_journey")
    o = org

    def body(shots, browsers):
        chef = bj.Browser("chef", stack.base_url, shots)
        invaller = bj.Browser("invaller", stack.base_url, shots)
        browsers.extend([chef, invaller])

        # ---- the manager appoints a deputy for all his reports ----
        chef.login(o["chef_login"])
        chef.follow("a[href='/deputies']")
        chef.type("f-deputy", o["invaller_login"])
        chef.choose("f-employee", "")
        chef.type_date("f-from", day(0))
        chef.type_date("f-until", day(0))
        chef.submit_ok(chef.form("/deputies"), "/deputies")

        # ---- the deputy: the manager's card for the borrowed dossier ----
        invaller.login(o["invaller_login"])
        card = invaller.css(f"a.card[href='/conversations/{o['lid_conv']}']")
        assert "Definitief opslaan" in card.text and f"namens Chef {o['tag']}" in card.text
        invaller.shot("deputy-team-01-cards")
        invaller.follow(f"a.card[href='/conversations/{o['lid_conv']}']")
        assert invaller.path() == f"/conversations/{o['lid_conv']}"
        assert f"als vervanger namens Chef {o['tag']}" in invaller.css(".deputy-notice").text

        # ---- the team report, from the dashboard ----
        invaller.open("/")
        invaller.follow(f"a[href='/reports?team={o['chef']}']")
        assert f"Team van Chef {o['tag']} (als vervanger)" in invaller.main_text()
        invaller.choose("filter-cycle", o["cycle"])
        invaller.submit(invaller.form("/reports"))
        assert f"team={o['chef']}" in invaller.d.current_url
        invaller.shot("deputy-team-02-report")
        link = f"a[href*='metric=conversations.goal_setting.total'][href*='team={o['chef']}']"
        invaller.follow(link)
        text = invaller.main_text()
        assert f"Lid {o['tag']}" in text and f"Ander {o['tag']}" in text
        invaller.shot("deputy-team-03-people")

        # ---- after the period: cards, link and report gone ----
        stack.sql(f"UPDATE deputy SET starts_on = '{day(-3)}', ends_on = '{day(-1)}'"
                  f" WHERE manager_id = {o['chef']}")

        def gone():
            invaller.open("/")
            return not invaller.has("a.card") and not invaller.has("a[href^='/reports']")
        assert wait_for(gone, timeout=30, interval=1)
        invaller.open(f"/reports?team={o['chef']}")
        assert f"Lid {o['tag']}" not in invaller.main_text()
        assert f"Team van Chef {o['tag']}" not in invaller.main_text()

    bj.browser_test(stack, capsys, "deputy team", body)
