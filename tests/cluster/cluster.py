#!/usr/bin/python3
"""tests/cluster/run: gesprek on a three-node MariaDB Galera cluster, with
two gesprekd instances behind one nginx, under a mixed load and faults.

Full form (on its own, a few minutes): under load it kills one database
node with SIGKILL and brings it back (IST), kills one gesprekd instance
(SIGKILL to its whole process group) and starts it again, restarts a
second node (a clean shutdown, then IST), and cuts the third off the group
for a few seconds (gmcast.isolate: it leaves the primary component and
answers 1047, so its clients must move to another node).  Short form
(--short, inside tests/run): the first fault only, a few seconds of load.

Afterwards:
  * every acknowledged write (a 303 to a saving POST, each with a marker of
    its own) is in the database exactly once, on every node (printed per
    node), and every node holds the same rows;
  * nothing unacknowledged is half there: no marker twice, and every item
    present has its audit row (a POST is one transaction);
  * a session made through nginx works on either instance (asked directly
    over FastCGI);
  * the load saw only clean answers: 303s and pages, 503s from gesprekd
    (tried again), 502s only for requests under way on an instance that
    was killed; never a 500, never a wrong page, never a page after a
    redirect that lacks the write just acknowledged;
  * auto_increment_increment is 3 with a different offset on each node (the
    store ran on ids that are not consecutive), and gesprekctl verify
    --summaries finds the summaries equal to a recount.

Prints the figures (requests, retries, 503s, time to recover) and, with
--record (the default of the full form), writes them to
tests/cluster/RESULTS.md.  Exit status 0 when every check passes."""

import argparse
import collections
import os
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests" / "integration"))

import urllib3  # noqa: E402

import driver  # noqa: E402
import galera  # noqa: E402
from galera import Cluster, ClusterStack, log  # noqa: E402
from helpers import fcgi_request  # noqa: E402

urllib3.disable_warnings()

# Phases of the load, in seconds: (full, short).
WARM = (15, 5)
NODE_DOWN = (8, 3)
BETWEEN = (8, 0)
GESPREKD_DOWN = 4
ISOLATED = 5
# A request sent this long after the killed instance's processes were
# reaped may still meet its dying socket (a 2-core machine at load 10
# schedules the load's threads late): its 502 counts as in flight.
KILL_SLACK = 1.0
AFTER = (10, 5)
# Pairs (employee, manager) sharing a conversation; each person a thread.
PAIRS = (3, 2)
# The causality wait is measured in this many rounds of this many reads.
SYNC_WAIT_ROUNDS = 5
SYNC_WAIT_READS = 100
# A fault's "time to recover" for the load looks this far after it.
RECOVER_HORIZON = 90
RESULTS = HERE / "RESULTS.md"
# What a run does not measure by itself, kept with its figures.
NOTES = """Notes (by hand, 2026-12-06, issue 20):

- wsrep_sync_wait is set on one statement only: the session read that
  starts every request (`SET STATEMENT wsrep_sync_wait = 1 FOR ...`,
  store/session.c, when the connection is to a Galera node).  A node
  applies write sets in order, so after that wait the rest of the request
  reads at least what the cluster had committed when it began: the page
  after a redirect shows the POST's write, whichever node saved it.  The
  figures above ("session read without / with") are its price per request.
- Without it (the full form run once with the plain session read) the load
  saw 7 pages after a redirect that lacked the item just acknowledged, out
  of 1,003 acknowledged saves (3,275 requests): read-your-writes does not
  hold on Galera by itself.
- The first full run found a 500: a brute-force abort (a replicated write
  set rolling back a local transaction) racing the next statement, which
  failed on the rolled-back row (1048 "cannot be null") instead of 1213.
  store/db_node.c now asks @@in_transaction after a plain error inside a
  transaction on a Galera node and reruns the transaction if it is gone.
- A later run found GET /login 500 at start-up: both instances made the
  server secret at once on two nodes and one INSERT IGNORE lost at
  certification (1213 outside a transaction).  A write statement outside a
  transaction is now rerun like a transaction.
- Another run found POST 500 while node3 was isolated: the session read's
  causality wait on a node leaving the primary component failed with a
  deadlock-kind error outside any transaction.  A read that fails so
  before its first row is now rerun (and meets 1047 there, so it moves to
  the next host).  The passing run above did not hit that case again.
"""


class Run:
    def __init__(self, args):
        self.short = args.short
        self.pick = 1 if args.short else 0
        self.build = Path(args.build or os.environ.get("GESPREK_BUILD") or REPO / "_build")
        self.workdir = Path(tempfile.mkdtemp(prefix="gesprek-cluster-", dir="/tmp"))
        os.chmod(self.workdir, 0o711)
        self.keep = args.keep
        self.logs = Path(args.logs) if args.logs else None
        self.cluster = Cluster(self.workdir / "db")
        self.a = ClusterStack(self.workdir / "a", self.cluster, [0, 1, 2], runs_nginx=True,
                              build_dir=self.build, https=False)
        self.b = ClusterStack(self.workdir / "b", self.cluster, [1, 2, 0],
                              build_dir=self.build, https=False)
        self.people = []
        self.faults = []          # (name, monotonic time, figures dict)
        self.problems = []
        self.figures = collections.OrderedDict()
        self.dossiers = []
        self.gesprekd_kills = []  # (SIGKILL sent, processes reaped)

    def phase(self, full_short):
        return full_short[self.pick] if isinstance(full_short, tuple) else full_short

    # -- setting up --------------------------------------------------------

    def start(self):
        t0 = time.monotonic()
        self.cluster.start()
        self.a.prepare(first=True)
        self.cluster.join_others()
        self.b.db_password = self.a.db_password
        self.b.db_migrate_password = self.a.db_migrate_password
        self.b.demo_logins = list(self.a.demo_logins)
        self.b.prepare(first=False)
        self.a.upstream_sockets = [self.a.gesprekd_socket, self.b.gesprekd_socket]
        self.b.serve()
        self.a.serve()
        self.figures["start-up (cluster, schema, demo, SST x2)"] = f"{time.monotonic() - t0:.0f} s"

    def make_work(self):
        """A cycle of its own with a conversation being prepared for each
        pair, shared, so both write into the same form."""
        logins = ", ".join(galera.sql_quote(x) for x in self.a.demo_logins)
        rows = self.a.sql(
            "SELECT e.id, e.login, m.id, m.login FROM employee e JOIN employee m "
            f"ON m.id = e.manager_id WHERE e.active = 1 AND m.active = 1 AND e.login IN ({logins}) "
            f"AND m.login IN ({logins}) ORDER BY e.id")
        pairs, used = [], set()
        for eid, elogin, mid, mlogin in rows:
            if elogin in used or mlogin in used:
                continue
            pairs.append((int(eid), elogin, int(mid), mlogin))
            used.update((elogin, mlogin))
            if len(pairs) == self.phase(PAIRS):
                break
        if len(pairs) < self.phase(PAIRS):
            raise galera.StackError(f"the demo has too few employee/manager pairs: {pairs}")
        self.a.sql("INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
                   "('Cluster', '2030-01-01', '2030-12-31', 'open', 'a|b|c')")
        cycle = int(self.a.sql("SELECT id FROM cycle WHERE name = 'Cluster'")[0][0])
        work = []
        for eid, elogin, mid, mlogin in pairs:
            self.a.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
                       f"({cycle}, {eid}, {mid})")
            dossier = int(self.a.sql(f"SELECT id FROM dossier WHERE cycle_id = {cycle} "
                                     f"AND employee_id = {eid}")[0][0])
            self.a.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on, status, "
                       f"employee_shared, manager_shared) VALUES ({dossier}, 'goal_setting', 1, "
                       f"'2030-02-01', 'preparing', 1, 1)")
            conv = int(self.a.sql(f"SELECT id FROM conversation WHERE dossier_id = {dossier}")[0][0])
            self.dossiers.append(dossier)
            work += [(elogin, conv), (mlogin, conv)]
        # Rows written past the store: their summaries recounted (as
        # tests/integration/summaries.py keep_summaries does).
        self.a.ctl("rebuild-summaries", "--cycle", str(cycle))
        tag = f"c{os.getpid()}"
        self.people = [driver.Person(self.a.base_url, who, "demo", conv, tag) for who, conv in work]

    # -- the load and the faults ---------------------------------------------

    def wait(self, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            time.sleep(0.2)

    def fault_node_kill(self, node):
        t = time.monotonic()
        node.kill()
        self.wait(self.phase(NODE_DOWN))
        offset = node.log_size()
        back = time.monotonic()
        node.start(recover=True)
        node.wait_synced()
        synced = time.monotonic() - back
        how = transfer_kind(node.log_since(offset))
        self.faults.append((f"SIGKILL {node.name}, back after {self.phase(NODE_DOWN)} s", t,
                            {"rejoined by": how, "restart to Synced": f"{synced:.1f} s"}))
        if how != "IST":
            self.problems.append(f"{node.name} rejoined by {how}, not IST")

    def fault_node_restart(self, node):
        t = time.monotonic()
        node.stop()
        offset = node.log_size()
        node.start()
        node.wait_synced()
        took = time.monotonic() - t
        how = transfer_kind(node.log_since(offset))
        self.faults.append((f"restart {node.name} (clean)", t,
                            {"rejoined by": how, "stop to Synced": f"{took:.1f} s"}))
        if how != "IST":
            self.problems.append(f"{node.name} rejoined by {how}, not IST")

    def fault_gesprekd_kill(self, inst):
        t = time.monotonic()
        inst.kill_gesprekd()
        # Requests nginx handed over until the processes were gone (a
        # connection waiting in the socket's backlog too) die with them.
        self.gesprekd_kills.append((t, time.monotonic()))
        self.wait(GESPREKD_DOWN)
        back = time.monotonic()
        inst.start_gesprekd()
        self.faults.append(("SIGKILL gesprekd b (whole instance)", t,
                            {"down": f"{GESPREKD_DOWN} s",
                             "start to accepting": f"{time.monotonic() - back:.1f} s"}))

    def fault_node_isolate(self, node):
        """Cut a node off the group (gmcast.isolate): it stays up but leaves
        the primary component, so it answers 1047 to its clients until it
        is let back and has caught up."""
        t = time.monotonic()
        node.sql("SET GLOBAL wsrep_provider_options = 'gmcast.isolate=1'", db=None)
        if not galera.wait_until(lambda: node.status("wsrep_cluster_status") != "Primary", 30):
            self.problems.append(f"{node.name} stayed primary after gmcast.isolate")
        self.wait(ISOLATED)
        node.sql("SET GLOBAL wsrep_provider_options = 'gmcast.isolate=0'", db=None)
        back = time.monotonic()
        node.wait_synced()
        self.faults.append((f"isolate {node.name} (non-primary, 1047) for {ISOLATED} s", t,
                            {"let back to Synced": f"{time.monotonic() - back:.1f} s"}))

    def run_load(self):
        for p in self.people:
            p.start()
        self.sync_wait_under_load = None
        self.wait(self.phase(WARM) / 2)
        self.sync_wait_under_load = measure_sync_wait(self.cluster.nodes[1])
        self.wait(self.phase(WARM) / 2)
        self.fault_node_kill(self.cluster.nodes[0])
        if not self.short:
            self.wait(self.phase(BETWEEN))
            self.fault_gesprekd_kill(self.b)
            self.wait(self.phase(BETWEEN))
            self.fault_node_restart(self.cluster.nodes[1])
            self.wait(self.phase(BETWEEN))
            # Instance b moved to node3 when node2 went: cut node3 off.
            self.fault_node_isolate(self.cluster.nodes[2])
        self.wait(self.phase(AFTER))
        for p in self.people:
            p.stop()
        for p in self.people:
            p.join(driver.REQUEST_TIMEOUT + 10)

    # -- checks ----------------------------------------------------------------

    def check_nodes(self):
        for n in self.cluster.nodes:
            n.wait_synced()
        acked = collections.Counter(m for p in self.people for m in p.acked)
        unacked = {m for p in self.people for m in p.unacked}
        dossiers = ",".join(map(str, self.dossiers))
        per_node = []
        for n in self.cluster.nodes:
            rows = n.sql(f"SELECT id, title FROM item WHERE dossier_id IN ({dossiers}) ORDER BY id")
            titles = collections.Counter(t for _, t in rows)
            once = sum(1 for m in acked if titles.get(m, 0) == 1)
            missing = [m for m in acked if titles.get(m, 0) == 0]
            twice = [m for m, c in titles.items() if c > 1]
            whole_unacked = sum(1 for m in unacked if titles.get(m, 0) == 1)
            orphans = n.sql(f"SELECT i.id FROM item i WHERE i.dossier_id IN ({dossiers}) AND "
                            "(SELECT COUNT(*) FROM audit a WHERE a.entity = 'item' AND "
                            "a.entity_id = i.id AND a.action = 'create') != 1")
            stray = [t for t in titles if t not in acked and t not in unacked]
            line = (f"{n.name}: {len(acked)} acknowledged writes, {once} present exactly once, "
                    f"{len(missing)} missing, {len(twice)} stored twice; "
                    f"{len(unacked)} unacknowledged, {whole_unacked} of them stored whole; "
                    f"{len(orphans)} items without their audit row")
            print(line)
            per_node.append(line)
            if missing:
                self.problems.append(f"{n.name}: acknowledged yet missing: {missing[:5]}")
            if twice:
                self.problems.append(f"{n.name}: stored twice: {twice[:5]}")
            if orphans:
                self.problems.append(f"{n.name}: items without one audit row: {orphans[:5]}")
            if stray:
                self.problems.append(f"{n.name}: rows no request sent: {stray[:5]}")
            n.rows = rows
        if any(n.rows != self.cluster.nodes[0].rows for n in self.cluster.nodes):
            self.problems.append("the nodes hold different item rows")
        if any(c > 1 for c in acked.values()):
            self.problems.append("a marker was acknowledged twice (driver bug)")
        self.per_node = per_node

    def check_auto_increment(self):
        seen = []
        for n in self.cluster.nodes:
            inc, off = n.sql("SELECT @@auto_increment_increment, @@auto_increment_offset",
                             db=None)[0]
            seen.append((n.name, int(inc), int(off)))
        self.figures["auto_increment (increment, offset)"] = ", ".join(
            f"{name} {inc}/{off}" for name, inc, off in seen)
        if any(inc != len(self.cluster.nodes) for _, inc, _ in seen) or \
                len({off for _, _, off in seen}) != len(seen):
            self.problems.append(f"auto_increment is not per node: {seen}")

    def check_sessions(self):
        """A session made through nginx, used on each instance directly."""
        p = driver.Person(self.a.base_url, self.people[0].login, "demo",
                          self.people[0].conversation, "session")
        if not p._log_in():
            self.problems.append(f"a login after the load failed: "
                                 f"{[(r.what, r.status, r.note) for r in p.results][-3:]}")
            return
        cookie = "; ".join(f"{c.name}={c.value}" for c in p.s.cookies)
        for inst in (self.a, self.b):
            status, out = fcgi_request(inst.gesprekd_socket, {
                "REQUEST_METHOD": "GET", "REQUEST_URI": "/.xml", "QUERY_STRING": "",
                "REMOTE_ADDR": "127.0.0.1", "HTTP_COOKIE": cookie, "SERVER_NAME": "localhost"})
            ok = status in (0, 200) and f'login="{p.login}"'.encode() in out
            print(f"session made through nginx, asked of instance {inst.workdir.name} directly: "
                  f"{'works' if ok else 'FAILS'}")
            if not ok:
                self.problems.append(f"the session does not work on instance "
                                     f"{inst.workdir.name}: {status} {out[:300]!r}")

    def check_answers(self):
        results = driver.all_results(self.people)
        kinds = collections.Counter(r.kind for r in results)
        statuses = collections.Counter(r.status for r in results)
        for r in results:
            if r.kind == "bad":
                self.problems.append(f"bad answer: {r.what} {r.status}: {r.note[:300]}")
            elif r.kind == "inflight" and not any(
                    r.start <= gone + KILL_SLACK and r.end >= t
                    for t, gone in self.gesprekd_kills):
                when = ", ".join(f"started {r.start - t:+.2f} s, ended {r.end - t:+.2f} s "
                                 f"after a kill that took {gone - t:.2f} s"
                                 for t, gone in self.gesprekd_kills) or "no kill"
                self.problems.append(f"502 outside a gesprekd kill: {r.what} ({when})")
        self.kinds, self.statuses = kinds, statuses

    def recover_times(self):
        acks = sorted(r.end for r in driver.all_results(self.people) if r.kind == "ack")
        starts = [t for _, t, _ in self.faults] + [float("inf")]
        for i, (name, t, fig) in enumerate(self.faults):
            # Up to the next fault: a pause there is that fault's.
            until = min(t + RECOVER_HORIZON, starts[i + 1])
            after = [a for a in acks if t < a < until]
            before = [a for a in acks if a <= t]
            gap = 0.0
            prev = before[-1] if before else t
            for a in after:
                gap = max(gap, a - prev)
                prev = a
            fig["longest pause between acknowledged writes"] = f"{gap:.1f} s"
            if not after:
                self.problems.append(f"no write acknowledged after {name} "
                                     f"(within {until - t:.0f} s)")

    def retries_in_logs(self):
        n = collections.Counter()
        for inst in (self.a, self.b):
            text = inst.gesprekd_log.read_text(errors="replace") if inst.gesprekd_log.exists() else ""
            n["deadlock/certification"] += text.count("transaction retried after")
            n["rerun on another connection/node"] += text.count("transaction rerun after")
            n["COMMIT answer lost (503)"] += text.count("the answer to COMMIT was lost")
            n["node not serving (1047/1180)"] += text.count("node cannot serve now")
            n["error after a brute-force abort"] += text.count("brute-force abort")
            n["statement outside a transaction rerun"] += text.count("statement rerun after")
        return n

    def verify_summaries(self):
        res = self.a.ctl("verify", "--summaries", check=False, timeout=600)
        if res.returncode != 0:
            self.problems.append(f"verify --summaries: {res.stdout[-500:]}{res.stderr[-500:]}")

    # -- report ----------------------------------------------------------------

    def report(self, total):
        k, s = self.kinds, self.statuses
        server = self.retries_in_logs()
        requests_n = sum(s.values())
        acked = sum(len(p.acked) for p in self.people)
        f = self.figures
        f["form"] = "short (one fault)" if self.short else f"full ({len(self.faults)} faults)"
        f["people (threads)"] = str(len(self.people))
        f["requests"] = str(requests_n)
        f["acknowledged writes"] = str(acked)
        f["answers by status"] = ", ".join(f"{st or 'refused'}: {c}" for st, c in sorted(s.items()))
        f["clean 503s"] = str(s.get(503, 0))
        f["502s (in flight on the killed instance)"] = str(k.get("inflight", 0))
        f["connections refused (tried again)"] = str(s.get(0, 0))
        f["bad answers (500, wrong page, stale page)"] = str(k.get("bad", 0))
        f["retries by the load (after a 503/502/refusal)"] = str(
            k.get("clean", 0) + k.get("inflight", 0))
        f["transactions retried by gesprekd"] = ", ".join(f"{w}: {c}" for w, c in server.items())
        if self.sync_wait_under_load:
            f["session read without / with wsrep_sync_wait=1 (node2, under load)"] = \
                "{:.0f} us / {:.0f} us".format(*self.sync_wait_under_load)
        if self.sync_wait_quiet:
            f["session read without / with wsrep_sync_wait=1 (node2, quiet)"] = \
                "{:.0f} us / {:.0f} us".format(*self.sync_wait_quiet)
        f["whole run"] = f"{total:.0f} s"
        print("\n== figures")
        for key, v in f.items():
            print(f"  {key}: {v}")
        refused = [r for p in self.people for r in p.results if r.status == 0][:5]
        for r in refused:
            print(f"  (refused: {r.what}: {r.note})")
        print("== faults")
        for name, _, fig in self.faults:
            print(f"  {name}: " + ", ".join(f"{a} {b}" for a, b in fig.items()))

    def record(self):
        lines = ["# tests/cluster/run: results", "",
                 "Written by `tests/cluster/run` (the full form, or `--record`) from its last "
                 "run on this machine (2 cores, shared with other work, so times are loose). "
                 "Three MariaDB Galera nodes, two gesprekd instances (4 threads each) behind "
                 "one nginx upstream; see README, \"Running on several servers\".", "",
                 f"Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
                 f"{'PASSED' if not self.problems else 'FAILED'}.", "",
                 "| figure | value |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in self.figures.items()]
        lines += ["", "Faults under load:", ""]
        for name, _, fig in self.faults:
            lines.append(f"- {name}: " + "; ".join(f"{a} {b}" for a, b in fig.items()))
        lines += ["", "Acknowledged writes per node:", ""]
        lines += [f"- {x}" for x in self.per_node]
        if self.problems:
            lines += ["", "Problems:", ""] + [f"- {p}" for p in self.problems]
        lines += ["", NOTES]
        RESULTS.write_text("\n".join(lines) + "\n")
        print(f"recorded in {RESULTS}")

    def stop(self):
        if self.logs:
            self.logs.mkdir(parents=True, exist_ok=True)
            for inst in (self.a, self.b):
                try:
                    inst.save_logs(self.logs / inst.workdir.name)
                except OSError:
                    pass
            for n in self.cluster.nodes:
                if n.log_path.exists():
                    galera.shutil.copy(n.log_path, self.logs / f"{n.name}.log")
        for inst in (self.a, self.b):
            try:
                inst.stop()
            except Exception as exc:  # noqa: BLE001 - go on tearing down
                log(f"stop: {exc}")
        self.cluster.stop()
        if self.keep:
            print(f"work dir kept: {self.workdir}")
        else:
            galera.remove_tree(self.workdir)


def transfer_kind(text):
    """How a node that came back got the writes it missed, from its log."""
    if "IST received" in text or "Receiving IST" in text:
        return "IST"
    if "SST" in text and ("Running: 'wsrep_sst" in text or "SST received" in text):
        return "SST"
    return "no transfer found in its log"


def measure_sync_wait(node):
    """Microseconds per session read, without and with the causality wait:
    the median of SYNC_WAIT_ROUNDS rounds of each, taken in turns (the
    machine's load changes from second to second), a round being
    SYNC_WAIT_READS reads in one client (its start-up shared by them)."""
    query = ("SELECT COUNT(*) FROM session WHERE token_sha256 = "
             "UNHEX(SHA2('no such session', 256));")
    rounds = ([], [])
    for _ in range(SYNC_WAIT_ROUNDS):
        for i, prefix in enumerate(("", "SET STATEMENT wsrep_sync_wait = 1 FOR ")):
            t = time.monotonic()
            node.sql((prefix + query) * SYNC_WAIT_READS)
            rounds[i].append((time.monotonic() - t) * 1e6 / SYNC_WAIT_READS)
    return tuple(statistics.median(r) for r in rounds)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--short", action="store_true", help="one fault, a few seconds of load")
    ap.add_argument("--build", help="build dir (default $GESPREK_BUILD or _build)")
    ap.add_argument("--keep", action="store_true", help="keep the work dir")
    ap.add_argument("--logs", help="copy the logs to this folder")
    ap.add_argument("--record", dest="record", action="store_true", default=None,
                    help="write tests/cluster/RESULTS.md (default for the full form)")
    ap.add_argument("--no-record", dest="record", action="store_false")
    args = ap.parse_args(argv)
    record = (not args.short) if args.record is None else args.record
    run = Run(args)
    t0 = time.monotonic()
    run.sync_wait_quiet = None
    ok = False
    try:
        run.start()
        run.make_work()
        run.run_load()
        run.check_nodes()
        run.check_auto_increment()
        run.check_answers()
        run.recover_times()
        run.check_sessions()
        run.verify_summaries()
        run.sync_wait_quiet = measure_sync_wait(run.cluster.nodes[1])
        run.report(time.monotonic() - t0)
        if record:
            run.record()
        ok = not run.problems
    except Exception:  # noqa: BLE001 - report, tear down, fail
        traceback.print_exc()
        run.problems.append("the run stopped on an exception")
    finally:
        for p in run.people:
            p.stop()
        run.stop()
    for p in run.problems[:40]:
        print(f"PROBLEM: {p}")
    print(f"cluster: {'passed' if ok else 'FAILED'} ({time.monotonic() - t0:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
