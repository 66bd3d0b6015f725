"""Installing gesprek the way an IT department does: `make install` into a
temporary root (DESTDIR), then the installed programs, stylesheets,
migrations, configuration, PAM service, systemd units and web server
snippets, as shipped.

The installed gesprekd gets its own database, made with the least
privileges README prescribes, its schema from the unit's pre-start step,
its socket handed over as systemd does it (descriptor 3, LISTEN_FDS) with
the socket unit's mode and group, and the service unit's capability
bounding set and no_new_privs (setpriv).  Logins go through the shipped PAM
file (through pam_wrapper, its @include lines pointed at pam_matrix).  Then the
smoke suite runs through nginx with conf/nginx/gesprek.conf and through
Apache httpd (mod_proxy_fcgi) with conf/apache/gesprek.conf; the test
substitutes only their placeholders: host name, ports, certificate, socket
and static root.

MariaDB is the session stack's (tests/stack.py); everything else here is
started and stopped by this module.  `make install` runs in the build dir
under test ($GESPREK_BUILD) and may remake its generated conf/ files for
the directories given here.
"""

import configparser
import grp
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
from pathlib import Path

import pytest

import stack as stack_mod
from conftest import StackSession, login
from helpers import demo_cycle, fcgi_request, xml

REPO = Path(__file__).resolve().parents[2]
PREFIX = "/usr/local"
SYSCONFDIR = "/etc"
SHARE = f"{PREFIX}/share/gesprek"
COOKIE = "__Host-gesprek"
T_MAKE = 600
T_START = 30
T_STOP = 30

# The database and its two accounts, with the privileges README gives them.
DB_NAME = "gesprek_inst"
APP_USER, APP_PASSWORD = "gi_app", "app-pw-4e1c"
SCHEMA_USER, SCHEMA_PASSWORD = "gi_schema", "schema-pw-93ab"
APP_GRANTS = "SELECT, INSERT, UPDATE, DELETE"
SCHEMA_GRANTS = "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES"

# The scheduled work: timer (and service) -> the gesprekctl command it runs.
TIMERS = {"gesprek-mail": "mail-send", "gesprek-purge": "purge", "gesprek-remind": "remind",
          "gesprek-retention": "retention --apply", "gesprek-sync": "sync"}

WEB_USER = "www-data"
APACHE_MODULES = "/usr/lib/apache2/modules"
SYSTEMD_CAPS = {  # CapabilityBoundingSet= names -> setpriv names
    "CAP_SETUID": "setuid", "CAP_SETGID": "setgid", "CAP_CHOWN": "chown",
    "CAP_KILL": "kill", "CAP_DAC_READ_SEARCH": "dac_read_search",
    "CAP_AUDIT_WRITE": "audit_write"}


def run(cmd, timeout=120, **kw):
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    kw.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run([str(c) for c in cmd], timeout=timeout, **kw)


def make_install(build, destdir, *targets):
    r = run(["make", "-C", build, *(targets or ("install",)), f"DESTDIR={destdir}",
             f"prefix={PREFIX}", f"sysconfdir={SYSCONFDIR}"], timeout=T_MAKE)
    assert r.returncode == 0, f"make {targets}:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return r


def reachable_tmpdir(prefix):
    """A fresh folder under /tmp that www-data and nobody can traverse."""
    d = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    os.chmod(d, 0o755)
    return d


def unit_values(path):
    """{key: value} of a systemd unit file (last one wins, as for these keys)."""
    out = {}
    for line in Path(path).read_text().splitlines():
        m = re.match(r"^([A-Za-z]+)=(.*)$", line.strip())
        if m:
            out[m.group(1)] = m.group(2)
    return out


def conf_set(text, values):
    """gesprek.conf text with keys of sections replaced, comments kept.
    Every key must already be in the text: what is shipped is what we edit."""
    out, section, seen = [], None, set()
    for line in text.splitlines():
        m = re.match(r"^\[(\w+)\]", line)
        if m:
            section = m.group(1)
        key = line.split("=")[0].strip()
        if "=" in line and not line.lstrip().startswith(("#", ";")) and key in values.get(section, {}):
            line = f"{key} = {values[section][key]}"
            seen.add((section, key))
        out.append(line)
    wanted = {(s, k) for s, kv in values.items() for k in kv}
    assert wanted <= seen, f"not in the shipped gesprek.conf: {sorted(wanted - seen)}"
    return "\n".join(out) + "\n"


def substitute(text, pairs, what):
    """Replace each placeholder (a literal) that must occur in the shipped file."""
    for old, new in pairs:
        assert old in text, f"placeholder {old!r} is not in the shipped {what}"
        text = text.replace(old, new)
    return text


# ---------------------------------------------------------------------------
# The installation
# ---------------------------------------------------------------------------

class Install:
    """Paths of one DESTDIR installation."""

    def __init__(self, root):
        self.root = Path(root)
        self.sbin = self.root / PREFIX.lstrip("/") / "sbin"
        self.share = self.root / SHARE.lstrip("/")
        self.conf = self.root / SYSCONFDIR.lstrip("/") / "gesprek" / "gesprek.conf"
        self.pam = self.root / SYSCONFDIR.lstrip("/") / "pam.d" / "gesprek"
        self.units = self.root / PREFIX.lstrip("/") / "lib" / "systemd" / "system"
        self.man = self.root / PREFIX.lstrip("/") / "share" / "man"
        self.nginx_snippet = self.share / "examples" / "nginx" / "gesprek.conf"
        self.apache_snippet = self.share / "examples" / "apache" / "gesprek.conf"

    def real(self, path):
        """Where an installed absolute path is inside DESTDIR."""
        return self.root / str(path).lstrip("/")

    def shipped_conf(self):
        cp = configparser.ConfigParser(interpolation=None, comment_prefixes=("#", ";"))
        cp.read_string(self.conf.read_text())
        return cp


@pytest.fixture(scope="module")
def installed(stack):
    root = reachable_tmpdir("gesprek-install-")
    try:
        make_install(stack.build_dir, root)
        yield Install(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def source_files(top):
    """Files of the source tree under top (xslt/ or sql/), minus editor debris."""
    return sorted(p.relative_to(REPO) for p in (REPO / top).rglob("*")
                  if p.is_file() and not p.name.startswith(".") and not p.name.endswith(("~", ".swp")))


def test_make_install_puts_everything_in_place(installed):
    i = installed
    for prog in ("gesprekd", "gesprekctl"):
        assert os.access(i.sbin / prog, os.X_OK), f"{prog} not in sbin"
    missing = [str(f) for f in source_files("xslt") + source_files("sql")
               if not (i.share / f).is_file()]
    assert not missing, f"not installed under {SHARE} (nobase_dist_pkgdata_DATA): {missing}"
    assert (i.conf.stat().st_mode & 0o777) == 0o600, "gesprek.conf holds passwords: 0600"
    paths = i.shipped_conf()["paths"]
    assert paths["stylesheets"] == f"{SHARE}/xslt" and paths["migrations"] == f"{SHARE}/sql"
    assert i.real(paths["stylesheets"]).is_dir() and i.real(paths["migrations"]).is_dir()
    assert i.pam.read_text() == (REPO / "conf/pam.d/gesprek").read_text()
    assert "@include common-auth" in i.pam.read_text()
    assert "pam_sss.so" in i.pam.read_text() and "pam_krb5.so" in i.pam.read_text()
    for page in ("man8/gesprekd.8", "man8/gesprekctl.8", "man5/gesprek.conf.5"):
        assert (i.man / page).is_file(), page
    svc = unit_values(i.units / "gesprekd.service")
    assert svc["ExecStart"] == f"{PREFIX}/sbin/gesprekd -c {SYSCONFDIR}/gesprek/gesprek.conf"
    assert svc["ExecStartPre"] == f"{PREFIX}/sbin/gesprekctl -c {SYSCONFDIR}/gesprek/gesprek.conf migrate"
    assert unit_values(i.units / "gesprekd.socket")["ListenStream"] == "/run/gesprek/gesprekd.sock"
    for name, command in TIMERS.items():
        assert (i.units / f"{name}.timer").is_file(), f"{name}.timer not installed"
        svc = unit_values(i.units / f"{name}.service")
        assert svc["ExecStart"] == f"{PREFIX}/sbin/gesprekctl -c %d/gesprek.conf {command}"
        assert svc["LoadCredential"] == f"gesprek.conf:{SYSCONFDIR}/gesprek/gesprek.conf"
        if name == "gesprek-sync":  # [ldap] password_file = ldap.secret, beside it
            assert f"LoadCredential=ldap.secret:{SYSCONFDIR}/gesprek/ldap.secret" in \
                (i.units / f"{name}.service").read_text().splitlines()
        assert svc["Type"] == "oneshot" and svc["User"] == "gesprek"
        assert unit_values(i.units / f"{name}.timer")["WantedBy"] == "timers.target"
    for snippet in (i.nginx_snippet, i.apache_snippet):
        assert f"{SHARE}/xslt/static/" in snippet.read_text()
    passes = [l for l in i.nginx_snippet.read_text().splitlines() if "fastcgi_pass" in l
              and not l.lstrip().startswith("#")]
    assert passes and all("# CHANGE" in l for l in passes), \
        f"fastcgi_pass is a line to change: {passes}"
    # Apache takes no comment after a directive: the line above says it.
    lines = i.apache_snippet.read_text().splitlines()
    socket_passes = [n for n, l in enumerate(lines) if l.lstrip().startswith("ProxyPass ")
                     and " unix:" in l]
    assert socket_passes and all("# CHANGE" in lines[n - 2] + lines[n - 1]
                                 for n in socket_passes), "ProxyPass unix: is a line to change"
    assert (i.real(f"{SHARE}/xslt/static") / "gesprek.css").is_file()


def has_symtab(binary):
    r = run(["readelf", "-S", "-W", binary])
    assert r.returncode == 0, r.stderr
    return ".symtab" in r.stdout


def test_reinstall_keeps_an_edited_configuration_and_uninstall_cleans_up(stack):
    root = reachable_tmpdir("gesprek-reinstall-")
    try:
        i = Install(root)
        make_install(stack.build_dir, root)
        shipped = i.conf.read_text()
        assert not (i.conf.parent / "gesprek.conf.dist").exists(), "no .dist beside a new config"
        assert has_symtab(i.sbin / "gesprekd"), "a plain install keeps the symbols"
        i.conf.write_text(shipped + "# edited by the administrator\n")
        r = make_install(stack.build_dir, root, "install-strip")
        assert "keeping" in r.stdout
        assert i.conf.read_text().endswith("# edited by the administrator\n")
        dist = i.conf.parent / "gesprek.conf.dist"
        assert dist.read_text() == shipped, "the shipped configuration beside the kept one"
        assert (dist.stat().st_mode & 0o777) == 0o600
        for prog in ("gesprekd", "gesprekctl"):
            assert not has_symtab(i.sbin / prog), f"install-strip left the symbols of {prog}"
        r = make_install(stack.build_dir, root, "uninstall")
        left = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        assert left == ["etc/gesprek/gesprek.conf"], "uninstall keeps only the edited file"
        dirs = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_dir())
        assert dirs == ["etc", "etc/gesprek"], "uninstall removes the empty folders it made"
        said = " ".join(r.stdout.split())
        for what in (f"{i.conf}: changed here, it holds the database passwords",
                     "the system user gesprek", "userdel gesprek",
                     "the database and its accounts", "mariadb-dump --single-transaction",
                     "DROP DATABASE gesprek"):
            assert what in said, f"uninstall does not say it leaves {what!r}:\n{r.stdout}"
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_unchanged_install_gets_no_dist_and_uninstall_leaves_no_folder(stack):
    root = reachable_tmpdir("gesprek-uninstall-")
    try:
        make_install(stack.build_dir, root)
        r = make_install(stack.build_dir, root)
        assert "(as shipped)" in r.stdout
        assert not (Install(root).conf.parent / "gesprek.conf.dist").exists(), \
            "no .dist beside a configuration that is as shipped"
        r = make_install(stack.build_dir, root, "uninstall")
        assert list(root.iterdir()) == [], "uninstall leaves something behind"
        assert "changed here" not in r.stdout
    finally:
        shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------------------
# Man pages and units, statically
# ---------------------------------------------------------------------------

MAN_PAGES = ["man8/gesprekd.8", "man8/gesprekctl.8", "man5/gesprek.conf.5"]


@pytest.mark.parametrize("page", MAN_PAGES)
def test_man_page_renders_without_warnings(installed, page):
    path = installed.man / page
    r = run(["groff", "-man", "-ww", "-z", path])
    assert r.returncode == 0 and r.stderr == "", r.stderr
    env = dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8")
    r = run(["man", "--warnings", "-l", path], env=env)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert "NAME" in r.stdout and "SEE ALSO" in r.stdout


def test_man_pages_document_every_key_and_command(installed):
    conf_c = (REPO / "fcgi/base/conf.c").read_text()
    keys = re.findall(r'\{"(\w+)", "(\w+)", K_', conf_c)
    assert len(keys) > 30
    conf5 = (installed.man / "man5/gesprek.conf.5").read_text()
    for section, key in keys:
        assert f".SH [{section}]" in conf5, section
        assert re.search(rf"^\.B {key}$", conf5, re.M), f"[{section}] {key} undocumented"
    # The command table of gesprekctl (its usage is written from it): the
    # words of each command, e.g. "cycle start".
    table = (REPO / "fcgi/ctl/gesprekctl.c").read_text().split("commands[] = {", 1)[1]
    commands = set(re.findall(r'\{ \{ "([a-z][a-z -]*)",', table.split("\n};", 1)[0]))
    assert {"migrate", "check", "status", "cycle start", "mail-send"} <= commands
    ctl8 = (installed.man / "man8/gesprekctl.8").read_text()
    for cmd in commands:
        man = re.escape(cmd.replace("-", "\\-"))
        assert re.search(rf'^\.B[IR]? "?{man}\b', ctl8, re.M), f"gesprekctl {cmd} undocumented"


def unit_copy_with_installed_paths(installed, tmp_path):
    """The units with /usr/local/sbin pointing into DESTDIR, for systemd-analyze."""
    for name in ("gesprekd.socket", "gesprekd.service"):
        text = (installed.units / name).read_text()
        text = text.replace(f"{PREFIX}/sbin/", f"{installed.sbin}/")
        (tmp_path / name).write_text(text)
    return tmp_path / "gesprekd.service"


def test_systemd_timers_verify(installed, tmp_path):
    """The scheduled work: each timer with its service, as systemd reads
    them, and the schedules the README promises."""
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    units = []
    for name in TIMERS:
        for suffix in (".timer", ".service"):
            text = (installed.units / f"{name}{suffix}").read_text()
            (tmp_path / f"{name}{suffix}").write_text(
                text.replace(f"{PREFIX}/sbin/", f"{installed.sbin}/"))
            units.append(tmp_path / f"{name}{suffix}")
    r = run(["systemd-analyze", "verify", "--man=no", *units])
    assert r.returncode == 0 and not r.stderr.strip(), r.stderr
    schedules = {name: unit_values(installed.units / f"{name}.timer")["OnCalendar"]
                 for name in TIMERS}
    assert schedules["gesprek-mail"] == "minutely"
    r = run(["systemd-analyze", "calendar", "--iterations=2", schedules["gesprek-purge"]])
    assert r.returncode == 0, r.stderr
    nxt = re.findall(r"\d\d:(\d\d):00", r.stdout)
    assert len(nxt) >= 2 and int(nxt[1]) - int(nxt[0]) in (10, -50), r.stdout
    r = run(["systemd-analyze", "calendar", "--iterations=2", schedules["gesprek-retention"]])
    days = re.findall(r"\d{4}-\d\d-(\d\d) \d\d:\d\d:\d\d", r.stdout)
    assert r.returncode == 0 and len(days) >= 2 and days[0] != days[1], "daily: " + r.stdout
    r = run(["systemd-analyze", "calendar", "--iterations=2", schedules["gesprek-sync"]])
    hours = re.findall(r"\d{4}-\d\d-\d\d (\d\d):\d\d:\d\d", r.stdout)
    assert r.returncode == 0 and len(hours) >= 2 and int(hours[0]) < 6, "nightly: " + r.stdout


def test_systemd_units_verify_and_are_hardened(installed, tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    service = unit_copy_with_installed_paths(installed, tmp_path)
    r = run(["systemd-analyze", "verify", "--man=no", tmp_path / "gesprekd.socket", service])
    assert r.returncode == 0 and not r.stderr.strip(), r.stderr
    r = run(["systemd-analyze", "security", "--offline=yes", service])
    m = re.search(r"Overall exposure level for gesprekd\.service: ([0-9.]+)", r.stdout)
    assert m, r.stdout[-2000:] + r.stderr
    assert float(m.group(1)) < 4.0, r.stdout[-3000:]
    svc = unit_values(service)
    for key, value in (("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"),
                       ("PrivateTmp", "yes"), ("RuntimeDirectory", "gesprek"),
                       ("RuntimeDirectoryPreserve", "yes"), ("KillMode", "mixed")):
        assert svc.get(key) == value, key
    assert set(svc["CapabilityBoundingSet"].split()) == set(SYSTEMD_CAPS)


def size_of(value):
    m = re.fullmatch(r"(\d+)([kKmM]?)", value.strip())
    return int(m.group(1)) * {"": 1, "k": 1024, "K": 1024, "m": 1 << 20, "M": 1 << 20}[m.group(2)]


def test_web_server_body_limits_match_gesprekd(installed):
    upload = size_of(installed.shipped_conf()["limits"]["upload"])
    nginx = size_of(re.search(r"client_max_body_size (\w+);", installed.nginx_snippet.read_text()).group(1))
    apache = int(re.search(r"RewriteCond %\{HTTP:Content-Length\} -gt(\d+)\n\s*RewriteRule \^ - \[R=413,L\]",
                           installed.apache_snippet.read_text()).group(1))
    for limit in (nginx, apache):
        # Just above: gesprekd answers over-size uploads itself, with its page.
        assert upload < limit <= upload * 1.25
    assert 'fastcgi_param HTTP_PROXY "";' in installed.nginx_snippet.read_text()
    assert "RequestHeader unset Proxy early" in installed.apache_snippet.read_text()


# ---------------------------------------------------------------------------
# The installed gesprekd: database, configuration, PAM, socket activation
# ---------------------------------------------------------------------------

class Served:
    """The installed gesprekd and what it runs on."""

    def __init__(self, stack, inst, work):
        self.stack, self.inst, self.work = stack, inst, work
        self.conf = work / "gesprek.conf"
        self.pam_dir = work / "pam"
        self.passdb = work / "pam" / "passdb"
        self.sock_dir = work / "sock"
        self.socket = self.sock_dir / "gesprekd.sock"
        self.log = work / "gesprekd.log"
        self.proc = None
        self.watchdog = None   # stops gesprekd if pytest is killed outright
        self.lsock = None

    def ctl(self, *args, conf=None, check=True):
        r = run([self.inst.sbin / "gesprekctl", "-c", conf or self.conf, *args],
                env=self.stack.env(), timeout=300)
        if check:
            assert r.returncode == 0, f"gesprekctl {args}: {r.stdout}\n{r.stderr}"
        return r

    def sql(self, query):
        return self.stack.sql(query, db=DB_NAME)

    def env(self):
        """The stack's sanitizer and pam_wrapper settings, with our PAM dir."""
        env = self.stack.env(pam=True)
        env["PAM_WRAPPER_SERVICE_DIR"] = str(self.pam_dir)
        return env

    def answers(self):
        params = {"REQUEST_METHOD": "GET", "REQUEST_URI": "/login", "QUERY_STRING": "",
                  "REMOTE_ADDR": "127.0.0.1"}
        try:
            return fcgi_request(self.socket, params, timeout=5)[0] == 200
        except OSError:
            return False


def create_database(stack):
    """The database and its two accounts as README's step 3 makes them."""
    stack.sql(f"DROP DATABASE IF EXISTS {DB_NAME}", db=None)
    for user in (APP_USER, SCHEMA_USER):
        stack.sql(f"DROP USER IF EXISTS '{user}'@'localhost'", db=None)
    stack.sql(f"CREATE DATABASE {DB_NAME} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; "
              f"CREATE USER '{APP_USER}'@'localhost' IDENTIFIED BY '{APP_PASSWORD}'; "
              f"GRANT {APP_GRANTS} ON {DB_NAME}.* TO '{APP_USER}'@'localhost'; "
              f"CREATE USER '{SCHEMA_USER}'@'localhost' IDENTIFIED BY '{SCHEMA_PASSWORD}'; "
              f"GRANT {SCHEMA_GRANTS} ON {DB_NAME}.* TO '{SCHEMA_USER}'@'localhost'", db=None)


def write_conf(served, path=None, **extra):
    """The shipped gesprek.conf with what differs on this test machine,
    plus `extra` {section: {key: value}}; written to path (default
    served.conf), mode 0600 as installed."""
    st, inst = served.stack, served.inst
    shipped = inst.shipped_conf()
    values = {
        "database": {"socket": st.db_socket, "name": DB_NAME,
                     "user": APP_USER, "password": APP_PASSWORD,
                     "migrate_user": SCHEMA_USER, "migrate_password": SCHEMA_PASSWORD},
        "server": {"listen": f"unix:{served.socket}",
                   # gesprekd drops to `gesprek` as shipped; no such user here.
                   "user": stack_mod.NSS_NOBODY if st.is_root else "",
                   "runtime_dir": served.work / "run"},
        "paths": {k: inst.real(shipped["paths"][k]) for k in ("stylesheets", "migrations")},
        # No group gesprek-hr on this machine: HR comes from employee.is_hr.
        "auth": {"hr_group": ""},
    }
    for section, kv in extra.items():
        values.setdefault(section, {}).update(kv)
    path = path or served.conf
    path.write_text(conf_set(inst.conf.read_text(), values))
    os.chmod(path, 0o600)
    return path


def write_pam(served, logins):
    """The shipped PAM file; what it includes comes from pam_matrix.  Its
    @include names become absolute: libpam (1.5.2) looks for included files
    in /etc/pam.d even when pam_wrapper points the service elsewhere."""
    d = served.pam_dir
    d.mkdir(mode=0o755)
    matrix = (stack_mod._find_lib("pam_wrapper/pam_matrix.so")
              or "/usr/lib/x86_64-linux-gnu/pam_wrapper/pam_matrix.so")
    (d / "gesprek").write_text(substitute(served.inst.pam.read_text(), [
        ("\n@include common-auth\n", f"\n@include {d}/common-auth\n"),
        ("\n@include common-account\n", f"\n@include {d}/common-account\n")], "PAM file"))
    (d / "common-auth").write_text(f"auth required {matrix} passdb={served.passdb}\n")
    (d / "common-account").write_text(f"account required {matrix} passdb={served.passdb}\n")
    (d / "other").write_text("auth required pam_deny.so\naccount required pam_deny.so\n")
    served.passdb.write_text("".join(f"{l}:{stack_mod.DEMO_PASSWORD}:gesprek\n" for l in logins))
    for f in d.iterdir():
        os.chmod(f, 0o644)


def activation_socket(served):
    """The listening socket as gesprekd.socket makes it: its path's folder
    with DirectoryMode, the socket with SocketMode and SocketGroup."""
    unit = unit_values(served.inst.units / "gesprekd.socket")
    served.sock_dir.mkdir(mode=int(unit["DirectoryMode"], 8))
    os.chmod(served.sock_dir, int(unit["DirectoryMode"], 8))
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(str(served.socket))
    os.chmod(served.socket, int(unit["SocketMode"], 8))
    os.chown(served.socket, 0 if served.stack.is_root else -1,
             grp.getgrnam(unit["SocketGroup"]).gr_gid)
    s.listen(128)
    return s


def setpriv_prefix(inst):
    """setpriv with the service unit's bounding set and no_new_privs."""
    svc = unit_values(inst.units / "gesprekd.service")
    caps = ",".join("+" + SYSTEMD_CAPS[c] for c in svc["CapabilityBoundingSet"].split())
    out = ["setpriv", f"--bounding-set=-all,{caps}"]
    if svc.get("NoNewPrivileges") == "yes":
        out.append("--no-new-privs")
    return out


def start_gesprekd(served, lsock):
    """As systemd starts gesprekd.service: the socket on descriptor 3,
    LISTEN_PID and LISTEN_FDS set, ExecStart's command line."""
    svc = unit_values(served.inst.units / "gesprekd.service")
    cmd = svc["ExecStart"].replace(f"{PREFIX}/sbin/", f"{served.inst.sbin}/")
    cmd = cmd.replace(f"{SYSCONFDIR}/gesprek/gesprek.conf", str(served.conf))
    prefix = " ".join(setpriv_prefix(served.inst)) if served.stack.is_root else ""
    fd = lsock.fileno()
    script = f"exec 3<&{fd}; export LISTEN_PID=$$ LISTEN_FDS=1; exec {prefix} {cmd}"
    with open(served.log, "ab") as out:
        served.proc = subprocess.Popen(["bash", "-c", script], env=served.env(), pass_fds=(fd,),
                                       stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                       preexec_fn=stack_mod._child_setup)
    served.watchdog = stack_mod._start_watchdog(served.proc.pid)
    ok = stack_mod.wait_until(served.answers, T_START, proc=served.proc)
    assert ok, f"installed gesprekd does not answer:\n{stack_mod.tail(served.log)}"


def stop_gesprekd(served):
    """SIGTERM, as systemd's KillMode=mixed sends it; the exit status."""
    p, served.proc = served.proc, None
    w, served.watchdog = served.watchdog, None
    if w is not None:
        w.kill()
        w.wait(10)
    if p is None or p.poll() is not None:
        return None if p is None else p.returncode
    p.send_signal(signal.SIGTERM)
    try:
        return p.wait(T_STOP)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait(10)
        return "killed"


def remove_pam_wrapper_copies(served):
    """pam_wrapper copies our PAM dir to /tmp/pam.X; remove ours once unused."""
    for d in Path("/tmp").glob("pam.?"):
        try:
            ours = str(served.passdb) in (d / "common-auth").read_text()
            pid = int((d / "pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
        if ours and not stack_mod._pid_alive(pid):
            shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="module")
def served(stack, installed):
    work = reachable_tmpdir("gesprek-served-")
    s = Served(stack, installed, work)
    try:
        create_database(stack)
        write_conf(s)
        s.lsock = activation_socket(s)
        yield s
    finally:
        rc = stop_gesprekd(s)
        if s.lsock is not None:
            s.lsock.close()
        remove_pam_wrapper_copies(s)
        if os.environ.get("GESPREK_LOG_DIR"):
            logs = Path(os.environ["GESPREK_LOG_DIR"]) / "install"
            logs.mkdir(parents=True, exist_ok=True)
            for f in work.rglob("*.log"):
                shutil.copy(f, logs / f"{f.parent.name}-{f.name}")
        shutil.rmtree(work, ignore_errors=True)
        stack.sql(f"DROP DATABASE IF EXISTS {DB_NAME}; DROP USER IF EXISTS '{APP_USER}'@'localhost'; "
                  f"DROP USER IF EXISTS '{SCHEMA_USER}'@'localhost'", db=None)
        assert rc in (None, 0), f"installed gesprekd exited with {rc}"


@pytest.fixture(scope="module")
def running(served):
    """The schema by the unit's pre-start step, the demo organisation, and
    gesprekd started as systemd would."""
    svc = unit_values(served.inst.units / "gesprekd.service")
    pre = svc["ExecStartPre"].split()
    assert Path(pre[0]).name == "gesprekctl" and pre[-1] == "migrate"
    served.ctl("migrate")
    served.ctl("demo")
    logins = served.ctl("demo", "--logins").stdout.split()
    write_pam(served, logins)
    start_gesprekd(served, served.lsock)
    return served


# ---------------------------------------------------------------------------
# gesprekctl check
# ---------------------------------------------------------------------------

def check_lines(result):
    lines = result.stdout.splitlines()
    assert lines and all(l.startswith(("ok: ", "warn: ", "FAIL: ")) for l in lines), result.stdout
    return lines


def test_readme_grants_what_is_tested_here():
    readme = " ".join((REPO / "README").read_text().split())
    assert f"GRANT {APP_GRANTS} ON gesprek.* TO 'gesprek'@'localhost'" in readme
    assert f"GRANT {SCHEMA_GRANTS} ON gesprek.* TO 'gesprek_schema'@'localhost'" in readme


def test_least_privileged_account_cannot_change_the_schema(served):
    r = run(["mariadb", "--no-defaults", "-S", served.stack.db_socket, "-u", APP_USER,
             f"-p{APP_PASSWORD}", DB_NAME, "-e", "CREATE TABLE not_allowed (i INT)"])
    assert r.returncode != 0 and "denied" in r.stderr, r.stderr


def test_check_passes_on_the_installation(running):
    r = running.ctl("check", "--pam-dir", running.pam_dir, check=False)
    lines = check_lines(r)
    assert r.returncode == 0, r.stdout
    assert not [l for l in lines if l.startswith("warn: ")], r.stdout
    text = "\n".join(lines)
    for expect in ("configuration", "database gesprek_inst", "schema is current",
                   "migrate_user gi_schema", "socket_mode 0660", "PAM service file",
                   "stylesheets in", "answers GET /health over FastCGI on",
                   "holds no more than SELECT, INSERT, UPDATE, DELETE"):
        assert expect in text, f"no check of {expect!r}:\n{text}"


def test_check_names_what_is_wrong_and_how_to_fix_it(running):
    work = running.work / "broken"
    work.mkdir()
    empty = f"{DB_NAME}_empty"
    running.stack.sql(f"DROP DATABASE IF EXISTS {empty}; CREATE DATABASE {empty}; "
                      f"GRANT {APP_GRANTS} ON {empty}.* TO '{APP_USER}'@'localhost'", db=None)
    xslt = shutil.copytree(running.inst.real(f"{SHARE}/xslt"), work / "xslt")
    (xslt / "dossier.xsl").unlink()
    (work / "pam").mkdir()
    conf = write_conf(running, work / "gesprek.conf",
                      database={"name": empty},
                      server={"socket_group": "no-such-group-gi", "user": "no-such-user-gi"},
                      paths={"stylesheets": xslt})
    os.chmod(conf, 0o644)
    try:
        r = running.ctl("check", "--pam-dir", work / "pam", conf=conf, check=False)
    finally:
        running.stack.sql(f"DROP DATABASE IF EXISTS {empty}", db=None)
    lines = check_lines(r)
    assert r.returncode == 1
    fails = "\n".join(l for l in lines if l.startswith("FAIL: "))
    for expect in (r"every local user can read it \(chmod 600",
                   r"user no-such-user-gi does not exist \(useradd",
                   r"migration\(s\) of .* pending; gesprekd will not start \(run gesprekctl migrate\)",
                   r"socket_group no-such-group-gi does not exist",
                   r"PAM service file .*/pam/gesprek: No such file",
                   r"dossier\.xsl is missing"):
        assert re.search(expect, fails), f"no FAIL matching {expect!r} in:\n{r.stdout}"


def test_check_reports_a_configuration_that_does_not_load(served):
    bad = served.work / "bad.conf"
    bad.write_text("[server]\nthreads = 4\nbogus = 1\n")
    r = served.ctl("check", conf=bad, check=False)
    assert r.returncode == 1
    assert check_lines(r) == [
        f"FAIL: configuration: {bad}:3: unknown key (fix it: every key is described in "
        "gesprek.conf(5); the other checks need a configuration that loads)"]


# ---------------------------------------------------------------------------
# Behind nginx and Apache, with the shipped snippets
# ---------------------------------------------------------------------------

CERT_PLACEHOLDER = "/etc/ssl/certs/gesprek.example.org.pem"
KEY_PLACEHOLDER = "/etc/ssl/private/gesprek.example.org.key"


class Front:
    """A web server in front of the installed gesprekd."""

    def __init__(self, name, work, server_header):
        self.name, self.dir, self.server_header = name, work / name, server_header
        self.dir.mkdir(mode=0o755)
        self.https_port = stack_mod.free_port()
        self.http_port = stack_mod.free_port()
        self.error_log = self.dir / "error.log"
        self.proc = None

    @property
    def base_url(self):
        return f"https://127.0.0.1:{self.https_port}"

    def session(self):
        return StackSession(self.base_url)

    def start(self, cmd):
        with open(self.dir / "stdout.log", "ab") as out:
            self.proc = subprocess.Popen([str(c) for c in cmd], stdin=subprocess.DEVNULL,
                                         stdout=out, stderr=out, preexec_fn=stack_mod._child_setup)
        ok = stack_mod.wait_until(lambda: stack_mod.tcp_accepts(self.https_port), T_START,
                                  proc=self.proc)
        assert ok, (f"{self.name} did not start:\n{stack_mod.tail(self.dir / 'stdout.log')}\n"
                    f"{stack_mod.tail(self.error_log)}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(T_STOP)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if self.proc:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)  # workers left behind
            except (ProcessLookupError, PermissionError):
                pass


@pytest.fixture(scope="module")
def tls(running):
    d = running.work / "tls"
    d.mkdir(mode=0o755)
    cert, key = d / "cert.pem", d / "key.pem"
    r = run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=localhost", "-keyout", key, "-out", cert])
    assert r.returncode == 0, r.stderr
    return cert, key


def shipped_snippet(running, path, tls, ports):
    """The snippet with its placeholders (and nothing else) substituted."""
    cert, key = tls
    pairs = [(CERT_PLACEHOLDER, str(cert)), (KEY_PLACEHOLDER, str(key)),
             ("gesprek.example.org", "localhost"),
             ("/run/gesprek/gesprekd.sock", str(running.socket)),
             (f"{SHARE}/", f"{running.inst.real(SHARE)}/")]
    return substitute(substitute(path.read_text(), pairs, path.name), ports, path.name)


def start_nginx(running, tls):
    f = Front("nginx", running.work, "nginx")
    d = f.dir
    shutil.copy("/etc/nginx/fastcgi_params", d / "fastcgi_params")  # its relative include
    snippet = shipped_snippet(running, running.inst.nginx_snippet, tls, [
        ("listen 443 ssl;", f"listen 127.0.0.1:{f.https_port} ssl;"),
        ("listen 80;", f"listen 127.0.0.1:{f.http_port};")])
    (d / "gesprek.conf").write_text(snippet)
    (d / "tmp").mkdir(mode=0o755)  # nginx makes the folders in it
    temp = "\n".join(f"    {k}_temp_path {d}/tmp/{k};"
                     for k in ("client_body", "fastcgi", "proxy", "uwsgi", "scgi"))
    (d / "nginx.conf").write_text(f"""# tests/integration/test_install.py: nginx around the shipped snippet
user {WEB_USER};
worker_processes 1;
daemon off;
pid {d}/nginx.pid;
error_log {f.error_log} notice;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {d}/access.log;
{temp}
    include {d}/gesprek.conf;
}}
""")
    base = ["/usr/sbin/nginx", "-p", f"{d}/", "-e", f.error_log, "-c", d / "nginx.conf"]
    r = run(base + ["-t", "-q"])
    assert r.returncode == 0, f"nginx rejects the shipped snippet:\n{r.stderr}\n{snippet}"
    f.start(base)
    return f


def start_apache(running, tls):
    if not os.access("/usr/sbin/apache2", os.X_OK):
        pytest.skip("apache2 is not installed (tests/deps.sh installs it)")
    f = Front("apache", running.work, "Apache")
    d = f.dir
    (d / "run").mkdir(mode=0o755)
    snippet = shipped_snippet(running, running.inst.apache_snippet, tls, [
        ("<VirtualHost *:443>", f"<VirtualHost *:{f.https_port}>"),
        ("<VirtualHost *:80>", f"<VirtualHost *:{f.http_port}>")])
    (d / "gesprek.conf").write_text(snippet)
    modules = "\n".join(f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so" for m in (
        "mpm_event", "authz_core", "mime", "alias", "headers", "rewrite", "proxy",
        "proxy_fcgi", "socache_shmcb", "ssl"))
    (d / "httpd.conf").write_text(f"""# tests/integration/test_install.py: Apache around the shipped snippet
ServerRoot "{d}"
ServerName localhost
PidFile {d}/httpd.pid
DefaultRuntimeDir {d}/run
Mutex file:{d}/run default
ErrorLog {f.error_log}
LogLevel warn
LogFormat "%h \\"%r\\" %>s %b" brief
CustomLog {d}/access.log brief
User {WEB_USER}
Group {WEB_USER}
Listen 127.0.0.1:{f.https_port}
Listen 127.0.0.1:{f.http_port}
{modules}
TypesConfig /etc/mime.types
StartServers 1
Include {d}/gesprek.conf
""")
    base = ["/usr/sbin/apache2", "-f", d / "httpd.conf"]
    r = run(base + ["-t"])
    assert r.returncode == 0, f"Apache rejects the shipped snippet:\n{r.stderr}\n{snippet}"
    f.start(base + ["-DFOREGROUND"])
    return f


@pytest.fixture(scope="module", params=["nginx", "apache"])
def front(request, running, tls):
    f = (start_nginx if request.param == "nginx" else start_apache)(running, tls)
    yield f
    f.stop()


def eva_conversation(running):
    rows = running.sql(
        "SELECT c.id FROM conversation c JOIN dossier d ON d.id = c.dossier_id "
        "JOIN employee e ON e.id = d.employee_id JOIN cycle y ON y.id = d.cycle_id "
        f"WHERE e.login = 'eva' AND y.id = {demo_cycle(running).id} ORDER BY c.seq LIMIT 1")
    assert rows, "the demo organisation has no dossier for eva in its cycle"
    return int(rows[0][0])


def test_static_files_come_from_the_web_server(front, running):
    r = front.session().get("/static/gesprek.css")
    assert r.status_code == 200
    assert r.content == (running.inst.real(SHARE) / "xslt/static/gesprek.css").read_bytes()
    assert r.headers["Content-Type"].startswith("text/css")
    assert r.headers.get("Server", "").startswith(front.server_header)
    assert "max-age=31536000" in r.headers.get("Strict-Transport-Security", "")


def test_plain_http_sends_the_browser_to_https(front):
    s = StackSession(f"http://127.0.0.1:{front.http_port}")
    r = s.get("/login", allow_redirects=False)
    assert r.status_code == 301 and r.headers["Location"].startswith("https://")


def test_login_save_a_form_and_export(front, running):
    s = front.session()
    r = login(s, "eva", "demo")
    assert r.status_code == 303, stack_mod.tail(running.log)
    assert r.headers["Location"] == "/"
    assert s.cookies.get(COOKIE)
    home = s.get("/")
    assert home.status_code == 200 and "text/html" in home.headers["Content-Type"]
    cid = eva_conversation(running)
    csrf = xml(s.get("/.xml")).get("csrf")
    text = f"Opmerking via {front.name} en het geïnstalleerde gesprekd"
    r = s.post(f"/conversations/{cid}/remarks", data={"text": text, "csrf": csrf},
               allow_redirects=False)
    assert r.status_code == 303, r.text[:2000]
    assert s.get(r.headers["Location"]).status_code == 200
    assert running.sql(f"SELECT COUNT(*) FROM remark WHERE conversation_id = {cid} AND "
                       f"text = {stack_mod.sql_quote(text)}") == [("1",)]
    r = s.get(f"/conversations/{cid}.xml")  # the page's data, as XML
    assert r.status_code == 200 and "xml" in r.headers["Content-Type"]
    assert text in r.text
    # HR's export of the cycle.
    hr = front.session()
    assert login(hr, "hanna", "demo").status_code == 303
    cycle = demo_cycle(running).id
    r = hr.get(f"/reports/cycles/{cycle}.xml")
    assert r.status_code == 200 and "xml" in r.headers["Content-Type"], r.text[:1000]
    assert "eva" in xml(r).xpath("//*[local-name() = 'employee']/@login")


def test_body_over_the_snippets_limit_is_refused_by_the_web_server(front):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    head = ("POST /login HTTP/1.1\r\nHost: localhost\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {12 * 1024 * 1024}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", front.https_port), timeout=15) as raw, \
            ctx.wrap_socket(raw, server_hostname="localhost") as s:
        s.sendall(head + b"username=x")
        answer = s.recv(4096)
    assert answer.split()[1] == b"413", answer[:300]
    # The web server's own answer: gesprekd never saw it (it sends a CSP).
    assert b"content-security-policy" not in answer.lower(), answer[:600]


# ---------------------------------------------------------------------------
# Stopping as systemd does, and starting again through the same socket
# ---------------------------------------------------------------------------

def test_stop_keeps_the_activation_socket_and_restart_answers(running):
    assert stop_gesprekd(running) == 0, stack_mod.tail(running.log)
    assert running.socket.is_socket(), "gesprekd removed the socket systemd handed it"
    start_gesprekd(running, running.lsock)
    assert running.answers()
