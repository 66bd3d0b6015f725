"""The saving POST (POST /conversations/ID/updates, issue 22): the save
comes before any view of the dossier, and the whole save -- the note, the
goal's status, the summaries, the audit row, the page stamps and the
flash the redirect shows -- is one transaction.

* A save reads the session, then runs its transaction; the flash is
  written inside it, nothing after its COMMIT.  The next GET shows the
  flash once.
* A save the store refuses writes nothing, not even the flash, and is
  answered as the view decides: 403 for a stranger to the dossier, for
  HR and for another dossier's item; 400 for a rating the viewer may not
  give.
"""

import itertools
import uuid

import pytest

from convtools import csrf, post_expect as post, value as one
from helpers import xml

HR, MANAGER, EMPLOYEE, OTHER = "hanna", "mark", "eva", "koen"
SCALE = "onvoldoende / matig / voldoende / goed / uitstekend"
_seq = itertools.count(1)


def flash_of(stack, login_name):
    """The flash of every session of login_name ('' for none)."""
    rows = stack.sql(f"SELECT COALESCE(s.flash, '') FROM session s JOIN employee e"
                     f" ON e.id = s.employee_id WHERE e.login = '{login_name}'")
    return {r[0] for r in rows}


@pytest.fixture
def progress(stack, users):
    """A new cycle for eva's department: a result goal agreed (shared) in
    the goal-setting conversation, the progress conversation held.
    Returns (progress conversation, item)."""
    hr, mark = users(HR), users(MANAGER)
    home = int(one(stack, f"SELECT department_id FROM employee WHERE login = '{EMPLOYEE}'"))
    name = f"Opslaan {next(_seq)}-{uuid.uuid4().hex[:6]}"
    post(hr, "/admin/cycles", name=name, starts_on="2031-01-01", ends_on="2031-12-31",
         scale=SCALE, step1_type="goal_setting", step1_due="2031-02-15",
         step2_type="progress", step2_due="2031-06-30",
         step3_type="assessment", step3_due="2031-12-15")
    cycle = int(one(stack, f"SELECT id FROM cycle WHERE name = '{name}'"))
    post(hr, f"/admin/cycles/{cycle}/start", scope="department", department=str(home),
         confirm="1")
    dossier = int(one(stack, f"SELECT d.id FROM dossier d JOIN employee e"
                             f" ON e.id = d.employee_id WHERE d.cycle_id = {cycle}"
                             f" AND e.login = '{EMPLOYEE}'"))
    gs, pr = (int(r[0]) for r in stack.sql(
        f"SELECT id FROM conversation WHERE dossier_id = {dossier} ORDER BY seq LIMIT 2"))
    post(mark, f"/conversations/{gs}/items", kind="result", title="Levertijd",
         measure="binnen 3 dagen", deadline="2031-11-30")
    post(mark, f"/conversations/{gs}/share")
    item = int(one(stack, f"SELECT id FROM item WHERE dossier_id = {dossier}"))
    version = xml(mark.get(f"/conversations/{pr}.xml")).xpath(
        "/page/conversation/@version")[0]
    post(mark, f"/conversations/{pr}/held", version=version, confirm="1")
    return pr, item


# The session read (store/session.c), the first statement of a request.
SESSION_READ = "SELECT COALESCE(s.employee_id, 0)"
# The note's status reaching its goal (store/conversation.c).
APPLY_STATUS = "UPDATE item i JOIN item_update u"


def statements_of(stack, action, marker):
    """The statements of the gesprekd connection that ran `marker` while
    action() ran, in order (MariaDB's general log as a table)."""
    stack.sql("TRUNCATE TABLE mysql.general_log; SET GLOBAL log_output = 'TABLE';"
              " SET GLOBAL general_log = 1", db=None)
    try:
        action()
    finally:
        stack.sql("SET GLOBAL general_log = 0", db=None)
    # In hex: a session token's hash is a binary parameter, which the
    # client's XML output cannot carry.
    rows = [(t, bytes.fromhex(h).decode("utf-8", "replace")) for t, h in stack.sql(
        "SELECT thread_id, HEX(argument) FROM mysql.general_log"
        " WHERE command_type IN ('Execute', 'Query') ORDER BY event_time", db=None)]
    stack.sql("TRUNCATE TABLE mysql.general_log; SET GLOBAL log_output = 'FILE'", db=None)
    threads = {t for t, sql in rows if marker in sql}
    assert len(threads) == 1, rows
    return [sql for t, sql in rows if t in threads]


def test_a_save_reads_the_session_then_writes_all_in_one_transaction(stack, users, progress):
    pr, item = progress
    mark = users(MANAGER)
    token = csrf(mark)
    ran = statements_of(stack, lambda: post(
        mark, f"/conversations/{pr}/updates", item=str(item), status="at_risk",
        note="Een week achter.", csrf=token), "INSERT INTO item_update")
    begin = ran.index("START TRANSACTION")
    # The POST's own statements start at its session read, the first
    # statement of every request: the worker's connection may have logged
    # the end of the GET before it (the csrf's page) in the same window.
    start = max(i for i, sql in enumerate(ran[:begin]) if sql.startswith(SESSION_READ))
    ran, begin = ran[start:], begin - start
    # Before the transaction: the session alone (its read; once a minute
    # its seen_at), no view of the dossier.
    assert begin >= 1 and all("session" in sql for sql in ran[:begin]), ran
    assert ran[-1] == "COMMIT", ran
    inside = ran[begin:]
    assert any(sql.startswith("UPDATE session SET flash") for sql in inside), ran
    assert any(sql.startswith("INSERT INTO audit") for sql in inside), ran
    assert one(stack, f"SELECT status FROM item WHERE id = {item}") == "at_risk"

    # The flash written in the transaction shows once, on the redirect's GET.
    page = xml(mark.get(f"/conversations/{pr}.xml"))
    assert page.xpath("/page/flash/@key") == ["flash.saved"]
    assert xml(mark.get(f"/conversations/{pr}.xml")).xpath("/page/flash") == []


def test_a_refused_save_writes_nothing_not_even_the_flash(stack, users, progress):
    pr, item = progress
    hr, eva, piet = users(HR), users(EMPLOYEE), users(OTHER)
    notes = f"SELECT COUNT(*) FROM item_update WHERE item_id = {item}"
    before = one(stack, notes)
    audits = one(stack, "SELECT COUNT(*) FROM audit")
    # Sessions of earlier tests may keep a flash nobody came back to see:
    # only what the refused saves below could write is looked at.
    stack.sql("UPDATE session s JOIN employee e ON e.id = s.employee_id SET s.flash = NULL"
              f" WHERE e.login IN ('{HR}', '{OTHER}', '{EMPLOYEE}')")
    # HR reads the dossier, a stranger not at all: 403 alike.
    post(hr, f"/conversations/{pr}/updates", expect=403, item=str(item), note="HR schrijft.")
    post(piet, f"/conversations/{pr}/updates", expect=403, item=str(item), note="Vreemde.")
    # An item of another dossier: 403, as for one that is not there.
    other = one(stack, f"SELECT MIN(id) FROM item WHERE dossier_id <>"
                       f" (SELECT dossier_id FROM item WHERE id = {item})")
    if other is not None:
        post(eva, f"/conversations/{pr}/updates", expect=403, item=str(other), note="Andere.")
    post(eva, f"/conversations/{pr}/updates", expect=403, item="999999999", note="Weg.")
    # A rating is the manager's, in an assessment: the form again, 400.
    post(eva, f"/conversations/{pr}/updates", expect=400, item=str(item), rating="3",
         note="Ik geef een cijfer.")
    assert one(stack, notes) == before
    assert one(stack, "SELECT COUNT(*) FROM audit") == audits
    for who in (HR, OTHER, EMPLOYEE):
        assert "flash.saved" not in flash_of(stack, who), who


def test_a_note_that_keeps_its_goals_status_does_not_apply_it(stack, users, progress):
    """The save returns the goal's status (INSERT ... RETURNING): a note
    whose status the goal has already runs no UPDATE of the goal, one that
    moves it does."""
    pr, item = progress
    mark = users(MANAGER)

    def version():
        return int(one(stack, f"SELECT version FROM item WHERE id = {item}"))

    def save(status, note):
        token = csrf(mark)
        return statements_of(stack, lambda: post(
            mark, f"/conversations/{pr}/updates", item=str(item), status=status, note=note,
            csrf=token), "INSERT INTO item_update")

    ran = save("achieved", "Gehaald.")
    assert any(sql.startswith(APPLY_STATUS) for sql in ran), ran
    assert one(stack, f"SELECT status FROM item WHERE id = {item}") == "achieved"
    before = version()
    ran = save("achieved", "Gehaald, met de cijfers erbij.")
    assert not any(sql.startswith(APPLY_STATUS) for sql in ran), ran
    assert version() == before
    assert one(stack, f"SELECT note FROM item_update WHERE item_id = {item}"
                      f" AND conversation_id = {pr}") == "Gehaald, met de cijfers erbij."
    ran = save("on_track", "Toch nog niet.")
    assert any(sql.startswith(APPLY_STATUS) for sql in ran), ran
    assert one(stack, f"SELECT status FROM item WHERE id = {item}") == "on_track"
    assert version() == before + 1
