#!/usr/bin/python3
"""The real gesprek stack for tests and the demo.

One Stack is, in one work directory:

  * a private MariaDB server (own data directory, unix socket only,
    --skip-networking), never the system one; root logs in through
    unix_socket only, gesprekd through an account of its own with a
    password and README's grants, migrations through a second account;
  * gesprek.conf for that stack (0600: it holds those passwords), the
    schema (``gesprekctl migrate``) and the demo organisation
    (``gesprekctl demo``);
  * a PAM service directory for pam_wrapper + pam_matrix, so the demo logins
    work without system accounts while real system accounts (pam_unix, as
    root) keep working; the passdb is 0600, its folder 0700;
  * gesprekd, started with pam_wrapper preloaded and sanitizer options set;
    its FastCGI socket is 0660 in the group nginx's workers run in;
  * nginx on 127.0.0.1 (HTTPS on a free port for tests, plain HTTP on 8080
    for the demo) that serves /static/ itself and passes the rest to gesprekd
    over FastCGI; its workers run as www-data when we are root.

Everything is as strict as an installation made by README (see the
constants below): the demo is what a new user copies.

Use it as a module (tests/integration/conftest.py does)::

    from stack import Stack
    s = Stack(workdir, build_dir)
    s.start()
    ... s.base_url, s.sql("select 1"), s.restart_mariadb(), s.reload_gesprekd()
    s.stop()

or from the command line::

    /usr/bin/python3 tests/stack.py demo --dir .demo --build _build-demo
    /usr/bin/python3 tests/stack.py up [--dir DIR] [--build DIR] [--http] [--port N]

Only the standard library is used here (tests add requests and lxml).
Everything listens on 127.0.0.1 or on unix sockets.
"""

import argparse
import atexit
import ctypes
import datetime
import getpass
import glob
import grp
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import selectors
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Demo accounts that exist in every version of the demo data; the full list
# comes from `gesprekctl demo --logins` once that command exists.
FALLBACK_DEMO_LOGINS = ["hanna", "mark", "eva"]
DEMO_PASSWORD = "demo"
# tests/demo shows a cycle that began this many months ago (issue 15), so
# that its walk (tests/demo_states.py) can hold goal settings, progress
# conversations and assessments on days that have passed: a demo whose
# cycle began this month signed conversations planned for next year.  The
# tests' own stack keeps a cycle from this month (nothing overdue).
DEMO_CYCLE_AGE_MONTHS = 10
# How tests/demo loads its demo; test_demo_walk.py loads it the same way.
DEMO_STACK_ARGS = {"demo_cycle_age_months": DEMO_CYCLE_AGE_MONTHS}
# HR prepares and starts the demo's cycle this many days before it begins.
DEMO_PREPARED_DAYS = 7
# Days of a month every month has: the demo's "today" keeps its day of the
# month only where it exists (its cycle starts on the 1st anyway).
DAYS_IN_EVERY_MONTH = 28
MONTHS_PER_YEAR = 12


# libfaketime (Debian libfaketime; the MT build for a threaded server):
# preloaded into the demo's mariadbd, it reads the clock's offset from a
# file at every call, so the walk can write each step of the demo's past
# at the time it happened (UTC_TIMESTAMP(), notes, signatures, audit).
# Only the wall clock: timers and waits keep the real monotonic clock.
FAKETIME_LIB = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"
REAL_TIME = "+0"


class DemoClock:
    """The wall clock of the demo's MariaDB (never gesprekd's): set(t)
    puts it at t (an aware UTC datetime, in the past), set(None) back to
    the real time.  Every date the store writes comes from MariaDB."""

    def __init__(self, path):
        self.path = Path(path)

    def env(self):
        return {"LD_PRELOAD": FAKETIME_LIB, "FAKETIME_TIMESTAMP_FILE": str(self.path),
                "FAKETIME_NO_CACHE": "1", "DONT_FAKE_MONOTONIC": "1"}

    def set(self, when):
        offset = REAL_TIME
        if when is not None:
            now = datetime.datetime.now(datetime.timezone.utc)
            offset = f"{int((when - now).total_seconds()):+d}"
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(offset + "\n")
        os.replace(tmp, self.path)   # never half a line for a reader


def months_before(day, months):
    """The date `months` before `day` (the day of the month kept up to the
    28th): what `gesprekctl demo --today` is given for an older cycle."""
    index = day.year * MONTHS_PER_YEAR + day.month - 1 - months
    return datetime.date(index // MONTHS_PER_YEAR, index % MONTHS_PER_YEAR + 1,
                         min(day.day, DAYS_IN_EVERY_MONTH))

# Timeouts (seconds) of every wait in this module.
T_INSTALL_DB = 120
T_MARIADB = 60
T_GESPREKD = 20
T_NGINX = 15
T_STOP = 20
T_CTL = 300

# ensure_group: tries of groupadd while another process holds /etc/group's
# lock, and the pause between them (seconds).
GROUPADD_TRIES = 20
GROUPADD_PAUSE = 0.5

# Longest path the kernel accepts for a unix socket (sun_path is 108 bytes).
MAX_SOCKET_PATH = 100

# ASan's quarantine of freed memory in the sanitizer build (see sanitizer_env).
ASAN_QUARANTINE_MB = 32

NSS_NOBODY = "nobody"

# As strict as the installed product (README "Installation", conf/systemd,
# conf/nginx), so that the demo a new user copies teaches nothing looser:
#
#  * nginx's workers run as www-data, in a group of their own that the
#    FastCGI socket (0660) belongs to, as gesprekd.socket's SocketGroup does;
#    gesprekd's worker, the socket's owner, is nobody (it keeps no
#    supplementary group, so it shares nothing else with them);
#  * secrets (gesprek.conf with the database passwords, the PAM passdb, the
#    TLS key) are 0600 root's, their folders 0700/0750;
#  * MariaDB's root logs in through unix_socket only (the OS user root),
#    and gesprekd uses an account of its own with a password and README's
#    grants; migrations run as a second account, as README prescribes.
#
# Not root, nothing can switch users: every process is the caller's, the
# socket's group is the caller's primary group, MariaDB's administrator is
# the caller's own unix_socket account (mariadb-install-db makes it).
IS_ROOT = os.geteuid() == 0
WEB_USER = "www-data"
# The group shared by the FastCGI socket and nginx's workers (their
# primary group through `user www-data gesprek-web;`), made when missing.
WEB_GROUP = "gesprek-web"
# The groups of the split HR roles (issue 17, gesprek.conf [auth]): made,
# empty, when the stack runs as root; tests put accounts of their own in
# them (tests/integration/hr_roles.py).
ROLE_GROUPS = {"hr_admin_group": "gesprek-hr-admin", "hr_advisor_group": "gesprek-hr-advisor",
               "auditor_group": "gesprek-auditor"}
# Who administers the stack's MariaDB (stack.sql()): unix_socket auth, so
# it is the OS user running the tests.
DB_ADMIN_USER = "root" if IS_ROOT else getpass.getuser()
# gesprekd's account and the migrate account, with README's grants.
DB_APP_USER = "gesprek"
DB_APP_GRANTS = "SELECT, INSERT, UPDATE, DELETE"
DB_SCHEMA_USER = "gesprek_schema"
DB_SCHEMA_GRANTS = "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES"
# Bytes of randomness in each generated database password.
DB_PASSWORD_BYTES = 24
# nginx closes a kept FastCGI connection idle this long (fastcgi_keepalive):
# until then it holds one of gesprekd's worker threads.
FASTCGI_KEEPALIVE_IDLE = "10s"

# Modes.  The work dir, as root, lets others traverse but not list it:
# nobody (gesprekd's worker) must reach the stylesheets, the MariaDB socket
# and its runtime dir, www-data the FastCGI socket, and the two share no
# group.  Not root, everything is the caller's: 0700.
MODE_WORKDIR_ROOT = 0o711
MODE_PRIVATE_DIR = 0o700
MODE_GROUP_DIR = 0o750          # nginx/: its workers reach their temp dirs
MODE_SECRET = 0o600             # config, passdb, TLS key
MODE_LOG = 0o640
MODE_PUBLIC_FILE = 0o644        # PAM service files (as /etc/pam.d), the certificate
MODE_SOCKET = 0o660
MODE_SANITIZER_DIR = 0o1777     # test only: reports of whichever user crashed

_MARIADB_CLIENT_BASE = ["mariadb", "--no-defaults", "-u", DB_ADMIN_USER,
                        "--default-character-set=utf8mb4"]
# Seconds one stack.sql() may take (the client's whole run).
T_SQL = 120
# GESPREK_SQL_CLIENT=oneshot: every stack.sql() in a mariadb client of its
# own, as before _SqlClient (to rule the kept client out when in doubt).
SQL_ONESHOT = os.environ.get("GESPREK_SQL_CLIENT") == "oneshot"


class StackError(RuntimeError):
    """A component of the stack failed; the message carries the log tail."""


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

def log(msg):
    """Progress messages go to stderr so they never mix with data output."""
    print(f"[stack] {msg}", file=sys.stderr, flush=True)


def tail(path, lines=40):
    """The last `lines` lines of a text file, or a note that it is missing."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()[-64 * 1024:]
    except OSError as exc:
        return f"(no log {path}: {exc.strerror})"
    text = data.decode("utf-8", "replace").splitlines()[-lines:]
    return "\n".join(f"    | {line}" for line in text) or "    | (empty)"


def free_port():
    """A TCP port on 127.0.0.1 that is free right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tcp_accepts(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def unix_accepts(path):
    if not os.path.exists(path):
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        try:
            s.connect(str(path))
            return True
        except OSError:
            return False


def wait_until(predicate, timeout, proc=None, interval=0.1):
    """Poll `predicate` until it is true (True), the timeout passes (False)
    or `proc` (a Popen) exits (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(interval)
    return predicate()


_libc = None


def _child_setup():
    """preexec_fn of every server we start: its own session (a Ctrl-C in the
    terminal reaches only us, and we stop the servers in order) and
    SIGTERM when we die without cleaning up (best effort)."""
    global _libc
    os.setsid()
    try:
        if _libc is None:
            _libc = ctypes.CDLL(None, use_errno=True)
        _libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


# A watchdog for gesprekd: it drops to another user, which clears the
# parent-death signal, so if we are killed outright (SIGKILL) nothing would
# stop it. This tiny process keeps the death signal (it never changes user):
# when we die it stops gesprekd; when gesprekd is gone it exits.
_WATCHDOG = r"""
import os, signal, sys, time
pid = int(sys.argv[1])
def alive():
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
def bye(*_):
    if alive():
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            time.sleep(0.1)
            if not alive():
                break
        else:
            os.kill(pid, signal.SIGKILL)
    os._exit(0)
signal.signal(signal.SIGTERM, bye)
signal.signal(signal.SIGINT, signal.SIG_IGN)
while alive():
    time.sleep(1)
"""


def _start_watchdog(pid):
    return subprocess.Popen([sys.executable, "-c", _WATCHDOG, str(pid)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, preexec_fn=_child_setup)


def _find_lib(pattern):
    """First match of a glob under the usual library directories."""
    for base in ("/usr/lib/*-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/*-linux-gnu"):
        hits = sorted(glob.glob(os.path.join(base, pattern)))
        if hits:
            return hits[0]
    return None


def proc_parents():
    """{pid: (comm, ppid)} of every process, from /proc (one that ends
    while it is read is left out)."""
    out = {}
    for task in Path("/proc").iterdir():
        if not task.name.isdigit():
            continue
        try:
            stat = (task / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses
        out[int(task.name)] = (stat[stat.index("(") + 1:stat.rindex(")")],
                               int(stat[stat.rindex(")") + 2:].split()[1]))
    return out


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours counts as gone.
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _kill_stale(pidfile, marker):
    """Stop a server left running by an earlier run in the same (persistent)
    directory: only if the pid file names a live process whose command line
    contains `marker` (our work directory)."""
    try:
        pid = int(Path(pidfile).read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return
    if marker not in cmdline:
        return
    log(f"stopping stale process {pid} from an earlier run: {cmdline.strip()}")
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    if not wait_until(lambda: not _pid_alive(pid), T_STOP):
        log(f"stale process {pid} ignored SIGTERM; killing it")
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        wait_until(lambda: not _pid_alive(pid), 5)


def _others_can_reach(path):
    """True if any user ("others" permission bits) can traverse every folder
    from / down to `path` (gesprekd drops to nobody when we run as root)."""
    p = Path(path).resolve()
    return all(os.stat(d).st_mode & 0o001 for d in [p, *p.parents] if d.is_dir())


def _others_can_read_tree(top):
    """True if any user can reach `top` and read every folder and file below
    it (ACLs are ignored: plain permission bits are what a checkout has)."""
    top = Path(top)
    if not top.is_dir() or not _others_can_reach(top):
        return False
    for d, _dirs, files in os.walk(top):
        if os.stat(d).st_mode & 0o005 != 0o005:
            return False
        for f in files:
            if os.stat(os.path.join(d, f)).st_mode & 0o004 == 0:
                return False
    return True


def write_conf(path, sections, header=None):
    """Write a gesprek.conf of `sections` ({section: {key: value}}, as
    Stack.config() gives them) to path, mode 0600: it holds the database
    passwords (gesprekd and gesprekctl read it as root, as installed).
    Returns path."""
    lines = [header, ""] if header else []
    for section, values in sections.items():
        lines.append(f"[{section}]")
        lines += [f"{k} = {v}".rstrip() for k, v in values.items()]
        lines.append("")
    write_file(path, "\n".join(lines), MODE_SECRET)
    return Path(path)


def write_file(path, text, mode):
    """Replace `path` with `text`, mode exactly `mode`: the new file is made
    with it (a secret is never readable by others, not even for a moment)
    and renamed into place, so a reader (pam_matrix reads the passdb at
    every login) sees the old file or the new one, never half of it."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, mode)
    try:
        os.fchmod(fd, mode)   # whatever the umask
        data = text.encode("utf-8")
        while data:
            data = data[os.write(fd, data):]
        os.close(fd)
        fd = -1
        os.replace(tmp, path)
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp.exists():
            tmp.unlink()
    return path


def open_log(path, mode=MODE_LOG):
    """`path` opened for appending (binary), created with `mode`; an older
    file gets `mode` too."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, mode)
    os.fchmod(fd, mode)
    return os.fdopen(fd, "ab")


def ensure_group(name):
    """The gid of group `name`, made (a system group) when missing."""
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        pass
    # On a fresh machine every xdist worker's stack makes the groups at the
    # same moment: groupadd fails while another holds /etc/group's lock, so
    # a few tries, each looking first whether the other has made it.
    res = None
    for _ in range(GROUPADD_TRIES):
        res = subprocess.run(["groupadd", "-f", "--system", name], capture_output=True, text=True,
                             stdin=subprocess.DEVNULL, timeout=60)
        try:
            # Another stack may have made it meanwhile (groupadd then fails).
            return grp.getgrnam(name).gr_gid
        except KeyError:
            time.sleep(GROUPADD_PAUSE)
    raise StackError(f"cannot create group {name}: {res.stderr.strip()}")


def sql_quote(value):
    """A SQL literal for `value` (None, int, float, str, bytes)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, bytes):
        return "0x" + value.hex() if value else "''"
    s = str(value)
    for a, b in (("\\", "\\\\"), ("\0", "\\0"), ("\n", "\\n"), ("\r", "\\r"),
                 ("'", "\\'"), ('"', '\\"'), ("\x1a", "\\Z")):
        s = s.replace(a, b)
    return "'" + s + "'"


# ---------------------------------------------------------------------------
# Live stacks, torn down at exit and on SIGTERM/SIGHUP
# ---------------------------------------------------------------------------

_LIVE = []


def stop_all():
    """Stop every stack of this process (idempotent)."""
    for st in list(_LIVE):
        try:
            st.stop()
        except Exception as exc:  # noqa: BLE001 - teardown must go on
            log(f"error while stopping stack: {exc}")


atexit.register(stop_all)


def install_signal_handlers(signals=(signal.SIGTERM, signal.SIGHUP)):
    """On these signals stop all stacks, then die of the signal as before.
    Only replaces default handlers (never someone else's)."""
    def handler(signum, _frame):
        stop_all()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    for sig in signals:
        if signal.getsignal(sig) in (signal.SIG_DFL, None):
            signal.signal(sig, handler)


# ---------------------------------------------------------------------------
# The stack
# ---------------------------------------------------------------------------

class Stack:
    """MariaDB + gesprekd + nginx (+ pam_wrapper) in one work directory.

    workdir       where everything lives; None: a fresh temporary directory
                  under /tmp, removed by stop() unless keep=True.
    build_dir     where gesprekd and gesprekctl were built
                  (default $GESPREK_BUILD or <repo>/_build).
    https         True: TLS on a free port, cookie_secure=yes (tests);
                  False: plain HTTP, cookie_secure=no (demo).
    port          nginx port; None: a free one.
    load_demo     run `gesprekctl demo` after the migrations.
    demo_cycle_age_months
                  None: the demo's cycle starts this month (the tests);
                  N: it began N months ago (tests/demo: `gesprekctl demo
                  --today` of a day N months back).
    conf          overrides of gesprek.conf: {"auth": {"session_idle": "5s"}}.
    sanitizer_dir where ASan/UBSan write their reports
                  (default $GESPREK_SANITIZER_DIR or <workdir>/sanitizers).
    extra_users   {login: password} added to the pam_matrix passdb.
    save_logs_to  copy the logs to this folder whenever the stack stops
                  (also after a failed start), before a temporary work dir
                  is removed.
    fastcgi_keepalive
                  None: a FastCGI connection per request (the default);
                  N: nginx keeps up to N idle connections to gesprekd
                  (upstream keepalive N, fastcgi_keep_conn on, idle limit
                  fastcgi_keepalive_idle, FASTCGI_KEEPALIVE_IDLE unless
                  changed).  Both attributes may change before a restart
                  of nginx.
    """

    def __init__(self, workdir=None, build_dir=None, *, repo=REPO, https=True,
                 port=None, load_demo=True, conf=None, sanitizer_dir=None,
                 keep=False, extra_users=None, save_logs_to=None, mariadb_args=(),
                 demo_cycle_age_months=None, fastcgi_keepalive=None):
        self.repo = Path(repo).resolve()
        self.build_dir = Path(build_dir or os.environ.get("GESPREK_BUILD")
                              or self.repo / "_build").resolve()
        self._own_workdir = workdir is None
        if workdir is None:
            workdir = tempfile.mkdtemp(prefix="gesprek-stack-", dir="/tmp")
        self.workdir = Path(workdir).resolve()
        self.keep = keep
        self.save_logs_to = save_logs_to
        self.https = https
        self.fixed_port = port
        self.port = None
        self.load_demo = load_demo
        self.demo_cycle_age_months = demo_cycle_age_months
        # The demo's past is walked on MariaDB's clock (when libfaketime is
        # there; without it the walk still plans and holds on past days).
        self.demo_clock = None
        if demo_cycle_age_months is not None and os.path.exists(FAKETIME_LIB):
            self.demo_clock = DemoClock(self.workdir / "mariadb-clock")
        self.conf_overrides = {k: dict(v) for k, v in (conf or {}).items()}
        self.fastcgi_keepalive = fastcgi_keepalive
        self.fastcgi_keepalive_idle = FASTCGI_KEEPALIVE_IDLE
        self.extra_users = dict(extra_users or {})
        self.mariadb_args = list(mariadb_args)   # after the defaults: they win
        self.is_root = os.geteuid() == 0
        # The FastCGI socket's group: nginx's workers run in it.
        self.web_group = WEB_GROUP if self.is_root else grp.getgrgid(os.getgid()).gr_name
        # gesprekd's and the migrate account's passwords: new for every
        # Stack (start() sets them, a kept data dir included).
        self.db_user = DB_APP_USER
        self.db_password = secrets.token_urlsafe(DB_PASSWORD_BYTES)
        self.db_migrate_user = DB_SCHEMA_USER
        self.db_migrate_password = secrets.token_urlsafe(DB_PASSWORD_BYTES)

        w = self.workdir
        self.mariadb_datadir = w / "mariadb"
        self.mariadb_log = w / "mariadb.log"
        self.mariadb_tmpdir = w / "mariadb-tmp"
        self.mariadb_pidfile = w / "mariadb.pid"
        self.config_path = w / "gesprek.conf"
        self.runtime_dir = w / "run"
        self.gesprekd_log = w / "gesprekd.log"
        self.gesprekd_pidfile = w / "gesprekd.pid"
        self.ctl_log = w / "gesprekctl.log"
        self.pam_dir = w / "pam"
        self.passdb = w / "pam" / "passdb"
        self.nginx_dir = w / "nginx"
        self.nginx_conf = w / "nginx" / "nginx.conf"
        self.nginx_error_log = w / "nginx" / "error.log"
        self.nginx_access_log = w / "nginx" / "access.log"
        self.nginx_pidfile = w / "nginx" / "nginx.pid"
        self.sanitizer_dir = Path(sanitizer_dir or os.environ.get("GESPREK_SANITIZER_DIR")
                                  or w / "sanitizers").resolve()
        # Filled in by start():
        self.sock_dir = None          # where the unix sockets live
        self._own_sock_dir = False
        self.db_socket = None
        self.gesprekd_socket = None
        self.xslt_dir = Path(os.environ.get("GESPREK_XSLT_DIR") or self.repo / "xslt")
        self.sql_dir = self.repo / "sql"
        self.demo_logins = []
        self._mariadb = None
        self._sql_clients = {}        # db -> _SqlClient (stack.sql)
        self._sql_clients_lock = threading.Lock()
        self._gesprekd = None
        self._watchdog = None
        self._nginx = None
        self._started = False
        self._baseline = None
        _LIVE.append(self)  # so that atexit removes even an unstarted temp dir

    # -- public properties ---------------------------------------------------

    @property
    def gesprekd_bin(self):
        return self.build_dir / "gesprekd"

    @property
    def gesprekctl_bin(self):
        return self.build_dir / "gesprekctl"

    @property
    def scheme(self):
        return "https" if self.https else "http"

    @property
    def base_url(self):
        """e.g. https://127.0.0.1:41234 (no trailing slash)."""
        return f"{self.scheme}://127.0.0.1:{self.port}"

    @property
    def gesprekd_pid(self):
        return self._gesprekd.pid if self._gesprekd and self._gesprekd.poll() is None else None

    # -- whole stack ---------------------------------------------------------

    def start(self):
        """Start everything; on failure stop what was started and raise."""
        for b in (self.gesprekd_bin, self.gesprekctl_bin):
            if not os.access(b, os.X_OK):
                raise StackError(f"{b} not found or not executable: build first "
                                 f"(build dir {self.build_dir}; set GESPREK_BUILD)")
        if self not in _LIVE:
            _LIVE.append(self)
        self._started = True
        try:
            self._prepare_dirs()
            self.start_mariadb()
            self.secure_mariadb()
            self.write_config()
            self.migrate()
            if self.load_demo:
                self._load_demo()
            self.demo_logins = self._read_demo_logins() if self.load_demo else []
            self.write_pam()
            self.start_gesprekd()
            self.start_nginx()
        except BaseException:
            self.stop()
            raise
        self._baseline = self._settings()
        return self

    def _settings(self):
        """What gesprekd's config is made of and tests may change."""
        return (self.xslt_dir, self.sql_dir, json.dumps(self.conf_overrides, sort_keys=True))

    def reset(self):
        """Back to the state after start(): restore the config a test changed
        (xslt_dir, sql_dir, overrides) and restart gesprekd with it, then
        start whatever is not running. Returns what it (re)started."""
        done = []
        if self._baseline is not None and self._settings() != self._baseline:
            self.xslt_dir, self.sql_dir, overrides = self._baseline
            self.conf_overrides = json.loads(overrides)
            self.stop_gesprekd()
            self.start_gesprekd()
            done.append("gesprekd (config restored)")
        return done + self.ensure_running()

    def stop(self, save_logs_to=None):
        """Stop nginx, gesprekd, MariaDB (reverse order); idempotent.
        With save_logs_to, the logs are copied there before a temporary
        work dir is removed."""
        errors = []
        for step in (self.stop_nginx, self.stop_gesprekd, self.stop_mariadb):
            try:
                step()
            except Exception as exc:  # noqa: BLE001 - go on tearing down
                errors.append(str(exc))
        save_logs_to = save_logs_to or self.save_logs_to
        if save_logs_to:
            self.save_logs(save_logs_to)
        if self._own_sock_dir and self.sock_dir:
            shutil.rmtree(self.sock_dir, ignore_errors=True)
            self._own_sock_dir = False
        if self._own_workdir and not self.keep:
            shutil.rmtree(self.workdir, ignore_errors=True)
        self._started = False
        if self in _LIVE:
            _LIVE.remove(self)
        if errors:
            log("teardown problems: " + "; ".join(errors))

    def ensure_running(self):
        """Start whichever of MariaDB, gesprekd and nginx is not running
        (after a test that stopped one and failed before restarting it).
        Returns the names of those it started."""
        started = []
        if not self.mariadb_running:
            self.start_mariadb()
            started.append("MariaDB")
        if not self.gesprekd_running:
            self.stop_gesprekd()  # collect the exit status, clean up
            self.start_gesprekd()
            started.append("gesprekd")
        if not (self._nginx and self._nginx.poll() is None):
            self.start_nginx()
            started.append("nginx")
        return started

    def shared_dir(self, name):
        """A fresh folder in the work dir that gesprekd can read even after
        dropping to nobody (pytest's tmp_path, under a 0700 folder, cannot
        serve for that). Files written there should be 0644."""
        d = self.workdir / "shared" / re.sub(r"[^A-Za-z0-9_.-]", "_", name)
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        for p in (self.workdir / "shared", d):
            os.chmod(p, 0o755)
        return d

    def copy_readable(self, src, dest):
        """Copy a tree (e.g. the repo's xslt/) to dest with 0755 folders and
        0644 files; returns dest."""
        shutil.copytree(src, dest, symlinks=False)
        for p, _dirs, files in os.walk(dest):
            os.chmod(p, 0o755)
            for f in files:
                os.chmod(os.path.join(p, f), 0o644)
        return Path(dest)

    def log_files(self):
        return [self.gesprekd_log, self.ctl_log, self.mariadb_log, self.nginx_error_log,
                self.nginx_access_log, self.config_path, self.nginx_conf]

    def save_logs(self, dest):
        """Copy the logs and configs that exist to folder `dest`."""
        dest = Path(dest)
        dest.mkdir(parents=True, exist_ok=True)
        for src in self.log_files():
            if src.is_file():
                name = src.name
                if src.parent == self.nginx_dir and not name.startswith("nginx"):
                    name = "nginx-" + name
                shutil.copy(src, dest / name)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _prepare_dirs(self):
        """The work dir's folders with the modes of an installation (see
        the constants at the top); as root, the web group exists."""
        if self.is_root:
            ensure_group(self.web_group)
            for group in ROLE_GROUPS.values():
                ensure_group(group)
        self.workdir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.workdir, MODE_WORKDIR_ROOT if self.is_root else MODE_PRIVATE_DIR)
        # The PAM service dir and passdb: read by the auth broker (root).
        self.pam_dir.mkdir(exist_ok=True)
        os.chmod(self.pam_dir, MODE_PRIVATE_DIR)
        self._prepare_nginx_dirs()
        # Sanitizer reports are written by whatever user gesprekd is by then
        # (test only: nothing of the product lives there).
        self.sanitizer_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.sanitizer_dir, MODE_SANITIZER_DIR)
        if self.is_root and not _others_can_reach(self.sanitizer_dir):
            log(f"WARNING: {NSS_NOBODY} cannot reach {self.sanitizer_dir}: sanitizer "
                "reports of gesprekd after it drops privileges would be lost")

        # Unix sockets: in the work dir if the path is short enough and
        # nobody can get there; else in a fresh folder under /tmp.
        probe = str(self.workdir / "gesprekd.sock")
        if len(probe) <= MAX_SOCKET_PATH and (not self.is_root or _others_can_reach(self.workdir)):
            self.sock_dir = self.workdir
        else:
            self.sock_dir = Path(tempfile.mkdtemp(prefix="gesprek-sock-", dir="/tmp"))
            os.chmod(self.sock_dir, MODE_WORKDIR_ROOT if self.is_root else MODE_PRIVATE_DIR)
            self._own_sock_dir = True
            log(f"sockets in {self.sock_dir} (work dir path too long or not reachable for nobody)")
        self.db_socket = self.sock_dir / "mariadb.sock"
        self.gesprekd_socket = self.sock_dir / "gesprekd.sock"

        # Stylesheets and migrations: gesprekd (as nobody) must read them. If
        # the checkout sits somewhere nobody cannot reach (e.g. under /root),
        # run from a copy inside the work dir.
        self.xslt_dir = Path(os.environ.get("GESPREK_XSLT_DIR") or self.repo / "xslt")
        self.sql_dir = self.repo / "sql"
        if self.is_root and not (_others_can_read_tree(self.xslt_dir)
                                 and _others_can_read_tree(self.sql_dir)):
            share = self.workdir / "share"
            shutil.rmtree(share, ignore_errors=True)
            share.mkdir()
            os.chmod(share, 0o755)
            self.xslt_dir = self.copy_readable(self.xslt_dir, share / "xslt")
            self.sql_dir = self.copy_readable(self.sql_dir, share / "sql")
            log(f"user {NSS_NOBODY} cannot read {self.repo}/xslt or sql: using a copy in {share}")

    def _prepare_nginx_dirs(self):
        """nginx/ (configuration, logs, TLS key) belongs to root; its
        workers (www-data in the web group, as root) may only pass through
        to their own temp dirs."""
        self.nginx_dir.mkdir(exist_ok=True)
        tmp = self.nginx_dir / "tmp"
        tmp.mkdir(exist_ok=True)
        dirs = [tmp / sub for sub in ("client_body", "fastcgi", "proxy", "uwsgi", "scgi")]
        for d in dirs:
            d.mkdir(exist_ok=True)
            os.chmod(d, MODE_PRIVATE_DIR)
        for d in (self.nginx_dir, tmp):
            os.chmod(d, MODE_GROUP_DIR)
        if not self.is_root:
            return
        gid = grp.getgrnam(self.web_group).gr_gid
        for d in (self.nginx_dir, tmp):
            os.chown(d, 0, gid)
        web_uid = pwd.getpwnam(WEB_USER).pw_uid
        for d in dirs:
            os.chown(d, web_uid, gid)

    # -- environment -----------------------------------------------------------

    def sanitizer_env(self):
        """ASan/UBSan/LSan options: reports go to files in sanitizer_dir."""
        env = {
            # ASan keeps freed memory in a quarantine (256 MB by default)
            # to catch use after free; a bounded one keeps the resident
            # size of a long-running gesprekd meaningful to the tests that
            # watch it for leaks (test_hostile_import), whatever ran before.
            "ASAN_OPTIONS": ("verify_asan_link_order=0:halt_on_error=1:abort_on_error=1:"
                             f"quarantine_size_mb={ASAN_QUARANTINE_MB}:"
                             f"detect_leaks=1:log_path={self.sanitizer_dir}/asan"),
            "UBSAN_OPTIONS": ("halt_on_error=1:print_stacktrace=1:"
                              f"log_path={self.sanitizer_dir}/ubsan"),
        }
        supp = self.repo / "tests" / "lsan.supp"
        if supp.is_file():
            env["LSAN_OPTIONS"] = f"suppressions={supp}:print_suppressions=0"
        return env

    def pam_env(self):
        """pam_wrapper: libpam reads its service files from our pam dir.

        Two fixes make it work under AddressSanitizer (and change nothing
        otherwise):
        * pam_wrapper dlopens libpam with RTLD_DEEPBIND, which ASan refuses
          (it aborts the auth broker). pam_wrapper 1.1.4 (Debian 12) reads
          the switch under the name UID_WRAPPER_DISABLE_DEEPBIND; newer
          releases under PAM_WRAPPER_DISABLE_DEEPBIND: set both.
        * pam_unix calls crypt_r(); ASan intercepts it, but if libcrypt is
          only dlopen'ed later (with pam_unix) the interceptor calls NULL.
          Preloading libcrypt lets ASan find the real crypt_r at start-up.
        """
        preload = [_find_lib("libpam_wrapper.so") or "libpam_wrapper.so"]
        crypt = _find_lib("libcrypt.so.1")
        if crypt:
            preload.append(crypt)
        return {"LD_PRELOAD": " ".join(preload), "PAM_WRAPPER": "1",
                "PAM_WRAPPER_SERVICE_DIR": str(self.pam_dir),
                "UID_WRAPPER_DISABLE_DEEPBIND": "1",
                "PAM_WRAPPER_DISABLE_DEEPBIND": "1"}

    def env(self, pam=False):
        """Environment for running gesprekd/gesprekctl of this stack by hand
        (e.g. `gesprekd -t` in a test): sanitizer options, and with pam=True
        pam_wrapper as well."""
        env = dict(os.environ)
        # Never let a developer's LD_PRELOAD or ASAN_OPTIONS leak in.
        for k in ("LD_PRELOAD", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            env.pop(k, None)
        env.update(self.sanitizer_env())
        if pam:
            env.update(self.pam_env())
        return env

    # -- MariaDB ---------------------------------------------------------------

    def _mariadb_initialised(self):
        return (self.mariadb_datadir / "mysql").is_dir()

    def start_mariadb(self):
        """Initialise the data dir if needed, start mariadbd, wait until it
        answers, create the database `gesprek` (utf8mb4)."""
        if self._mariadb and self._mariadb.poll() is None:
            return
        _kill_stale(self.mariadb_pidfile, str(self.mariadb_datadir))
        # Its own tmpdir: temporary tables in a shared /tmp can collide with
        # another MariaDB's (seen: install-db failing on "#sql-temptable").
        self.mariadb_tmpdir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.mariadb_tmpdir, MODE_PRIVATE_DIR)
        if not self._mariadb_initialised():
            log(f"initialising MariaDB in {self.mariadb_datadir}")
            # root (and, not root, the caller) through unix_socket only:
            # no account without a password, as a fresh Debian install.
            cmd = ["mariadb-install-db", "--no-defaults", f"--datadir={self.mariadb_datadir}",
                   f"--tmpdir={self.mariadb_tmpdir}",
                   "--auth-root-authentication-method=socket",
                   f"--auth-root-socket-user={DB_ADMIN_USER}"]
            if self.is_root:
                cmd.append("--user=root")
            with open_log(self.mariadb_log) as out:
                try:
                    res = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, timeout=T_INSTALL_DB)
                except subprocess.TimeoutExpired:
                    raise StackError(f"mariadb-install-db timed out\n{tail(self.mariadb_log)}")
            if res.returncode != 0 or not self._mariadb_initialised():
                raise StackError(f"mariadb-install-db failed ({res.returncode}):\n"
                                 f"{tail(self.mariadb_log)}")
        os.chmod(self.mariadb_datadir, MODE_PRIVATE_DIR)
        if self.db_socket.exists():
            self.db_socket.unlink()
        cmd = ["mariadbd", "--no-defaults", f"--datadir={self.mariadb_datadir}",
               f"--socket={self.db_socket}", "--skip-networking",
               f"--tmpdir={self.mariadb_tmpdir}",
               f"--pid-file={self.mariadb_pidfile}",
               "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
               "--innodb-buffer-pool-size=128M", "--innodb-flush-log-at-trx-commit=2",
               "--skip-log-bin", "--max-connections=200"] + self.mariadb_args
        if self.is_root:
            cmd.append("--user=root")
        log("starting MariaDB")
        env = None
        if self.demo_clock is not None:
            self.demo_clock.set(None)   # a kept data dir starts in the present
            env = dict(os.environ, **self.demo_clock.env())
        out = open_log(self.mariadb_log)
        try:
            self._mariadb = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                             stdin=subprocess.DEVNULL, preexec_fn=_child_setup,
                                             env=env)
        finally:
            out.close()
        if not wait_until(self._mariadb_answers, T_MARIADB, proc=self._mariadb, interval=0.2):
            rc = self._mariadb.poll()
            self._terminate(self._mariadb, "mariadbd")
            self._mariadb = None
            raise StackError(f"MariaDB did not answer within {T_MARIADB}s "
                             f"(exit status {rc}); {self.mariadb_log}:\n{tail(self.mariadb_log)}")
        self.sql("CREATE DATABASE IF NOT EXISTS gesprek "
                 "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", db=None)

    def secure_mariadb(self):
        """The accounts of an installation (README step 3), also in a data
        dir kept from an earlier run: no anonymous account and no root but
        root@localhost, which logs in through unix_socket only; gesprekd's
        account and the migrate account with this stack's passwords and
        exactly README's grants."""
        self._drop_loose_accounts()
        # mariadb-install-db gives them "invalid" OR unix_socket: the same
        # in effect, but only unix_socket says so plainly.
        for admin in sorted({"root", DB_ADMIN_USER}):
            self.sql(f"ALTER USER {sql_quote(admin)}@'localhost' IDENTIFIED VIA unix_socket",
                     db=None)
        for user, password, grants in (
                (self.db_user, self.db_password, DB_APP_GRANTS),
                (self.db_migrate_user, self.db_migrate_password, DB_SCHEMA_GRANTS)):
            account = f"{sql_quote(user)}@'localhost'"
            self.sql(f"CREATE USER IF NOT EXISTS {account}; "
                     f"ALTER USER {account} IDENTIFIED BY {sql_quote(password)}; "
                     f"REVOKE ALL PRIVILEGES, GRANT OPTION FROM {account}; "
                     f"GRANT {grants} ON gesprek.* TO {account}", db=None)

    def scratch_database(self, name):
        """A fresh, empty database `name` (utf8mb4) that gesprekd's account
        and the migrate account may use with their usual grants: for tests
        that migrate a database of their own beside `gesprek`."""
        self.sql(f"DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name} "
                 "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", db=None)
        for user, grants in ((self.db_user, DB_APP_GRANTS),
                             (self.db_migrate_user, DB_SCHEMA_GRANTS)):
            self.sql(f"GRANT {grants} ON {name}.* TO {sql_quote(user)}@'localhost'", db=None)

    def drop_scratch_database(self, name):
        """Drops a database of scratch_database and takes back its grants,
        so the accounts keep exactly README's grants."""
        self.sql(f"DROP DATABASE IF EXISTS {name}", db=None)
        for user in (self.db_user, self.db_migrate_user):
            rows = self.sql(f"SHOW GRANTS FOR {sql_quote(user)}@'localhost'", db=None)
            if any(f"`{name}`.*" in r[0] for r in rows):
                self.sql(f"REVOKE ALL PRIVILEGES ON {name}.* FROM {sql_quote(user)}@'localhost'",
                         db=None)

    def _drop_loose_accounts(self):
        """Anonymous accounts, and root at any host but localhost (a data
        dir made by an older stack had them, without a password)."""
        rows = self.sql("SELECT user, host FROM mysql.global_priv WHERE user = '' "
                        "OR (user = 'root' AND host <> 'localhost')", db=None)
        for user, host in rows:
            self.sql(f"DROP USER {sql_quote(user)}@{sql_quote(host)}", db=None)

    def _mariadb_answers(self):
        if not self.db_socket.exists():
            return False
        res = subprocess.run(_MARIADB_CLIENT_BASE + ["-S", str(self.db_socket), "-e", "select 1"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             stdin=subprocess.DEVNULL, timeout=10)
        return res.returncode == 0

    def stop_mariadb(self):
        """Stop mariadbd cleanly (SIGTERM, wait)."""
        self._close_sql_clients()
        p, self._mariadb = self._mariadb, None
        if p is not None:
            log("stopping MariaDB")
            self._terminate(p, "mariadbd", timeout=60)

    def restart_mariadb(self):
        self.stop_mariadb()
        self.start_mariadb()

    @property
    def mariadb_running(self):
        return self._mariadb is not None and self._mariadb.poll() is None

    def sql(self, query, db="gesprek"):
        """Run `query` (one or more statements) through the mariadb client.

        Returns the rows of the last result set as a list of tuples of str
        (None for NULL); [] when no statement returns rows. Raises
        StackError on a SQL error. Quote values with sql_quote()."""
        return _parse_mariadb_xml(self._sql_xml(query, db))

    def _sql_xml(self, query, db):
        """The mariadb client's --xml output of `query`; StackError on a
        SQL error.  A query on a database goes to the client kept for it
        (_SqlClient: a new connection per query, as a client of its own
        would make, without starting a process); one without a database
        (accounts, SHOW GLOBAL STATUS), one made while the kept client is
        busy in another thread, and all under GESPREK_SQL_CLIENT=oneshot,
        to a client of its own."""
        client = None if SQL_ONESHOT or not db else self._sql_client(db)
        if client is not None:
            try:
                ok, out, err = client.run(query)
            finally:
                client.lock.release()
        else:
            cmd = _MARIADB_CLIENT_BASE + ["-S", str(self.db_socket), "--xml", "-e", query]
            if db:
                cmd.append(db)
            res = subprocess.run(cmd, capture_output=True, stdin=subprocess.DEVNULL,
                                 timeout=T_SQL)
            ok, out, err = res.returncode == 0, res.stdout, res.stderr
        if not ok:
            raise StackError(f"SQL failed: {query}\n{err.decode('utf-8', 'replace').strip()}")
        return out

    def _sql_client(self, db):
        """The kept client of `db` on this stack's socket, locked for the
        caller (made on first use, again after it ended); None while
        another thread has it."""
        with self._sql_clients_lock:
            client = self._sql_clients.get(db)
            if client is not None and not client.lock.acquire(blocking=False):
                return None
            if client is None or not client.usable(self.db_socket):
                if client is not None:
                    client.close()
                client = self._sql_clients[db] = _SqlClient(self.db_socket, db)
                client.lock.acquire()
            return client

    def _close_sql_clients(self):
        with self._sql_clients_lock:
            clients, self._sql_clients = self._sql_clients, {}
        for client in clients.values():
            client.close()

    def sql_dicts(self, query, db="gesprek"):
        """Like sql() but each row is a dict column name -> value."""
        return _parse_mariadb_xml(self._sql_xml(query, db), as_dicts=True)

    def sql_results(self, query, db="gesprek"):
        """Like sql() but the rows of every statement that returns rows, a
        list each, in order: many SELECTs or SHOWs in one client run
        instead of one run (a process) each."""
        return _parse_mariadb_xml(self._sql_xml(query, db), every=True)

    # -- configuration, gesprekctl ---------------------------------------------

    def config(self):
        """The gesprek.conf sections as {section: {key: value}}."""
        secure = "yes" if self.https else "no"
        c = {
            "database": {
                "socket": str(self.db_socket),
                "name": "gesprek",
                "user": self.db_user,
                "password": self.db_password,
                "migrate_user": self.db_migrate_user,
                "migrate_password": self.db_migrate_password,
                "connect_timeout": "5s",
            },
            "server": {
                "listen": f"unix:{self.gesprekd_socket}",
                "socket_mode": f"{MODE_SOCKET:04o}",
                "socket_group": self.web_group,
                "user": NSS_NOBODY if self.is_root else "",
                "threads": "4",
                "runtime_dir": str(self.runtime_dir),
                "log": "stderr",
            },
            "paths": {
                "stylesheets": str(self.xslt_dir),
                "migrations": str(self.sql_dir),
            },
            "auth": {
                "pam_service": "gesprek",
                "hr_group": "gesprek-hr",
                **ROLE_GROUPS,
                "cookie_secure": secure,
                "session_idle": "30m",
                "session_absolute": "12h",
                "throttle_login": "5",
                "throttle_address": "30",
                "throttle_window": "15m",
            },
            "limits": {
                "body": "64k",
                "upload": "10M",
                "query": "4k",
                "params": "200",
                "param_name": "64",
                "param_value": "16k",
                "cookie": "4k",
                "header": "8k",
                "path": "1k",
            },
            "site": {
                "timezone": "Europe/Amsterdam",
            },
        }
        for section, values in self.conf_overrides.items():
            c.setdefault(section, {}).update({k: str(v) for k, v in values.items()})
        return c

    def write_config(self, overrides=None):
        """Write gesprek.conf; `overrides` are merged into those given to the
        constructor and kept for later writes."""
        for section, values in (overrides or {}).items():
            self.conf_overrides.setdefault(section, {}).update(values)
        return write_conf(self.config_path, self.config(),
                          "# Generated by tests/stack.py for this stack only.")

    def reconfigure(self, overrides):
        """Merge config overrides and restart gesprekd with them."""
        self.write_config(overrides)
        self.restart_gesprekd()

    def ctl(self, *args, check=True, timeout=T_CTL, input=None):
        """Run `gesprekctl -c CONF ARGS...`; returns the CompletedProcess
        (text). With check=True a non-zero exit raises StackError."""
        cmd = [str(self.gesprekctl_bin), "-c", str(self.config_path), *map(str, args)]
        try:
            res = subprocess.run(cmd, capture_output=True, text=True, env=self.env(),
                                 input=input, timeout=timeout,
                                 stdin=None if input is not None else subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise StackError(f"{' '.join(cmd)} timed out after {timeout}s")
        with open_log(self.ctl_log) as fh:
            fh.write(f"$ {' '.join(cmd)}\n{res.stdout}{res.stderr}[exit {res.returncode}]\n"
                     .encode("utf-8", "replace"))
        if check and res.returncode != 0:
            raise StackError(f"gesprekctl {' '.join(map(str, args))} failed "
                             f"(exit {res.returncode}):\n{res.stderr.strip() or res.stdout.strip()}")
        return res

    def migrate(self):
        return self.ctl("migrate")

    def _load_demo(self):
        """`gesprekctl demo`; for a cycle that began earlier with --today,
        and on MariaDB's clock a week before the cycle began, so that its
        history says it was created and started then."""
        if self.demo_cycle_age_months is None:
            self.ctl("demo")
            return
        today = datetime.datetime.now(datetime.timezone.utc).date()
        back = months_before(today, self.demo_cycle_age_months)
        if self.demo_clock is not None:
            begins = datetime.datetime(back.year, back.month, 1, 9, 0,
                                       tzinfo=datetime.timezone.utc)
            self.demo_clock.set(begins - datetime.timedelta(days=DEMO_PREPARED_DAYS))
        try:
            self.ctl("demo", "--today", back.isoformat())
        finally:
            if self.demo_clock is not None:
                self.demo_clock.set(None)

    def walk_demo(self, out=sys.stderr):
        """tests/demo_states.py's walk through the demo cycle, on
        MariaDB's clock when there is one (tests/demo, test_demo_walk)."""
        tests = str(self.repo / "tests")
        if tests not in sys.path:
            sys.path.insert(0, tests)
        import demo_states
        clock = self.demo_clock.set if self.demo_clock is not None else None
        try:
            demo_states.populate(self.base_url, out=out, clock=clock)
        finally:
            if self.demo_clock is not None:
                self.demo_clock.set(None)

    def _read_demo_logins(self):
        """All demo logins: `gesprekctl demo --logins` when it works, else
        the fallback list."""
        res = self.ctl("demo", "--logins", check=False)
        logins = [l.strip() for l in res.stdout.splitlines() if l.strip()]
        if res.returncode == 0 and logins and all(re.fullmatch(r"[A-Za-z0-9._@-]+", l) for l in logins):
            return logins
        log("`gesprekctl demo --logins` gave no list; using the fallback logins")
        return list(FALLBACK_DEMO_LOGINS)

    # -- PAM -----------------------------------------------------------------

    def write_pam(self):
        """The pam_wrapper service dir: pam_unix first (real system accounts;
        checking other users' passwords needs root), then pam_matrix with
        our passdb (demo and test accounts).

        pam_unix must come first: pam_matrix blanks PAM_AUTHTOK after a
        failed lookup, so a pam_unix after it sees an empty password."""
        matrix = (_find_lib("pam_wrapper/pam_matrix.so")
                  or "/usr/lib/x86_64-linux-gnu/pam_wrapper/pam_matrix.so")
        service = self.config()["auth"]["pam_service"]
        # Service files as /etc/pam.d has them (root's, 0644: what
        # gesprekctl check asks for), in a folder only root enters.
        write_file(self.pam_dir / service,
                   f"# Generated by tests/stack.py\n"
                   f"auth     sufficient pam_unix.so nodelay\n"
                   f"auth     required   {matrix} passdb={self.passdb}\n"
                   f"account  sufficient {matrix} passdb={self.passdb}\n"
                   f"account  required   pam_unix.so\n", MODE_PUBLIC_FILE)
        # libpam looks for "other" as the fallback service: deny everything.
        write_file(self.pam_dir / "other",
                   "# Generated by tests/stack.py: no service but ours\n"
                   "auth     required   pam_deny.so\n"
                   "account  required   pam_deny.so\n", MODE_PUBLIC_FILE)
        self._write_passdb()

    def _write_passdb(self):
        service = self.config()["auth"]["pam_service"]
        users = {login: DEMO_PASSWORD for login in self.demo_logins}
        users.update(self.extra_users)
        # Passwords: only root (the auth broker) reads them.
        write_file(self.passdb, "".join(f"{u}:{p}:{service}\n" for u, p in users.items()),
                   MODE_SECRET)

    def add_pam_user(self, login, password):
        """Add or change a pam_matrix account (read at each login)."""
        if ":" in login or ":" in password or "\n" in login + password:
            raise ValueError("login and password may not contain ':' or newlines")
        self.extra_users[login] = password
        self._write_passdb()

    # -- gesprekd --------------------------------------------------------------

    def start_gesprekd(self):
        """Start gesprekd in the foreground, stderr to gesprekd.log; wait until
        its socket accepts connections."""
        if self._gesprekd and self._gesprekd.poll() is None:
            return
        _kill_stale(self.gesprekd_pidfile, str(self.config_path))
        # Rewrite the config so that changed attributes (xslt_dir, sql_dir)
        # and overrides take effect with this start.
        self.write_config()
        if self.is_root:
            for d in (self.xslt_dir, self.sql_dir):
                if not _others_can_read_tree(d):
                    log(f"WARNING: gesprekd runs as {NSS_NOBODY} and may not read {d} "
                        "(a folder on the way lacks o+x, or a file o+r)")
        if self.gesprekd_socket.exists():
            self.gesprekd_socket.unlink()
        shutil.rmtree(self.runtime_dir, ignore_errors=True)  # gesprekd makes it
        cmd = [str(self.gesprekd_bin), "-c", str(self.config_path)]
        log("starting gesprekd")
        out = open_log(self.gesprekd_log)
        try:
            out.write(f"=== {time.strftime('%F %T')} {' '.join(cmd)}\n".encode())
            out.flush()
            self._gesprekd = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                              stdin=subprocess.DEVNULL, env=self.env(pam=True),
                                              cwd=self.workdir, preexec_fn=_child_setup)
        finally:
            out.close()
        self.gesprekd_pidfile.write_text(f"{self._gesprekd.pid}\n")
        self._watchdog = _start_watchdog(self._gesprekd.pid)
        if not wait_until(lambda: unix_accepts(self.gesprekd_socket), T_GESPREKD,
                          proc=self._gesprekd):
            rc = self._gesprekd.poll()
            self._terminate(self._gesprekd, "gesprekd")
            self._gesprekd = None
            self._watchdog.kill()
            self._watchdog.wait(10)
            self._watchdog = None
            raise StackError(
                f"gesprekd did not accept connections on {self.gesprekd_socket} within "
                f"{T_GESPREKD}s (exit status {rc}); {self.gesprekd_log}:\n"
                f"{tail(self.gesprekd_log)}{self._sanitizer_tail()}")

    def stop_gesprekd(self):
        """SIGTERM and wait; returns gesprekd's exit status (None if it was
        not running). A status other than 0 is logged with the log tail."""
        p, self._gesprekd = self._gesprekd, None
        if p is None:
            return None
        log("stopping gesprekd")
        rc = self._terminate(p, "gesprekd")
        w, self._watchdog = self._watchdog, None
        if w is not None:
            w.kill()
            w.wait(10)
        self._remove_pam_wrapper_dirs()
        if rc != 0:
            log(f"gesprekd exited with status {rc}:\n{tail(self.gesprekd_log, 20)}")
        return rc

    def _remove_pam_wrapper_dirs(self):
        """pam_wrapper copies our service dir to /tmp/pam.X when gesprekd
        starts (as root) and cannot remove it once gesprekd runs as nobody:
        remove the copies of our service file whose process is gone."""
        service = self.config()["auth"]["pam_service"]
        deadline = time.monotonic() + 3  # gesprekd's helpers exit after it
        while True:
            waiting = False
            for d in glob.glob("/tmp/pam.?"):
                try:
                    pid = int(Path(d, "pid").read_text().split()[0])
                    ours = str(self.passdb) in Path(d, service).read_text()
                except (OSError, ValueError, IndexError):
                    continue
                if not ours:
                    continue
                if _pid_alive(pid):
                    waiting = True
                else:
                    shutil.rmtree(d, ignore_errors=True)
            if not waiting or time.monotonic() > deadline:
                return
            time.sleep(0.1)

    def restart_gesprekd(self):
        rc = self.stop_gesprekd()
        self.start_gesprekd()
        return rc

    def reload_gesprekd(self):
        """SIGHUP: gesprekd reloads its stylesheets."""
        if not self._gesprekd or self._gesprekd.poll() is not None:
            raise StackError(f"gesprekd is not running:\n{tail(self.gesprekd_log)}")
        self._gesprekd.send_signal(signal.SIGHUP)

    @property
    def nginx_pid(self):
        """nginx's master process (its workers are its children)."""
        return self._nginx.pid if self._nginx and self._nginx.poll() is None else None

    @property
    def gesprekd_running(self):
        return self._gesprekd is not None and self._gesprekd.poll() is None

    # -- nginx -----------------------------------------------------------------

    def _make_cert(self):
        cert, key = self.nginx_dir / "cert.pem", self.nginx_dir / "key.pem"
        if cert.exists() and key.exists():
            return cert, key
        res = subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
             "-keyout", str(key), "-out", str(cert)],
            capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
        if res.returncode != 0:
            raise StackError(f"openssl could not make a certificate:\n{res.stderr}")
        return cert, key

    def _tls_files(self):
        """Certificate and key; the key only root's (nginx's master reads
        it before its workers start), also one kept from an earlier run."""
        cert, key = self._make_cert()
        os.chmod(key, MODE_SECRET)
        os.chmod(cert, MODE_PUBLIC_FILE)
        return cert, key

    @property
    def tls_key(self):
        return self.nginx_dir / "key.pem"

    def write_nginx_conf(self):
        d = self.nginx_dir
        static = str(self.xslt_dir / "static") + "/"
        listen = f"127.0.0.1:{self.port}"
        tls = ""
        if self.https:
            cert, key = self._tls_files()
            listen += " ssl"
            tls = (f"        ssl_certificate     {cert};\n"
                   f"        ssl_certificate_key {key};\n")
        # As root, the workers are www-data in the socket's group (nginx
        # sets it as their primary group); not root, nginx cannot switch.
        user = f"user {WEB_USER} {self.web_group};\n" if self.is_root else ""
        https_param = "            fastcgi_param HTTPS on;\n" if self.https else ""
        # Kept connections (conf/nginx/gesprek.conf's comment says when):
        # an upstream with a pool of idle connections and an idle limit.
        upstream, keep_conn = "", ""
        target = f"unix:{self.gesprekd_socket}"
        if self.fastcgi_keepalive:
            upstream = (f"    upstream gesprekd {{\n"
                        f"        server {target};\n"
                        f"        keepalive {self.fastcgi_keepalive};\n"
                        f"        keepalive_timeout {self.fastcgi_keepalive_idle};\n"
                        f"    }}\n\n")
            keep_conn = "            fastcgi_keep_conn on;\n"
            target = "gesprekd"
        write_file(self.nginx_conf, f"""# Generated by tests/stack.py for this stack only.
{user}worker_processes 1;
daemon off;
pid {self.nginx_pidfile};
error_log {self.nginx_error_log} notice;

events {{
    worker_connections 512;
}}

http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {self.nginx_access_log};
    client_body_temp_path {d}/tmp/client_body;
    fastcgi_temp_path {d}/tmp/fastcgi;
    proxy_temp_path {d}/tmp/proxy;
    uwsgi_temp_path {d}/tmp/uwsgi;
    scgi_temp_path {d}/tmp/scgi;
    server_tokens off;
    sendfile on;

{upstream}    server {{
        listen {listen};
        server_name localhost;
{tls}        client_max_body_size 11m;

        location /static/ {{
            alias {static};
        }}

        location / {{
            fastcgi_pass {target};
{keep_conn}            include /etc/nginx/fastcgi_params;
            fastcgi_param HTTP_PROXY "";
{https_param}        }}
    }}
}}
""", MODE_LOG)

    def start_nginx(self):
        """Start nginx on 127.0.0.1 (a free port unless one was given) and
        wait until it accepts connections."""
        if self._nginx and self._nginx.poll() is None:
            return
        _kill_stale(self.nginx_pidfile, str(self.nginx_conf))
        attempts = 1 if self.fixed_port else 3
        previous = self.port  # a restart keeps base_url if it can
        for attempt in range(attempts):
            self.port = self.fixed_port or (previous if attempt == 0 and previous else free_port())
            if self.fixed_port and tcp_accepts(self.port):
                raise StackError(f"port {self.port} on 127.0.0.1 is already in use: "
                                 f"stop whatever listens there (ss -ltnp 'sport = :{self.port}')")
            self.write_nginx_conf()
            base = ["/usr/sbin/nginx", "-p", f"{self.nginx_dir}/", "-e", str(self.nginx_error_log),
                    "-c", str(self.nginx_conf)]
            res = subprocess.run(base + ["-t", "-q"], capture_output=True, text=True,
                                 stdin=subprocess.DEVNULL, timeout=30)
            if res.returncode != 0:
                raise StackError(f"nginx rejects {self.nginx_conf}:\n{res.stderr}")
            log(f"starting nginx on {self.base_url}")
            open_log(self.nginx_access_log).close()   # nginx keeps the mode
            out = open_log(self.nginx_error_log)
            try:
                self._nginx = subprocess.Popen(base, stdout=out, stderr=subprocess.STDOUT,
                                               stdin=subprocess.DEVNULL, preexec_fn=_child_setup)
            finally:
                out.close()
            if wait_until(lambda: tcp_accepts(self.port), T_NGINX, proc=self._nginx):
                return
            rc = self._nginx.poll()
            self._terminate(self._nginx, "nginx")
            self._nginx = None
            errlog = tail(self.nginx_error_log)
            if "Address already in use" in errlog and attempt + 1 < attempts:
                log(f"port {self.port} was taken meanwhile; trying another")
                continue
            raise StackError(f"nginx did not accept connections on port {self.port} within "
                             f"{T_NGINX}s (exit status {rc}); {self.nginx_error_log}:\n{errlog}")

    def stop_nginx(self):
        p, self._nginx = self._nginx, None
        if p is not None:
            log("stopping nginx")
            self._terminate(p, "nginx")

    # -- common --------------------------------------------------------------

    def _terminate(self, proc, name, timeout=T_STOP):
        """SIGTERM to `proc` (and, if it lingers, SIGKILL to its whole
        process group); returns its exit status."""
        if proc.poll() is None:
            try:
                proc.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                log(f"{name} did not stop within {timeout}s after SIGTERM; killing it")
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    proc.kill()
                proc.wait(10)
        # Workers or helpers left in its process group (nginx workers).
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        return proc.returncode

    def _sanitizer_tail(self):
        files = self.sanitizer_reports()
        if not files:
            return ""
        return "\nsanitizer reports:\n" + "\n".join(f"{f}:\n{tail(f, 30)}" for f in files)

    def sanitizer_reports(self):
        """Files ASan/UBSan wrote (each one is a report)."""
        return sorted(p for p in self.sanitizer_dir.glob("*san.*") if p.is_file())

    def describe(self):
        return (f"  URL:             {self.base_url}/\n"
                f"  work dir:        {self.workdir}\n"
                f"  config:          {self.config_path}\n"
                f"  gesprekd log:    {self.gesprekd_log}\n"
                f"  nginx error log: {self.nginx_error_log}\n"
                f"  MariaDB log:     {self.mariadb_log}\n"
                f"  MariaDB shell:   mariadb --no-defaults -S {self.db_socket} "
                f"-u {DB_ADMIN_USER} gesprek\n"
                f"                   (unix_socket: as the OS user {DB_ADMIN_USER}; gesprekd "
                f"uses account {self.db_user},\n"
                f"                   its password is in the config, mode 0600)\n")


class _SqlClient:
    """One mariadb client process kept for stack.sql(): starting a client
    costs about 25 ms of CPU (the dynamic linker relocating its libraries),
    the query itself well under one, and the tests make thousands.

    Each query runs as a client of its own would run it: `connect DB`
    first, a new connection with a fresh session (nothing of the last
    query's variables, transaction or temporary tables is left), then the
    query through the client's own parser (the one of `-e`).  Its output
    (--xml, flushed after every statement: -n) ends where the result of a
    marker SELECT begins.  Without --force the client stops at the first
    error, as with `-e`: its stdout ends, stderr says why, and the next
    query starts a new client."""

    def __init__(self, socket_path, db):
        self.socket_path, self.db = socket_path, db
        self.lock = threading.Lock()
        self.proc = subprocess.Popen(
            _MARIADB_CLIENT_BASE + ["-S", str(socket_path), "--xml", "-n", db],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._n = 0

    def usable(self, socket_path):
        return self.proc.poll() is None and socket_path == self.socket_path

    def run(self, query):
        """(ok, stdout of the query, stderr) as subprocess.run gives them
        for `mariadb --xml -e query`."""
        self._n += 1
        marker = f"gesprek-sql-end-{os.getpid()}-{self._n}-{secrets.token_hex(4)}".encode()
        # The query may end without a delimiter (as -e allows), or in a
        # comment: the delimiter on a line of its own (an empty statement
        # after one is skipped by the client).
        todo = memoryview(f"connect {self.db};\n{query}\n;\nSELECT '".encode()
                          + marker + b"';\n")
        out, err = bytearray(), bytearray()
        deadline = time.monotonic() + T_SQL
        # Written as the client reads: a long query may fill the pipe
        # while the client's answers to its first statements fill ours.
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdin, selectors.EVENT_WRITE)
            sel.register(self.proc.stdout, selectors.EVENT_READ, out)
            sel.register(self.proc.stderr, selectors.EVENT_READ, err)
            while out.find(marker, max(0, len(out) - 65536 - len(marker))) < 0:
                left = deadline - time.monotonic()
                events = sel.select(timeout=max(left, 0))
                if not events:
                    self.close()
                    raise subprocess.TimeoutExpired(["mariadb", "-e", query], T_SQL)
                for key, _ in events:
                    if key.fileobj is self.proc.stdin:
                        try:
                            todo = todo[os.write(self.proc.stdin.fileno(), todo):]
                        except BrokenPipeError:     # it ended: stdout will say so
                            todo = todo[len(todo):]
                        if not todo:
                            sel.unregister(self.proc.stdin)
                        continue
                    data = os.read(key.fileobj.fileno(), 65536)
                    if data:
                        key.data.extend(data)
                        continue
                    sel.unregister(key.fileobj)
                    if key.fileobj is self.proc.stdout:   # the client ended: an error
                        err.extend(self.proc.stderr.read())
                        self.close()
                        return False, bytes(out), bytes(err)
        # The marker's own result set starts at the last XML declaration
        # before it; the client writes nothing after it (flushed, -n).
        end = out.rfind(b"<?xml", 0, out.index(marker))
        return True, bytes(out[:end]), bytes(err)

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(5)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except OSError:
                pass


def _parse_mariadb_xml(data, as_dicts=False, every=False):
    """Rows of the last <resultset> in `mariadb --xml` output (one XML
    document per statement that returns rows); every=True: a list of the
    rows of each."""
    text = data.decode("utf-8", "replace")
    docs = [d for d in re.split(r"<\?xml[^>]*\?>", text) if d.strip()]
    if not docs:
        return []
    nil = "{http://www.w3.org/2001/XMLSchema-instance}nil"
    out = []
    for doc in docs if every else docs[-1:]:
        rows = []
        for row in ET.fromstring(doc.strip()).findall("row"):
            fields = [(f.get("name"), None if f.get(nil) == "true" else (f.text or ""))
                      for f in row.findall("field")]
            rows.append(dict(fields) if as_dicts else tuple(v for _, v in fields))
        out.append(rows)
    return out if every else out[0]


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

class _Stop(Exception):
    pass


def _serve(stack, banner, after_start=None):
    """Start `stack`, print `banner`, run until Ctrl-C/SIGTERM/SIGHUP or
    until a server dies, then stop everything.  after_start(stack) runs
    once everything answers (the demo brings its cycle to life there)."""
    def on_signal(signum, _frame):
        raise _Stop(signal.Signals(signum).name)

    # SIGINT too: a shell that starts us in the background ignores it.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    status = 0
    try:
        stack.start()
        if after_start is not None:
            after_start(stack)
        print(banner(stack), flush=True)
        while True:
            time.sleep(1)
            for name, p, logf in (("MariaDB", stack._mariadb, stack.mariadb_log),
                                  ("gesprekd", stack._gesprekd, stack.gesprekd_log),
                                  ("nginx", stack._nginx, stack.nginx_error_log)):
                if p is None or p.poll() is not None:
                    rc = None if p is None else p.returncode
                    log(f"{name} stopped unexpectedly (exit status {rc}); {logf}:\n{tail(logf)}")
                    status = 1
                    raise _Stop(name)
    except (KeyboardInterrupt, _Stop):
        print("\nstopping ...", file=sys.stderr, flush=True)
    except StackError as exc:
        log(f"ERROR: {exc}")
        status = 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not break teardown
        stack.stop()
    return status


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("demo", help="demo stack: plain HTTP on port 8080, persistent data")
    d.add_argument("--dir", default=str(REPO / ".demo"), help="work dir (kept; default .demo)")
    d.add_argument("--build", default=str(REPO / "_build-demo"), help="build dir")
    d.add_argument("--port", type=int, default=8080)
    u = sub.add_parser("up", help="test stack in the foreground (HTTPS on a free port)")
    u.add_argument("--dir", help="work dir (default: temporary, removed at the end)")
    u.add_argument("--build", help="build dir (default $GESPREK_BUILD or _build)")
    u.add_argument("--port", type=int)
    u.add_argument("--http", action="store_true", help="plain HTTP, cookie_secure=no")
    args = ap.parse_args(argv)

    if args.cmd == "demo":
        stack = Stack(args.dir, args.build, https=False, port=args.port, keep=True,
                      **DEMO_STACK_ARGS)

        def banner(s):
            others = [l for l in s.demo_logins if l not in ("hanna", "mark", "eva")]
            return (f"\ngesprek demo is running: http://localhost:{s.port}/\n\n"
                    f"  hanna / demo   HR\n"
                    f"  mark  / demo   manager\n"
                    f"  eva   / demo   employee\n"
                    + (f"  and {len(others)} more employees of Voorbeeld BV, password demo "
                       f"(e.g. {', '.join(others[:5])})\n" if others else "")
                    + f"\n{s.describe()}\nPress Ctrl-C to stop.\n")

        def after_start(s):
            s.walk_demo(out=sys.stderr)
    else:
        after_start = None
        stack = Stack(args.dir, args.build, https=not args.http, port=args.port,
                      keep=args.dir is not None)

        def banner(s):
            return (f"\ngesprek stack is running.\n{s.describe()}"
                    f"  accounts:        {', '.join(s.demo_logins)} (password {DEMO_PASSWORD})\n"
                    f"\nPress Ctrl-C to stop.\n")
    return _serve(stack, banner, after_start)


if __name__ == "__main__":
    sys.exit(main())
