"""Whole or not at all, under a connection lost inside a transaction.

For every multi-statement write the walk breaks MariaDB's connection for
real before statement N of its transaction (a build configured with
--enable-fault-injection; fcgi/store/db.c), for N = 1, 2, ... until the
fault no longer fires (so no statement count is written down here), and
checks after each:

  * times=always (every try of the transaction breaks): the answer is 503
    and nothing of the write is in the database (every data table is as
    before, to the checksum);
  * times=1 (the first try breaks, the rerun does not): the answer is the
    write's normal success, and all of it is there exactly once (the rows
    each table gained, and what the write changed, are those of the same
    write run without a fault).

The control file (GESPREK_FAULT_FILE, read by gesprekd and gesprekctl)
says "tx_stmt=N times=K"; each break rewrites it with "fired=F", which is
how the walk knows that N is past the last statement.
"""

import itertools
import os
import re
import uuid
from pathlib import Path

import pytest

from conftest import StackSession, csrf_token, login
from helpers import xml
from summaries import assert_recount_equal, keep_summaries, rebuild_summaries


# ---- the report summaries (issue 21; tests/integration/summaries.py) ----

@pytest.fixture(scope="module", autouse=True)
def summaries_rebuilt(stack):
    """Summaries recounted before the module: earlier tests wrote rows with
    SQL; the recount at the end judges this module's writes alone."""
    rebuild_summaries(stack)


REPO = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("GESPREK_BUILD") or REPO / "_build")
FAULT_DEFINE = "#define GESPREK_FAULT_INJECTION 1"


def _fault_build():
    cfg = BUILD / "config.h"
    return cfg.is_file() and FAULT_DEFINE in cfg.read_text()


# tests/run configures with --enable-fault-injection and sets this: there
# the walk must run, never skip.
if not _fault_build() and os.environ.get("GESPREK_REQUIRE_FAULT_INJECTION") == "1":
    raise RuntimeError(f"{BUILD} was not configured with --enable-fault-injection "
                       "(no GESPREK_FAULT_INJECTION in its config.h)")
pytestmark = pytest.mark.skipif(
    not _fault_build(),
    reason=f"{BUILD} is not configured with --enable-fault-injection (tests/run is)")

# Tables that hold what the writes write (with the report summaries they
# keep, issue 21).  Left out: session and login_attempt (logging in writes
# them), page_stamp and mail_reminder (bookkeeping around the write, not
# the write).
DATA_TABLES = ("department", "employee", "cycle", "cycle_step", "org_goal", "collective_goal",
               "dossier", "conversation", "item", "item_update", "remark", "signature",
               "snapshot", "audit", "dossier_summary", "department_cycle_summary",
               "department_tree_summary")
# A safety net: no write of this product has anywhere near this many
# statements; a walk that gets here means the fault never stops firing.
WALK_MAX = 200
PASSWORD = "demo"
_n = itertools.count(1)


class Faults:
    """The control file of the fault switch."""

    def __init__(self, path):
        self.path = path

    def set(self, stmt, times):
        self.path.write_text(f"tx_stmt={stmt} times={times} fired=0\n")

    def off(self):
        self.path.write_text("off\n")

    def fired(self):
        m = re.search(r"fired=(\d+)", self.path.read_text())
        return int(m.group(1)) if m else 0


@pytest.fixture(scope="module")
def faults(stack):
    """gesprekd (and gesprekctl) restarted with GESPREK_FAULT_FILE set;
    afterwards restarted without it."""
    path = stack.shared_dir("fault-walk") / "fault"
    path.write_text("off\n")
    os.chmod(path, 0o666)   # gesprekd runs as nobody
    os.environ["GESPREK_FAULT_FILE"] = str(path)
    try:
        stack.restart_gesprekd()
        yield Faults(path)
    finally:
        os.environ.pop("GESPREK_FAULT_FILE", None)
        stack.restart_gesprekd()
        # The people the walk made leave the organisation again.
        stack.sql("UPDATE employee SET active = 0 WHERE login LIKE 'walk%'")


@pytest.fixture(scope="module")
def people(stack):
    rows = stack.sql("SELECT login, id FROM employee WHERE login IN ('eva','mark','hanna')")
    return {login_: int(i) for login_, i in rows}


@pytest.fixture(scope="module")
def users(stack, faults):
    """Logged-in sessions of eva, mark and hanna (made with the fault off)."""
    made = {}
    for u in ("eva", "mark", "hanna"):
        s = StackSession(stack.base_url)
        assert login(s, u, PASSWORD).status_code == 303
        made[u] = s
    yield made
    for s in made.values():
        s.close()


def csrf(s):
    return xml(s.get("/.xml")).get("csrf")


def post(s, path, **fields):
    fields.setdefault("csrf", csrf(s))
    return s.post(path, data=fields, allow_redirects=False)


def one(stack, query):
    rows = stack.sql(query)
    return rows[0][0] if rows else None


# ---- what the database holds ----

def checksums(stack):
    rows = stack.sql("CHECKSUM TABLE " + ", ".join(DATA_TABLES))
    return {r[0].split(".")[-1]: r[1] for r in rows}


def counts(stack):
    q = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {t}" for t in DATA_TABLES)
    return {t: int(n) for t, n in stack.sql(q)}


def delta(before, after):
    return {t: after[t] - before[t] for t in before if after[t] != before[t]}


def digits_out(text):
    """Ids and digests differ from one set-up to the next: compare texts
    without them."""
    return re.sub(r"\d+", "#", re.sub(r"\b[0-9a-f]{64}\b", "<sha256>", text or ""))


# ---- the writes: set-up (fresh state), the request, what it changed ----

def make_dossier(stack, people, conv_status="preparing", conv_type="goal_setting"):
    """A fresh open cycle, a dossier of eva with mark, one conversation in
    the given state, shared by both (so both see everything)."""
    n = f"{os.getpid()}-{next(_n)}"
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
              f"('Storingswandeling {n}', '2030-01-01', '2030-12-31', 'open', 'a|b|c')")
    cycle = int(one(stack, f"SELECT id FROM cycle WHERE name = 'Storingswandeling {n}'"))
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
              f"({cycle}, {people['eva']}, {people['mark']})")
    dossier = int(one(stack, f"SELECT id FROM dossier WHERE cycle_id = {cycle}"))
    stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on, status, "
              f"employee_shared, manager_shared) VALUES ({dossier}, '{conv_type}', 1, "
              f"'2030-02-01', '{conv_status}', 1, 1)")
    conv = int(one(stack, f"SELECT id FROM conversation WHERE dossier_id = {dossier}"))
    keep_summaries(stack, cycle)
    return {"cycle": cycle, "dossier": dossier, "conv": conv}


def add_item_sql(stack, people, ctx):
    stack.sql(f"INSERT INTO item (dossier_id, kind, title, created_in_conversation_id, author_id) "
              f"VALUES ({ctx['dossier']}, 'result', 'Doel van de wandeling', {ctx['conv']}, "
              f"{people['mark']})")
    ctx["item"] = int(one(stack, f"SELECT id FROM item WHERE dossier_id = {ctx['dossier']}"))
    return ctx


def conv_state(stack, ctx):
    return stack.sql(f"SELECT status, version, reopen_reason FROM conversation WHERE id = {ctx['conv']}")


def conv_audit(stack, ctx):
    return [(a, digits_out(d)) for a, d in stack.sql(
        f"SELECT action, detail FROM audit WHERE entity = 'conversation' "
        f"AND entity_id = {ctx['conv']} ORDER BY id")]


def item_audit(stack, ctx):
    return [(a, digits_out(d)) for a, d in stack.sql(
        f"SELECT action, detail FROM audit WHERE entity = 'item' AND entity_id IN "
        f"(SELECT id FROM item WHERE dossier_id = {ctx['dossier']}) ORDER BY id")]


def signatures(stack, ctx):
    return stack.sql(f"SELECT role, verdict, snapshot_sha256 IS NOT NULL, voided_at IS NOT NULL "
                     f"FROM signature WHERE conversation_id = {ctx['conv']} ORDER BY id")


class Write:
    """One write: setup(stack, people, users) -> ctx; do(users, ctx) ->
    response; result(stack, ctx) -> what it changed, without ids.  `ok`
    and `down` are the answers to success and to MariaDB failing."""

    def __init__(self, name, setup, do, result, ok=303, down=503):
        self.name, self.setup, self.do, self.result = name, setup, do, result
        self.ok, self.down = ok, down


class CtlAnswer:
    """gesprekctl's answer in the shape of a response: its exit status."""

    def __init__(self, res):
        self.status_code = res.returncode
        self.text = res.stdout + res.stderr


def _employee_sign_setup(stack, people, users):
    return make_dossier(stack, people, "finalized")


def _employee_sign(users, ctx):
    return post(users["eva"], f"/conversations/{ctx['conv']}/sign", verdict="seen",
                remark="Gezien, niet eens met doel A")


def _manager_sign_setup(stack, people, users):
    ctx = add_item_sql(stack, people, make_dossier(stack, people, "finalized"))
    stack.sql(f"INSERT INTO signature (conversation_id, employee_id, role, verdict) VALUES "
              f"({ctx['conv']}, {people['eva']}, 'employee', 'agree')")
    return ctx


def _manager_sign(users, ctx):
    return post(users["mark"], f"/conversations/{ctx['conv']}/sign", verdict="agree")


def _sign_result(stack, ctx):
    snaps = [sha == calc for sha, calc in stack.sql(
        f"SELECT sha256, SHA2(xml, 256) FROM snapshot WHERE conversation_id = {ctx['conv']}")]
    return (conv_state(stack, ctx), signatures(stack, ctx), conv_audit(stack, ctx), snaps)


def _reopen_setup(stack, people, users):
    ctx = make_dossier(stack, people, "finalized")
    stack.sql(f"INSERT INTO signature (conversation_id, employee_id, role, verdict) VALUES "
              f"({ctx['conv']}, {people['eva']}, 'employee', 'agree')")
    return ctx


def _reopen(users, ctx):
    return post(users["hanna"], f"/conversations/{ctx['conv']}/reopen",
                reason="Weging klopte niet")


def _finalize_setup(stack, people, users):
    return add_item_sql(stack, people, make_dossier(stack, people, "held"))


def _finalize(users, ctx):
    v = xml(users["mark"].get(f"/conversations/{ctx['conv']}.xml")).xpath(
        "/page/conversation/@version")[0]
    return post(users["mark"], f"/conversations/{ctx['conv']}/finalize", version=v)


def _remark_setup(stack, people, users):
    """As the item's: a dossier written with SQL, past the store.  A remark
    counts nowhere and refreshes no summary (issue 21), so no write of the
    walk brings this dossier into them: the set-up does."""
    ctx = make_dossier(stack, people, "preparing")
    rebuild_summaries(stack)
    return ctx


def _remark(users, ctx):
    return post(users["eva"], f"/conversations/{ctx['conv']}/remarks",
                text="Graag eerst het budget bespreken")


def _remark_result(stack, ctx):
    return (stack.sql(f"SELECT role, text FROM remark WHERE conversation_id = {ctx['conv']}"),
            conv_audit(stack, ctx))


def _plan(users, ctx):
    v = xml(users["mark"].get(f"/conversations/{ctx['conv']}.xml")).xpath(
        "/page/conversation/@version")[0]
    return post(users["mark"], f"/conversations/{ctx['conv']}/plan",
                scheduled_at="2030-02-10T09:30", version=v)


def _plan_result(stack, ctx):
    return (stack.sql(f"SELECT status, version, scheduled_at FROM conversation "
                      f"WHERE id = {ctx['conv']}"), conv_audit(stack, ctx))


def _conv_result(stack, ctx):
    return (conv_state(stack, ctx), signatures(stack, ctx), conv_audit(stack, ctx))


def _item_add_setup(stack, people, users):
    return make_dossier(stack, people, "preparing")


def _item_add(users, ctx):
    return post(users["mark"], f"/conversations/{ctx['conv']}/items", kind="result",
                title="Omzet binnendienst +10%", measure="Van 1,0 naar 1,1 mln",
                deadline="2030-11-30", weight="40")


def _items_result(stack, ctx):
    items = stack.sql(f"SELECT kind, title, measure, deadline, weight, status, version "
                      f"FROM item WHERE dossier_id = {ctx['dossier']} ORDER BY id")
    updates = stack.sql(f"SELECT status, note, rating FROM item_update WHERE item_id IN "
                        f"(SELECT id FROM item WHERE dossier_id = {ctx['dossier']}) ORDER BY id")
    return (items, updates, item_audit(stack, ctx))


def _item_edit_setup(stack, people, users):
    return add_item_sql(stack, people, make_dossier(stack, people, "preparing"))


def _item_edit(users, ctx):
    return post(users["mark"], f"/items/{ctx['item']}", conversation=str(ctx["conv"]),
                version="1", title="Doel, aangescherpt", measure="Naar 1,2 mln",
                deadline="2030-10-31")


def _progress_setup(stack, people, users):
    return add_item_sql(stack, people, make_dossier(stack, people, "held", "progress"))


def _progress(users, ctx):
    return post(users["mark"], f"/conversations/{ctx['conv']}/updates", item=str(ctx["item"]),
                status="at_risk", note="Achterstand na het eerste kwartaal")


def _cycle_start_setup(stack, people, users):
    name = f"Storingsstart {os.getpid()}-{next(_n)}"
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
              f"('{name}', '2032-01-01', '2032-12-31', 'planned', 'a|b|c')")
    cycle = int(one(stack, f"SELECT id FROM cycle WHERE name = '{name}'"))
    stack.sql(f"INSERT INTO cycle_step (cycle_id, seq, type, due_on) VALUES "
              f"({cycle}, 1, 'goal_setting', '2032-02-15'), ({cycle}, 2, 'assessment', '2032-12-01')")
    return {"cycle": cycle}


def _cycle_start(users, ctx):
    return post(users["hanna"], f"/admin/cycles/{ctx['cycle']}/start", scope="list",
                logins="eva\nmark", confirm="1")


def _cycle_result(stack, ctx):
    c = ctx["cycle"]
    return (stack.sql(f"SELECT status, version FROM cycle WHERE id = {c}"),
            stack.sql(f"SELECT e.login, d.status FROM dossier d JOIN employee e ON e.id = d.employee_id "
                      f"WHERE d.cycle_id = {c} ORDER BY e.login"),
            stack.sql(f"SELECT c.type, c.seq, c.status FROM conversation c JOIN dossier d "
                      f"ON d.id = c.dossier_id WHERE d.cycle_id = {c} ORDER BY d.employee_id, c.seq"),
            [(a, digits_out(d)) for a, d in stack.sql(
                f"SELECT action, detail FROM audit WHERE entity = 'cycle' AND entity_id = {c} "
                f"ORDER BY id")])


def _employee_edit_setup(stack, people, users):
    login_ = f"walk_{uuid.uuid4().hex[:8]}"
    stack.sql(f"INSERT INTO employee (login, name) VALUES ('{login_}', 'Voor Naam')")
    return {"employee": int(one(stack, f"SELECT id FROM employee WHERE login = '{login_}'")),
            "login": login_}


def _employee_edit(users, ctx):
    return post(users["hanna"], f"/admin/employees/{ctx['employee']}", login=ctx["login"],
                name="Na Naam", email="na@example.org", department="", manager="",
                version="1")


def _employee_result(stack, ctx):
    eid = ctx["employee"]
    return (stack.sql(f"SELECT name, email, is_hr, version FROM employee WHERE id = {eid}"),
            [(a, digits_out(d)) for a, d in stack.sql(
                f"SELECT action, detail FROM audit WHERE entity = 'employee' AND entity_id = {eid} "
                f"ORDER BY id")])


def _import_rows(stack):
    rows = stack.sql(
        "SELECT e.login, e.name, COALESCE(e.email, ''), COALESCE(d.name, ''), COALESCE(m.login, '')"
        " FROM employee e LEFT JOIN department d ON d.id = e.department_id"
        " LEFT JOIN employee m ON m.id = e.manager_id WHERE e.active = 1 ORDER BY e.id")
    rows = [tuple(v or "" for v in r) for r in rows]
    logins = {r[0] for r in rows}
    return [r for r in rows if r[4] == "" or r[4] in logins]


def _import_setup(stack, people, users):
    new = f"walkimp_{uuid.uuid4().hex[:8]}"
    rows = _import_rows(stack) + [(new, "Nieuwe Collega", f"{new}@example.org", "", "")]
    csv = "login;name;email;department;manager\n" + "".join(";".join(r) + "\n" for r in rows)
    return {"csv": csv.encode(), "login": new}


def _import(users, ctx):
    s = users["hanna"]
    return s.post("/admin/import", data={"csrf": csrf(s), "mode": "apply"},
                  files={"file": ("org.csv", ctx["csv"], "application/octet-stream")},
                  allow_redirects=False)


def _import_result(stack, ctx):
    return (stack.sql(f"SELECT e.name, e.email = '{ctx['login']}@example.org', m.login, e.active "
                      f"FROM employee e LEFT JOIN employee m ON m.id = e.manager_id "
                      f"WHERE e.login = '{ctx['login']}'"),
            [digits_out(d).replace(ctx["login"], "<login>") for (d,) in stack.sql(
                f"SELECT detail FROM audit WHERE entity = 'organisation' AND action = 'import' "
                f"ORDER BY id DESC LIMIT 1")])


def _ctl_import_setup(stack, people, users):
    ctx = _import_setup(stack, people, users)
    path = stack.shared_dir(f"walk-import-{next(_n)}") / "org.csv"
    path.write_bytes(ctx["csv"])
    ctx.update(stack=stack, path=path)
    return ctx


def _ctl_import(users, ctx):
    return CtlAnswer(ctx["stack"].ctl("import", ctx["path"], check=False))


def _ctl_cycle_start_setup(stack, people, users):
    ctx = _cycle_start_setup(stack, people, users)
    ctx["stack"] = stack
    ctx["department"] = one(stack, "SELECT department_id FROM employee WHERE login = 'eva'")
    return ctx


def _ctl_cycle_start(users, ctx):
    return CtlAnswer(ctx["stack"].ctl("cycle", "start", ctx["cycle"], "--department",
                                      ctx["department"], check=False))


WRITES = [
    Write("employee signs", _employee_sign_setup, _employee_sign, _conv_result),
    Write("manager signs: close and snapshot", _manager_sign_setup, _manager_sign, _sign_result),
    Write("HR reopens", _reopen_setup, _reopen, _conv_result),
    Write("finalize", _finalize_setup, _finalize, _conv_result),
    Write("item added with audit", _item_add_setup, _item_add, _items_result),
    Write("item edited", _item_edit_setup, _item_edit, _items_result),
    Write("progress note", _progress_setup, _progress, _items_result),
    Write("remark", _remark_setup, _remark, _remark_result),
    Write("plan a date", _item_add_setup, _plan, _plan_result),
    Write("cycle started", _cycle_start_setup, _cycle_start, _cycle_result),
    Write("employee edited (admin)", _employee_edit_setup, _employee_edit, _employee_result),
    Write("import applied", _import_setup, _import, _import_result),
    # gesprekctl runs the same store code over the same db.c.
    Write("gesprekctl import", _ctl_import_setup, _ctl_import, _import_result, ok=0, down=1),
    Write("gesprekctl cycle start", _ctl_cycle_start_setup, _ctl_cycle_start, _cycle_result,
          ok=0, down=1),
]


def run_write(stack, people, users, w, ctx=None):
    """Runs the write on ctx (a fresh set-up if None); returns ctx, the
    response, the rows each table gained and the write's result."""
    ctx = ctx if ctx is not None else w.setup(stack, people, users)
    before = counts(stack)
    r = w.do(users, ctx)
    return ctx, r, delta(before, counts(stack)), w.result(stack, ctx)


@pytest.mark.parametrize("w", WRITES, ids=[w.name for w in WRITES])
def test_fault_walk(stack, faults, people, users, w):
    faults.off()
    # The reference: the same write without a fault.
    _, r, ref_gained, ref_result = run_write(stack, people, users, w)
    assert r.status_code == w.ok, f"{w.name} without a fault: {r.status_code}\n{r.text[:2000]}"
    assert ref_gained or w.name in ("item edited", "employee edited (admin)", "finalize",
                                    "HR reopens"), "the write wrote nothing"

    ctx = w.setup(stack, people, users)
    for n in range(1, WALK_MAX):
        # Every try breaks: 503, and not one row anywhere changed.
        faults.set(n, "always")
        before = checksums(stack)
        r = w.do(users, ctx)
        if faults.fired() == 0:
            break   # past the last statement (and COMMIT): the write ran
        assert r.status_code == w.down, (f"{w.name}, statement {n} always broken: "
                                      f"{r.status_code}\n{r.text[:1500]}")
        assert faults.fired() >= 2, f"{w.name}, statement {n}: the transaction was not rerun"
        assert checksums(stack) == before, f"{w.name}, statement {n}: a half write is in the database"

        # Only the first try breaks: the rerun writes all of it, once.
        faults.set(n, 1)
        _, r, gained, result = run_write(stack, people, users, w, ctx)
        assert faults.fired() == 1
        assert r.status_code == w.ok, (f"{w.name}, statement {n} broken once: "
                                       f"{r.status_code}\n{r.text[:1500]}")
        assert gained == ref_gained, f"{w.name}, statement {n} broken once: rows gained differ"
        assert result == ref_result, f"{w.name}, statement {n} broken once: result differs"
        ctx = w.setup(stack, people, users)
    else:
        pytest.fail(f"{w.name}: the fault still fired at statement {WALK_MAX}")
    faults.off()
    statements = n - 1
    # With N past the end the write ran unbroken, as the reference did.
    assert r.status_code == w.ok, f"{w.name} unbroken: {r.status_code}\n{r.text[:1500]}"
    assert w.result(stack, ctx) == ref_result
    assert statements >= 2, f"{w.name}: {statements} statement(s); not a multi-statement write"
    print(f"{w.name}: {statements} statements including COMMIT, each broken and rerun")


def test_a_lost_answer_to_a_write_outside_a_transaction_is_not_rerun(stack, faults):
    """A write outside a transaction commits by itself.  When its answer is
    lost after it was done (on Galera: the node dies after replicating it;
    the CI's cluster run met this as a login 500), running it again on a
    new connection would do it twice: the login's session INSERT met its
    own row (a duplicate key, a 500).  Now: 503, the write done once, and
    the next try logs in."""
    s = StackSession(stack.base_url)
    page = s.get("/login")
    assert page.status_code == 200
    token = csrf_token(page, "/login")
    before = int(one(stack, "SELECT COUNT(*) FROM session s JOIN employee e ON e.id = s.employee_id"
                            " WHERE e.login = 'eva'"))
    faults.path.write_text("lost_answer=1 times=1 fired=0\n")
    try:
        r = s.post("/login", data={"username": "eva", "password": PASSWORD, "csrf": token},
                   allow_redirects=False)
    finally:
        fired = faults.fired()
        faults.off()
    assert fired == 1, "no write outside a transaction met the fault"
    assert r.status_code == 503, f"a lost answer to a done write: {r.status_code}\n{r.text[:1500]}"
    assert "route-error" in r.text or "route-login" in r.text
    after = int(one(stack, "SELECT COUNT(*) FROM session s JOIN employee e ON e.id = s.employee_id"
                           " WHERE e.login = 'eva'"))
    assert after == before + 1, "the session row was not written once"
    # The visitor tries again: a fresh form, a new session, logged in.
    r = login(s, "eva", PASSWORD)
    assert r.status_code == 303, r.text[:1500]
    assert s.get("/", allow_redirects=False).status_code == 200, "not logged in after the second try"
    s.close()


def test_summaries_equal_a_recount_after_the_fault_walk(stack):
    """Runs last in this file: every write above kept the report summaries
    in its own transaction, so a recount from the rows finds them equal."""
    assert_recount_equal(stack, "the fault-injection walk")
