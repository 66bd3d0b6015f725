"""The team report of a deputy (issue 17; rule: rules/deputy.h
deputy_report_team, unit-tested in tests/unit/test_deputy.c).

The report pages count per manager, so a deputy opens a manager's team
report only during a period of an appointment for all that manager's
reports: GET /reports and /reports/people with team=MANAGER show exactly
the manager's own numbers, as a scope of their own (never folded into the
deputy's team), without the export form or a reminder button.  Before and
after the period, for an appointment of one report only, or for a team
not borrowed, the answer is the stranger's 403.  People, cycle, dossiers
and conversations are the test's own, written with SQL."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from conftest import login
from helpers import insert, xml
from summaries import keep_summaries

PASSWORD = "demo"
ZONE = "Europe/Amsterdam"           # tests/stack.py's site.timezone
METRIC = "conversations.goal_setting.total"


def day(offset=0):
    return (datetime.datetime.now(ZoneInfo(ZONE)).date()
            + datetime.timedelta(days=offset)).isoformat()


@pytest.fixture
def org(stack):
    """chef manages lid and lid2; baas manages lid3; vervanger manages no
    one and stands in for all of chef's reports today."""
    tag = uuid.uuid4().hex[:6]
    o = {"tag": tag}
    dep = insert(stack, "department", name=f"Teamrapport {tag}")

    def person(label, manager=None):
        cols = {"login": f"{label}{tag}", "name": f"{label.capitalize()} {tag}",
                "department_id": dep}
        if manager:
            cols["manager_id"] = manager
        o[label] = insert(stack, "employee", **cols)
        o[label + "_login"] = cols["login"]
        stack.add_pam_user(cols["login"], PASSWORD)

    person("chef")
    person("baas")
    person("lid", o["chef"])
    person("lid2", o["chef"])
    person("lid3", o["baas"])
    person("vervanger")
    o["cycle"] = insert(stack, "cycle", name=f"Rapportcyclus {tag}", starts_on=day(-60),
                        ends_on=day(300), status="open", rating_scale="slecht|matig|goed")
    for who, mgr, status in (("lid", "chef", "held"), ("lid2", "chef", "planned"),
                             ("lid3", "baas", "held")):
        d = insert(stack, "dossier", cycle_id=o["cycle"], employee_id=o[who],
                   manager_id=o[mgr], status="open")
        insert(stack, "conversation", dossier_id=d, type="goal_setting", seq=1,
               due_on=day(10), status=status)
    keep_summaries(stack, o["cycle"])
    o["appointment"] = insert(stack, "deputy", manager_id=o["chef"], deputy_id=o["vervanger"],
                              starts_on=day(-1), ends_on=day(1), created_by=o["chef"])
    yield o
    stack.sql(f"DELETE FROM deputy WHERE manager_id = {o['chef']}")


def session(new_session, who):
    s = new_session()
    assert login(s, who, PASSWORD).status_code == 303, who
    return s


def numbers(page):
    """The counted part of the overview, as text."""
    return [etree.tostring(n) for n in page.xpath("/page/reports/*[not(self::teams or"
                                                  " self::filter or self::cycles or"
                                                  " self::department_tree)]")]


def people(page):
    return sorted(page.xpath("/page/reports_people/people/person/@name"))


def test_a_deputy_for_all_reports_reads_the_managers_team_report(stack, org, new_session):
    dep = session(new_session, org["vervanger_login"])
    chef = session(new_session, org["chef_login"])
    q = f"cycle={org['cycle']}"
    own = xml(chef.get(f"/reports.xml?{q}"))
    r = dep.get(f"/reports.xml?{q}&team={org['chef']}")
    assert r.status_code == 200, r.text[:300]
    borrowed = xml(r)
    # The manager's own numbers, no more and no less.
    assert numbers(borrowed) == numbers(own) and numbers(own)
    assert borrowed.xpath("/page/reports/filter/@team") == [str(org["chef"])]
    assert borrowed.xpath("/page/reports/teams/team[@current = '1']/@manager") == \
        [f"Chef {org['tag']}"]
    # No team asked: a deputy who manages no one gets the borrowed one.
    assert numbers(xml(dep.get(f"/reports.xml?{q}"))) == numbers(own)
    # The people behind a number: chef's two, not baas's lid3.
    r = dep.get(f"/reports/people.xml?{q}&metric={METRIC}&team={org['chef']}")
    assert r.status_code == 200
    assert people(xml(r)) == [f"Lid {org['tag']}", f"Lid2 {org['tag']}"]
    assert people(xml(r)) == people(xml(chef.get(f"/reports/people.xml?{q}&metric={METRIC}")))
    # No reminder from a borrowed list, no export form on the page.
    assert xml(r).xpath("/page/reports_people/people/@remind") == []
    html = dep.get(f"/reports?{q}&team={org['chef']}").text
    assert f"Team van Chef {org['tag']}" in html and f"/reports/cycles/{org['cycle']}.xml" not in html
    # The people list links keep the team.
    assert f"team={org['chef']}" in html
    # Not the export, nor another manager's team.
    assert dep.get(f"/reports/cycles/{org['cycle']}.xml",
                   allow_redirects=False).status_code == 403
    for path in (f"/reports?{q}&team={org['baas']}",
                 f"/reports/people?{q}&metric={METRIC}&team={org['baas']}"):
        assert dep.get(path, allow_redirects=False).status_code == 403, path
    # The deputy's dashboard links to the team report.
    dash = xml(dep.get("/.xml"))
    assert dash.xpath("/page/dashboard/borrowed/team/@manager_id") == [str(org["chef"])]
    assert f'href="/reports?team={org["chef"]}"' in dep.get("/").text
    # A manager asking for a team not borrowed: refused too.
    assert chef.get(f"/reports?{q}&team={org['baas']}", allow_redirects=False).status_code == 403


@pytest.mark.parametrize("change", ["before", "after", "ended", "one report"])
def test_no_team_report_outside_an_all_reports_period(stack, org, new_session, change):
    sets = {"before": f"starts_on = '{day(1)}', ends_on = '{day(3)}'",
            "after": f"starts_on = '{day(-3)}', ends_on = '{day(-1)}'",
            "ended": f"ended_at = UTC_TIMESTAMP(), ended_by = {org['chef']}",
            "one report": f"employee_id = {org['lid']}"}[change]
    stack.sql(f"UPDATE deputy SET {sets} WHERE id = {org['appointment']}")
    dep = session(new_session, org["vervanger_login"])
    q = f"cycle={org['cycle']}"
    for path in (f"/reports?{q}&team={org['chef']}", f"/reports?{q}",
                 f"/reports/people?{q}&metric={METRIC}&team={org['chef']}"):
        r = dep.get(path, allow_redirects=False)
        assert r.status_code == 403, (change, path)
        assert f"Lid {org['tag']}" not in r.text
    assert xml(dep.get("/.xml")).xpath("/page/dashboard/borrowed/team") == []
