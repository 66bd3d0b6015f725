"""A deputy period that starts and ends, in Chromium with keys and clicks
(issue 17, "Done when"): access appears and disappears on the right days,
by the configured time zone.

The stack's clock cannot be moved, so "today" comes from the periods:

  manager  reaches the deputies page from the dashboard, types a period
           the wrong way round (refused at its field, nothing written),
           then appoints the deputy for one report from yesterday until
           today;
  deputy   finds that report's dossier in its own block on the dashboard,
           opens it and the conversation: "als vervanger namens ...";
  (SQL)    the same appointment now ended yesterday: the block is gone and
           the dossier refused, as for a stranger (a change made past
           gesprek shows within the page cache's trust time);
  manager  appoints the deputy again from tomorrow: the page says it starts
           later; the deputy still sees nothing.

People, department and cycle are the test's own (made with SQL, as HR's
import would)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from helpers import deputy_walk_people, drop_deputies, insert, wait_for

ZONE = "Europe/Amsterdam"           # tests/stack.py's site.timezone


def day(offset):
    return (datetime.datetime.now(ZoneInfo(ZONE)).date()
            + datetime.timedelta(days=offset)).isoformat()


def one(stack, sql):
    rows = stack.sql(sql)
    return rows[0][0] if rows else None


@pytest.fixture
def org(stack):
    o = deputy_walk_people(stack, "Vervangwandeling", ('lid', 'ander', 'invaller'))
    o["cycle"] = insert(stack, "cycle", name=f"Wandelcyclus {o['tag']}", starts_on="2031-01-01",
                        ends_on="2031-12-31", status="open",
                        rating_scale="onvoldoende|matig|voldoende|goed|uitstekend")
    o["dossier"] = insert(stack, "dossier", cycle_id=o["cycle"], employee_id=o["lid"],
                          manager_id=o["chef"])
    o["conv"] = insert(stack, "conversation", dossier_id=o["dossier"], type="goal_setting",
                       seq=1, due_on="2031-02-15")
    yield o
    drop_deputies(stack, o['chef'])


def test_a_deputy_period_starts_and_ends_in_the_browser(stack, capsys, org):
    bj = pytest.importorskip("test_browser_journey")
    o = org

    def body(shots, browsers):
        chef = bj.Browser("chef", stack.base_url, shots)
        invaller = bj.Browser("invaller", stack.base_url, shots)
        browsers.extend([chef, invaller])

        # ---- the manager appoints, from the dashboard ----
        chef.login(o["chef_login"])
        chef.follow("a[href='/deputies']")
        assert chef.path() == "/deputies"
        chef.type("f-deputy", o["invaller_login"])
        chef.choose("f-employee", o["lid"])
        chef.type_date("f-from", day(1))
        chef.type_date("f-until", day(-1))
        chef.submit(chef.form("/deputies"))
        assert "vóór de begindatum" in chef.css("#f-until-error").text
        assert chef.css("#f-deputy").get_property("value") == o["invaller_login"]
        assert one(stack, f"SELECT COUNT(*) FROM deputy WHERE manager_id = {o['chef']}") == "0"
        chef.shot("deputy-01-refused")
        chef.type_date("f-from", day(-1))
        chef.type_date("f-until", day(0))
        chef.submit_ok(chef.form("/deputies"), "/deputies")
        row = chef.css("table.deputies tbody tr")
        assert row.get_dom_attribute("data-state") == "current"
        assert f"Lid {o['tag']}" in row.text
        chef.shot("deputy-02-appointed")

        # ---- during: the deputy finds the dossier apart, acts for chef ----
        invaller.login(o["invaller_login"])
        block = invaller.css("table.borrowed")
        assert f"Lid {o['tag']}" in block.text and f"Chef {o['tag']}" in block.text
        invaller.shot("deputy-03-dashboard")
        invaller.follow(f"a[href='/dossiers/{o['dossier']}']")
        assert invaller.path() == f"/dossiers/{o['dossier']}"
        assert f"als vervanger namens Chef {o['tag']}" in invaller.css(".deputy-notice").text
        invaller.open(f"/conversations/{o['conv']}")
        assert invaller.has(".deputy-notice")
        assert invaller.has(f"form[action='/conversations/{o['conv']}/plan']"), \
            "the deputy plans, as the manager"
        invaller.shot("deputy-04-conversation")

        # ---- after: the same period, ended yesterday ----
        appointment = one(stack, f"SELECT id FROM deputy WHERE manager_id = {o['chef']}")
        stack.sql(f"UPDATE deputy SET starts_on = '{day(-3)}', ends_on = '{day(-1)}'"
                  f" WHERE id = {appointment}")
        # A change made past gesprek (SQL) shows within the page cache's
        # trust time (xml/pagecache.h); a real end or a new day at once.
        def gone_from_dashboard():
            invaller.open("/")
            return not invaller.has("table.borrowed")
        assert wait_for(gone_from_dashboard, timeout=30, interval=1)
        def refused():
            invaller.open(f"/dossiers/{o['dossier']}")
            return not invaller.has(".deputy-notice")
        assert wait_for(refused, timeout=30, interval=1)
        assert f"Lid {o['tag']}" not in invaller.main_text()
        invaller.shot("deputy-05-after")
        chef.refresh()
        assert chef.css("table.deputies tbody tr").get_dom_attribute("data-state") == "past"

        # ---- before: a new period from tomorrow ----
        chef.type("f-deputy", o["invaller_login"])
        chef.choose("f-employee", o["lid"])
        chef.type_date("f-from", day(1))
        chef.type_date("f-until", day(3))
        chef.submit_ok(chef.form("/deputies"), "/deputies")
        states = [r.get_dom_attribute("data-state") for r in chef.all("table.deputies tbody tr")]
        assert sorted(states) == ["coming", "past"], states
        assert "Begint later" in chef.main_text()
        chef.shot("deputy-06-coming")
        invaller.open("/")
        assert not invaller.has("table.borrowed")
        invaller.open(f"/conversations/{o['conv']}")
        assert not invaller.has(".deputy-notice")

    bj.browser_test(stack, capsys, "deputy period", body)
