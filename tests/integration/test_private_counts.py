"""Private preparation stays out of the numbers (DESIGN §5, §6).

A progress note written while its conversation is planned or being
prepared is its author's alone until the author's side shares it or the
conversation is held -- and so is the status it sets.  An item written in
such a conversation is likewise private.  Neither may show in HR's
overview (GET /reports, its .xml, the people behind each number) or in the
manager's team list on the dashboard (its overdue count) before that
moment; after it, both do.

Each test makes a fresh cycle with one dossier (eva, manager mark), so the
numbers of the cycle are the numbers of that dossier alone."""

import datetime

import lxml.html
import pytest

from convtools import add_item, conv_xml, item_id, make_dossier, marker, people, post, version
from helpers import xml


@pytest.fixture(scope="module")
def ids(stack):
    return people(stack)


RESULT_STATES = ("total", "achieved", "not_achieved", "in_progress")


def results_xml(s, cycle):
    """HR's result numbers from /reports.xml."""
    r = s.get("/reports.xml", params={"cycle": cycle})
    assert r.status_code == 200, r.status_code
    res = xml(r).find("reports/results")
    return {state: int(res.get(state)) for state in RESULT_STATES}


def results_html(s, cycle):
    """The same numbers as the HTML page shows them (each a link to the
    people behind it)."""
    r = s.get("/reports", params={"cycle": cycle})
    assert r.status_code == 200, r.status_code
    doc = lxml.html.fromstring(r.content)
    out = {}
    for state in RESULT_STATES:
        links = doc.xpath(f"//a[contains(@href, 'metric=results.{state}')]")
        assert len(links) == 1, (state, len(links))
        out[state] = int(links[0].text.strip())
    return out


def behind(s, cycle, metric):
    """The people behind one number: {login: count} from the .xml, and the
    dossiers the HTML page links to."""
    r = s.get("/reports/people.xml", params={"cycle": cycle, "metric": metric})
    assert r.status_code == 200, r.status_code
    got = {p.get("login"): int(p.get("count"))
           for p in xml(r).findall("reports_people/people/person")}
    html = s.get("/reports/people", params={"cycle": cycle, "metric": metric})
    assert html.status_code == 200, html.status_code
    links = set(lxml.html.fromstring(html.content).xpath("//a[starts-with(@href, '/dossiers/')]"
                                                         "/@href"))
    return got, links


def hr_numbers(s, cycle):
    """Page and .xml must agree; the numbers."""
    n = results_xml(s, cycle)
    assert results_html(s, cycle) == n
    return n


def overdue(s, dossier):
    """The overdue count of the dossier on the manager's dashboard, from the
    .xml and the HTML (the cell before the dossier's link)."""
    r = s.get("/.xml")
    assert r.status_code == 200, r.status_code
    members = xml(r).xpath(f"/page/dashboard/team/member[@dossier='{dossier}']")
    assert len(members) == 1, len(members)
    n = int(members[0].get("overdue"))
    html = s.get("/")
    assert html.status_code == 200, html.status_code
    cells = lxml.html.fromstring(html.content).xpath(
        f"//tr[.//a[@href='/dossiers/{dossier}']]/td[.//a[@href='/dossiers/{dossier}']]"
        "/preceding-sibling::td[1]")
    assert len(cells) == 1, len(cells)
    assert int(cells[0].text_content().strip()) == n
    return n


def item_row(stack, item):
    """The item's stored status and whether it has an achieved_on date."""
    status, dated = stack.sql(f"SELECT status, achieved_on IS NOT NULL FROM item WHERE id = {item}")[0]
    return status, int(dated)


def shown_status(s, cid, item):
    """The status the conversation's .xml shows the reader on the item."""
    got = conv_xml(s, cid).xpath(f"//item[@id='{item}']/@status")
    assert len(got) == 1, got
    return got[0]


def goal(stack, ids, users, prefix):
    """A dossier whose goal setting (held) left one shared result goal."""
    d = make_dossier(stack, ids, prefix)
    goal_setting = d["conversations"][0]
    mark = users("mark")
    title = marker("Doel")
    assert add_item(mark, goal_setting, title).status_code == 303
    assert post(mark, f"/conversations/{goal_setting}/held",
                version=version(mark, goal_setting)).status_code == 303
    return d, item_id(stack, d["id"], title)


def test_private_note_status_counts_only_once_shared(stack, ids, users):
    d, item = goal(stack, ids, users, "Telling-delen")
    progress = d["conversations"][1]
    eva, mark, hanna = users("eva"), users("mark"), users("hanna")
    before = {"total": 1, "achieved": 0, "not_achieved": 0, "in_progress": 1}
    assert hr_numbers(hanna, d["cycle"]) == before

    assert post(eva, f"/conversations/{progress}/updates", item=str(item), status="achieved",
                note=marker("Privé-notitie")).status_code == 303
    # No trace for HR: the numbers, the people behind them, on page and .xml.
    assert hr_numbers(hanna, d["cycle"]) == before
    assert behind(hanna, d["cycle"], "results.achieved") == ({}, set())
    assert behind(hanna, d["cycle"], "results.in_progress")[0] == {"eva": 1}
    # The item itself still has the status both may see.
    assert item_row(stack, item) == ("open", 0)
    # Each party sees the latest note they may see.
    assert shown_status(eva, progress, item) == "achieved"
    assert shown_status(mark, progress, item) == "open"

    assert post(eva, f"/conversations/{progress}/share").status_code == 303
    assert hr_numbers(hanna, d["cycle"]) == {"total": 1, "achieved": 1, "not_achieved": 0,
                                             "in_progress": 0}
    assert behind(hanna, d["cycle"], "results.achieved") == ({"eva": 1}, {f"/dossiers/{d['id']}"})
    assert item_row(stack, item) == ("achieved", 1)
    assert shown_status(mark, progress, item) == "achieved"
    assert shown_status(hanna, progress, item) == "achieved"


def test_private_note_status_counts_once_held_latest_wins(stack, ids, users):
    d, item = goal(stack, ids, users, "Telling-gevoerd")
    progress = d["conversations"][1]
    eva, mark, hanna = users("eva"), users("mark"), users("hanna")
    before = {"total": 1, "achieved": 0, "not_achieved": 0, "in_progress": 1}

    # Both write a private note with a status; the manager's is the later.
    assert post(eva, f"/conversations/{progress}/updates", item=str(item), status="at_risk",
                note=marker("E")).status_code == 303
    assert post(mark, f"/conversations/{progress}/updates", item=str(item),
                status="not_achieved", note=marker("M")).status_code == 303
    assert hr_numbers(hanna, d["cycle"]) == before
    assert behind(hanna, d["cycle"], "results.not_achieved") == ({}, set())
    assert item_row(stack, item) == ("open", 0)
    assert shown_status(eva, progress, item) == "at_risk"
    assert shown_status(mark, progress, item) == "not_achieved"
    item_version = stack.sql(f"SELECT version FROM item WHERE id = {item}")[0][0]

    assert post(mark, f"/conversations/{progress}/held",
                version=version(mark, progress)).status_code == 303
    assert hr_numbers(hanna, d["cycle"]) == {"total": 1, "achieved": 0, "not_achieved": 1,
                                             "in_progress": 0}
    assert behind(hanna, d["cycle"], "results.not_achieved")[0] == {"eva": 1}
    assert item_row(stack, item) == ("not_achieved", 0)
    assert int(stack.sql(f"SELECT version FROM item WHERE id = {item}")[0][0]) > int(item_version)
    for who in ("eva", "mark", "hanna"):
        assert shown_status(users(who), progress, item) == "not_achieved", who


def test_shared_side_note_applies_at_once(stack, ids, users):
    """After a party shared, its further notes are visible to both at once:
    their status applies to the item straight away."""
    d, item = goal(stack, ids, users, "Telling-na-delen")
    progress = d["conversations"][1]
    eva, hanna = users("eva"), users("hanna")
    assert post(eva, f"/conversations/{progress}/share").status_code == 303
    assert post(eva, f"/conversations/{progress}/updates", item=str(item), status="achieved",
                note=marker("Gedeeld")).status_code == 303
    assert item_row(stack, item) == ("achieved", 1)
    assert hr_numbers(hanna, d["cycle"])["achieved"] == 1


def test_private_overdue_item_not_on_manager_dashboard(stack, ids, users):
    d = make_dossier(stack, ids, "Telling-dashboard")
    progress, assessment = d["conversations"][1], d["conversations"][2]
    eva, mark, hanna = users("eva"), users("mark"), users("hanna")
    past = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()
    assert overdue(mark, d["id"]) == 0

    # The employee's private item, past its deadline.
    title = marker("Privé-achterstallig")
    # confirm: a deadline outside the cycle's period asks first (issue 15)
    assert add_item(eva, progress, title, deadline=past, confirm="1").status_code == 303
    assert overdue(mark, d["id"]) == 0
    assert hr_numbers(hanna, d["cycle"])["total"] == 0
    assert behind(hanna, d["cycle"], "results.total") == ({}, set())
    # The manager's own private item is his to see: it counts for him.
    assert add_item(mark, assessment, marker("Eigen-achterstallig"), deadline=past,
                    confirm="1").status_code == 303
    assert overdue(mark, d["id"]) == 1
    assert hr_numbers(hanna, d["cycle"])["total"] == 0

    assert post(eva, f"/conversations/{progress}/share").status_code == 303
    assert overdue(mark, d["id"]) == 2
    assert hr_numbers(hanna, d["cycle"]) == {"total": 1, "achieved": 0, "not_achieved": 0,
                                             "in_progress": 1}
    assert behind(hanna, d["cycle"], "results.total") == ({"eva": 1}, {f"/dossiers/{d['id']}"})


def test_migration_055_puts_right_items_a_private_note_set(stack, ids, users):
    """Data written before this rule: the item took a private note's status
    at once.  Migration 055 gives such items the status of the latest note
    both may see (else 'open'), and leaves every other item alone."""
    d, leaked = goal(stack, ids, users, "Telling-migratie")
    progress = d["conversations"][1]
    eva, mark = users("eva"), users("mark")
    kept_title = marker("Ander-doel")
    assert add_item(mark, d["conversations"][0], kept_title).status_code == 303
    kept = item_id(stack, d["id"], kept_title)
    # `kept`: a note both see says at_risk; a later private one achieved.
    assert post(mark, f"/conversations/{progress}/share").status_code == 303
    assert post(mark, f"/conversations/{progress}/updates", item=str(kept), status="at_risk",
                note=marker("Zichtbaar")).status_code == 303
    assert post(eva, f"/conversations/{progress}/updates", item=str(kept), status="achieved",
                note=marker("Privé")).status_code == 303
    # `leaked`: only eva's private note, achieved.
    assert post(eva, f"/conversations/{progress}/updates", item=str(leaked), status="achieved",
                note=marker("Privé")).status_code == 303
    assert item_row(stack, kept) == ("at_risk", 0)
    assert item_row(stack, leaked) == ("open", 0)
    # An item with a status and no private note (as gesprekctl's generated
    # data has them) is not the migration's to change.
    stack.sql(f"INSERT INTO item (dossier_id, kind, title, status) "
              f"VALUES ({d['id']}, 'result', '{marker('Gegenereerd')}', 'on_track')")
    # What the old code stored: the private note's status on the item.
    stack.sql(f"UPDATE item SET status = 'achieved', achieved_on = UTC_DATE() "
              f"WHERE id IN ({kept}, {leaked})")
    others = (f"SELECT id, status, version FROM item WHERE dossier_id = {d['id']} "
              f"AND id NOT IN ({kept}, {leaked}) ORDER BY id")
    untouched = stack.sql(others)
    assert ("on_track", "1") in {(s, v) for _, s, v in untouched}

    # The migration's statement, limited to this test's dossier: the
    # database is shared with other tests' hand-made rows.
    migration = (stack.sql_dir / "055_private_note_status.sql").read_text()
    assert migration.count("WHERE EXISTS (") == 1
    stack.sql(migration.replace("WHERE EXISTS (", f"WHERE i.dossier_id = {d['id']} AND EXISTS ("))
    assert item_row(stack, kept) == ("at_risk", 0)
    assert item_row(stack, leaked) == ("open", 0)
    assert stack.sql(others) == untouched
    # Sharing still applies the private note afterwards.
    assert post(eva, f"/conversations/{progress}/share").status_code == 303
    assert item_row(stack, kept) == ("achieved", 1)
    assert item_row(stack, leaked) == ("achieved", 1)
