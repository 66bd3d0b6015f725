"""Retention (issue 18): `gesprekctl retention --dry-run | --apply` on a
generated organisation in a database of its own.

The clock is moved by moving the data: the leavers' leaving dates are set
years back (the apply always runs on the real date; --today is for a dry
run only).  Marker tokens (zqm<id>q) go into the leavers' names, logins,
e-mail addresses and texts; after the apply an information_schema-driven
search of every text column of every table finds none of a removed
person's markers, except inside the signed snapshot of someone else's
report that a removed manager signed (kept as signed; the manager's own
row is then a pseudonymised stub).

Size: RETENTION_EMPLOYEES (200 in tests/run); `tests/retention-long` runs
this file with 10,000."""
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from stack import _MARIADB_CLIENT_BASE

EMPLOYEES = int(os.environ.get("RETENTION_EMPLOYEES", "200"))
# A fifth of the people left three years ago (the AP preset keeps two).
LEAVER_SHARE = 5
YEARS_AGO = 3
DB = "gesprek_retention"
MARKER = re.compile(r"zqm(\d+)q")
TEXT_TYPES = ("char", "varchar", "tinytext", "text", "mediumtext", "longtext",
              "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob")
T_CTL = 1800
T_KILL_WAIT = 120


def sql(stack, query):
    return stack.sql(query, db=DB)


def ctl(stack, conf, *args, check=True):
    r = subprocess.run([str(stack.gesprekctl_bin), "-c", str(conf), *args],
                       capture_output=True, text=True, env=stack.env(), timeout=T_CTL)
    if check:
        assert r.returncode == 0, r.stderr + r.stdout
    return r


def counts(out):
    """{(rule, kind): n} of a dry run's or an apply's lines."""
    res = {}
    for line in out.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        rule, kind, n = line.split("\t")
        res[(rule, kind)] = int(n)
    return res


def one(stack, query):
    return int(sql(stack, query)[0][0])


@pytest.fixture(scope="module")
def org(stack, tmp_path_factory):
    """A generated organisation with marked leavers, a held leaver and a
    removed manager who signed a kept report; yields (conf, facts)."""
    stack.scratch_database(DB)
    conf = tmp_path_factory.mktemp("retention") / "retention.conf"
    conf.write_text("".join(f"name = {DB}\n" if line.startswith("name ") else line + "\n"
                            for line in stack.config_path.read_text().splitlines()))
    try:
        ctl(stack, conf, "migrate")
        ctl(stack, conf, "generate", "--employees", str(EMPLOYEES), "--items", "2",
            "--cycles", "2")
        yield conf, mark_leavers(stack, conf)
    finally:
        stack.drop_scratch_database(DB)


def mark_leavers(stack, conf):
    # Leavers manage nobody: a manager's row would stay as a stub anyway.
    ids = [int(r[0]) for r in sql(stack, (
        "SELECT e.id FROM employee e WHERE e.is_hr = 0 AND NOT EXISTS"
        " (SELECT 1 FROM employee x WHERE x.manager_id = e.id)"
        " AND NOT EXISTS (SELECT 1 FROM dossier x WHERE x.manager_id = e.id)"
        f" AND EXISTS (SELECT 1 FROM dossier d WHERE d.employee_id = e.id)"
        f" ORDER BY e.id LIMIT {EMPLOYEES // LEAVER_SHARE}"))]
    held, signer = ids[0], ids[1]
    in_ids = ",".join(map(str, ids))
    assert one(stack, f"SELECT COUNT(*) FROM dossier WHERE employee_id IN ({in_ids})") > 70, (
        "enough leavers' dossiers for more than one batch")
    sql(stack, f"""
        UPDATE employee SET name = CONCAT('zqm', id, 'q leaver'), login = CONCAT('zqm', id, 'q'),
          email = CONCAT('zqm', id, 'q@example.org') WHERE id IN ({in_ids});
        UPDATE item i JOIN dossier d ON d.id = i.dossier_id
          SET i.title = CONCAT('goal zqm', d.employee_id, 'q'),
              i.measure = CONCAT('measure zqm', d.employee_id, 'q')
          WHERE d.employee_id IN ({in_ids});
        INSERT INTO remark (conversation_id, author_id, role, text)
          SELECT c.id, d.employee_id, 'employee', CONCAT('remark zqm', d.employee_id, 'q')
          FROM conversation c JOIN dossier d ON d.id = c.dossier_id
          WHERE d.employee_id IN ({in_ids});
        INSERT INTO audit (actor_id, entity, entity_id, action, detail)
          SELECT id, 'employee', id, 'update', CONCAT('name: zqm', id, 'q') FROM employee
          WHERE id IN ({in_ids});
        INSERT INTO audit (actor_id, entity, entity_id, action, detail)
          SELECT d.employee_id, 'dossier', d.id, 'note', CONCAT('zqm', d.employee_id, 'q')
          FROM dossier d WHERE d.employee_id IN ({in_ids});
        INSERT INTO login_attempt (login, ip, ok) SELECT login, '127.0.0.1', 1 FROM employee
          WHERE id IN ({in_ids});
        INSERT INTO session (token_sha256, employee_id, csrf, expires_at, user_agent)
          SELECT UNHEX(SHA2(CONCAT('s', id), 256)), id, SHA2(id, 256),
                 UTC_TIMESTAMP() + INTERVAL 1 HOUR, CONCAT('agent zqm', id, 'q')
          FROM employee WHERE id IN ({in_ids});
        INSERT INTO mail_queue (kind, recipient_id, recipient, subject, message)
          SELECT 'remind', id, email, CONCAT('to zqm', id, 'q'), CONCAT('dear zqm', id, 'q')
          FROM employee WHERE id IN ({in_ids});
        UPDATE employee SET active = 0,
          left_on = UTC_DATE() - INTERVAL {YEARS_AGO} YEAR WHERE id IN ({in_ids});
        INSERT INTO legal_hold (employee_id, reason) VALUES ({held}, 'court case 2026/17');
        INSERT INTO set_aside (migration, source_table, source_id, row_data, reason)
          SELECT 'test', 'item_update', c.id,
                 JSON_OBJECT('conversation_id', c.id, 'note', CONCAT('kept zqm', d.employee_id, 'q')),
                 'a test row' FROM conversation c JOIN dossier d ON d.id = c.dossier_id
          WHERE d.employee_id IN ({in_ids});
    """)
    # The signer signed (as manager) a report of a colleague who stays: the
    # snapshot names them and stays as signed.
    kept_conv = one(stack, (
        "SELECT c.id FROM conversation c JOIN dossier d ON d.id = c.dossier_id"
        f" JOIN employee e ON e.id = d.employee_id WHERE e.active = 1 ORDER BY c.id LIMIT 1"))
    sql(stack, f"""
        INSERT INTO snapshot (conversation_id, xml, sha256) VALUES ({kept_conv},
          '<report><manager>zqm{signer}q leaver</manager></report>', REPEAT('0', 64));
        INSERT INTO signature (conversation_id, employee_id, role, verdict)
          VALUES ({kept_conv}, {signer}, 'manager', 'agree');
    """)
    # The rows above were written past the store: the summaries and head
    # counts as the store would keep them, before the apply changes them.
    ctl(stack, conf, "rebuild-summaries")
    # The search is not vacuous: it finds the markers where they were put.
    before = {table for table, _, who in marker_hits(stack) if who != held}
    assert {"employee", "item", "remark", "audit", "session", "mail_queue",
            "login_attempt", "snapshot", "set_aside"} <= before, before
    return {"leavers": ids, "held": held, "signer": signer, "kept_conv": kept_conv}


def marker_hits(stack):
    """(table, column, employee id) of every marker in every text column of
    every table, found by one pattern per column (information_schema)."""
    columns = sql(stack, (
        "SELECT c.table_name, c.column_name FROM information_schema.columns c"
        " JOIN information_schema.tables t ON t.table_schema = c.table_schema"
        "  AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'"
        f" WHERE c.table_schema = '{DB}' AND c.data_type IN ({','.join(repr(t) for t in TEXT_TYPES)})"
        " ORDER BY c.table_name, c.column_name"))
    assert len(columns) > 100, "every table's text columns are searched"
    hits = []
    for table, column in columns:
        for (value,) in sql(stack, f"SELECT CAST(`{column}` AS CHAR) FROM `{table}`"
                                   f" WHERE `{column}` LIKE '%zqm%'"):
            hits += [(table, column, int(m.group(1))) for m in MARKER.finditer(value or "")]
    return hits


def held_state(stack, held):
    return sql(stack, (
        "SELECT (SELECT COUNT(*) FROM dossier WHERE employee_id = {0}),"
        " (SELECT COUNT(*) FROM item i JOIN dossier d ON d.id = i.dossier_id"
        "   WHERE d.employee_id = {0}),"
        " (SELECT COUNT(*) FROM audit WHERE entity = 'employee' AND entity_id = {0}),"
        " (SELECT COUNT(*) FROM session WHERE employee_id = {0}),"
        " (SELECT CONCAT(login, name) FROM employee WHERE id = {0})").format(held))


def dossier_shapes(stack):
    """Per dossier left: its conversations and items, to find a half one."""
    return {int(r[0]): (int(r[1]), int(r[2])) for r in sql(stack, (
        "SELECT d.id, (SELECT COUNT(*) FROM conversation c WHERE c.dossier_id = d.id),"
        " (SELECT COUNT(*) FROM item i WHERE i.dossier_id = d.id) FROM dossier d"))}


def logged(stack):
    return {(r[0], r[1]): int(r[2]) for r in sql(stack, (
        "SELECT rule, kind, SUM(n) FROM deletion_log GROUP BY rule, kind"))}


def test_dry_run_counts_what_apply_removes_and_a_rerun_removes_nothing(stack, org):
    conf, facts = org
    held_before = held_state(stack, facts["held"])
    dossiers_before = one(stack, "SELECT COUNT(*) FROM dossier")
    shapes_before = dossier_shapes(stack)
    due = one(stack, "SELECT COUNT(*) FROM dossier d WHERE d.employee_id IN ({})".format(
        ",".join(map(str, facts["leavers"][1:]))))

    dry = ctl(stack, conf, "retention", "--dry-run")
    planned = counts(dry.stdout)
    assert planned[("dossier", "dossier")] == due, dry.stdout
    assert planned[("person", "employee")] == len(facts["leavers"]) - 1, dry.stdout
    assert not re.search(r"zqm\d+q", dry.stdout), "a dry run shows no content"
    assert one(stack, "SELECT COUNT(*) FROM dossier") == dossiers_before, "a dry run deletes nothing"

    # Halfway: a colleague's lock on an item of a dossier of the second
    # batch stops the apply inside that batch's transaction; SIGKILL then.
    second = sorted(int(d) for d, in sql(stack, "SELECT d.id FROM dossier d WHERE d.employee_id"
                                         " IN ({})".format(",".join(map(str, facts["leavers"][1:])))))
    victim = second[60]
    item = one(stack, f"SELECT MIN(id) FROM item WHERE dossier_id = {victim}")
    locker = subprocess.Popen(_MARIADB_CLIENT_BASE + ["-S", str(stack.db_socket), DB],
                              stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, text=True)
    locker.stdin.write(f"BEGIN; SELECT id FROM item WHERE id = {item} FOR UPDATE;\n")
    locker.stdin.flush()
    time.sleep(1)
    apply = subprocess.Popen([str(stack.gesprekctl_bin), "-c", str(conf), "retention", "--apply"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=stack.env())
    try:
        deadline = time.monotonic() + T_KILL_WAIT
        while time.monotonic() < deadline:
            busy = one(stack, "SELECT COUNT(*) FROM information_schema.innodb_trx"
                              " WHERE trx_state = 'LOCK WAIT' AND trx_rows_modified > 0")
            if busy:
                break
            assert apply.poll() is None, apply.stderr.read()
            time.sleep(0.2)
        assert busy, "the apply stopped inside a batch that had deleted rows"
        apply.send_signal(signal.SIGKILL)
        apply.wait()
    finally:
        locker.stdin.write("ROLLBACK;\n")
        locker.stdin.close()
        locker.wait()
    after_kill = dossier_shapes(stack)
    assert len(after_kill) < dossiers_before, "the first batch was committed"
    for d, shape in after_kill.items():
        assert shape == shapes_before[d], f"dossier {d} is half deleted"
    assert victim in after_kill

    rerun = ctl(stack, conf, "retention", "--apply")
    applied = counts(rerun.stdout)
    assert logged(stack) == {k: v for k, v in planned.items() if v}, (
        "the deletion log sums to the dry run's counts over both runs")
    assert applied[("dossier", "dossier")] == due - (dossiers_before - len(after_kill))
    # The right of access (sql/093): every dossier row of the log names the
    # one person whose dossiers it removed, so their export can list it.
    assert one(stack, "SELECT COUNT(*) FROM deletion_log WHERE kind = 'dossier'"
                      " AND subject_id IS NULL") == 0
    by_subject = {int(s): int(n) for s, n in sql(stack, (
        "SELECT subject_id, SUM(n) FROM deletion_log WHERE kind = 'dossier'"
        " GROUP BY subject_id"))}
    assert set(by_subject) == set(facts["leavers"][1:]), "one subject per removed leaver"
    assert sum(by_subject.values()) == due
    assert one(stack, "SELECT COUNT(*) FROM dossier") == dossiers_before - due
    assert held_state(stack, facts["held"]) == held_before, "the held leaver is untouched"

    again = counts(ctl(stack, conf, "retention", "--apply").stdout)
    assert set(again.values()) == {0}, again
    assert set(counts(ctl(stack, conf, "retention", "--dry-run").stdout).values()) == {0}

    verify = ctl(stack, conf, "verify", "--summaries", check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_a_removed_manager_who_signed_a_kept_report_is_a_stub(stack, org):
    conf, facts = org
    ctl(stack, conf, "retention", "--apply")
    row = sql(stack, "SELECT login, name, email, active, removed_at IS NOT NULL FROM employee"
                     f" WHERE id = {facts['signer']}")
    assert row == [(f"#removed-{facts['signer']}", "", None, "0", "1")], row
    assert one(stack, "SELECT COUNT(*) FROM signature WHERE employee_id = {} AND"
                      " conversation_id = {}".format(facts["signer"], facts["kept_conv"])) == 1
    others = [i for i in facts["leavers"] if i not in (facts["held"], facts["signer"])]
    assert one(stack, "SELECT COUNT(*) FROM employee WHERE id IN ({})".format(
        ",".join(map(str, others)))) == 0, "people named by nothing kept are deleted"


def test_nothing_of_the_removed_people_is_left_in_any_text_column(stack, org):
    conf, facts = org
    ctl(stack, conf, "retention", "--apply")
    removed = set(facts["leavers"]) - {facts["held"]}
    found = [(table, column, who) for table, column, who in marker_hits(stack)
             if who in removed
             and not (table == "snapshot" and column == "xml" and who == facts["signer"])]
    assert not found, f"left of removed people: {sorted(set(found))[:20]}"
    held = {table for table, _, who in marker_hits(stack) if who == facts["held"]}
    assert {"employee", "item", "audit"} <= held, "the held leaver's markers all stay"


def test_retention_refuses_unclear_usage(stack, org):
    conf, _ = org
    assert ctl(stack, conf, "retention", check=False).returncode == 2
    assert ctl(stack, conf, "retention", "--dry-run", "--apply", check=False).returncode == 2
    r = ctl(stack, conf, "retention", "--apply", "--today", "2099-01-01", check=False)
    assert r.returncode == 2 and "dry-run only" in r.stderr
    before = one(stack, "SELECT COUNT(*) FROM deletion_log")
    r = ctl(stack, conf, "retention", "--dry-run", "--today", "2099-01-01")
    assert counts(r.stdout), "a look ahead lists the rules"
    assert one(stack, "SELECT COUNT(*) FROM deletion_log") == before


def test_every_reference_to_an_employee_is_known_to_retention(stack):
    """A person is deleted only when no kept record names them (else a
    stub): every foreign key to employee that blocks the DELETE (not
    CASCADE, not SET NULL) must be deleted with the person's own records
    (person_deletes, the dossiers) or asked by q_referenced in
    store/retention.c.  A new table with such a key and no line there
    would make every nightly apply fail on it; this test names it."""
    src = (Path(__file__).resolve().parents[2] / "fcgi/store/retention.c").read_text()
    rows = stack.sql(
        "SELECT k.TABLE_NAME, k.COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE k"
        " JOIN information_schema.REFERENTIAL_CONSTRAINTS r"
        "   ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME"
        "  AND r.TABLE_NAME = k.TABLE_NAME"
        " WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME = 'employee'"
        "   AND r.DELETE_RULE NOT IN ('CASCADE', 'SET NULL')"
        " ORDER BY k.TABLE_NAME, k.COLUMN_NAME")
    assert rows, "the schema has foreign keys to employee"
    unknown = []
    for table, column in rows:
        # q_referenced: "FROM t x WHERE x.c = k.id" (or "... OR x.c = k.id");
        # person_deletes: "DELETE FROM t WHERE c = ?" or a join on k.id.
        asked = re.search(rf"FROM {table} x WHERE[^)]*\bx\.{column} = k\.id", src)
        deleted = re.search(rf"DELETE (\w+ )?FROM {table}\b[^;]*?\b{column}\b", src)
        if not (asked or deleted):
            unknown.append(f"{table}.{column}")
    assert unknown == [], f"references to employee that retention does not know: {unknown}"
