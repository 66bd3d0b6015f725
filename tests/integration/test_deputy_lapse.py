"""The end of a deputy's period by its date is audited (issue 17:
"appointment, use and end are audited").

A period that simply runs out has no one to record its end:
`gesprekctl purge` (gesprek-purge.timer) records it once, as
"deputy_lapse" on the manager's trail, at its first run after the
period's last day (site.timezone).  Two runs at once record it once; a
period ended early (it has its own "deputy_end") and one still running
are left alone.  The auditor reads it on /admin/audit.  People and
appointments are the test's own, written with SQL as the store would."""

import datetime
import subprocess
import uuid
from zoneinfo import ZoneInfo

import pytest

from conftest import login
from helpers import insert, xml

PASSWORD = "demo"
AUDITOR = "hanna"                   # hr_group: administrator, advisor and auditor
ZONE = "Europe/Amsterdam"           # tests/stack.py's site.timezone
CONCURRENT_RUNS = 2


def day(offset):
    return (datetime.datetime.now(ZoneInfo(ZONE)).date()
            + datetime.timedelta(days=offset)).isoformat()


@pytest.fixture
def org(stack):
    tag = uuid.uuid4().hex[:6]
    o = {"tag": tag}
    dep = insert(stack, "department", name=f"Afloop {tag}")
    for label in ("chef", "vervanger"):
        o[label] = insert(stack, "employee", login=f"{label}{tag}",
                          name=f"{label.capitalize()} {tag}", department_id=dep)
    o["lid"] = insert(stack, "employee", login=f"lid{tag}", name=f"Lid {tag}",
                      department_id=dep, manager_id=o["chef"])

    def appointment(starts_on, ends_on, ended=False):
        pid = insert(stack, "deputy", manager_id=o["chef"], deputy_id=o["vervanger"],
                     employee_id=o["lid"], starts_on=starts_on, ends_on=ends_on,
                     created_by=o["chef"])
        if ended:
            stack.sql(f"UPDATE deputy SET ended_at = UTC_TIMESTAMP(), ended_by = {o['chef']}"
                      f" WHERE id = {pid}")
        return pid

    # over yesterday; ended early (over too by its dates); running until today
    o["lapsed"] = appointment(day(-10), day(-1))
    o["ended"] = appointment(day(-30), day(-20), ended=True)
    o["running"] = appointment(day(0), day(0))
    yield o
    stack.sql(f"DELETE FROM deputy WHERE manager_id = {o['chef']}")


def lapses(stack, manager):
    return stack.sql(f"SELECT detail FROM audit WHERE entity = 'employee' AND entity_id ="
                     f" {manager} AND action = 'deputy_lapse' ORDER BY id")


def purge_at_once(stack, runs):
    """`gesprekctl purge` started `runs` times without waiting between."""
    cmd = [str(stack.gesprekctl_bin), "-c", str(stack.config_path), "purge"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=stack.env(), stdin=subprocess.DEVNULL)
             for _ in range(runs)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
    return [out for out, _ in outs]


def test_a_period_over_by_its_date_is_recorded_once(stack, org):
    assert lapses(stack, org["chef"]) == []
    outs = purge_at_once(stack, CONCURRENT_RUNS)
    assert all("deputy period end(s) recorded" in out for out in outs), outs
    # Once, however many runs raced for it; its dates and deputy named.
    assert lapses(stack, org["chef"]) == [
        (f"deputy: vervanger{org['tag']}; employee: {org['lid']}; from: {day(-10)};"
         f" until: {day(-1)}; period over",)]
    marked = dict(stack.sql(f"SELECT id, lapse_audited_at IS NOT NULL FROM deputy"
                            f" WHERE manager_id = {org['chef']}"))
    assert marked == {str(org["lapsed"]): "1", str(org["ended"]): "0",
                      str(org["running"]): "0"}
    # No one is named as having ended it.
    assert stack.sql(f"SELECT COUNT(*) FROM audit WHERE action = 'deputy_lapse' AND entity_id ="
                     f" {org['chef']} AND actor_id IS NULL") == [("1",)]
    # A later run finds nothing more to record.
    stack.ctl("purge")
    assert len(lapses(stack, org["chef"])) == 1


def other_day_zone():
    """A zone whose date is not the site's now: twelve hours behind UTC or
    fourteen ahead, one of which is always a day away from Amsterdam."""
    here = datetime.datetime.now(ZoneInfo(ZONE)).date()
    for zone in ("Etc/GMT+12", "Etc/GMT-14"):
        if datetime.datetime.now(ZoneInfo(zone)).date() != here:
            return zone
    raise AssertionError("no zone a day away from " + ZONE)


def test_the_day_is_the_sites_not_the_machines(stack, org):
    """The purge counts days in site.timezone whatever zone the machine
    (the timer) runs it in: the period over yesterday is recorded, the one
    running until today is not."""
    env = dict(stack.env(), TZ=other_day_zone())
    res = subprocess.run([str(stack.gesprekctl_bin), "-c", str(stack.config_path), "purge"],
                         capture_output=True, text=True, env=env, timeout=300,
                         stdin=subprocess.DEVNULL)
    assert res.returncode == 0, res.stderr
    assert [d for (d,) in lapses(stack, org["chef"])] == [
        f"deputy: vervanger{org['tag']}; employee: {org['lid']}; from: {day(-10)};"
        f" until: {day(-1)}; period over"], env["TZ"]


def test_the_auditor_reads_the_end_on_the_audit_page(stack, org, new_session):
    stack.ctl("purge")
    s = new_session()
    assert login(s, AUDITOR, PASSWORD).status_code == 303
    path = f"/admin/audit?entity=employee&id={org['chef']}"
    page = xml(s.get(path.replace("?", ".xml?")))
    details = page.xpath("/page/audit-trail/entry[@action = 'deputy_lapse']/detail/text()")
    assert len(details) == 1 and f"until: {day(-1)}; period over" in details[0]
    html = s.get(path).text
    assert "vervangingsperiode afgelopen" in html and "period over" in html
