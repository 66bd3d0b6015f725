"""MariaDB that is up but cannot write: a read-only server and a full
table space answer 503 (not 500), the form comes back with what was typed,
and nothing is written.

gesprekd runs here as in production, with an account that may only read
and write rows (README: GRANT SELECT, INSERT, UPDATE, DELETE): root and
other SUPER accounts ignore read_only.
"""

import itertools
import os
import shutil
import tempfile
from pathlib import Path

import pytest

import stack as stack_mod
from conftest import StackSession, login
from helpers import page, wait_for, xml
from summaries import keep_summaries

APP_USER = "gesprek_app"
APP_PASSWORD = "least-privilege-Test-1"
PASSWORD = "demo"
DATA_TABLES = ("conversation", "item", "item_update", "remark", "signature", "snapshot", "audit")
# The full-disk server: its whole InnoDB system table space (every table,
# with file-per-table off) may not grow past this.  ibdata1 is what
# mariadb-install-db made (12M); a second fixed-size file gives the schema
# and the demo data room, and then no more.
TABLESPACE = "ibdata1:12M;ibdata2:20M"
# Rows of ballast in one INSERT while filling it (about 1 MB).
BALLAST_ROWS = 4000
# A safety net for filling: 32 MB are reached long before this.
BALLAST_MAX_ROUNDS = 100
ER_RECORD_FILE_FULL = "1114"
# Seconds MariaDB may take to reuse the room a dropped table left.
RECOVER = 60
_n = itertools.count(1)


def one(stack, query):
    rows = stack.sql(query)
    return rows[0][0] if rows else None


def make_conversation(stack):
    """A fresh open cycle, a dossier of eva with mark, one shared
    conversation being prepared."""
    ids = {l: int(i) for l, i in stack.sql(
        "SELECT login, id FROM employee WHERE login IN ('eva','mark')")}
    name = f"Alleen-lezen {os.getpid()}-{next(_n)}"
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
              f"('{name}', '2030-01-01', '2030-12-31', 'open', 'a|b|c')")
    cycle = int(one(stack, f"SELECT id FROM cycle WHERE name = '{name}'"))
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
              f"({cycle}, {ids['eva']}, {ids['mark']})")
    dossier = int(one(stack, f"SELECT id FROM dossier WHERE cycle_id = {cycle}"))
    stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on, status, "
              f"employee_shared, manager_shared) VALUES ({dossier}, 'goal_setting', 1, "
              f"'2030-02-01', 'preparing', 1, 1)")
    keep_summaries(stack, cycle)
    return int(one(stack, f"SELECT id FROM conversation WHERE dossier_id = {dossier}"))


def checksums(stack):
    return stack.sql("CHECKSUM TABLE " + ", ".join(DATA_TABLES))


def csrf(s):
    return xml(s.get("/.xml")).get("csrf")


def post(s, path, **fields):
    fields.setdefault("csrf", csrf(s))
    return s.post(path, data=fields, allow_redirects=False)


def shows_typed(resp, field, typed):
    """The form came back with `typed` in the control named `field`."""
    doc = page(resp)
    values = doc.xpath("//textarea[@name=$f]/text() | //input[@name=$f]/@value", f=field)
    return typed in values


def says_unavailable(resp):
    """The form's alert names the reason (form.error.unavailable, Dutch)."""
    alert = " ".join(" ".join(page(resp).xpath("//*[@id='form-alert']//text()")).split())
    return "database is tijdelijk niet beschikbaar" in alert


def check_refused_and_kept(stack, s, conv, with_item=True):
    """A remark (and an item) posted while MariaDB cannot write: 503, the
    typed texts on the page, not a row changed anywhere."""
    before = checksums(stack)
    remark = f"Opmerking die niet kon worden opgeslagen {next(_n)} — één"
    r = post(s, f"/conversations/{conv}/remarks", text=remark)
    assert r.status_code == 503, f"{r.status_code}\n{r.text[:2000]}"
    assert shows_typed(r, "text", remark), "the typed remark is not on the page"
    assert says_unavailable(r), "the page does not say why it was not saved"
    if not with_item:
        assert checksums(stack) == before, "a refused write changed the database"
        return remark
    title = f"Doel dat niet kon worden opgeslagen {next(_n)}"
    r = post(s, f"/conversations/{conv}/items", kind="result", title=title,
             measure="Meetbaar", deadline="2030-11-30")
    assert r.status_code == 503, f"{r.status_code}\n{r.text[:2000]}"
    assert shows_typed(r, "title", title), "the typed title is not on the page"
    assert checksums(stack) == before, "a refused write changed the database"
    assert stack.sql(f"SELECT COUNT(*) FROM remark WHERE text = '{remark}'") == [("0",)]
    return remark


@pytest.fixture
def app_account(stack):
    """gesprekd restarted with a least-privilege account (as in README);
    afterwards back to the stack's own, and read_only off."""
    stack.sql(f"CREATE USER IF NOT EXISTS '{APP_USER}'@'localhost' IDENTIFIED BY '{APP_PASSWORD}';"
              f"GRANT SELECT, INSERT, UPDATE, DELETE ON gesprek.* TO '{APP_USER}'@'localhost'",
              db=None)
    try:
        stack.reconfigure({"database": {"user": APP_USER, "password": APP_PASSWORD}})
        yield
    finally:
        stack.sql("SET GLOBAL read_only = 0", db=None)
        stack.reset()


def test_read_only_server_answers_503_with_the_form_kept(stack, app_account):
    conv = make_conversation(stack)
    eva = StackSession(stack.base_url)
    assert login(eva, "eva", PASSWORD).status_code == 303
    # Root ignores read_only; the account gesprekd uses does not.
    stack.sql("SET GLOBAL read_only = 1", db=None)
    try:
        remark = check_refused_and_kept(stack, eva, conv)
        # Reading still works.
        assert eva.get(f"/conversations/{conv}").status_code == 200
    finally:
        stack.sql("SET GLOBAL read_only = 0", db=None)
    r = post(eva, f"/conversations/{conv}/remarks", text=remark)
    assert r.status_code == 303, f"{r.status_code}\n{r.text[:2000]}"
    assert stack.sql(f"SELECT COUNT(*) FROM remark WHERE conversation_id = {conv}") == [("1",)]
    eva.close()


@pytest.fixture
def full_tablespace_stack():
    """A stack of its own whose MariaDB keeps every table in one system
    table space that cannot grow past TABLESPACE."""
    build = Path(os.environ.get("GESPREK_BUILD") or stack_mod.REPO / "_build")
    work = Path(tempfile.mkdtemp(prefix="gesprek-tablespace-", dir="/tmp"))
    os.chmod(work, 0o755)
    s = stack_mod.Stack(work, build, https=True,
                        mariadb_args=[f"--innodb-data-file-path={TABLESPACE}",
                                      "--innodb-file-per-table=0"],
                        save_logs_to=(Path(os.environ["GESPREK_LOG_DIR"]) / "tablespace"
                                      if os.environ.get("GESPREK_LOG_DIR") else None))
    try:
        s.start()
        yield s
    finally:
        s.stop()
        shutil.rmtree(work, ignore_errors=True)


def fill(st, insert_rows):
    """Runs insert_rows(n) (as root) with n halving after each refusal,
    until not even one row fits: then InnoDB has no free page left."""
    n = BALLAST_ROWS
    for _ in range(BALLAST_MAX_ROUNDS):
        try:
            st.sql(insert_rows(n))
        except stack_mod.StackError as exc:
            assert ER_RECORD_FILE_FULL in str(exc), str(exc)
            if n == 1:
                return
            n //= 2
    pytest.fail(f"{TABLESPACE} did not fill up in {BALLAST_MAX_ROUNDS} rounds")


def fill_tablespace(st, filler_conv, author):
    """Ballast in a table of its own takes every free extent; then remark
    rows of another conversation fill the remark table's last page, so
    that the next remark needs a page there is no room for."""
    st.sql("CREATE TABLE ballast (id INT AUTO_INCREMENT PRIMARY KEY, pad CHAR(255) NOT NULL)"
           " ENGINE=InnoDB")
    fill(st, lambda n: f"INSERT INTO ballast (pad) SELECT REPEAT('x', 255) FROM seq_1_to_{n}")
    fill(st, lambda n: f"INSERT INTO remark (conversation_id, author_id, role, text) "
                       f"SELECT {filler_conv}, {author}, 'employee', 'vulling' FROM seq_1_to_{n}")


def test_full_tablespace_answers_503_with_the_form_kept(full_tablespace_stack):
    st = full_tablespace_stack
    conv, filler = make_conversation(st), make_conversation(st)
    eva = StackSession(st.base_url)
    assert login(eva, "eva", PASSWORD).status_code == 303
    fill_tablespace(st, filler, one(st, "SELECT id FROM employee WHERE login = 'eva'"))
    try:
        remark = check_refused_and_kept(st, eva, conv, with_item=False)
    finally:
        st.sql(f"DROP TABLE ballast; DELETE FROM remark WHERE conversation_id = {filler}")
    # InnoDB hands the freed pages out again after a while (purge).
    assert wait_for(lambda: post(eva, f"/conversations/{conv}/remarks", text=remark).status_code
                    == 303, timeout=RECOVER), "writes do not work again once there is room"
    assert st.sql(f"SELECT COUNT(*) FROM remark WHERE conversation_id = {conv}") == [("1",)]
    eva.close()


def test_read_only_server_keeps_a_typed_reopen_reason(stack, app_account):
    """The moves of signoff.c answer the same way: HR's reopen reason
    comes back on the 503 page instead of an error page."""
    conv = make_conversation(stack)
    stack.sql(f"UPDATE conversation SET status = 'finalized' WHERE id = {conv}")
    hanna = StackSession(stack.base_url)
    assert login(hanna, "hanna", PASSWORD).status_code == 303
    reason = f"Heropend omdat de datum niet klopte {next(_n)} — één"
    stack.sql("SET GLOBAL read_only = 1", db=None)
    try:
        before = checksums(stack)
        r = post(hanna, f"/conversations/{conv}/reopen", reason=reason)
        assert r.status_code == 503, f"{r.status_code}\n{r.text[:2000]}"
        assert shows_typed(r, "reason", reason), "the typed reason is not on the page"
        assert says_unavailable(r), "the page does not say why it was not saved"
        assert checksums(stack) == before, "a refused reopen changed the database"
    finally:
        stack.sql("SET GLOBAL read_only = 0", db=None)
    r = post(hanna, f"/conversations/{conv}/reopen", reason=reason)
    assert r.status_code == 303, f"{r.status_code}\n{r.text[:2000]}"
    assert stack.sql(f"SELECT status FROM conversation WHERE id = {conv}") == [("held",)]
    hanna.close()
