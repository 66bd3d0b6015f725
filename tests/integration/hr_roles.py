"""The people of the split HR roles (issue 17) for the tests: real Unix
accounts, since the roles come from NSS groups (gesprek.conf [auth]
hr_admin_group, hr_advisor_group, auditor_group; tests/stack.py ROLE_GROUPS
names them and makes them as root).  Each account's password is the demo
password, so the authorization matrix's Asker and the browser tests'
Browser log them in as they do the demo people.

  admin     HR administrator
  advisor   HR advisor of Verkoop (eva's Binnendienst lies below it)
  advisor2  HR advisor of Klantenservice (jesse's department)
  auditor   auditor"""

import os
import subprocess
import time
import uuid

from stack import ROLE_GROUPS  # noqa: F401 (the tests name them)

ROOT = os.geteuid() == 0
PASSWORD = "demo"
GROUP = {"admin": ROLE_GROUPS["hr_admin_group"], "advisor": ROLE_GROUPS["hr_advisor_group"],
         "advisor2": ROLE_GROUPS["hr_advisor_group"], "auditor": ROLE_GROUPS["auditor_group"]}
# The demo department each advisor is assigned to.
ASSIGNED = {"advisor": "Verkoop", "advisor2": "Klantenservice"}
NAMES = {"admin": "Ada Beheer", "advisor": "Vera Advies", "advisor2": "Kees Advies",
         "auditor": "Otto Controle"}
# Another test run on this machine may hold /etc/passwd's lock a moment.
SHADOW_TRIES = 20


def system(*cmd, input=None):
    res = None
    for _ in range(SHADOW_TRIES):
        res = subprocess.run(cmd, input=input, text=True, capture_output=True)
        if res.returncode == 0:
            return
        time.sleep(0.5)
    raise AssertionError(f"{' '.join(cmd)} failed: {res.stderr}")


def one(stack, query):
    rows = stack.sql(query)
    assert len(rows) == 1, f"{query}: {rows}"
    return rows[0][0]


def make(stack, assign=True):
    """{role: login} of four new accounts, their employee rows made and the
    advisors assigned (assign=False: none).  remove(stack, logins) undoes
    the accounts."""
    tag = uuid.uuid4().hex[:6]
    logins = {role: f"rl{role[:3]}{role[-1]}{tag}" for role in GROUP}
    for role, login in logins.items():
        system("useradd", "-M", "-s", "/usr/sbin/nologin", "-c", f"{NAMES[role]},,,",
               "-G", GROUP[role], login)
        system("chpasswd", input=f"{login}:{PASSWORD}\n")
        stack.sql(f"INSERT INTO employee (login, name, email, active) VALUES ('{login}',"
                  f" '{NAMES[role]} {tag}', '{login}@example.org', 1)")
    if assign:
        for role, dep in ASSIGNED.items():
            stack.sql(f"INSERT INTO hr_advisor_department (employee_id, department_id)"
                      f" SELECT e.id, d.id FROM employee e, department d"
                      f" WHERE e.login = '{logins[role]}' AND d.name = '{dep}'")
    return logins


def remove(stack, logins):
    """The accounts go; their employee rows stay, inactive (audit rows name
    them)."""
    for login in logins.values():
        subprocess.run(["userdel", login], capture_output=True)
        stack.sql(f"DELETE FROM session WHERE employee_id IN"
                  f" (SELECT id FROM employee WHERE login = '{login}')")
        stack.sql(f"UPDATE employee SET active = 0 WHERE login = '{login}'")


def employee_id(stack, login):
    return int(one(stack, f"SELECT id FROM employee WHERE login = '{login}'"))
