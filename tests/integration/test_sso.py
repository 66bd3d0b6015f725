"""Single sign-on through the web server (issue 19).

A gesprekd of its own on the stack's database, with [auth] method = both,
realm GESPREK.TEST and a trusted listener beside its ordinary one.  The
FastCGI tests speak to both sockets directly (tests/integration/helpers.py
fcgi_request); the Kerberos tests start an MIT KDC for GESPREK.TEST on
127.0.0.1 (own krb5.conf and kdc.conf, database in this module's folder),
a keytab for HTTP/localhost, and Apache (own ServerRoot, 127.0.0.1) with the
shipped conf/apache/gesprek-sso.conf in front of the trusted listener, and
log in with `curl --negotiate` and Chromium.  The shipped nginx snippet's
`location /` is put in front of the trusted listener too (the worst case:
nginx pointed at the wrong socket): a client's Authorization: Basic must
not become REMOTE_USER.

Every tool these tests need comes from tests/deps.sh; a missing one fails
the test (it is not skipped): tests/run installs them.
"""

import os
import re
import shutil
import signal
import socket
import subprocess

import pytest

from helpers import fcgi_request, wait_for
import stack as stack_mod

REALM = "GESPREK.TEST"
OTHER_REALM = "OTHER.TEST"
EVA_PASSWORD = "eva-kerberos-1"
MASTER_PASSWORD = "master-kdc-1"
NEWCOMER = "sso_newcomer"
T_START = 60
T_CMD = 60

KDC_TOOLS = ("/usr/sbin/krb5kdc", "/usr/sbin/kdb5_util", "/usr/sbin/kadmin.local",
             "/usr/bin/kinit", "/usr/sbin/apache2", "/usr/bin/curl")
GSSAPI_MODULE = "/usr/lib/apache2/modules/mod_auth_gssapi.so"
APACHE_MODULES = "/usr/lib/apache2/modules"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unix_accepts(path):
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(str(path))
        return True
    except OSError:
        return False


class SsoGesprekd:
    """gesprekd with method both: plain.sock (untrusted), sso.sock (trusted)."""

    def __init__(self, stack, d):
        self.stack, self.dir = stack, d
        self.plain = d / "plain.sock"
        self.trusted = d / "sso.sock"
        self.log = d / "gesprekd.log"
        conf = stack.config()
        conf["server"].update({"listen": f"unix:{self.plain}", "runtime_dir": str(d / "run"),
                               "page_cache": "no"})
        conf["auth"].update({"method": "both", "realm": REALM,
                             "trusted_listener": f"unix:{self.trusted}"})
        self.conf = stack_mod.write_conf(d / "gesprek.conf", conf)
        self.proc = subprocess.Popen([str(stack.gesprekd_bin), "-c", str(self.conf)],
                                     env=stack.env(pam=True), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=open(self.log, "ab"))
        ok = wait_for(lambda: unix_accepts(self.plain) and unix_accepts(self.trusted),
                      timeout=T_START)
        assert ok, self.log.read_text()[-3000:]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            assert self.proc.wait(60) == 0, self.log.read_text()[-3000:]

    def auth_lines(self):
        return [l for l in self.log.read_text(errors="replace").splitlines() if " auth: " in l]


@pytest.fixture(scope="module")
def sso(stack):
    g = SsoGesprekd(stack, stack.shared_dir("sso"))
    yield g
    g.stop()


def get(sock, path, remote_user=None, cookie=None, extra=None, method="GET", body=b""):
    params = {"REQUEST_METHOD": method, "REQUEST_URI": path, "QUERY_STRING": "",
              "REMOTE_ADDR": "127.0.0.1", "HTTPS": "on", "SERVER_NAME": "localhost"}
    if remote_user is not None:
        params["REMOTE_USER"] = remote_user
    if cookie:
        params["HTTP_COOKIE"] = cookie
    if body:
        params["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        params["CONTENT_LENGTH"] = str(len(body))
    params.update(extra or {})
    return fcgi_request(sock, params, stdin=body)


def header(raw, name):
    head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    return [l.split(":", 1)[1].strip() for l in head.split("\r\n")
            if l.lower().startswith(name.lower() + ":")]


def session_cookie(raw):
    for v in header(raw, "Set-Cookie"):
        name, _, rest = v.partition("=")
        value = rest.split(";", 1)[0]
        if "gesprek" in name and "login" not in name and value:
            return f"{name}={value}"
    return None


def sessions_of(stack, login):
    return int(stack.sql("SELECT COUNT(*) FROM session s JOIN employee e ON e.id = s.employee_id "
                         f"WHERE e.login = {stack_mod.sql_quote(login)}")[0][0])


def page_login(raw):
    """The login of the page's user (/page/user/@login) in a .xml answer."""
    m = re.search(rb'<user [^>]*login="([^"]*)"', raw)
    return m.group(1).decode() if m else None


# ---- FastCGI straight to gesprekd ----------------------------------------

def test_remote_user_on_the_trusted_listener_logs_in(stack, sso):
    before = sessions_of(stack, "eva")
    status, raw = get(sso.trusted, "/.xml", remote_user=f"eva@{REALM}")
    assert status == 200, raw[:2000]
    assert page_login(raw) == "eva"
    cookie = session_cookie(raw)
    assert cookie, raw[:1000]
    assert sessions_of(stack, "eva") == before + 1
    # The session carries on without REMOTE_USER, on either listener.
    status, raw = get(sso.plain, "/.xml", cookie=cookie)
    assert status == 200 and page_login(raw) == "eva"
    # A second request of the same person makes no second session.
    get(sso.trusted, "/.xml", remote_user=f"EVA@{REALM.lower()}", cookie=cookie)
    assert sessions_of(stack, "eva") == before + 1
    assert any("login ok from 127.0.0.1 user eva via remote_user" in l for l in sso.auth_lines())


def test_roles_and_csrf_and_logout_work_as_with_pam(stack, sso):
    status, raw = get(sso.trusted, "/admin", remote_user=f"hanna@{REALM}")
    assert status == 200, raw[:2000]   # hanna is HR in the demo
    cookie = session_cookie(raw)
    status, raw = get(sso.trusted, "/.xml", remote_user=f"hanna@{REALM}", cookie=cookie)
    csrf = re.search(rb'csrf="([0-9a-f]+)"', raw).group(1).decode()
    n = sessions_of(stack, "hanna")
    assert n >= 1
    # Without the session's CSRF token the logout is refused, nothing ends.
    status, _ = get(sso.trusted, "/logout", remote_user=f"hanna@{REALM}", cookie=cookie,
                    method="POST", body=b"csrf=" + b"0" * len(csrf))
    assert status == 403 and sessions_of(stack, "hanna") == n
    status, raw = get(sso.trusted, "/logout", remote_user=f"hanna@{REALM}", cookie=cookie,
                      method="POST", body=f"csrf={csrf}".encode())
    assert status == 303 and header(raw, "Location") == ["/logged-out"], raw[:1000]
    assert sessions_of(stack, "hanna") == n - 1
    # The page after logout does not sign in again, and says why.
    status, raw = get(sso.trusted, "/logged-out", remote_user=f"hanna@{REALM}")
    assert status == 200 and session_cookie(raw) is None
    assert b"logged-out" in raw and b"single sign-on" in raw
    assert sessions_of(stack, "hanna") == n - 1


def test_first_login_creates_the_employee(stack, sso):
    stack.sql(f"DELETE FROM employee WHERE login = '{NEWCOMER}'")
    status, raw = get(sso.trusted, "/.xml", remote_user=f"{NEWCOMER}@{REALM}")
    assert status == 200 and page_login(raw) == NEWCOMER, raw[:2000]
    assert stack.sql(f"SELECT active FROM employee WHERE login = '{NEWCOMER}'") == [("1",)]


def test_another_realm_is_refused(stack, sso):
    before = sessions_of(stack, "eva")
    status, raw = get(sso.trusted, "/", remote_user=f"eva@{OTHER_REALM}")
    assert status == 303 and header(raw, "Location")[0].startswith("/login")
    assert session_cookie(raw) is None and sessions_of(stack, "eva") == before
    status, raw = get(sso.trusted, "/login", remote_user=f"eva@{OTHER_REALM}")
    assert status == 200 and b'id="login-error"' in raw
    assert sessions_of(stack, "eva") == before
    assert any(f"login failed from 127.0.0.1 user eva@{OTHER_REALM} via remote_user" in l
               for l in sso.auth_lines())


def test_a_refused_name_ends_the_session_the_browser_had(stack, sso):
    status, raw = get(sso.trusted, "/.xml", remote_user=f"eva@{REALM}")
    cookie = session_cookie(raw)
    n = sessions_of(stack, "eva")
    # The web server now vouches for someone who is not one of ours.
    status, raw = get(sso.trusted, "/", remote_user=f"eva@{OTHER_REALM}", cookie=cookie)
    assert status == 303 and header(raw, "Location")[0].startswith("/login")
    assert sessions_of(stack, "eva") == n - 1
    status, raw = get(sso.plain, "/", cookie=cookie)
    assert status == 303 and header(raw, "Location")[0].startswith("/login")


def test_a_deactivated_account_is_refused(stack, sso):
    stack.sql(f"DELETE FROM employee WHERE login = '{NEWCOMER}x'")
    get(sso.trusted, "/.xml", remote_user=f"{NEWCOMER}x@{REALM}")
    stack.sql(f"UPDATE employee SET active = 0 WHERE login = '{NEWCOMER}x'")
    before = sessions_of(stack, f"{NEWCOMER}x")
    status, raw = get(sso.trusted, "/", remote_user=f"{NEWCOMER}x@{REALM}")
    assert status == 303 and session_cookie(raw) is None
    assert sessions_of(stack, f"{NEWCOMER}x") == before


def test_remote_user_on_the_untrusted_listener_is_ignored(stack, sso):
    before = sessions_of(stack, "eva")
    status, raw = get(sso.plain, "/", remote_user=f"eva@{REALM}")
    assert status == 303 and header(raw, "Location")[0].startswith("/login")
    assert session_cookie(raw) is None and sessions_of(stack, "eva") == before


def test_a_header_named_remote_user_is_ignored(stack, sso):
    before = sessions_of(stack, "hanna")
    for sock in (sso.trusted, sso.plain):
        status, raw = get(sock, "/", extra={"HTTP_REMOTE_USER": f"hanna@{REALM}",
                                            "HTTP_X_REMOTE_USER": f"hanna@{REALM}"})
        assert status == 303 and session_cookie(raw) is None
    assert sessions_of(stack, "hanna") == before


def test_method_both_without_remote_user_shows_the_password_form(sso):
    for sock in (sso.trusted, sso.plain):
        status, raw = get(sock, "/login")
        assert status == 200 and b'name="password"' in raw and b'id="login-error"' not in raw


def test_remote_user_without_a_trusted_listener_does_not_start(stack, tmp_path):
    conf = stack.config()
    conf["server"].update({"listen": f"unix:{tmp_path}/x.sock", "runtime_dir": str(tmp_path / "run")})
    conf["auth"]["method"] = "remote_user"
    path = stack_mod.write_conf(tmp_path / "bad.conf", conf)
    r = subprocess.run([str(stack.gesprekd_bin), "-c", str(path)], env=stack.env(),
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=T_CMD)
    assert r.returncode != 0
    lines = [l for l in r.stderr.splitlines() if "trusted_listener" in l]
    assert len(lines) == 1, r.stderr
    assert not (tmp_path / "x.sock").exists()


def test_method_remote_user_refuses_the_password_form(stack, tmp_path):
    d = stack.shared_dir("sso-only")
    conf = stack.config()
    conf["server"].update({"listen": f"unix:{d}/plain.sock", "runtime_dir": str(d / "run")})
    conf["auth"].update({"method": "remote_user", "realm": REALM,
                         "trusted_listener": f"unix:{d}/sso.sock"})
    path = stack_mod.write_conf(d / "gesprek.conf", conf)
    p = subprocess.Popen([str(stack.gesprekd_bin), "-c", str(path)], env=stack.env(pam=True),
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=open(d / "log", "ab"))
    try:
        assert wait_for(lambda: unix_accepts(d / "plain.sock"), timeout=T_START)
        status, raw = get(d / "plain.sock", "/login")
        assert status == 200 and b'name="password"' not in raw and b'id="sso-only"' in raw
        before = sessions_of(stack, "eva")
        status, raw = get(d / "plain.sock", "/login", method="POST",
                          body=b"username=eva&password=demo&csrf=x")
        assert status == 403 and sessions_of(stack, "eva") == before
    finally:
        p.send_signal(signal.SIGTERM)
        assert p.wait(60) == 0


def test_a_login_pattern_maps_a_domain_login(stack, tmp_path):
    """[auth] login_pattern instead of a realm: REMOTE_USER VOORBEELD\\eva
    (a Windows domain login) is eva; a name the pattern does not match is
    refused and makes no session."""
    d = stack.shared_dir("sso-pattern")
    conf = stack.config()
    conf["server"].update({"listen": f"unix:{d}/plain.sock", "runtime_dir": str(d / "run")})
    conf["auth"].pop("realm", None)
    conf["auth"].update({"method": "both", "login_pattern": r"^VOORBEELD\\([a-z0-9._-]+)$",
                         "trusted_listener": f"unix:{d}/sso.sock"})
    path = stack_mod.write_conf(d / "gesprek.conf", conf)
    p = subprocess.Popen([str(stack.gesprekd_bin), "-c", str(path)], env=stack.env(pam=True),
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=open(d / "log", "ab"))
    try:
        assert wait_for(lambda: unix_accepts(d / "sso.sock"), timeout=T_START)
        before = sessions_of(stack, "eva")
        status, raw = get(d / "sso.sock", "/.xml", remote_user="voorbeeld\\Eva")
        assert status == 200 and page_login(raw) == "eva", raw[:1000]
        assert sessions_of(stack, "eva") == before + 1
        status, raw = get(d / "sso.sock", "/", remote_user=f"eva@{REALM}")
        assert status == 303 and session_cookie(raw) is None
        assert sessions_of(stack, "eva") == before + 1
    finally:
        p.send_signal(signal.SIGTERM)
        assert p.wait(60) == 0


# ---- the shipped nginx snippet ---------------------------------------------

def shipped_location(stack):
    text = (stack.build_dir / "conf" / "nginx" / "gesprek.conf").read_text()
    m = re.search(r"\n    location / \{\n(.*?)\n    \}\n", text, re.S)
    assert m, "no `location /` in the shipped nginx snippet"
    return m.group(1)


@pytest.fixture(scope="module")
def nginx_front(stack, sso):
    """nginx with the shipped `location /` in front of the TRUSTED socket."""
    d = stack.shared_dir("sso-nginx")
    for sub in ("tmp", "logs"):
        (d / sub).mkdir()
    body = re.sub(r"fastcgi_pass unix:\S+;", f"fastcgi_pass unix:{sso.trusted};",
                  shipped_location(stack))
    body = body.replace("include fastcgi_params;", "include /etc/nginx/fastcgi_params;")
    port = free_port()
    user = f"user {stack_mod.WEB_USER} {stack.web_group};\n" if os.getuid() == 0 else ""
    (d / "nginx.conf").write_text(f"""{user}worker_processes 1;
daemon off;
pid {d}/nginx.pid;
error_log {d}/logs/error.log notice;
events {{ worker_connections 64; }}
http {{
    access_log {d}/logs/access.log;
    client_body_temp_path {d}/tmp;
    fastcgi_temp_path {d}/tmp;
    proxy_temp_path {d}/tmp;
    uwsgi_temp_path {d}/tmp;
    scgi_temp_path {d}/tmp;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        location / {{
{body}
        }}
    }}
}}
""")
    os.chmod(d / "tmp", 0o777)
    base = ["/usr/sbin/nginx", "-p", f"{d}/", "-e", f"{d}/logs/error.log", "-c", str(d / "nginx.conf")]
    r = subprocess.run(base + ["-t", "-q"], capture_output=True, text=True, timeout=T_CMD)
    assert r.returncode == 0, f"nginx rejects the shipped location:\n{r.stderr}\n{body}"
    p = subprocess.Popen(base, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    assert wait_for(lambda: stack_mod.tcp_accepts(port), timeout=T_START)
    yield f"http://127.0.0.1:{port}"
    p.send_signal(signal.SIGTERM)
    p.wait(30)


def test_shipped_nginx_snippet_blanks_basic_auth(stack, sso, nginx_front):
    import requests
    before = sessions_of(stack, "hanna")
    r = requests.get(nginx_front + "/", auth=(f"hanna@{REALM}", "anything"),
                     allow_redirects=False, timeout=30)
    assert r.status_code == 303 and r.headers["Location"].startswith("/login"), r.text[:1000]
    assert sessions_of(stack, "hanna") == before


# ---- Kerberos: KDC, Apache with mod_auth_gssapi, curl and Chromium --------

class Kdc:
    def __init__(self, d):
        for tool in KDC_TOOLS + (GSSAPI_MODULE,):
            assert os.path.exists(tool), f"{tool} is missing: tests/deps.sh installs it"
        self.dir = d
        self.port = free_port()
        self.krb5_conf = d / "krb5.conf"
        self.kdc_conf = d / "kdc.conf"
        self.krb5_conf.write_text(f"""[libdefaults]
    default_realm = {REALM}
    dns_lookup_realm = false
    dns_lookup_kdc = false
    rdns = false
    dns_canonicalize_hostname = false
    udp_preference_limit = 1
[realms]
    {REALM} = {{
        kdc = 127.0.0.1:{self.port}
    }}
[domain_realm]
    localhost = {REALM}
""")
        self.kdc_conf.write_text(f"""[kdcdefaults]
    kdc_ports = {self.port}
    kdc_tcp_ports = {self.port}
[realms]
    {REALM} = {{
        database_name = {d}/principal
        key_stash_file = {d}/stash
        acl_file = {d}/kadm5.acl
        kdc_ports = {self.port}
        kdc_tcp_ports = {self.port}
    }}
[logging]
    kdc = FILE:{d}/kdc.log
""")
        (d / "kadm5.acl").write_text("")
        os.chmod(self.krb5_conf, 0o644)
        self.env = dict(os.environ, KRB5_CONFIG=str(self.krb5_conf),
                        KRB5_KDC_PROFILE=str(self.kdc_conf))
        self.run("/usr/sbin/kdb5_util", "create", "-s", "-r", REALM, "-P", MASTER_PASSWORD)
        self.kadmin(f"addprinc -pw {EVA_PASSWORD} eva")
        self.kadmin("addprinc -randkey HTTP/localhost")
        self.keytab = d / "http.keytab"
        self.kadmin(f"ktadd -k {self.keytab} HTTP/localhost")
        self.proc = subprocess.Popen(["/usr/sbin/krb5kdc", "-n", "-r", REALM], env=self.env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=open(d / "krb5kdc.err", "ab"))
        assert wait_for(lambda: stack_mod.tcp_accepts(self.port), timeout=T_START), \
            (d / "krb5kdc.err").read_text()

    def run(self, *cmd, input=None, env=None):
        r = subprocess.run(cmd, env=env or self.env, input=input, capture_output=True,
                           text=True, timeout=T_CMD)
        assert r.returncode == 0, f"{cmd}: {r.stdout}{r.stderr}"
        return r

    def kadmin(self, query):
        return self.run("/usr/sbin/kadmin.local", "-r", REALM, "-q", query)

    def kinit(self, principal, password, ccache):
        env = dict(self.env, KRB5CCNAME=f"FILE:{ccache}")
        self.run("/usr/bin/kinit", principal, input=password + "\n", env=env)
        return env

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)


class Apache:
    """Apache with the shipped gesprek-sso.conf in front of the trusted socket."""

    def __init__(self, stack, d, kdc, trusted):
        self.dir = d
        self.port = free_port()
        (d / "run").mkdir(mode=0o755)
        # Apache's user reads the keytab through the web group, as the
        # README's install line says (0640 root:www-data).
        keytab = d / "http.keytab"
        shutil.copy(kdc.keytab, keytab)
        os.chmod(keytab, 0o640)
        if os.getuid() == 0:
            shutil.chown(keytab, "root", stack.web_group)
        text = (stack.build_dir / "conf" / "apache" / "gesprek-sso.conf").read_text()
        text = re.sub(r"GssapiCredStore keytab:\S+", f"GssapiCredStore keytab:{keytab}", text)
        text = re.sub(r"ProxyPass / unix:\S+\|", f"ProxyPass / unix:{trusted}|", text)
        (d / "gesprek-sso.conf").write_text(text)
        modules = "\n".join(f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so" for m in (
            "mpm_event", "authz_core", "authn_core", "authz_user", "headers", "proxy",
            "proxy_fcgi", "auth_gssapi"))
        user = (f"User {stack_mod.WEB_USER}\nGroup {stack.web_group}\n"
                if os.getuid() == 0 else "")
        (d / "httpd.conf").write_text(f"""# tests/integration/test_sso.py
ServerRoot "{d}"
ServerName localhost
PidFile {d}/httpd.pid
DefaultRuntimeDir {d}/run
Mutex file:{d}/run default
ErrorLog {d}/error.log
LogLevel warn auth_gssapi:debug
{user}Listen 127.0.0.1:{self.port}
{modules}
StartServers 1
<VirtualHost 127.0.0.1:{self.port}>
    ServerName localhost
    Include {d}/gesprek-sso.conf
</VirtualHost>
""")
        base = ["/usr/sbin/apache2", "-f", str(d / "httpd.conf")]
        env = dict(kdc.env, APACHE_RUN_DIR=str(d / "run"))
        r = subprocess.run(base + ["-t"], env=env, capture_output=True, text=True, timeout=T_CMD)
        assert r.returncode == 0, f"Apache rejects the shipped SSO snippet:\n{r.stderr}\n{text}"
        self.proc = subprocess.Popen(base + ["-DFOREGROUND"], env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=open(d / "stderr", "ab"))
        assert wait_for(lambda: stack_mod.tcp_accepts(self.port), timeout=T_START), \
            (d / "stderr").read_text()
        self.url = f"http://localhost:{self.port}"

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)


@pytest.fixture(scope="module")
def kerberos(stack, sso):
    d = stack.shared_dir("sso-kdc")
    kdc = Kdc(d)
    apache = None
    try:
        apache = Apache(stack, stack.shared_dir("sso-apache"), kdc, sso.trusted)
        yield kdc, apache
    finally:
        if apache:
            apache.stop()
        kdc.stop()


def curl(env, url, *args):
    r = subprocess.run(["/usr/bin/curl", "-4", "-s", "-o", "-", "-w", "\n%{http_code}", *args, url],
                       env=env, capture_output=True, timeout=T_CMD)
    body, _, code = r.stdout.rpartition(b"\n")
    return int(code or 0), body


def test_curl_negotiate_logs_in(stack, sso, kerberos, tmp_path):
    kdc, apache = kerberos
    env = kdc.kinit(f"eva@{REALM}", EVA_PASSWORD, tmp_path / "cc")
    before = sessions_of(stack, "eva")
    code, body = curl(env, apache.url + "/.xml", "--negotiate", "-u", ":")
    assert code == 200, (body[:2000], (apache.dir / "error.log").read_text()[-3000:])
    assert page_login(body) == "eva"
    assert sessions_of(stack, "eva") == before + 1
    # Without a ticket Apache asks for one and gesprekd never sees the request.
    code, _ = curl(dict(kdc.env, KRB5CCNAME=f"FILE:{tmp_path}/none"), apache.url + "/")
    assert code == 401


def test_a_remote_user_header_through_apache_is_ignored(stack, sso, kerberos, tmp_path):
    kdc, apache = kerberos
    env = kdc.kinit(f"eva@{REALM}", EVA_PASSWORD, tmp_path / "cc")
    before = sessions_of(stack, "hanna")
    code, body = curl(env, apache.url + "/.xml", "--negotiate", "-u", ":",
                      "-H", f"Remote-User: hanna@{REALM}", "-H", "X-Remote-User: hanna")
    assert code == 200 and page_login(body) == "eva"
    code, _ = curl(env, apache.url + "/.xml", "-H", f"Remote-User: hanna@{REALM}")
    assert code == 401
    assert sessions_of(stack, "hanna") == before


def test_chromium_logs_in_with_kerberos(stack, sso, kerberos, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    import webtools

    kdc, apache = kerberos
    env = kdc.kinit(f"eva@{REALM}", EVA_PASSWORD, tmp_path / "cc")
    opts = webdriver.ChromeOptions()
    opts.binary_location = webtools.CHROMIUM
    for arg in webtools.CHROME_ARGS:
        opts.add_argument(arg)
    opts.add_argument("--auth-server-allowlist=localhost")
    before = sessions_of(stack, "eva")
    service = Service(webtools.CHROMEDRIVER, log_path=str(tmp_path / "chromedriver.log"),
                      env=env, service_args=["--verbose"])
    d = webdriver.Chrome(service=service, options=opts)
    try:
        d.set_page_load_timeout(120)

        def signed_in():
            # A fresh headless profile answers the very first challenge
            # before its GSSAPI library is loaded (no Authorization header
            # on that request, the next one has it): navigate again.
            d.get(apache.url + "/")
            return 'action="/logout"' in d.page_source
        assert wait_for(signed_in, timeout=60, interval=1), \
            (d.page_source[:1000], (apache.dir / "error.log").read_text()[-2000:])
        # Whose page it is: the user menu names eva's employee row.
        name = stack.sql("SELECT name FROM employee WHERE login = 'eva'")[0][0]
        assert name in d.find_element("css selector", ".session-user").text
    finally:
        d.quit()
    assert sessions_of(stack, "eva") == before + 1


# ---- gesprekctl check --------------------------------------------------------

def ctl_check(stack, path):
    r = subprocess.run([str(stack.gesprekctl_bin), "-c", str(path), "check"],
                       capture_output=True, text=True, env=stack.env(), timeout=120)
    return r, r.stdout.splitlines()


def sso_conf(stack, d, **auth):
    conf = stack.config()
    conf["auth"].update(auth)
    return stack_mod.write_conf(d / "check.conf", conf)


def test_check_names_what_is_wrong_with_the_sso_settings(stack, sso, tmp_path):
    # The module's gesprekd setup: fine, and said so.
    r, lines = ctl_check(stack, sso.conf)
    assert [l for l in lines if l.startswith("ok: method = both")], r.stdout
    assert [l for l in lines if l.startswith("ok: trusted_listener ")], r.stdout
    # remote_user without a trusted listener: one line, naming it.
    r, lines = ctl_check(stack, sso_conf(stack, tmp_path, method="remote_user"))
    assert r.returncode != 0
    bad = [l for l in lines if l.startswith("FAIL:")]
    assert len(bad) == 1 and "trusted_listener" in bad[0], r.stdout
    # A trusted listener on TCP: any local process could send REMOTE_USER.
    r, lines = ctl_check(stack, sso_conf(stack, tmp_path, method="both", realm=REALM,
                                         trusted_listener="tcp:127.0.0.1:9")
                         )
    assert r.returncode != 0
    assert [l for l in lines if l.startswith("FAIL: trusted_listener = tcp:")], r.stdout
    # A trusted listener everyone may connect to.
    conf = stack.config()
    conf["server"]["socket_mode"] = "0666"
    conf["auth"].update(method="both", realm=REALM,
                        trusted_listener=f"unix:{tmp_path}/t.sock")
    r, lines = ctl_check(stack, stack_mod.write_conf(tmp_path / "open.conf", conf))
    assert [l for l in lines if l.startswith("FAIL: trusted_listener ")
            and "every local user" in l], r.stdout
    # method pam with a trusted listener and remote_user without realm: warnings.
    r, lines = ctl_check(stack, sso_conf(stack, tmp_path, method="pam",
                                         trusted_listener=f"unix:{tmp_path}/t.sock"))
    assert [l for l in lines if l.startswith("warn: trusted_listener is set but method = pam")]
    r, lines = ctl_check(stack, sso_conf(stack, tmp_path, method="remote_user", realm="",
                                         trusted_listener=f"unix:{tmp_path}/t.sock"))
    assert [l for l in lines if l.startswith("warn: method = remote_user without realm")]
