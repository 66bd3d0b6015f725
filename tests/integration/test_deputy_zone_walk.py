"""A deputy period counted in the configured time zone, not in UTC, in
Chromium with keys and clicks (issue 17, "Done when": access appears and
disappears on the right days, by the configured time zone).

test_deputy_walk.py walks a period that starts and ends with the stack's
zone, Europe/Amsterdam, whose date is UTC's but for an hour a night: an
implementation that counted days in UTC would pass it.  Here gesprekd runs
with a site.timezone whose date differs from UTC's at this moment (UTC-12
in the morning, UTC+14 in the afternoon; one of the two always does):

  manager  appoints the deputy for one report for one day: the zone's
           today (a UTC count would refuse it as over, or call it coming);
  deputy   finds the dossier in its own block and opens it: access;
  (SQL)    the period moved to UTC's today, which in the zone is another
           day: the block is gone and the dossier refused, and the
           manager's list calls the period coming or past.

The zone is set back afterwards."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from helpers import deputy_walk_people, drop_deputies, insert, wait_for

HOME_ZONE = "Europe/Amsterdam"      # tests/stack.py's site.timezone
# UTC-12 and UTC+14: at any hour the date of one of them is not UTC's.
ZONES = ("Etc/GMT+12", "Pacific/Kiritimati")


def other_day_zone():
    """(zone, its today, UTC's today) with the two days apart."""
    utc = datetime.datetime.now(datetime.timezone.utc).date()
    for zone in ZONES:
        local = datetime.datetime.now(ZoneInfo(zone)).date()
        if local != utc:
            return zone, local.isoformat(), utc.isoformat()
    raise AssertionError("no zone whose date differs from UTC's")


def one(stack, sql):
    rows = stack.sql(sql)
    return rows[0][0] if rows else None


@pytest.fixture
def org(stack):
    o = deputy_walk_people(stack, "Zonewandeling", ('lid', 'invaller'))
    o["cycle"] = insert(stack, "cycle", name=f"Zonecyclus {o['tag']}", starts_on="2031-01-01",
                        ends_on="2031-12-31", status="open",
                        rating_scale="onvoldoende|matig|voldoende|goed|uitstekend")
    o["dossier"] = insert(stack, "dossier", cycle_id=o["cycle"], employee_id=o["lid"],
                          manager_id=o["chef"])
    o["conv"] = insert(stack, "conversation", dossier_id=o["dossier"], type="goal_setting",
                       seq=1, due_on="2031-02-15")
    yield o
    drop_deputies(stack, o['chef'])


def test_the_period_is_counted_in_the_configured_zone(stack, capsys, org):
    bj = pytest.importorskip("test_browser_journey")
    o = org
    zone, local, utc = other_day_zone()
    stack.reconfigure({"site": {"timezone": zone}})

    def body(shots, browsers):
        chef = bj.Browser("chef", stack.base_url, shots)
        invaller = bj.Browser("invaller", stack.base_url, shots)
        browsers.extend([chef, invaller])

        # ---- the zone's today, appointed in the form ----
        chef.login(o["chef_login"])
        chef.follow("a[href='/deputies']")
        chef.type("f-deputy", o["invaller_login"])
        chef.choose("f-employee", o["lid"])
        chef.type_date("f-from", local)
        chef.type_date("f-until", local)
        chef.submit_ok(chef.form("/deputies"), "/deputies")
        row = chef.css("table.deputies tbody tr")
        assert row.get_dom_attribute("data-state") == "current", (zone, local, utc)
        assert one(stack, f"SELECT DATE_FORMAT(starts_on, '%Y-%m-%d') FROM deputy"
                          f" WHERE manager_id = {o['chef']}") == local
        chef.shot("deputy-zone-01-appointed")

        # ---- access, on the zone's day ----
        invaller.login(o["invaller_login"])
        assert f"Lid {o['tag']}" in invaller.css("table.borrowed").text
        invaller.follow(f"a[href='/dossiers/{o['dossier']}']")
        assert f"als vervanger namens Chef {o['tag']}" in invaller.css(".deputy-notice").text
        invaller.shot("deputy-zone-02-access")

        # ---- UTC's today is another day in the zone: no access ----
        appointment = one(stack, f"SELECT id FROM deputy WHERE manager_id = {o['chef']}")
        stack.sql(f"UPDATE deputy SET starts_on = '{utc}', ends_on = '{utc}'"
                  f" WHERE id = {appointment}")

        def gone():
            invaller.open("/")
            return not invaller.has("table.borrowed")
        assert wait_for(gone, timeout=30, interval=1)

        def refused():
            invaller.open(f"/dossiers/{o['dossier']}")
            return not invaller.has(".deputy-notice")
        assert wait_for(refused, timeout=30, interval=1)
        assert f"Lid {o['tag']}" not in invaller.main_text()
        invaller.shot("deputy-zone-03-utc-day")
        chef.refresh()
        want = "coming" if utc > local else "past"
        assert chef.css("table.deputies tbody tr").get_dom_attribute("data-state") == want

    try:
        bj.browser_test(stack, capsys, "deputy period by the zone", body)
    finally:
        stack.reconfigure({"site": {"timezone": HOME_ZONE}})
