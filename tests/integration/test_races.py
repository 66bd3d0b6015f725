"""Races on the writes of a conversation (issue 13): the same POST fired
RACERS times at once, from separate logged-in sessions that start together
at a barrier.  Each race must leave exactly one valid outcome in the
database, and every answer must be 303, 409 or 403 -- never a 5xx.

The checks read the database after the race: a count of 303 answers alone
would not show a second row written by a request that answered 409."""

import itertools
import threading

import pytest

from conftest import StackSession, login
from helpers import xml
from summaries import assert_recount_equal, keep_summaries, rebuild_summaries


# ---- the report summaries (issue 21; tests/integration/summaries.py) ----

@pytest.fixture(scope="module", autouse=True)
def summaries_rebuilt(stack):
    """Summaries recounted before the module: earlier tests wrote rows with
    SQL; the recount at the end judges this module's writes alone."""
    rebuild_summaries(stack)


# Requests fired at once in each race.
RACERS = 20
# Answers a request that lost a race may get.
LOSING = {409, 403}

_names = itertools.count(1)


@pytest.fixture(scope="module")
def people(stack):
    rows = stack.sql("SELECT login, id FROM employee WHERE login IN ('eva','mark','hanna')")
    return {name: int(i) for name, i in rows}


@pytest.fixture(scope="module")
def pools(base_url):
    """RACERS logged-in sessions per user, made once for the module."""
    made = {}

    def get(user):
        if user not in made:
            sessions = []
            for _ in range(RACERS):
                s = StackSession(base_url)
                assert login(s, user, "demo").status_code == 303
                sessions.append(s)
            made[user] = sessions
        return made[user]
    yield get
    for sessions in made.values():
        for s in sessions:
            s.close()


@pytest.fixture
def dossier(stack, people):
    """A fresh open cycle with a dossier of eva (manager mark) and its
    three conversations, made directly in the database."""
    name = f"Racecyclus {next(_names)}"
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
              f"('{name}', '2027-01-01', '2027-12-31', 'open', 'slecht|matig|goed')")
    cycle = int(stack.sql(f"SELECT id FROM cycle WHERE name = '{name}'")[0][0])
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
              f"({cycle}, {people['eva']}, {people['mark']})")
    d = int(stack.sql(f"SELECT id FROM dossier WHERE cycle_id = {cycle}")[0][0])
    for seq, kind in ((1, "goal_setting"), (2, "progress"), (3, "assessment")):
        stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on) VALUES "
                  f"({d}, '{kind}', {seq}, '2027-06-30')")
    convs = [int(r[0]) for r in
             stack.sql(f"SELECT id FROM conversation WHERE dossier_id = {d} ORDER BY seq")]
    keep_summaries(stack, cycle)
    return {"id": d, "cycle": cycle, "conversations": convs}


def csrf(s):
    return xml(s.get("/.xml")).get("csrf")


def post(s, path, **fields):
    fields.setdefault("csrf", csrf(s))
    return s.post(path, data=fields, allow_redirects=False)


def version(s, cid):
    return xml(s.get(f"/conversations/{cid}.xml")).xpath("/page/conversation/@version")[0]


def fire(jobs):
    """Runs every (session, path, fields) of jobs at once; returns the
    statuses in the order of jobs.  Tokens are fetched before the barrier
    so that the POSTs themselves start together."""
    prepared = [(s, path, {**fields, "csrf": csrf(s)}) for s, path, fields in jobs]
    barrier = threading.Barrier(len(prepared))
    statuses = [None] * len(prepared)

    def run(i, s, path, data):
        barrier.wait()
        try:
            statuses[i] = s.post(path, data=data, allow_redirects=False).status_code
        except Exception as exc:  # noqa: BLE001 - reported with the others
            statuses[i] = repr(exc)

    threads = [threading.Thread(target=run, args=(i, *job)) for i, job in enumerate(prepared)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    bad = [s for s in statuses if s not in {303} | LOSING]
    assert not bad, f"answers other than 303/409/403: {statuses}"
    return statuses


def count(stack, query):
    return int(stack.sql(query)[0][0])


def to_finalized(stack, cid, title="Doel"):
    """One item, then the conversation finalized, through the database."""
    stack.sql(f"INSERT INTO item (dossier_id, kind, title, created_in_conversation_id) "
              f"SELECT dossier_id, 'result', '{title}', id FROM conversation WHERE id = {cid}")
    stack.sql(f"UPDATE conversation SET status = 'finalized', version = version + 1 WHERE id = {cid}")


def test_double_submit_of_the_employee_signature(stack, dossier, pools):
    cid = dossier["conversations"][0]
    to_finalized(stack, cid)
    statuses = fire([(s, f"/conversations/{cid}/sign", {"verdict": "agree"})
                     for s in pools("eva")])
    assert statuses.count(303) == 1, statuses
    assert count(stack, f"SELECT COUNT(*) FROM signature WHERE conversation_id = {cid}") == 1
    assert count(stack, f"SELECT COUNT(*) FROM audit WHERE entity = 'conversation' "
                        f"AND entity_id = {cid} AND action = 'sign'") == 1
    assert stack.sql(f"SELECT status FROM conversation WHERE id = {cid}") == [("finalized",)]


def test_double_submit_of_the_manager_signature(stack, dossier, pools):
    cid = dossier["conversations"][0]
    to_finalized(stack, cid)
    assert post(pools("eva")[0], f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    statuses = fire([(s, f"/conversations/{cid}/sign", {"verdict": "agree"})
                     for s in pools("mark")])
    assert statuses.count(303) == 1, statuses
    assert count(stack, f"SELECT COUNT(*) FROM signature WHERE conversation_id = {cid} "
                        f"AND role = 'manager'") == 1
    assert count(stack, f"SELECT COUNT(*) FROM snapshot WHERE conversation_id = {cid}") == 1
    assert stack.sql(f"SELECT status FROM conversation WHERE id = {cid}") == [("closed",)]
    assert count(stack, f"SELECT COUNT(*) FROM audit WHERE entity = 'conversation' "
                        f"AND entity_id = {cid} AND action = 'close'") == 1
    sha = stack.sql(f"SELECT sha256 FROM snapshot WHERE conversation_id = {cid}")[0][0]
    assert stack.sql(f"SELECT DISTINCT snapshot_sha256 FROM signature "
                     f"WHERE conversation_id = {cid}") == [(sha,)], "both signatures sealed"


def test_signing_races_a_reopen(stack, dossier, pools):
    """Half the racers sign as eva, half reopen as HR: either the signature
    came first and the reopen voided it, or the reopen came first and the
    signature was refused -- never a live signature on the reopened round."""
    for cid in dossier["conversations"]:
        to_finalized(stack, cid)
        half = RACERS // 2
        jobs = [(s, f"/conversations/{cid}/sign", {"verdict": "agree"})
                for s in pools("eva")[:half]]
        jobs += [(s, f"/conversations/{cid}/reopen", {"reason": "Weging klopt niet"})
                 for s in pools("hanna")[:half]]
        statuses = fire(jobs)
        signed, reopened = statuses[:half], statuses[half:]
        assert reopened.count(303) == 1, statuses
        assert signed.count(303) <= 1, statuses
        assert stack.sql(f"SELECT status FROM conversation WHERE id = {cid}") == [("held",)]
        live = count(stack, f"SELECT COUNT(*) FROM signature WHERE conversation_id = {cid} "
                            f"AND voided_at IS NULL AND snapshot_sha256 IS NULL")
        assert live == 0, f"a live signature on the reopened round ({statuses})"
        rows = count(stack, f"SELECT COUNT(*) FROM signature WHERE conversation_id = {cid}")
        assert rows == signed.count(303), statuses
        assert count(stack, f"SELECT COUNT(*) FROM audit WHERE entity = 'conversation' "
                            f"AND entity_id = {cid} AND action = 'reopen'") == 1


def test_adding_items_races_finalize(stack, dossier, pools):
    """Items, remarks and progress notes added while the manager finalizes:
    none may be written after the finalize.  Each write's audit row is
    written under the same lock as the finalize's, so the order of the
    audit ids is the order of the writes."""
    item = None
    for cid in dossier["conversations"]:
        # Complete, so that the assessment may be finalized too (issue 15):
        # its overall rating set, and the existing item a development point
        # (a result goal would need its rating, which the notes of the race
        # replace).
        stack.sql(f"UPDATE conversation SET status = 'held', overall_rating = IF(type ="
                  f" 'assessment', 3, overall_rating) WHERE id = {cid}")
        if item is None:
            stack.sql(f"INSERT INTO item (dossier_id, kind, title) "
                      f"VALUES ({dossier['id']}, 'development', 'Bestaand punt')")
            item = count(stack, f"SELECT id FROM item WHERE dossier_id = {dossier['id']}")
        mark = pools("mark")
        ver = version(mark[0], cid)
        finalizer = RACERS // 2
        jobs, kinds = [], []
        for i in range(RACERS):
            s = pools("eva")[i] if i % 2 else mark[i]
            kind = "finalize" if i == finalizer else ("item", "remark", "note")[i % 3]
            kinds.append(kind)
            if kind == "finalize":
                jobs.append((s, f"/conversations/{cid}/finalize", {"version": ver}))
            elif kind == "item":
                jobs.append((s, f"/conversations/{cid}/items",
                             {"kind": "action", "title": f"Race {cid}-{i}",
                              "deadline": "2027-09-01"}))
            elif kind == "remark":
                jobs.append((s, f"/conversations/{cid}/remarks", {"text": f"Opmerking {i}"}))
            else:
                jobs.append((s, f"/conversations/{cid}/updates",
                             {"item": str(item), "note": f"Notitie {i}"}))
        statuses = fire(jobs)
        assert statuses[finalizer] == 303, statuses
        ok = {k: sum(1 for kk, st in zip(kinds, statuses) if kk == k and st == 303)
              for k in ("item", "remark", "note")}
        assert count(stack, f"SELECT COUNT(*) FROM item "
                            f"WHERE created_in_conversation_id = {cid}") == ok["item"], statuses
        assert count(stack, f"SELECT COUNT(*) FROM remark "
                            f"WHERE conversation_id = {cid}") == ok["remark"], statuses
        fin = count(stack, f"SELECT id FROM audit WHERE entity = 'conversation' "
                           f"AND entity_id = {cid} AND action = 'finalize'")
        late = stack.sql(
            f"SELECT a.action, a.id FROM audit a JOIN item i ON a.entity = 'item' "
            f"AND a.entity_id = i.id AND a.action = 'create' "
            f"WHERE i.created_in_conversation_id = {cid} AND a.id > {fin} "
            f"UNION ALL SELECT action, id FROM audit WHERE entity = 'conversation' "
            f"AND entity_id = {cid} AND action = 'remark' AND id > {fin} "
            f"UNION ALL SELECT action, id FROM audit WHERE entity = 'item' "
            f"AND entity_id = {item} AND action = 'progress' "
            f"AND detail LIKE 'conversation {cid}:%' AND id > {fin}")
        assert not late, f"written after the finalize: {late} ({statuses})"


def test_two_parties_race_progress_notes_on_one_item(stack, dossier, pools, people):
    cid = dossier["conversations"][1]
    stack.sql(f"INSERT INTO item (dossier_id, kind, title) VALUES ({dossier['id']}, 'result', 'Gedeeld')")
    item = count(stack, f"SELECT id FROM item WHERE dossier_id = {dossier['id']}")
    stack.sql(f"UPDATE conversation SET status = 'held' WHERE id = {cid}")
    choices = ("on_track", "at_risk", "achieved", "open")
    jobs = []
    for i in range(RACERS):
        user = "eva" if i % 2 else "mark"
        jobs.append((pools(user)[i], f"/conversations/{cid}/updates",
                     {"item": str(item), "status": choices[i % len(choices)],
                      "note": f"Notitie {i} van {user}"}))
    statuses = fire(jobs)
    notes = stack.sql(f"SELECT author_id, status, version FROM item_update "
                      f"WHERE item_id = {item} AND conversation_id = {cid} ORDER BY author_id")
    assert sorted(int(a) for a, _, _ in notes) == sorted([people["eva"], people["mark"]]), \
        "one note row per author"
    # Every accepted save is one version of its author's note: none lost.
    ok_by = {"eva": 0, "mark": 0}
    for i, st in enumerate(statuses):
        if st == 303:
            ok_by["eva" if i % 2 else "mark"] += 1
    versions = {int(a): int(v) for a, _, v in notes}
    assert versions[people["eva"]] == ok_by["eva"], statuses
    assert versions[people["mark"]] == ok_by["mark"], statuses
    status = stack.sql(f"SELECT status FROM item WHERE id = {item}")[0][0]
    assert status in {s for _, s, _ in notes}, "the item has the status of the last note"
    assert count(stack, f"SELECT COUNT(*) FROM audit WHERE entity = 'item' AND entity_id = {item} "
                        f"AND action = 'progress'") == statuses.count(303)


# ---- the key behind it: migration 050 ----

def test_migration_050_numbers_rounds_and_stops_on_a_double_signature(stack, shared_tmp_path):
    """050 gives existing signatures their round and each conversation its
    current round; a party that signed twice in one round (a double submit
    before the key existed) stops it with the conversation's id, and after
    the duplicate is removed it runs through and the key holds."""
    import shutil
    import subprocess
    db = "gesprek_m050"
    stack.scratch_database(db)
    sql_dir = shared_tmp_path / "sql"
    sql_dir.mkdir()
    for f in sorted(stack.sql_dir.glob("*.sql")):
        if f.name < "050":
            shutil.copy(f, sql_dir / f.name)
    conf = stack.config()
    conf["database"]["name"] = db
    conf["paths"]["migrations"] = str(sql_dir)
    path = shared_tmp_path / "gesprek.conf"
    path.write_text("".join(f"[{s}]\n" + "".join(f"{k} = {v}\n" for k, v in vals.items())
                            for s, vals in conf.items()))

    def migrate():
        return subprocess.run([str(stack.gesprekctl_bin), "-c", str(path), "migrate"],
                              capture_output=True, text=True, env=stack.env(), timeout=120)

    def q(query):
        return stack.sql(query, db=db)

    try:
        assert migrate().returncode == 0
        q("INSERT INTO employee (login, name) VALUES ('e', 'E'), ('m', 'M');"
          "INSERT INTO cycle (name, starts_on, ends_on, rating_scale) "
          "VALUES ('C', '2027-01-01', '2027-12-31', 'a|b');"
          "INSERT INTO dossier (cycle_id, employee_id, manager_id) SELECT c.id, e.id, m.id "
          "FROM cycle c, employee e, employee m WHERE e.login = 'e' AND m.login = 'm'")
        for seq, status in ((1, "closed"), (2, "held"), (3, "finalized"), (4, "finalized")):
            q(f"INSERT INTO conversation (dossier_id, type, seq, status) "
              f"SELECT id, 'progress', {seq}, '{status}' FROM dossier")
        conv = {int(s): int(i) for i, s in q("SELECT id, seq FROM conversation")}
        e, m = (int(q(f"SELECT id FROM employee WHERE login = '{x}'")[0][0]) for x in "em")

        def sign(seq, role, sha="NULL", voided="NULL"):
            who = e if role == "employee" else m
            q(f"INSERT INTO signature (conversation_id, employee_id, role, verdict, "
              f"snapshot_sha256, voided_at) VALUES ({conv[seq]}, {who}, '{role}', 'agree', "
              f"{sha}, {voided})")
        # 1: closed, one sealed round.  2: closed, then reopened (held).
        # 3: a round voided by a reopen, then the employee signed again.
        # 4: the employee's signature submitted twice.
        sign(1, "employee", sha="REPEAT('a', 64)")
        sign(1, "manager", sha="REPEAT('a', 64)")
        sign(2, "employee", sha="REPEAT('b', 64)")
        sign(2, "manager", sha="REPEAT('b', 64)")
        sign(3, "employee", voided="'2027-03-01 10:00:00'")
        sign(3, "employee")
        sign(4, "employee")
        sign(4, "employee")
        shutil.copy(stack.sql_dir / "050_signature_round.sql", sql_dir)
        r = migrate()
        assert r.returncode != 0
        out = r.stdout + r.stderr
        assert f"conversation {conv[4]} has two signatures of one party" in out, out
        assert "gesprekctl migrate again" in out
        assert q("SELECT COUNT(*) FROM schema_migrations WHERE version = 50") == [("0",)]
        q(f"DELETE FROM signature WHERE conversation_id = {conv[4]} ORDER BY id DESC LIMIT 1")
        assert migrate().returncode == 0
        rounds = q("SELECT c.seq, s.role, s.round, s.voided_at IS NOT NULL FROM signature s "
                   "JOIN conversation c ON c.id = s.conversation_id ORDER BY s.id")
        assert rounds == [("1", "employee", "1", "0"), ("1", "manager", "1", "0"),
                          ("2", "employee", "1", "0"), ("2", "manager", "1", "0"),
                          ("3", "employee", "1", "1"), ("3", "employee", "2", "0"),
                          ("4", "employee", "1", "0")]
        assert q("SELECT seq, sign_round FROM conversation ORDER BY seq") == \
            [("1", "1"), ("2", "2"), ("3", "2"), ("4", "1")]
        with pytest.raises(Exception, match="Duplicate entry"):
            sign(4, "employee")
    finally:
        stack.drop_scratch_database(db)


def test_summaries_equal_a_recount_after_the_races(stack):
    """Runs last in this file: every write above kept the report summaries
    in its own transaction, so a recount from the rows finds them equal."""
    assert_recount_equal(stack, "the races")
