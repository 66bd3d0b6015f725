"""Three MariaDB Galera nodes on loopback, and the two gesprekd instances
over them behind one nginx (tests/cluster/run).

A node is a private mariadbd: its own data folder, unix socket (for root,
through unix_socket) and loopback TCP port (for gesprekd), and its own
Galera ports (group communication, IST, SST).  The first node is made with
mariadb-install-db and bootstraps the cluster (--wsrep-new-cluster); the
others join it empty and receive its data by SST (rsync).  A node killed
with SIGKILL comes back through IST: its last position is recovered first
(mariadbd --wsrep-recover, as Debian's galera_recovery does) and given as
--wsrep-start-position, so the donor sends only the missed write sets.

The gesprekd instances are tests/stack.py Stacks whose database is the
cluster: [database] host names the three nodes (each instance in its own
order), and the first instance's nginx passes requests to both sockets
through one `upstream`."""

import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import stack as stack_mod  # noqa: E402
from stack import (Stack, StackError, log, free_port, wait_until, open_log,  # noqa: E402
                   tail, sql_quote, _child_setup, _parse_mariadb_xml, _MARIADB_CLIENT_BASE)

GALERA_PROVIDER = "/usr/lib/galera/libgalera_smm.so"
CLUSTER_NAME = "gesprek-test"
# Seconds a node may take to start, join (SST) or come back (IST) on a
# loaded 2-core machine.
T_NODE = 180
# Group communication timeouts, shorter than Galera's defaults (5 s to
# suspect a silent node, 15 s to evict it) so that a killed node stalls the
# others' commits for seconds, not a quarter minute; the order Galera wants
# is keepalive <= suspect <= inactive <= install.
EVS_OPTIONS = ("evs.keepalive_period=PT0.5S;evs.inactive_check_period=PT0.5S;"
               "evs.suspect_timeout=PT2S;evs.inactive_timeout=PT4S;evs.install_timeout=PT4S")
# The write-set cache a node keeps for IST: ample for a test's writes.
GCACHE_SIZE = "64M"
# Each node small: three of them and two gesprekd share 2 cores.
NODE_BUFFER_POOL = "64M"
NODE_LOG_FILE = "16M"
# The nodes run as Debian's mysql user, as installed: as root, the rsync
# daemon that receives an SST would switch to nobody and find the data
# folder closed to it.
NODE_USER = "mysql"


class Node:
    """One Galera node; `n` counts from 1."""

    def __init__(self, workdir, n):
        self.n = n
        self.dir = Path(workdir) / f"node{n}"
        self.datadir = self.dir / "data"
        self.tmpdir = self.dir / "tmp"
        self.socket = self.dir / "mariadb.sock"
        self.log_path = self.dir / "mariadb.log"
        self.pidfile = self.dir / "mariadb.pid"
        self.port = free_port()
        self.gcomm_port = free_port()
        self.ist_port = free_port()
        self.sst_port = free_port()
        self.proc = None
        self.peers = ""         # gcomm://... of every node, set by the cluster

    @property
    def name(self):
        return f"node{self.n}"

    def args(self):
        return [
            "mariadbd", "--no-defaults", f"--datadir={self.datadir}",
            f"--socket={self.socket}", f"--port={self.port}", "--bind-address=127.0.0.1",
            f"--tmpdir={self.tmpdir}", f"--pid-file={self.pidfile}", f"--user={NODE_USER}",
            "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
            f"--innodb-buffer-pool-size={NODE_BUFFER_POOL}",
            f"--innodb-log-file-size={NODE_LOG_FILE}",
            "--innodb-flush-log-at-trx-commit=2", "--max-connections=200",
            # What Galera requires of every node:
            "--binlog-format=ROW", "--default-storage-engine=InnoDB",
            "--innodb-autoinc-lock-mode=2",
            "--wsrep-on=ON", f"--wsrep-provider={GALERA_PROVIDER}",
            f"--wsrep-cluster-name={CLUSTER_NAME}", f"--wsrep-cluster-address={self.peers}",
            f"--wsrep-node-name={self.name}", "--wsrep-node-address=127.0.0.1",
            "--wsrep-provider-options="
            f"gmcast.listen_addr=tcp://127.0.0.1:{self.gcomm_port};"
            f"ist.recv_addr=127.0.0.1:{self.ist_port};gcache.size={GCACHE_SIZE};"
            + EVS_OPTIONS,
            "--wsrep-sst-method=rsync", f"--wsrep-sst-receive-address=127.0.0.1:{self.sst_port}",
            "--wsrep-slave-threads=2",
            # Each certification conflict and brute-force abort in the log.
            "--wsrep-log-conflicts=ON",
        ]

    def prepare_empty(self):
        """The node's folders, its data folder empty (filled by SST or
        mariadb-install-db), all the node user's."""
        pw = pwd.getpwnam(NODE_USER)
        self.dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.dir, 0o755)
        os.chown(self.dir, pw.pw_uid, pw.pw_gid)   # socket, pid file
        for d in (self.datadir, self.tmpdir):
            d.mkdir(parents=True, exist_ok=True)
            os.chmod(d, 0o700)
            os.chown(d, pw.pw_uid, pw.pw_gid)

    def initialise(self):
        """A fresh data folder of the first node (the others get theirs by SST)."""
        self.prepare_empty()
        cmd = ["mariadb-install-db", "--no-defaults", f"--datadir={self.datadir}",
               f"--tmpdir={self.tmpdir}", "--auth-root-authentication-method=socket",
               "--auth-root-socket-user=root", f"--user={NODE_USER}"]
        with open_log(self.log_path) as out:
            res = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, timeout=T_NODE)
        if res.returncode != 0:
            raise StackError(f"mariadb-install-db for {self.name} failed:\n{tail(self.log_path)}")

    def recovered_position(self):
        """The position InnoDB holds after a crash (uuid:seqno), as
        galera_recovery finds it; None if the log does not say."""
        rlog = self.dir / "recover.log"
        if rlog.exists():
            rlog.unlink()
        subprocess.run(self.args() + ["--wsrep-recover", f"--log-error={rlog}"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       stdin=subprocess.DEVNULL, timeout=T_NODE)
        m = re.findall(r"WSREP: Recovered position: (\S+:-?\d+)",
                       rlog.read_text(errors="replace") if rlog.exists() else "")
        return m[-1] if m else None

    def start(self, bootstrap=False, recover=False):
        """Start mariadbd; returns at once (wait_synced waits)."""
        extra = ["--wsrep-new-cluster"] if bootstrap else []
        if recover:
            pos = self.recovered_position()
            if pos:
                extra.append(f"--wsrep-start-position={pos}")
            log(f"{self.name}: recovered position {pos}")
        if self.socket.exists():
            self.socket.unlink()
        with open_log(self.log_path) as out:
            out.write(f"=== {time.strftime('%F %T')} start{' (bootstrap)' if bootstrap else ''}\n"
                      .encode())
            out.flush()
            self.proc = subprocess.Popen(self.args() + extra, stdout=out,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         preexec_fn=_child_setup)
        log(f"{self.name}: started (pid {self.proc.pid}, port {self.port})")

    @property
    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        """SIGKILL, as a crash or a pulled plug."""
        if self.running:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(30)
        log(f"{self.name}: killed")

    def stop(self, timeout=120):
        """A clean shutdown (SIGTERM): the node leaves the cluster."""
        p, self.proc = self.proc, None
        if p is None or p.poll() is not None:
            return
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(30)
        log(f"{self.name}: stopped")

    def sql(self, query, db="gesprek", dicts=False):
        cmd = _MARIADB_CLIENT_BASE + ["-S", str(self.socket), "--xml", "-e", query]
        if db:
            cmd.append(db)
        res = subprocess.run(cmd, capture_output=True, stdin=subprocess.DEVNULL, timeout=300)
        if res.returncode != 0:
            raise StackError(f"{self.name}: SQL failed: {query[:200]}\n"
                             f"{res.stderr.decode('utf-8', 'replace').strip()}")
        return _parse_mariadb_xml(res.stdout, as_dicts=dicts)

    def status(self, name):
        try:
            rows = self.sql(f"SHOW STATUS LIKE {sql_quote(name)}", db=None)
        except (StackError, subprocess.TimeoutExpired):
            return None
        return rows[0][1] if rows else None

    def synced(self):
        return self.running and self.status("wsrep_local_state_comment") == "Synced"

    def wait_synced(self, timeout=T_NODE):
        if not wait_until(self.synced, timeout, proc=self.proc, interval=0.3):
            raise StackError(f"{self.name} did not reach Synced within {timeout}s:\n"
                             f"{tail(self.log_path, 30)}")

    def log_since(self, offset):
        with open(self.log_path, "rb") as fh:
            fh.seek(offset)
            return fh.read().decode("utf-8", "replace")

    def log_size(self):
        return self.log_path.stat().st_size if self.log_path.exists() else 0


class Cluster:
    def __init__(self, workdir, size=3):
        self.workdir = Path(workdir)
        self.nodes = [Node(workdir, n) for n in range(1, size + 1)]
        peers = "gcomm://" + ",".join(f"127.0.0.1:{n.gcomm_port}" for n in self.nodes)
        for n in self.nodes:
            n.peers = peers

    def start(self):
        first = self.nodes[0]
        first.initialise()
        first.start(bootstrap=True)
        first.wait_synced()
        first.sql("CREATE DATABASE IF NOT EXISTS gesprek "
                  "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", db=None)

    def join_others(self):
        """The other nodes join one after the other (each by SST)."""
        for n in self.nodes[1:]:
            n.prepare_empty()
            n.start()
            n.wait_synced()
        size = self.nodes[0].status("wsrep_cluster_size")
        if size != str(len(self.nodes)):
            raise StackError(f"cluster size {size}, expected {len(self.nodes)}")

    def hosts(self, order):
        """[database] host: the nodes in the given order (indexes from 0)."""
        return ", ".join(f"127.0.0.1:{self.nodes[i].port}" for i in order)

    def stop(self):
        for n in reversed(self.nodes):
            try:
                n.stop()
            except Exception as exc:  # noqa: BLE001 - go on tearing down
                log(f"{n.name}: stop failed: {exc}")


class ClusterStack(Stack):
    """A Stack whose database is the cluster: no MariaDB of its own."""

    def __init__(self, workdir, cluster, order, runs_nginx=False, **kw):
        super().__init__(workdir, **kw)
        self.cluster = cluster
        self.order = order
        # The first instance runs the one nginx; its upstream has every
        # instance's socket (set before serve()).
        self.runs_nginx = runs_nginx
        self.upstream_sockets = []
        self.node_for_sql = cluster.nodes[order[0]]

    def _prepare_dirs(self):
        super()._prepare_dirs()
        self.db_socket = self.node_for_sql.socket   # sql() as root, on a node

    def start_mariadb(self):
        pass

    def stop_mariadb(self):
        pass

    @property
    def mariadb_running(self):
        return True

    def sql(self, query, db="gesprek"):
        for n in [self.node_for_sql] + self.cluster.nodes:
            if n.synced():
                return n.sql(query, db=db)
        raise StackError("no synced node to ask")

    def secure_mariadb(self):
        """The README's accounts, at 'localhost' and at '127.0.0.1' (gesprekd
        reaches the nodes over loopback TCP)."""
        for user, password, grants in (
                (self.db_user, self.db_password, stack_mod.DB_APP_GRANTS),
                (self.db_migrate_user, self.db_migrate_password, stack_mod.DB_SCHEMA_GRANTS)):
            for host in ("localhost", "127.0.0.1"):
                account = f"{sql_quote(user)}@{sql_quote(host)}"
                self.sql(f"CREATE USER IF NOT EXISTS {account}; "
                         f"ALTER USER {account} IDENTIFIED BY {sql_quote(password)}; "
                         f"GRANT {grants} ON gesprek.* TO {account}", db=None)

    def config(self):
        c = super().config()
        c["database"].pop("socket", None)
        c["database"]["host"] = self.cluster.hosts(self.order)
        return c

    def write_nginx_conf(self):
        """The stack's nginx, passing to every instance through one upstream."""
        super().write_nginx_conf()
        text = self.nginx_conf.read_text()
        servers = "".join(f"        server unix:{s} max_fails=1 fail_timeout=2s;\n"
                          for s in self.upstream_sockets)
        upstream = ("    upstream gesprek_app {\n" + servers + "    }\n"
                    "    log_format cluster '$status $request_method $upstream_addr "
                    "$upstream_status $request_time';\n")
        text = text.replace("http {\n", "http {\n" + upstream, 1)
        text = text.replace(f"fastcgi_pass unix:{self.gesprekd_socket};",
                            "fastcgi_pass gesprek_app;\n"
                            "            fastcgi_next_upstream error timeout;", 1)
        text = text.replace(f"access_log {self.nginx_access_log};",
                            f"access_log {self.nginx_access_log} cluster;", 1)
        self.nginx_conf.write_text(text)

    def prepare(self, first):
        """Folders and config; the first instance also makes the accounts,
        the schema and the demo data (the others share its passwords)."""
        self._started = True
        self._prepare_dirs()
        if first:
            self.secure_mariadb()
        self.write_config()
        if first:
            self.migrate()
            self._load_demo()
            self.demo_logins = self._read_demo_logins()

    def serve(self):
        """gesprekd, and nginx if this instance runs it."""
        self.write_pam()
        self.start_gesprekd()
        if self.runs_nginx:
            self.start_nginx()

    def kill_gesprekd(self):
        """SIGKILL to the whole instance at once: master, workers, auth
        broker (a worker in a process group of its own too), then wait
        until none is left to hold the listening socket."""
        p = self._gesprekd
        if p is None:
            return
        family = [p.pid] + descendants(p.pid)
        for pid in family:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        p.wait(30)
        wait_until(lambda: not any(stack_mod._pid_alive(pid) for pid in family), 30)
        self._gesprekd = None
        w, self._watchdog = self._watchdog, None
        if w is not None:
            w.kill()
            w.wait(10)
        log(f"gesprekd {self.workdir.name}: killed")


def descendants(pid):
    """Every process below pid (from /proc), children first."""
    parent = {child: ppid for child, (_, ppid) in stack_mod.proc_parents().items()}
    out, todo = [], [pid]
    while todo:
        kids = [c for c, pp in parent.items() if pp == todo[0]]
        todo = todo[1:] + kids
        out += kids
    return out


def remove_tree(path):
    shutil.rmtree(path, ignore_errors=True)
