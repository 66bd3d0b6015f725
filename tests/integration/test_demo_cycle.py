"""The demo's cycle agrees with the clock (issue 15).

The demo used to load the cycle "2027" (2027-01-01..2027-12-31) whatever
the date: in December 2026 its cycle had not begun by its own dates.  Now
`gesprekctl demo` starts a twelve-month cycle on the first of the current
month (in the organisation's zone), named by its years ("2027" when it
starts in January, else "2026-2027"), with goal setting six weeks in,
progress after six months and the assessment after eleven: nothing is
overdue on a fresh demo, and the organisation goals' texts name its years.
`--today` places it at another date (for this test), and loading again,
in any month, changes nothing.
"""

import re
import subprocess
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import login
from helpers import demo_cycle, text_of, xml

ZONE = ZoneInfo("Europe/Amsterdam")  # gesprek.conf's default timezone
SCRATCH = "gesprek_demo_dates"


def months_after(d, n):
    i = d.year * 12 + d.month - 1 + n
    return date(i // 12, i % 12 + 1, 1)


def expected(today):
    """What the rule above gives for a demo loaded on today."""
    start = today.replace(day=1)
    name = str(start.year) if start.month == 1 else f"{start.year}-{start.year + 1}"
    return {"name": name, "starts_on": start, "ends_on": months_after(start, 12) - timedelta(days=1),
            "steps": {"goal_setting": start + timedelta(days=42),
                      "progress": months_after(start, 6),
                      "assessment": months_after(start, 11)}}


def as_dict(c):
    return {"name": c.name, "starts_on": c.starts_on, "ends_on": c.ends_on, "steps": c.steps}


def test_the_demo_cycle_began_this_month_and_nothing_is_overdue(stack, new_session):
    demo = demo_cycle(stack)
    today = datetime.now(ZONE).date()
    # The stack loaded the demo when the session began: this month, or the
    # one before when the month turned since.
    assert as_dict(demo) in (expected(today), expected(today.replace(day=1) - timedelta(days=1)))
    assert demo.starts_on <= today <= demo.ends_on, "the demo is inside its own cycle"
    assert all(due > today for due in demo.steps.values()), "nothing is due yet"
    # The texts name the cycle's years, and no other.
    years = {demo.starts_on.year - 1, demo.starts_on.year, demo.ends_on.year}
    texts = [d for (d,) in stack.sql(f"SELECT description FROM org_goal WHERE cycle_id = {demo.id}")]
    texts += [m for (m,) in stack.sql(f"SELECT measure FROM collective_goal WHERE cycle_id = {demo.id}")]
    assert len(texts) == 5
    for t in texts:
        assert demo.name in t, t
        assert {int(y) for y in re.findall(r"\b(20\d\d)\b", t)} <= years, t
    deadlines = {d for (d,) in stack.sql(
        f"SELECT deadline FROM collective_goal WHERE cycle_id = {demo.id}")}
    assert deadlines == {demo.ends_on.isoformat()}
    # eva's dashboard: her goal setting is due on the cycle's date, not
    # overdue.  Only the demo cycle's cards: tests before this one give eva
    # overdue work in cycles of their own (the shared stack).
    s = new_session()
    assert login(s, "eva", "demo").status_code == 303
    assert demo.name in text_of(s.get("/"))
    cards = xml(s.get("/.xml")).xpath(f"/page/dashboard/todo//conversation[@cycle_id='{demo.id}']")
    assert cards, "eva's goal setting of the demo cycle waits for her"
    assert [c.get("overdue") for c in cards] == ["0"] * len(cards), [dict(c.attrib) for c in cards]
    assert {c.get("due_on") for c in cards} <= {d.isoformat() for d in demo.steps.values()}


def test_loading_again_in_another_month_changes_nothing(stack):
    demo = demo_cycle(stack)
    count = stack.sql("SELECT COUNT(*) FROM cycle")
    stack.ctl("demo", "--today", (demo.starts_on + timedelta(days=75)).isoformat())
    assert stack.sql("SELECT COUNT(*) FROM cycle") == count
    assert as_dict(demo_cycle(stack)) == as_dict(demo)


def ctl_with(stack, conf, *args):
    return subprocess.run([str(stack.gesprekctl_bin), "-c", str(conf), *args],
                          capture_output=True, text=True, env=stack.env(), timeout=120)


@pytest.mark.parametrize("today", ["2027-01-15", "2026-12-31", "2028-02-29"])
def test_a_fresh_demo_on_another_date(stack, tmp_path, today):
    """On an empty database: --today places the cycle (January gives a
    calendar year; a leap day's month ends the cycle on 31 January)."""
    stack.scratch_database(SCRATCH)
    try:
        conf = tmp_path / "scratch.conf"
        conf.write_text("".join(f"name = {SCRATCH}\n" if line.startswith("name ") else line + "\n"
                                for line in stack.config_path.read_text().splitlines()))
        conf.chmod(0o600)
        for args in (("migrate",), ("demo", "--today", today)):
            r = ctl_with(stack, conf, *args)
            assert r.returncode == 0, r.stderr
        got = stack.sql("SELECT name, starts_on, ends_on FROM cycle", db=SCRATCH)
        steps = dict(stack.sql("SELECT s.type, s.due_on FROM cycle_step s ORDER BY seq", db=SCRATCH))
        want = expected(date.fromisoformat(today))
        assert got == [(want["name"], want["starts_on"].isoformat(), want["ends_on"].isoformat())]
        assert steps == {k: v.isoformat() for k, v in want["steps"].items()}
        assert stack.sql("SELECT COUNT(*) FROM org_goal", db=SCRATCH) == [("3",)]
        # A bad date is refused before anything is written.
        r = ctl_with(stack, conf, "demo", "--today", "2027-02-30")
        assert r.returncode == 2 and "--today needs a date" in r.stderr
    finally:
        stack.drop_scratch_database(SCRATCH)
