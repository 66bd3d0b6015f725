"""Helpers for tests that walk a conversation over HTTP: a fresh dossier
made in the database, logged-in users, form posts with the session's own
CSRF token, and table checksums to show that a refused write changed
nothing.  Used by test_privacy.py, test_reopen_roundtrip.py and
test_csrf_tokens.py; unchanged() by every test of a refused write."""

import contextlib
import itertools
import uuid

from conftest import login
from helpers import xml
from summaries import keep_summaries

# The demo people (tests/stack.py loads the demo organisation): eva works
# for mark, mark for sanne; hanna is HR; daan is a colleague of eva.
PEOPLE = ("eva", "mark", "hanna", "sanne", "daan", "lotte")
SCALE = "onvoldoende|matig|voldoende|goed|uitstekend"

_names = itertools.count(1)


def marker(label):
    """A text no other test writes, so finding it in a page means a leak."""
    return f"{label}-{uuid.uuid4().hex[:10]}"


def people(stack):
    names = ", ".join(f"'{p}'" for p in PEOPLE)
    rows = stack.sql(f"SELECT login, id FROM employee WHERE login IN ({names})")
    return {name: int(i) for name, i in rows}


def make_dossier(stack, ids, prefix="Cyclus"):
    """A fresh open cycle with one dossier of eva (manager mark) and its
    goal setting, progress and assessment conversations (all planned)."""
    name = f"{prefix} {next(_names)} {uuid.uuid4().hex[:8]}"
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
              f"('{name}', '2027-01-01', '2027-12-31', 'open', '{SCALE}')")
    cycle = int(stack.sql(f"SELECT id FROM cycle WHERE name = '{name}'")[0][0])
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
              f"({cycle}, {ids['eva']}, {ids['mark']})")
    d = int(stack.sql(f"SELECT id FROM dossier WHERE cycle_id = {cycle}")[0][0])
    for seq, kind, due in ((1, "goal_setting", "2027-02-15"), (2, "progress", "2027-06-30"),
                           (3, "assessment", "2027-12-15")):
        stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on) VALUES "
                  f"({d}, '{kind}', {seq}, '{due}')")
    convs = [int(r[0]) for r in
             stack.sql(f"SELECT id FROM conversation WHERE dossier_id = {d} ORDER BY seq")]
    keep_summaries(stack, cycle)
    return {"id": d, "cycle": cycle, "conversations": convs, "cycle_name": name}


class Users:
    """One logged-in session per demo user, made on first use."""

    def __init__(self, new_session):
        self.new_session = new_session
        self.cache = {}

    def __call__(self, user):
        if user not in self.cache:
            s = self.new_session()
            r = login(s, user, "demo")
            assert r.status_code == 303, f"login {user}: {r.status_code}"
            self.cache[user] = s
        return self.cache[user]


def csrf(s):
    return xml(s.get("/.xml")).get("csrf")


def post(s, path, **fields):
    fields.setdefault("csrf", csrf(s))
    return s.post(path, data=fields, allow_redirects=False)


def post_expect(s, path, expect=303, **fields):
    """post(), asserting its status (with the start of any other answer)."""
    r = post(s, path, **fields)
    assert r.status_code == expect, f"POST {path}: {r.status_code}\n{r.text[:1500]}"
    return r


def value(stack, query):
    """The first column of the query's first row; None for no row."""
    rows = stack.sql(query)
    return rows[0][0] if rows else None


def conv_xml(s, cid):
    r = s.get(f"/conversations/{cid}.xml")
    assert r.status_code == 200, r.status_code
    return xml(r)


def version(s, cid):
    return conv_xml(s, cid).xpath("/page/conversation/@version")[0]


def add_item(s, cid, title, kind="result", **fields):
    base = {"kind": kind, "title": title, "measure": "Meetbaar", "deadline": "2027-11-30"}
    base.update(fields)
    return post(s, f"/conversations/{cid}/items", **base)


def item_id(stack, dossier_id, title):
    rows = stack.sql(f"SELECT id FROM item WHERE dossier_id = {dossier_id} AND title = '{title}'")
    assert len(rows) == 1, f"item {title!r}: {rows}"
    return int(rows[0][0])


# Tables that every request writes to, a refused one too, fingerprinted by
# the columns a refused write must leave alone: each request of a session
# moves its seen_at (store/session.c q_touch), so that column is left out.
ROW_QUERIES = {
    "session": "SELECT HEX(token_sha256), employee_id, is_hr, csrf, flash, created_at,"
               " expires_at, ip, user_agent FROM session ORDER BY token_sha256",
}


def checksum(stack, table):
    """A fingerprint of a whole table (every column of every row)."""
    if table in ROW_QUERIES:
        return stack.sql(ROW_QUERIES[table])
    return stack.sql(f"CHECKSUM TABLE {table} EXTENDED")[0][1]


def checksums(stack, tables):
    return {t: checksum(stack, t) for t in tables}


# The tables a conversation write may touch.
WRITE_TABLES = ("item", "item_update", "remark", "conversation", "signature", "snapshot",
                "audit", "conversation_answer", "competence_rating")

# The tables HR's organisation pages and the import may touch (deactivating
# someone deletes their sessions; a department's move moves its subtree's
# report sums, sql/091).
ORG_TABLES = ("employee", "department", "department_ancestor", "dossier", "cycle", "audit",
              "session", "department_tree_summary")
# What a POST to /login or /logout may touch.
LOGIN_TABLES = ("session", "login_attempt", "employee", "audit")


@contextlib.contextmanager
def unchanged(stack, tables=WRITE_TABLES, what="a refused write"):
    """Asserts that the block leaves every row of `tables` exactly as it was
    (a checksum of each: counts alone miss an UPDATE)."""
    before = checksums(stack, tables)
    yield
    after = checksums(stack, tables)
    changed = [t for t in tables if before[t] != after[t]]
    assert changed == [], f"{what} changed {changed}"


# Views before measuring: every worker thread has prepared its statements
# and read the template once (a prepare counts as a statement too); then
# the fewest of a few windows (a session's seen_at is written once a
# minute, store/session.c).
WARM_VIEWS = 40
MEASURED_VIEWS = 5


def touched(stack):
    """Pages rendered before a write made here in SQL are stale: move the
    page stamps as a write of gesprek does (store/stamp.h), so that the
    page cache cannot answer the next view."""
    stack.sql("INSERT INTO page_stamp (kind, ref, stamp) VALUES ('a', 0, 1)"
              " ON DUPLICATE KEY UPDATE stamp = stamp + 1")
    stack.sql("UPDATE page_stamp SET stamp = stamp + 1 WHERE kind = 'p'")


def questions(stack):
    return int(stack.sql("SHOW GLOBAL STATUS LIKE 'Questions'", db=None)[0][1])


def statements_per_view(stack, who, url):
    """Statements MariaDB runs for one view of url not seen before (the
    page stamps moved, so the page cache cannot answer it): the fewest of
    MEASURED_VIEWS, less the statements reading the counter itself."""
    for _ in range(WARM_VIEWS):
        touched(stack)
        assert who.get(url).status_code == 200
    counts = []
    for _ in range(MEASURED_VIEWS):
        touched(stack)
        a = questions(stack)
        b = questions(stack)
        assert who.get(url).status_code == 200
        counts.append(questions(stack) - b - (b - a))
    return min(counts)
