"""The calendar invitation GET /conversations/{id}.ics against RFC 5545.

A strict reader written here checks what Outlook and Google Calendar rely
on: CRLF line ends only; content lines folded at 75 octets (never inside a
UTF-8 character) and unfolded again by CRLF + space; BEGIN/END properly
nested; VERSION and PRODID; in the VEVENT a UID (the same after a new date),
DTSTAMP, DTSTART/DTEND in UTC without TZID, SEQUENCE = the conversation's
version, STATUS, SUMMARY and DESCRIPTION with , ; \\ and newlines escaped,
ORGANIZER (the manager) and ATTENDEE (the employee) with their addresses.
Debian's python3-icalendar must read the same file to the same values.
Texts follow the language of the browser.
"""

import re
import time
from datetime import datetime, timedelta, timezone

import pytest

from conftest import login
from helpers import xml
from summaries import keep_summaries

LINE_OCTETS = 75
# A cycle name with every character TEXT must escape, and long enough (with
# multi-byte characters) that SUMMARY and DESCRIPTION need folding.
CYCLE = "Cyclus 2027; Noord, Zuid & Oost \\ één ‘keer’ per jaar – voor iedereen"
UTC_RE = re.compile(r"^\d{8}T\d{6}Z$")


def unfold(raw):
    """Strict RFC 5545 3.1: the body is CRLF-terminated lines, each at most
    75 octets; a line that starts with a space continues the previous one."""
    assert raw.endswith(b"\r\n"), "the last line ends with CRLF"
    lines = raw[:-2].split(b"\r\n")
    for i, line in enumerate(lines):
        assert b"\n" not in line and b"\r" not in line, f"bare CR or LF in line {i + 1}: {line!r}"
        assert len(line) <= LINE_OCTETS, f"line {i + 1} has {len(line)} octets: {line!r}"
        line.decode("utf-8")  # a fold never splits a character
    logical = []
    for line in lines:
        if line.startswith(b" ") or line.startswith(b"\t"):
            assert logical, "the first line cannot be a continuation"
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return [x.decode("utf-8") for x in logical]


def parse_line(line):
    """name, {param: value}, value (quoted parameter values may hold : ; ,)."""
    m = re.match(r'^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*))*):(.*)$', line)
    assert m, f"not a content line: {line!r}"
    params = dict((k.upper(), v.strip('"')) for k, v in
                  re.findall(r';([A-Za-z0-9-]+)=("[^"]*"|[^";:,]*)', m.group(2)))
    return m.group(1).upper(), params, m.group(3)


def unescape(text):
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            nxt = text[i + 1]
            assert nxt in "\\;,nN", f"bad escape \\{nxt} in {text!r}"
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def read_calendar(raw):
    """[(component path, name, params, value)] and checks the nesting."""
    stack, props = [], []
    for line in unfold(raw):
        name, params, value = parse_line(line)
        if name == "BEGIN":
            stack.append(value)
        elif name == "END":
            assert stack and stack[-1] == value, f"END:{value} does not close {stack}"
            stack.pop()
        else:
            assert stack, f"{name} outside any component"
            props.append(("/".join(stack), name, params, value))
    assert not stack, f"unclosed {stack}"
    return props


def one(props, comp, name):
    found = [(p, v) for c, n, p, v in props if c == comp and n == name]
    assert len(found) == 1, f"{comp} needs exactly one {name}: {found}"
    return found[0]


@pytest.fixture(scope="module")
def planned(stack, new_session_module):
    people = dict(stack.sql("SELECT login, id FROM employee WHERE login IN ('eva', 'mark')"))
    name = f"{CYCLE} {time.time_ns() % 10**9}"
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
              f"({stack_quote(name)}, '2027-01-01', '2027-12-31', 'open', 'a|b|c')")
    cycle = stack.sql(f"SELECT id FROM cycle WHERE name = {stack_quote(name)}")[0][0]
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
              f"({cycle}, {people['eva']}, {people['mark']})")
    dossier = stack.sql(f"SELECT id FROM dossier WHERE cycle_id = {cycle}")[0][0]
    stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on) VALUES "
              f"({dossier}, 'goal_setting', 1, '2027-02-15')")
    cid = stack.sql(f"SELECT id FROM conversation WHERE dossier_id = {dossier}")[0][0]
    keep_summaries(stack, cycle)
    mark = new_session_module()
    assert login(mark, "mark", "demo").status_code == 303
    emails = dict(stack.sql("SELECT login, email FROM employee WHERE login IN ('eva', 'mark')"))
    return {"cid": cid, "cycle": name, "mark": mark, "emails": emails}


def stack_quote(v):
    import stack as stack_mod
    return stack_mod.sql_quote(v)


def plan(s, cid, when):
    doc = xml(s.get(f"/conversations/{cid}.xml"))
    r = s.post(f"/conversations/{cid}/plan", data={
        "scheduled_at": when, "version": doc.xpath("/page/conversation/@version")[0],
        "csrf": doc.get("csrf")}, allow_redirects=False)
    assert r.status_code == 303, r.status_code


def get_ics(s, cid, lang="nl"):
    r = s.get(f"/conversations/{cid}.ics", headers={"Accept-Language": lang})
    assert r.status_code == 200, r.status_code
    assert r.headers["Content-Type"].startswith("text/calendar")
    assert "attachment" in r.headers.get("Content-Disposition", "")
    return r.content


def test_invitation_is_strict_rfc5545(planned):
    s, cid = planned["mark"], planned["cid"]
    plan(s, cid, "2027-03-09T13:45")
    raw = get_ics(s, cid)
    props = read_calendar(raw)
    cal, ev = "VCALENDAR", "VCALENDAR/VEVENT"
    assert one(props, cal, "VERSION")[1] == "2.0"
    assert one(props, cal, "PRODID")[1]
    uid = one(props, ev, "UID")[1]
    assert re.match(r"^conversation-\d+@", uid)
    assert UTC_RE.match(one(props, ev, "DTSTAMP")[1])
    start_params, start = one(props, ev, "DTSTART")
    end_params, end = one(props, ev, "DTEND")
    assert "TZID" not in start_params and "TZID" not in end_params, "UTC, no TZID"
    # 13:45 in Amsterdam in March (CET, UTC+1) is 12:45 UTC
    assert start == "20270309T124500Z" and UTC_RE.match(end) and end > start
    version = xml(s.get(f"/conversations/{cid}.xml")).xpath("/page/conversation/@version")[0]
    assert one(props, ev, "SEQUENCE")[1] == version
    assert one(props, ev, "STATUS")[1] == "CONFIRMED"
    summary = unescape(one(props, ev, "SUMMARY")[1])
    assert summary == "Doelstellingengesprek Eva de Vries - Mark Jansen"
    description = unescape(one(props, ev, "DESCRIPTION")[1])
    assert description.endswith(planned["cycle"]), description
    raw_description = one(props, ev, "DESCRIPTION")[1]
    assert "\\;" in raw_description and "\\," in raw_description and "\\\\" in raw_description
    org_params, org = one(props, ev, "ORGANIZER")
    assert org == f"mailto:{planned['emails']['mark']}" and org_params["CN"] == "Mark Jansen"
    attendees = {v: p for c, n, p, v in props if c == ev and n == "ATTENDEE"}
    assert f"mailto:{planned['emails']['eva']}" in attendees
    assert attendees[f"mailto:{planned['emails']['eva']}"]["CN"] == "Eva de Vries"
    assert max(len(x) for x in raw.split(b"\r\n")) > 60, "the long lines were folded, not cut"


def test_english_texts_and_a_new_date_updates_the_same_event(planned):
    s, cid = planned["mark"], planned["cid"]
    before = read_calendar(get_ics(s, cid, "en"))
    ev = "VCALENDAR/VEVENT"
    assert unescape(one(before, ev, "SUMMARY")[1]).startswith("Goal-setting conversation Eva de Vries")
    plan(s, cid, "2027-03-10T09:00")
    after = read_calendar(get_ics(s, cid, "en"))
    assert one(after, ev, "UID")[1] == one(before, ev, "UID")[1], "the same event"
    assert int(one(after, ev, "SEQUENCE")[1]) > int(one(before, ev, "SEQUENCE")[1])
    assert one(after, ev, "DTSTART")[1] == "20270310T080000Z"


def test_python_icalendar_reads_the_same(planned):
    try:
        import icalendar
    except ImportError:
        pytest.fail("python3-icalendar is missing: tests/deps.sh installs it", pytrace=False)
    s, cid = planned["mark"], planned["cid"]
    raw = get_ics(s, cid)
    cal = icalendar.Calendar.from_ical(raw)
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    assert len(events) == 1
    e = events[0]
    assert str(e["SUMMARY"]) == "Doelstellingengesprek Eva de Vries - Mark Jansen"
    assert str(e["DESCRIPTION"]).endswith(planned["cycle"])
    start = e.decoded("DTSTART")
    assert start.tzinfo is not None and start.utcoffset() == timedelta(0)
    assert e.decoded("DTEND") - start == timedelta(hours=1)
    assert start > datetime(2027, 1, 1, tzinfo=timezone.utc)
    assert str(e["ORGANIZER"]).lower().startswith("mailto:")
    # and it writes back what it read (a round trip through a real parser)
    again = icalendar.Calendar.from_ical(cal.to_ical())
    assert str([c for c in again.walk() if c.name == "VEVENT"][0]["UID"]) == str(e["UID"])
