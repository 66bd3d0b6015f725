"""The Debian package (issue 20), on this machine for real.

tests/run runs this file as its "package" stage (GESPREK_SKIP_PACKAGE=1
skips it); alone, as root:

    /usr/bin/python3 -m pytest -p no:cacheprovider tests/package

In order, each step a test that depends on the ones before:

 1. builds gesprek_<version>_amd64.deb with dpkg-buildpackage -us -uc -b
    (DEB_BUILD_OPTIONS=nocheck: tests/run has run the tests) from a copy of
    the source tree (dh_autoreconf and dpkg-source would write into it);
 2. lintian: no error, no warning (overrides carry their reasons);
 3. purges an earlier install, installs it with `apt install ./...deb`
    and checks what it made: the system user, the HR group, gesprek.conf
    0600 as a conffile, the PAM service, the units as systemd would load
    them (systemd-analyze verify; PID 1 here is not systemd) with
    gesprekd.socket enabled and the rest not, the man pages, the examples;
 4. `gesprekctl setup` against a MariaDB of its own (the stack's way:
    private data dir and socket, root through unix_socket);
 5. the installed gesprekd behind nginx with the shipped nginx example
    (only its CHANGE lines changed), a login of a real local account
    through the installed PAM service /etc/pam.d/gesprek (pam_unix);
 6. an upgrade (the same package as a newer version) keeps the changed
    gesprek.conf;
 7. remove, then purge, and what is left: never the database.
The fixture's cleanup purges the package and stops what it started, also
after a failure.  A lock keeps two runs on one machine apart."""
import fcntl
import grp
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests
import urllib3

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
import stack as stack_mod  # noqa: E402

PKG = "gesprek"
CONF = Path("/etc/gesprek/gesprek.conf")
MARKER = Path("/etc/gesprek/configured")
PAM = Path("/etc/pam.d/gesprek")
UNITDIR = Path("/lib/systemd/system")
UNITS = ["gesprekd.socket", "gesprekd.service"] + [
    f"gesprek-{job}.{kind}" for job in ("mail", "purge", "remind", "retention", "sync")
    for kind in ("service", "timer")]
EXAMPLES = Path("/usr/share/doc/gesprek/examples")
LOCK = Path("/run/lock/gesprek-package-test.lock")
# Hang guards, not speed limits (a loaded 2-core machine is slow).
T_BUILD = 1800
T_APT = 900
T_LINTIAN = 600
T_SERVER = 120
T_SETUP = 900
# The local account the test logs in with (made and removed by the test).
LOGIN = "gpkgtest"
LOGIN_NAME = "Pakket Proef"
DB = "gesprek"

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


def run(cmd, timeout, check=True, log=None, **kw):
    res = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                         timeout=timeout, **kw)
    if log is not None:
        with open(log, "a") as fh:
            fh.write(f"$ {' '.join(map(str, cmd))}\n{res.stdout}{res.stderr}[exit {res.returncode}]\n")
    if check and res.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, cmd))} failed ({res.returncode}):\n"
                             f"{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    return res


def installed():
    res = run(["dpkg-query", "-W", "-f=${db:Status-Abbrev}", PKG], 60, check=False)
    return res.returncode == 0 and res.stdout.startswith(("ii", "iF", "iU", "rc", "iH"))


def apt(args, log):
    # The dpkg lock may be held by another engineer's apt-get: wait for it.
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    return run(["apt-get", "-y", "-o", "DPkg::Lock::Timeout=600", *args], T_APT, log=log, env=env)


def purge(log):
    if installed():
        apt(["purge", PKG], log)


class World:
    """What the steps share: the work dir, the .deb, the servers."""

    def __init__(self, work):
        self.work = work
        self.log = work / "package-test.log"
        self.deb = None
        self.procs = []
        self.groups_before = self.users_before = None
        self.db_socket = work / "db" / "mariadb.sock"
        self.fcgi_socket = work / "run" / "gesprekd.sock"
        self.port = None

    def start(self, name, cmd, ready, **kw):
        out = open(self.work / f"{name}.log", "ab")
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, preexec_fn=stack_mod._child_setup, **kw)
        out.close()
        self.procs.append((name, proc))
        if not stack_mod.wait_until(ready, T_SERVER, proc=proc, interval=0.2):
            raise AssertionError(f"{name} did not come up (exit {proc.poll()}):\n"
                                 f"{stack_mod.tail(self.work / f'{name}.log')}")
        return proc

    def stop_all(self):
        for name, proc in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(60)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        self.procs = []


@pytest.fixture(scope="module")
def world():
    if os.geteuid() != 0:
        pytest.skip("installs a package: root only")
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    lock = open(LOCK, "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    # 0711: gesprekd's worker (user gesprek) and nginx's (www-data) reach
    # the sockets inside; _apt reads the .deb.
    work = Path(tempfile.mkdtemp(prefix="gesprek-package-"))
    os.chmod(work, 0o711)
    w = World(work)
    try:
        yield w
    finally:
        w.stop_all()
        try:
            purge(w.log)
        finally:
            subprocess.run(["userdel", LOGIN], capture_output=True)
            save = os.environ.get("GESPREK_LOG_DIR")
            if save:
                Path(save).mkdir(parents=True, exist_ok=True)
                for f in work.glob("*.log"):
                    shutil.copy(f, Path(save) / f.name)
            shutil.rmtree(work, ignore_errors=True)
            lock.close()


def need(w, what):
    if getattr(w, what, None) in (None, False):
        pytest.skip(f"an earlier step failed ({what})")


# ---- 1. build ---------------------------------------------------------------

def test_build(world):
    src = world.work / "src" / PKG
    src.mkdir(parents=True)
    files = run(["git", "-C", str(REPO), "ls-files", "-z", "-c", "-o", "--exclude-standard"], 120)
    names = [n for n in files.stdout.split("\0") if n and (REPO / n).exists()]
    for n in names:
        (src / n).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / n, src / n, follow_symlinks=False)
    env = dict(os.environ, DEB_BUILD_OPTIONS="nocheck parallel=2")
    run(["dpkg-checkbuilddeps"], 120, cwd=src)
    run(["dpkg-buildpackage", "-us", "-uc", "-b"], T_BUILD, cwd=src, env=env,
        log=world.work / "dpkg-buildpackage.log")
    version = re.search(r"AC_INIT\(\[gesprek\], \[([^]]+)\]", (REPO / "configure.ac").read_text())[1]
    debs = sorted((world.work / "src").glob(f"{PKG}_{version}_amd64.deb"))
    assert [d.name for d in debs] == [f"{PKG}_{version}_amd64.deb"]
    world.deb = debs[0]
    os.chmod(world.deb.parent, 0o755)


# ---- 2. lintian ---------------------------------------------------------------

def test_lintian_reports_no_error_and_no_warning(world):
    need(world, "deb")
    res = run(["lintian", "--fail-on", "error,warning", str(world.deb)], T_LINTIAN, check=False,
              log=world.log)
    tags = [line for line in res.stdout.splitlines() if re.match(r"^[EW]: ", line)]
    assert tags == [] and res.returncode == 0, res.stdout + res.stderr


# ---- 3. install -----------------------------------------------------------------

def test_install_makes_user_group_conffiles_units_man_pages_examples(world):
    need(world, "deb")
    purge(world.log)
    assert not installed() and not CONF.exists()
    # What the package will find already there (and purge must leave).
    world.groups_before = {g.gr_name for g in grp.getgrall()}
    world.users_before = {p.pw_name for p in pwd.getpwall()}
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt", "install", "-y", "-o", "DPkg::Lock::Timeout=600", f"./{world.deb.name}"], T_APT,
        cwd=world.deb.parent, env=env, log=world.log)
    world.installed = True

    user = pwd.getpwnam("gesprek")
    assert user.pw_uid < 1000 and user.pw_shell == "/usr/sbin/nologin"
    assert grp.getgrnam("gesprek-hr")

    st = CONF.stat()
    assert stat.S_IMODE(st.st_mode) == 0o600 and st.st_uid == 0 and st.st_gid == 0
    conffiles = run(["dpkg-query", "-W", "-f=${Conffiles}", PKG], 60).stdout
    assert str(CONF) in conffiles and str(PAM) in conffiles
    assert "@include common-auth" in PAM.read_text()
    assert not MARKER.exists()

    for unit in UNITS:
        assert (UNITDIR / unit).is_file(), unit
    dropin = UNITDIR / "gesprekd.socket.d" / "gesprek-configured.conf"
    assert f"ConditionPathExists={MARKER}" in dropin.read_text()
    # systemd's own reading of the units (and the drop-in): any complaint
    # (an unknown key, a program that is not there) fails.
    res = run(["systemd-analyze", "verify", *[str(UNITDIR / u) for u in UNITS]], 120, check=False,
              log=world.log)
    assert res.returncode == 0 and res.stdout.strip() == "" and res.stderr.strip() == "", \
        res.stdout + res.stderr
    # Enabled: the socket alone; started: nothing (no systemd here; the
    # condition keeps it down on a real one until setup has run).
    wants = Path("/etc/systemd/system/sockets.target.wants/gesprekd.socket")
    assert wants.is_symlink() and os.readlink(wants) == str(UNITDIR / "gesprekd.socket")
    enabled = [p.name for p in Path("/etc/systemd/system").glob("*.wants/gesprek*")]
    assert enabled == ["gesprekd.socket"]

    for page in ("gesprekd", "gesprekctl", "gesprek.conf"):
        where = run(["man", "-w", page], 60).stdout.strip()
        assert where.startswith("/usr/share/man/man"), where
    assert "setup" in run(["man", "-P", "cat", "gesprekctl"], 60,
                          env=dict(os.environ, MANWIDTH="80")).stdout
    for example in ("nginx/gesprek.conf", "apache/gesprek.conf", "apache/gesprek-sso.conf",
                    "fail2ban/gesprek.conf", "fail2ban/jail.local.example"):
        assert (EXAMPLES / example).is_file(), example
    # The examples name the installed paths, not the build's.
    nginx = (EXAMPLES / "nginx" / "gesprek.conf").read_text()
    assert "alias /usr/share/gesprek/xslt/static/;" in nginx
    assert f"cp {EXAMPLES}/nginx/gesprek.conf" in nginx


# ---- 4. setup ---------------------------------------------------------------------

def start_mariadb(world):
    data, tmp = world.work / "db" / "data", world.work / "db" / "tmp"
    tmp.mkdir(parents=True)
    os.chmod(world.work / "db", 0o711)
    run(["mariadb-install-db", "--no-defaults", f"--datadir={data}", f"--tmpdir={tmp}",
         "--auth-root-authentication-method=socket", "--auth-root-socket-user=root",
         "--user=root"], T_SERVER, log=world.work / "mariadb.log")
    world.start("mariadb", ["mariadbd", "--no-defaults", f"--datadir={data}",
                            f"--socket={world.db_socket}", "--skip-networking",
                            f"--tmpdir={tmp}", "--user=root", "--skip-log-bin",
                            "--innodb-buffer-pool-size=64M"],
                lambda: world.db_socket.exists() and stack_mod.unix_accepts(world.db_socket))


def sql(world, query):
    return run(["mariadb", "--no-defaults", "-u", "root", "-S", str(world.db_socket), "-N", "-e",
                query], 120).stdout


def test_setup_configures_the_installed_gesprek(world):
    need(world, "installed")
    start_mariadb(world)
    res = run(["gesprekctl", "setup", "--socket", str(world.db_socket)], T_SETUP, log=world.log)
    assert "Next steps" in res.stdout and f"{EXAMPLES}/" in res.stdout
    st = CONF.stat()
    assert stat.S_IMODE(st.st_mode) == 0o600 and st.st_uid == 0
    text = CONF.read_text()
    assert re.search(r"(?m)^password = [0-9a-f]{48}$", text)
    assert re.search(r"(?m)^migrate_user = gesprek_schema$", text)
    assert MARKER.is_file()
    assert sql(world, "SHOW DATABASES LIKE 'gesprek'").strip() == DB
    status = run(["gesprekctl", "status"], T_SETUP, check=False)
    assert status.returncode == 0, status.stdout + status.stderr
    # Run again: nothing changes.
    before = CONF.read_bytes()
    run(["gesprekctl", "setup", "--socket", str(world.db_socket)], T_SETUP, log=world.log)
    assert CONF.read_bytes() == before
    world.configured = True


# ---- 5. login through the shipped nginx example --------------------------------------

def serve_gesprekd(world):
    """The installed gesprekd with the installed gesprek.conf, its socket
    and runtime folder moved into the work dir (as an administrator edits
    [server])."""
    run_dir = world.work / "run"
    run_dir.mkdir()
    os.chmod(run_dir, 0o755)
    text = CONF.read_text()
    for key, value in (("listen", f"unix:{world.fcgi_socket}"), ("runtime_dir", str(run_dir)),
                       ("pidfile", str(run_dir / "gesprekd.pid"))):
        text, n = re.subn(rf"(?m)^#?{key} = .*$", f"{key} = {value}", text, count=1)
        assert n == 1, key
    CONF.write_text(text)
    world.start("gesprekd", ["/usr/sbin/gesprekd", "-c", str(CONF)],
                lambda: stack_mod.unix_accepts(world.fcgi_socket))


def serve_nginx(world):
    ngx = world.work / "nginx"
    ngx.mkdir()
    os.chmod(ngx, 0o755)
    shutil.copy("/etc/nginx/fastcgi_params", ngx / "fastcgi_params")
    key, cert = ngx / "key.pem", ngx / "cert.pem"
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
         "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)], 120)
    world.port = stack_mod.free_port()
    site = (EXAMPLES / "nginx" / "gesprek.conf").read_text()
    # Only what the file marks CHANGE (and where it listens: loopback,
    # a free port).
    for old, new in (
            (r"listen 80;", f"listen 127.0.0.1:{stack_mod.free_port()};"),
            (r"listen 443 ssl;", f"listen 127.0.0.1:{world.port} ssl;"),
            (r"ssl_certificate +\S+;", f"ssl_certificate {cert};"),
            (r"ssl_certificate_key +\S+;", f"ssl_certificate_key {key};"),
            (r"fastcgi_pass unix:/run/gesprek/gesprekd.sock;",
             f"fastcgi_pass unix:{world.fcgi_socket};")):
        site, n = re.subn(old, new, site)
        assert n >= 1, old
    (ngx / "gesprek-site.conf").write_text(site)
    temp = ngx / "temp"
    temp.mkdir()
    (ngx / "nginx.conf").write_text(f"""
user www-data www-data;
worker_processes 1;
pid {ngx}/nginx.pid;
error_log {ngx}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {ngx}/access.log;
    client_body_temp_path {temp}/body;
    fastcgi_temp_path {temp}/fastcgi;
    proxy_temp_path {temp}/proxy;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {ngx}/gesprek-site.conf;
}}
""")
    run(["nginx", "-t", "-p", str(ngx), "-c", str(ngx / "nginx.conf")], 60)
    world.start("nginx", ["nginx", "-p", str(ngx), "-c", str(ngx / "nginx.conf"),
                          "-g", "daemon off;"],
                lambda: stack_mod.tcp_accepts(world.port))


def make_login():
    subprocess.run(["userdel", LOGIN], capture_output=True)
    run(["useradd", "-M", "-c", f"{LOGIN_NAME},,,", "-s", "/usr/sbin/nologin", LOGIN], 60)
    password = os.urandom(12).hex()
    subprocess.run(["chpasswd"], input=f"{LOGIN}:{password}\n", text=True, check=True,
                   capture_output=True, timeout=60)
    return password


def test_login_through_the_shipped_nginx_example(world):
    need(world, "configured")
    serve_gesprekd(world)
    serve_nginx(world)
    password = make_login()
    base = f"https://127.0.0.1:{world.port}"
    s = requests.Session()
    s.verify = False
    s.trust_env = False   # REQUESTS_CA_BUNDLE and proxies of the environment would win
    assert s.get(f"{base}/static/gesprek.css", timeout=60).status_code == 200
    page = s.get(f"{base}/login", timeout=60)
    assert page.status_code == 200, page.text[:500]
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]
    # A wrong password first: refused, no session.
    bad = s.post(f"{base}/login", data={"username": LOGIN, "password": "not-" + password,
                                        "csrf": token}, allow_redirects=False, timeout=60)
    assert bad.status_code != 303 and "__Host-gesprek" not in s.cookies
    page = s.get(f"{base}/login", timeout=60)
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]
    ok = s.post(f"{base}/login", data={"username": LOGIN, "password": password, "csrf": token},
                allow_redirects=False, timeout=60)
    assert ok.status_code == 303, ok.text[:1000]
    assert "__Host-gesprek" in s.cookies
    home = s.get(f"{base}/", timeout=60)
    assert home.status_code == 200 and LOGIN_NAME in home.text
    # The first login made the employee, in the database setup made.
    rows = sql(world, f"SELECT COUNT(*) FROM {DB}.employee WHERE login = '{LOGIN}'")
    assert rows.strip() == "1"
    world.logged_in = True


# ---- 6. an upgrade keeps the changed configuration ----------------------------------

def newer_version(world):
    """The same package as a newer version (its control file's Version
    alone changed): an upgrade as dpkg sees it, without a second build."""
    tree = world.work / "upgrade"
    run(["dpkg-deb", "-R", str(world.deb), str(tree)], 120)
    control = tree / "DEBIAN" / "control"
    text, n = re.subn(r"(?m)^Version: (.*)$", r"Version: \1+upgradetest", control.read_text())
    assert n == 1
    control.write_text(text)
    newer = world.deb.parent / world.deb.name.replace("_amd64", "+upgradetest_amd64")
    run(["dpkg-deb", "--root-owner-group", "-b", str(tree), str(newer)], 300)
    return newer


def test_upgrade_keeps_the_changed_conffile(world):
    need(world, "configured")
    newer = newer_version(world)
    before = CONF.read_bytes()
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt", "install", "-y", "-o", "DPkg::Lock::Timeout=600", f"./{newer.name}"], T_APT,
        cwd=newer.parent, env=env, log=world.log)
    version = run(["dpkg-query", "-W", "-f=${Version}", PKG], 60).stdout
    assert version.endswith("+upgradetest")
    assert CONF.read_bytes() == before
    assert stat.S_IMODE(CONF.stat().st_mode) == 0o600
    assert MARKER.is_file()
    # postinst of an upgrade makes no second user or group.
    assert grp.getgrnam("gesprek-hr") and pwd.getpwnam("gesprek")


# ---- 7. remove and purge ------------------------------------------------------------------

def test_remove_then_purge_leaves_the_database(world):
    need(world, "installed")
    for name, proc in world.procs:
        if name in ("nginx", "gesprekd") and proc.poll() is None:
            proc.terminate()
            proc.wait(60)
    subprocess.run(["userdel", LOGIN], capture_output=True)
    apt(["remove", PKG], world.log)
    assert not Path("/usr/sbin/gesprekd").exists() and not Path("/usr/sbin/gesprekctl").exists()
    assert not (UNITDIR / "gesprekd.socket").exists()
    # Removed, not purged: the administrator's configuration stays.
    assert CONF.is_file()

    apt(["purge", PKG], world.log)
    assert not installed()
    for gone in (CONF, MARKER, PAM, Path("/etc/gesprek"), Path("/var/lib/gesprek"),
                 Path("/usr/share/gesprek"), Path("/usr/share/doc/gesprek"),
                 Path("/etc/systemd/system/sockets.target.wants/gesprekd.socket")):
        assert not gone.exists() and not gone.is_symlink(), gone
    users = {p.pw_name for p in pwd.getpwall()}
    groups = {g.gr_name for g in grp.getgrall()}
    # What the package made is gone; what was there before stays.
    assert ("gesprek" in users) == ("gesprek" in world.users_before)
    assert ("gesprek-hr" in groups) == ("gesprek-hr" in world.groups_before)
    # Never the database.
    if getattr(world, "configured", False):
        assert sql(world, "SHOW DATABASES LIKE 'gesprek'").strip() == DB
        assert sql(world, f"SELECT COUNT(*) FROM {DB}.employee WHERE login = '{LOGIN}'").strip() \
            == ("1" if getattr(world, "logged_in", False) else "0")
