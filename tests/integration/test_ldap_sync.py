"""The organisation from the directory: `gesprekctl sync` (issue 19).

This module starts its own OpenLDAP `slapd` on 127.0.0.1 (own slapd.conf,
own data folder, a free port; started and stopped here) with a test tree
under ou=People,dc=voorbeeld,dc=test: nested OUs as departments, people
with `manager` DNs, a disabled account (Active Directory's
userAccountControl, defined by a small schema of the test), a person whose
manager is outside the base, and non-ASCII names.  The syncs write into a
scratch database of their own (migrated here), because a sync makes the
directory the whole organisation: the stack's own `gesprek` database keeps
its people.  Only the test of the import page runs a sync against
`gesprek`, one that fails (the directory is down) and so changes nothing.

The last test binds with SASL GSSAPI: test_sso.py's private MIT KDC, a
second slapd with a keytab for ldap/localhost, gesprekctl with a client
keytab and no password.

Every tool comes from tests/deps.sh (slapd, ldap-utils, krb5-kdc,
libsasl2-modules-gssapi-mit); a missing one fails the test: tests/run
installs them.
"""

import os
import re
import signal
import socket
import subprocess
import threading

import pytest

import stack as stack_mod
from conftest import login
from helpers import wait_for

DB = "gesprek_ldap"
SUFFIX = "dc=voorbeeld,dc=test"
BASE = f"ou=People,{SUFFIX}"
ADMIN_DN = f"cn=admin,{SUFFIX}"
ADMIN_PW = "admin-ldap-1"
READER_DN = f"cn=gesprek,{SUFFIX}"
READER_PW = "reader-ldap-1"
# An account the server lets read 5 entries per search in all, pages or not.
LIMITED_DN = f"cn=limited,{SUFFIX}"
# A tree beside ou=People, larger than the server's limit of one search
# (SERVER_LIMIT): read only in pages.
BULK = f"ou=Bulk,{SUFFIX}"
BULK_PEOPLE = 1200
SERVER_LIMIT = 500
T_START = 30
T_CMD = 120
SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
LDAPMODIFY = "/usr/bin/ldapmodify"
HR = "hanna"
PASSWORD = "demo"

# Active Directory's account flags, for the test tree: OpenLDAP has no
# userAccountControl, so the test defines it with AD's own OID.
AD_SCHEMA = """
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl'
  EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.55555.1.1 NAME 'gesprekTestAccount' AUXILIARY
  MAY ( userAccountControl ) )
"""


def person(uid, ou_path, name, manager=None, mail=True, uac=None):
    dn = f"uid={uid},{ou_path}"
    lines = [f"dn: {dn}", "objectClass: inetOrgPerson", "objectClass: gesprekTestAccount",
             f"uid: {uid}", f"cn: {name}", f"sn: {name.split()[-1]}", f"displayName: {name}"]
    if mail:
        lines.append(f"mail: {uid}@voorbeeld.test")
    if manager:
        lines.append(f"manager: {manager}")
    if uac is not None:
        lines.append(f"userAccountControl: {uac}")
    return "\n".join(lines) + "\n"


def ou(name, parent):
    return f"dn: ou={name},{parent}\nobjectClass: organizationalUnit\nou: {name}\n"


ICT = f"ou=ICT,{BASE}"
DEV = f"ou=Ontwikkeling,{ICT}"
FIN = f"ou=Financiën,{BASE}"
DIR_OU = f"ou=Directie,{BASE}"
BOSS = f"uid=ldap.baas,{DIR_OU}"
LEAD = f"uid=ldap.lead,{ICT}"


def tree():
    """The test tree as LDIF (UTF-8: slapadd reads it as it is)."""
    entries = [
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: voorbeeld\n"
        "o: Voorbeeld\n",
        f"dn: {READER_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n"
        f"cn: gesprek\nuserPassword: {READER_PW}\n",
        ou("People", SUFFIX), ou("Extern", SUFFIX),
        ou("Directie", BASE), ou("ICT", BASE), ou("Ontwikkeling", ICT), ou("Financiën", BASE),
        person("ldap.baas", DIR_OU, "Bas Baas", uac=512),
        person("ldap.lead", ICT, "Lotte Leider", manager=BOSS, uac=512),
        person("ldap.oud", ICT, "Otto Oud", manager=LEAD, uac=514),
        person("ldap.eva", DEV, "Eva Öztürk", manager=LEAD),
        person("ldap.sjoerd", DEV, "Sjoerd IJsselmeer", manager=LEAD, mail=False),
        person("ldap.zoe", DEV, "Zoë Çelik-Ĳzerman", manager=LEAD),
        person("ldap.jan", FIN, "Jan Jansen", manager=BOSS),
        person("ldap.fenna", FIN, "Fenna Financiën", manager=BOSS),
        person("ldap.gijs", FIN, "Gijs Groen", manager=BOSS),
        person("ldap.extern", FIN, "Xander Extern", manager=f"uid=consultant,ou=Extern,{SUFFIX}"),
        person("consultant", f"ou=Extern,{SUFFIX}", "Carla Consultant"),
        f"dn: {LIMITED_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n"
        f"cn: limited\nuserPassword: {READER_PW}\n",
        ou("Bulk", SUFFIX),
    ]
    entries += [person(f"bulk.{i:04d}", BULK, f"Bülk Persoon {i:04d}")
                for i in range(BULK_PEOPLE)]
    return "\n".join(entries)


ENABLED = {"ldap.baas", "ldap.lead", "ldap.eva", "ldap.sjoerd", "ldap.zoe", "ldap.jan",
           "ldap.fenna", "ldap.gijs", "ldap.extern"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tcp_accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class Slapd:
    """slapd on 127.0.0.1:port with its own slapd.conf and mdb folder."""

    def __init__(self, d, extra_conf="", env=None, host="127.0.0.1"):
        for tool in (SLAPD, SLAPADD, LDAPMODIFY):
            assert os.access(tool, os.X_OK), f"{tool} is missing: tests/deps.sh installs slapd and ldap-utils"
        self.dir = d
        (d / "data").mkdir(parents=True, exist_ok=True)
        (d / "ad.schema").write_text(AD_SCHEMA)
        self.port = free_port()
        self.uri = f"ldap://{host}:{self.port}/"
        listen = f"ldap://127.0.0.1:{self.port}/"
        self.conf = d / "slapd.conf"
        # The default referral answers for every name outside the suffix:
        # the referral test asks for one.
        self.conf.write_text(f"""include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include {d}/ad.schema
pidfile {d}/slapd.pid
argsfile {d}/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
{extra_conf}referral ldap://127.0.0.1:9/
sizelimit size.soft={SERVER_LIMIT} size.hard={SERVER_LIMIT} size.prtotal=unlimited
database mdb
maxsize 104857600
suffix "{SUFFIX}"
rootdn "{ADMIN_DN}"
rootpw {ADMIN_PW}
directory {d}/data
limits dn.exact="{LIMITED_DN}" size.soft=5 size.hard=5 size.prtotal=5
access to attrs=userPassword by anonymous auth by * none
access to * by * read
""")
        (d / "tree.ldif").write_text(tree(), encoding="utf-8")
        subprocess.run([SLAPADD, "-f", str(self.conf), "-l", str(d / "tree.ldif")],
                       check=True, capture_output=True, timeout=T_CMD)
        self.log = open(d / "slapd.log", "ab")
        self.proc = subprocess.Popen([SLAPD, "-h", listen, "-f", str(self.conf), "-d", "0"],
                                     env=env, stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=self.log)
        assert wait_for(lambda: tcp_accepts(self.port), timeout=T_START), \
            (d / "slapd.log").read_text(errors="replace")[-2000:]

    def modify(self, ldif, manage=False):
        """ldapmodify as the admin; manage: with ManageDsaIT (-M), to add or
        delete a referral object itself."""
        r = subprocess.run([LDAPMODIFY, "-x", "-H", self.uri, "-D", ADMIN_DN, "-w", ADMIN_PW,
                            *(["-M"] if manage else [])],
                           input=ldif.encode(), capture_output=True, timeout=T_CMD)
        assert r.returncode == 0, r.stderr.decode(errors="replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.log.close()


@pytest.fixture(scope="module")
def slapd(stack):
    s = Slapd(stack.shared_dir("ldap_slapd"))
    yield s
    s.stop()


def ldap_section(slapd, d, **extra):
    """[ldap] for slapd; the password lies beside gesprek.conf in d, named
    relative to it (as the shipped systemd unit hands it over)."""
    pw = d / "ldap.secret"
    pw.write_text(READER_PW + "\n")
    os.chmod(pw, 0o600)
    section = {"uri": slapd.uri, "bind": "simple", "bind_dn": READER_DN,
               "password_file": pw.name, "base_dn": BASE, "filter": "(objectClass=inetOrgPerson)",
               "login_attribute": "uid", "name_attribute": "displayName",
               "email_attribute": "mail", "manager_attribute": "manager",
               "account_control_attribute": "userAccountControl", "page_size": "500",
               "timeout": "5s"}
    section.update({k: str(v) for k, v in extra.items()})
    return section


def write_conf(stack, path, db, ldap):
    conf = stack.config()
    conf["database"]["name"] = db
    # A small organisation: one leaver of nine is 11 %, over the default
    # 10 % of the guard; 20 % lets one leave and stops three of eight.
    conf["site"]["import_max_deactivate_percent"] = "20"
    conf["ldap"] = ldap
    return stack_mod.write_conf(path, conf)


class Org:
    """The scratch database a sync writes, with its own gesprek.conf."""

    def __init__(self, stack, slapd, d):
        self.stack, self.slapd, self.dir = stack, slapd, d
        stack.scratch_database(DB)
        self.conf = write_conf(stack, d / "gesprek.conf", DB, ldap_section(slapd, d))
        r = self.ctl("migrate")
        assert r.returncode == 0, r.stderr

    def ctl(self, *args, conf=None):
        return subprocess.run([str(self.stack.gesprekctl_bin), "-c", str(conf or self.conf),
                               *args], capture_output=True, text=True, env=self.stack.env(),
                              timeout=T_CMD)

    def conf_with(self, name, **extra):
        return write_conf(self.stack, self.dir / name, DB,
                          ldap_section(self.slapd, self.dir, **extra))

    def sql(self, query):
        return self.stack.sql(query, db=DB)

    def people(self):
        """login -> (name, email, department, parent department, manager login, active)."""
        rows = self.sql(
            "SELECT e.login, e.name, COALESCE(e.email, ''), COALESCE(d.name, ''),"
            " COALESCE(pd.name, ''), COALESCE(m.login, ''), e.active FROM employee e"
            " LEFT JOIN department d ON d.id = e.department_id"
            " LEFT JOIN department pd ON pd.id = d.parent_id"
            " LEFT JOIN employee m ON m.id = e.manager_id ORDER BY e.login")
        return {r[0]: tuple(r[1:6]) + (r[6] == "1",) for r in rows}

    def fingerprint(self):
        """Every row of what a sync may write, to prove nothing changed."""
        return {t: self.sql(f"CHECKSUM TABLE {t} EXTENDED")[0][1]
                for t in ("employee", "department", "department_ancestor", "audit", "session",
                          "department_tree_summary", "department_staff")}

    def last_sync(self):
        rows = self.stack.sql_dicts("SELECT * FROM directory_sync ORDER BY id DESC LIMIT 1", db=DB)
        return rows[0] if rows else None

    def stop(self):
        self.stack.drop_scratch_database(DB)


@pytest.fixture(scope="module")
def org(stack, slapd):
    o = Org(stack, slapd, stack.shared_dir("ldap_org"))
    yield o
    o.stop()


def plan_lines(out, kind):
    return sorted(line.split()[1] for line in out.splitlines()
                  if line.startswith(f"  {kind} "))


# ---- the first sync: plan, then apply ------------------------------------

def test_dry_run_prints_the_plan_and_writes_nothing(org):
    before = org.fingerprint()
    r = org.ctl("sync", "--dry-run")
    assert r.returncode == 0, r.stdout + r.stderr
    assert plan_lines(r.stdout, "new") == sorted(ENABLED), r.stdout
    assert "ldap.oud" not in r.stdout, "a disabled account is no employee"
    assert "consultant" not in plan_lines(r.stdout, "new"), "outside the base"
    assert re.search(r"ldap\.extern: manager uid=consultant,ou=Extern,dc=voorbeeld,dc=test "
                     r"is not among the people read", r.stdout), r.stdout
    assert "10 entries read in 1 page(s) of at most 500, 1 disabled" in r.stdout, r.stdout
    assert "dry run, nothing written" in r.stdout
    assert org.fingerprint() == before
    assert org.people() == {}
    assert org.last_sync() is None, "a dry run stores no result"


def test_apply_creates_the_organisation(org):
    r = org.ctl("sync")
    assert r.returncode == 0, r.stdout + r.stderr
    people = org.people()
    assert set(people) == ENABLED
    assert people["ldap.eva"] == ("Eva Öztürk", "ldap.eva@voorbeeld.test", "Ontwikkeling",
                                  "ICT", "ldap.lead", True)
    assert people["ldap.zoe"][0] == "Zoë Çelik-Ĳzerman"
    assert people["ldap.sjoerd"][1] == "", "no mail attribute: no e-mail"
    assert people["ldap.lead"][2:5] == ("ICT", "", "ldap.baas")
    assert people["ldap.jan"][2] == "Financiën"
    assert people["ldap.extern"][4] == "", "a manager outside the base: none"
    last = org.last_sync()
    assert (last["outcome"], last["added"], last["deactivated"], last["error"]) == \
        ("applied", "9", "0", "")
    assert last["departments"] == "4" and last["entries"] == "10"
    audit = org.sql("SELECT detail FROM audit WHERE entity = 'organisation' AND action = 'import'")
    assert audit == [("import (ldap): 9 new, 0 changed, 0 deactivated, 4 new departments",)]
    again = org.ctl("sync", "--dry-run")
    assert "0 new, 0 changed, 0 deactivated, 9 unchanged" in again.stdout, again.stdout


def test_paging_reads_every_entry_in_pages(org):
    conf = org.conf_with("paged.conf", page_size=3)
    r = org.ctl("sync", "--dry-run", conf=conf)
    assert r.returncode == 0, r.stdout + r.stderr
    # 10 persons under the base (the disabled one among them; the reader,
    # the OUs and the consultant outside the base are not) in pages of 3.
    assert "10 entries read in 4 page(s) of at most 3, 1 disabled" in r.stdout, r.stdout
    assert "0 new, 0 changed, 0 deactivated, 9 unchanged" in r.stdout, r.stdout


def test_a_tree_over_the_servers_limit_is_read_in_pages(org):
    """1200 people under ou=Bulk, a server that answers at most 500 entries
    to one search: the default pages of 500 read them all."""
    r = org.ctl("sync", "--dry-run", conf=org.conf_with("bulk.conf", base_dn=BULK))
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"{BULK_PEOPLE} entries read in 3 page(s) of at most 500, 0 disabled" in r.stdout, \
        r.stdout[-2000:]
    assert len(plan_lines(r.stdout, "new")) == BULK_PEOPLE
    assert "bulk.1199" in plan_lines(r.stdout, "new")


def test_a_server_size_limit_is_a_clear_error(org):
    failed_sync(org, org.conf_with("limited.conf", bind_dn=LIMITED_DN),
                "stopped at its size limit for this account")


# ---- a change in the directory and the second sync -------------------------

def test_a_move_a_leaver_and_a_rename_reach_the_second_sync(org, slapd):
    slapd.modify(f"""dn: uid=ldap.sjoerd,{DEV}
changetype: modrdn
newrdn: uid=ldap.sjoerd
deleteoldrdn: 1
newsuperior: {FIN}

dn: uid=ldap.jan,{FIN}
changetype: modify
replace: userAccountControl
userAccountControl: 514

dn: uid=ldap.eva,{DEV}
changetype: modify
replace: displayName
displayName: Eva Öztürk-de Vries
""")
    r = org.ctl("sync", "--dry-run")
    assert r.returncode == 0, r.stdout + r.stderr
    assert plan_lines(r.stdout, "deactivated") == ["ldap.jan"]
    assert "changed     ldap.sjoerd: department: Ontwikkeling -> Financiën" in r.stdout, r.stdout
    assert "changed     ldap.eva: name: Eva Öztürk -> Eva Öztürk-de Vries" in r.stdout
    r = org.ctl("sync")
    assert r.returncode == 0, r.stdout + r.stderr
    people = org.people()
    assert people["ldap.sjoerd"][2] == "Financiën"
    assert people["ldap.eva"][0] == "Eva Öztürk-de Vries"
    assert people["ldap.jan"][5] is False, "the disabled account is deactivated"
    assert sum(p[5] for p in people.values()) == 8
    last = org.last_sync()
    assert (last["outcome"], last["changed"], last["deactivated"]) == ("applied", "2", "1")


def test_the_deactivation_guard_refuses_many_leavers_and_changes_nothing(org, slapd):
    disable = "\n".join(f"""dn: uid={uid},{FIN}
changetype: modify
replace: userAccountControl
userAccountControl: 514
""" for uid in ("ldap.fenna", "ldap.gijs", "ldap.sjoerd"))
    slapd.modify(disable)
    before, people = org.fingerprint(), org.people()
    r = org.ctl("sync")
    assert r.returncode == 1
    assert "deactivates 3 of 8 active employees" in r.stderr, r.stderr
    assert org.fingerprint() == before and org.people() == people
    last = org.last_sync()
    assert last["outcome"] == "refused"
    assert "would deactivate 3 of 8 active employees" in last["error"]
    # With the confirmation it goes through: the guard, not an error.
    r = org.ctl("sync", "--allow-deactivate")
    assert r.returncode == 0, r.stdout + r.stderr
    assert sum(p[5] for p in org.people().values()) == 5
    enable = disable.replace("514", "512")
    slapd.modify(enable)
    r = org.ctl("sync")
    assert r.returncode == 0, r.stdout + r.stderr
    assert sum(p[5] for p in org.people().values()) == 8, "they are active again"


def test_a_bad_entry_refuses_the_sync_and_names_it(org, slapd):
    """A person without a login: the whole sync is refused (as a file with a
    bad row), the entry named by its DN on the terminal, but not in the
    stored result (a DN names a person)."""
    dn = f"cn=Geen Login,{ICT}"
    slapd.modify(f"dn: {dn}\nchangetype: add\nobjectClass: inetOrgPerson\ncn: Geen Login\n"
                 "sn: Login\n")
    try:
        before = org.fingerprint()
        r = org.ctl("sync")
        assert r.returncode == 1
        assert f"ldap: {dn}: login missing" in r.stdout.splitlines(), r.stdout
        assert org.fingerprint() == before
        last = org.last_sync()
        assert last["outcome"] == "failed"
        assert last["error"].startswith("1 problem(s) in the directory's entries, the first: "
                                        "login missing"), last["error"]
        assert "Geen Login" not in last["error"]
    finally:
        slapd.modify(f"dn: {dn}\nchangetype: delete\n")


# ---- a directory that cannot be read changes nothing -----------------------

def failed_sync(org, conf, *phrases):
    before = org.fingerprint()
    r = org.ctl("sync", conf=conf)
    assert r.returncode == 1
    lines = [l for l in r.stderr.splitlines() if l.startswith("gesprekctl: sync: ")]
    assert lines and lines[-1] == "gesprekctl: sync: nothing changed", r.stderr
    for phrase in phrases:
        assert phrase in lines[0], r.stderr
    assert org.fingerprint() == before
    last = org.last_sync()
    assert last["outcome"] == "failed" and phrases[0] in last["error"]
    return r


def test_a_directory_that_is_down(org):
    port = free_port()
    failed_sync(org, org.conf_with("down.conf", uri=f"ldap://127.0.0.1:{port}/"),
                "cannot reach the directory at ldap://127.0.0.1:")


def test_a_directory_that_does_not_answer_times_out(org):
    """A server that accepts the connection and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    port = listener.getsockname()[1]
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                pass

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        failed_sync(org, org.conf_with("silent.conf", uri=f"ldap://127.0.0.1:{port}/",
                                       timeout="2s"),
                    "did not answer the bind within 2 seconds")
    finally:
        stop.set()
        t.join(5)
        for c in held:
            c.close()
        listener.close()


def test_a_referral_is_a_clear_error(org):
    failed_sync(org, org.conf_with("referral.conf", base_dn="ou=People,dc=elders,dc=test"),
                "refers to ldap://127.0.0.1:9/", "referrals are not followed")


def test_a_search_reference_inside_the_tree_is_a_clear_error(org, slapd):
    """Part of the base held by another server (a referral object under
    ou=People): its people would look like leavers, so nothing is read."""
    dn = f"ou=Elders,{BASE}"
    slapd.modify(f"dn: {dn}\nchangetype: add\nobjectClass: referral\n"
                 "objectClass: extensibleObject\nou: Elders\n"
                 "ref: ldap://127.0.0.1:9/ou=Elders,dc=elders,dc=test\n", manage=True)
    try:
        failed_sync(org, org.conf, "refers to ldap://127.0.0.1:9/ou=Elders,dc=elders,dc=test",
                    "referrals are not followed")
    finally:
        slapd.modify(f"dn: {dn}\nchangetype: delete\n", manage=True)


def test_a_wrong_password_is_refused(org):
    d = org.dir / "wrongpw"
    d.mkdir(exist_ok=True)
    conf = write_conf(org.stack, d / "gesprek.conf", DB, ldap_section(org.slapd, d))
    (d / "ldap.secret").write_text("not-the-password\n")
    failed_sync(org, conf, "refused the bind as cn=gesprek,dc=voorbeeld,dc=test: invalid "
                "credentials")


def test_a_simple_bind_in_clear_text_to_another_host_is_refused(org):
    failed_sync(org, org.conf_with("clear.conf", uri="ldap://ldap.voorbeeld.test/"),
                "would send the password in clear text")


def test_check_reports_the_directory_one_line_each(org, slapd):
    r = org.ctl("check")
    lines = [l for l in r.stdout.splitlines() if l.startswith(("ok: ldap", "FAIL: ldap"))]
    assert lines == [f"ok: ldap: bound to {slapd.uri} as {READER_DN}; base_dn {BASE} is readable"], \
        r.stdout
    r = org.ctl("check", conf=org.conf_with("check_down.conf",
                                            uri=f"ldap://127.0.0.1:{free_port()}/"))
    lines = [l for l in r.stdout.splitlines() if l.startswith(("ok: ldap", "FAIL: ldap"))]
    assert len(lines) == 1 and lines[0].startswith("FAIL: ldap: cannot reach the directory"), \
        r.stdout
    assert r.returncode == 1
    r = org.ctl("check", conf=org.conf_with("check_bad.conf", base_dn="", bind_dn=""))
    lines = [l for l in r.stdout.splitlines() if l.startswith(("ok: ldap", "FAIL: ldap"))]
    assert lines == ["FAIL: ldap: [ldap] base_dn is not set (such as ou=People,dc=example,dc=nl)",
                     "FAIL: ldap: [ldap] bind = simple needs bind_dn (the account gesprek "
                     "reads with)"], r.stdout


# ---- HR sees the last sync on the import page ------------------------------

def test_hr_sees_the_last_sync_on_the_import_page(stack, new_session, shared_tmp_path):
    """A failed sync against the stack's own database: nothing but the
    result row changes, and the import page shows it."""
    conf = write_conf(stack, shared_tmp_path / "gesprek.conf", "gesprek",
                      ldap_section(type("S", (), {"uri": f"ldap://127.0.0.1:{free_port()}/"}),
                                   shared_tmp_path))
    people = stack.sql("SELECT COUNT(*), SUM(active) FROM employee")
    r = subprocess.run([str(stack.gesprekctl_bin), "-c", str(conf), "sync"], capture_output=True,
                       text=True, env=stack.env(), timeout=T_CMD)
    assert r.returncode == 1, r.stdout + r.stderr
    assert stack.sql("SELECT COUNT(*), SUM(active) FROM employee") == people
    s = new_session()
    assert login(s, HR, PASSWORD).status_code == 303
    page = s.get("/admin/import")
    assert page.status_code == 200
    assert "cannot reach the directory" in page.text
    assert "mislukt" in page.text.lower(), "Dutch first"
    xml = s.get("/admin/import.xml")
    assert re.search(r'<directory-sync [^>]*outcome="failed"', xml.text), xml.text[:3000]


# ---- bind = gssapi: Kerberos with a client keytab ---------------------------

def test_a_gssapi_bind_with_a_keytab(stack, org, shared_tmp_path):
    """A private MIT realm (test_sso.py's KDC), a slapd of its own that
    takes SASL GSSAPI with its keytab for ldap/localhost, and gesprekctl
    with bind = gssapi and a client keytab beside its gesprek.conf: no
    password anywhere.  Then a keytab of another principal the KDC does
    not know: the bind fails in one line and nothing changes."""
    from test_sso import Kdc
    d = shared_tmp_path
    (d / "kdc").mkdir(exist_ok=True)
    kdc = Kdc(d / "kdc")
    server = None
    try:
        kdc.kadmin("addprinc -randkey ldap/localhost")
        kdc.kadmin(f"ktadd -k {d}/slapd.keytab ldap/localhost")
        kdc.kadmin("addprinc -randkey gesprek-sync")
        kdc.kadmin(f"ktadd -k {d}/client.keytab gesprek-sync")
        server = Slapd(d / "slapd", extra_conf="sasl-host localhost\n",
                       env=dict(kdc.env, KRB5_KTNAME=f"FILE:{d}/slapd.keytab"), host="localhost")
        # libldap names the service by the host's canonical name (this
        # machine's hostname for localhost); the realm has ldap/localhost:
        # SASL_NOCANON (ldap.conf(5)), given as libldap reads it from the
        # environment.
        env = dict(stack.env(), KRB5_CONFIG=str(kdc.krb5_conf),
                   KRB5CCNAME=f"FILE:{d}/client.ccache", LDAPSASL_NOCANON="on")
        conf = write_conf(stack, d / "gesprek.conf", DB, ldap_section(
            server, d, bind="gssapi", keytab="client.keytab", bind_dn="", password_file=""))

        def sync(*args):
            return subprocess.run([str(stack.gesprekctl_bin), "-c", str(conf), "sync", *args],
                                  capture_output=True, text=True, env=env, timeout=T_CMD)
        r = sync("--dry-run")
        assert r.returncode == 0, r.stdout + r.stderr + (d / "slapd" / "slapd.log").read_text()[-2000:]
        assert "10 entries read in 1 page(s)" in r.stdout, r.stdout
        kdc.kadmin("addprinc -randkey gesprek-other")
        kdc.kadmin(f"ktadd -k {d}/other.keytab gesprek-other")
        kdc.kadmin("delprinc -force gesprek-other")
        conf = write_conf(stack, d / "gesprek.conf", DB, ldap_section(
            server, d, bind="gssapi", keytab="other.keytab", bind_dn="", password_file=""))
        env["KRB5CCNAME"] = f"FILE:{d}/other.ccache"
        before = org.fingerprint()
        r = sync()
        assert r.returncode == 1
        lines = [l for l in r.stderr.splitlines() if l.startswith("gesprekctl: sync: ")]
        assert lines[0].startswith("gesprekctl: sync: the bind at ldap://localhost:"), r.stderr
        assert lines[-1] == "gesprekctl: sync: nothing changed"
        assert org.fingerprint() == before
    finally:
        if server:
            server.stop()
        kdc.stop()

