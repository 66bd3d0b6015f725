"""The import plan's one deactivation guard (rules/plan.h), on the command
line and on the web page, and applying a kept dry run by its token.

A plan that deactivates more than import_max_deactivate_percent (10) of the
active employees, or any HR member, is applied only with an explicit
confirmation: `gesprekctl import --allow-deactivate`, or the `confirm` box
of the page.  Without it nothing is written.  A dry run on the page keeps
its file on the server (sql/057) for its importer, for an hour; the apply
form carries only the token.

Every test starts from the employees active when it began, adds the people
its file deactivates, and imports the baseline again (confirmed) when it
ends, as test_import.py does."""

import re
import uuid

import pytest
from lxml import html as lxml_html

from conftest import csrf_token, login
from convtools import ORG_TABLES, unchanged
from helpers import text_of, xml

HR = "hanna"
OTHER_HR = "joost"
PASSWORD = "demo"
XML_VIEW = {"Accept": "application/xml"}
HEADER = "login;name;email;department;manager"


@pytest.fixture(autouse=True)
def clean_attempts(stack):
    stack.sql("DELETE FROM login_attempt")


def session_of(new_session, user):
    s = new_session()
    assert login(s, user, PASSWORD).status_code == 303
    # The session's form token, read once here: a GET inside a block that
    # checks the session table is left unchanged could move seen_at.
    s.import_csrf = csrf_token(s.get("/admin/import"), "/admin/import")
    return s


@pytest.fixture
def hr(new_session):
    return session_of(new_session, HR)


def snapshot(stack):
    """The active employees as import rows, in id order; rows whose
    manager is not active are left out (an import could not name them)."""
    rows = stack.sql(
        "SELECT e.login, e.name, COALESCE(e.email, ''), COALESCE(d.name, ''), COALESCE(m.login, '')"
        " FROM employee e LEFT JOIN department d ON d.id = e.department_id"
        " LEFT JOIN employee m ON m.id = e.manager_id WHERE e.active = 1 ORDER BY e.id")
    rows = [tuple(v or "" for v in r) for r in rows]
    logins = {r[0] for r in rows}
    return [r for r in rows if r[4] == "" or r[4] in logins]


@pytest.fixture
def baseline(stack, hr):
    base = snapshot(stack)
    assert any(r[0] == OTHER_HR for r in base)
    yield base
    r = upload(hr, csv_of(base), "apply", confirm=True)
    assert r.status_code == 303, f"restoring the organisation failed:\n{r.text[:3000]}"


def csv_of(rows):
    """Earlier tests leave names with ';' and quotes: quoted as CSV does."""
    def quote(v):
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in ';"\n') else v
    lines = [HEADER] + [";".join(quote(v) for v in r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def upload(s, content, mode, confirm=False, headers=None):
    data = {"csrf": s.import_csrf, "mode": mode}
    if confirm:
        data["confirm"] = "1"
    return s.post("/admin/import", data=data, headers=headers, allow_redirects=False,
                  files={"file": ("org.csv", content, "text/csv")})


def apply_token(s, token, confirm=False, headers=None):
    data = {"csrf": s.import_csrf, "mode": "apply", "token": token}
    if confirm:
        data["confirm"] = "1"
    return s.post("/admin/import", data=data, headers=headers, allow_redirects=False)


def dry_run(s, content):
    r = upload(s, content, "dry-run", headers=XML_VIEW)
    assert r.status_code == 200, r.text[:3000]
    return xml(r).find("import-result")


def active(stack):
    return {r[0] for r in stack.sql("SELECT login FROM employee WHERE active = 1")}


def add_people(stack, n=None, hr=False):
    """Fresh active employees, absent from the baseline, so that importing
    the baseline deactivates exactly them (the demo people keep their
    sessions, which later test modules reuse).  n defaults to just over
    10 % of the active employees once they are added."""
    if n is None:
        n = len(active(stack)) // 9 + 2
    t = tag()
    logins = [f"grd{t}{i}" for i in range(n)]
    stack.sql("INSERT INTO employee (login, name, is_hr) VALUES " + ", ".join(
        f"('{x}', 'Tijdelijk {x}', {1 if hr else 0})" for x in logins))
    return set(logins)


def logins_of(rows):
    return {r[0] for r in rows}


def tag():
    return uuid.uuid4().hex[:8]


# ----------------------------------------------------------- gesprekctl --

def test_gesprekctl_refuses_a_mass_deactivation_without_the_flag(stack, baseline, shared_tmp_path):
    add_people(stack)
    gone = active(stack) - logins_of(baseline)
    total = len(active(stack))
    assert len(gone) * 100 > 10 * total, "the file must trip the share"
    path = shared_tmp_path / "baseline.csv"
    path.write_bytes(csv_of(baseline))

    with unchanged(stack, ORG_TABLES, "gesprekctl import without --allow-deactivate"):
        res = stack.ctl("import", path, check=False)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "--allow-deactivate" in res.stderr and "nothing written" in res.stderr
    assert f"deactivates {len(gone)} of {total} active employees" in res.stderr
    assert "import_max_deactivate_percent (10%)" in res.stderr
    assert active(stack) >= gone

    # The dry run names every one of them, and the flag it would need.
    with unchanged(stack, ORG_TABLES, "gesprekctl import --dry-run"):
        res = stack.ctl("import", path, "--dry-run", check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    listed = set(re.findall(r"^  deactivated (\S+) ", res.stdout, re.M))
    assert listed == gone
    assert "needs --allow-deactivate" in res.stdout

    res = stack.ctl("import", path, "--allow-deactivate", check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "applied" in res.stdout
    assert active(stack) & gone == set()


def test_gesprekctl_guards_hr_members_and_lists_changes(stack, baseline, shared_tmp_path):
    hr_member, = add_people(stack, 1, hr=True)
    new = f"grd{tag()}"
    # One HR member left out, one renamed, one new: far below the share.
    rows = [(r[0], r[1] + " Hernoemd", *r[2:]) if r[0] == "eva" else r for r in baseline]
    rows.append((new, "Nieuw Iemand", "", "", ""))
    path = shared_tmp_path / "nohr.csv"
    path.write_bytes(csv_of(rows))
    eva_name = next(r[1] for r in baseline if r[0] == "eva")

    with unchanged(stack, ORG_TABLES, "gesprekctl import --dry-run"):
        res = stack.ctl("import", path, "--dry-run", check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    assert f"  new         {new} (Nieuw Iemand)" in res.stdout
    assert f"  changed     eva: name: {eva_name} -> {eva_name} Hernoemd" in res.stdout
    assert re.search(rf"^  deactivated {hr_member} \(.*\) \[HR\]$", res.stdout, re.M)

    with unchanged(stack, ORG_TABLES, "gesprekctl import deactivating an HR member"):
        res = stack.ctl("import", path, check=False)
    assert res.returncode == 1
    assert "1 HR member(s)" in res.stderr and "--allow-deactivate" in res.stderr

    assert stack.ctl("import", path, "--allow-deactivate", check=False).returncode == 0
    assert hr_member not in active(stack) and new in active(stack)
    assert "Hernoemd" in stack.sql("SELECT name FROM employee WHERE login = 'eva'")[0][0]


# ------------------------------------------------------------- the page --

def test_dry_run_warns_and_does_not_preselect_import(stack, hr, baseline):
    add_people(stack)
    gone = len(active(stack) - logins_of(baseline))
    total = len(active(stack))
    kept = baseline
    with unchanged(stack, ORG_TABLES, "a dry run"):
        r = upload(hr, csv_of(kept), "dry-run")
    assert r.status_code == 200
    text = text_of(r)
    warning = f"{gone} van {total} actieve medewerkers worden gedeactiveerd"
    assert warning in text
    # At the top: before the counts of the dry run.
    assert text.index(warning) < text.index("Proefimport: dit zou er veranderen")
    page = xml(upload(hr, csv_of(kept), "dry-run", headers=XML_VIEW))
    guard = page.find("import-result/guard")
    assert (guard.get("trips"), guard.get("share"), guard.get("deactivated"), guard.get("active")) \
        == ("1", "1", str(gone), str(total))
    # The HTML: "Import" is not preselected, the confirmation is unchecked.
    doc = lxml_html.fromstring(r.text)
    assert doc.xpath("//input[@name='mode'][@value='apply']/@checked") == []
    box = doc.xpath("//input[@name='confirm']")
    assert len(box) == 1 and box[0].get("checked") is None
    assert doc.xpath("//form[.//input[@name='confirm']]//input[@name='token']/@value")


def test_dry_run_names_an_hr_member_and_applies_only_confirmed(stack, hr, baseline):
    hr_member, = add_people(stack, 1, hr=True)
    rows = baseline
    r = upload(hr, csv_of(rows), "dry-run")
    assert r.status_code == 200
    name = stack.sql(f"SELECT name FROM employee WHERE login = '{hr_member}'")[0][0]
    assert "Onder hen zijn HR-medewerkers:" in text_of(r) and name in text_of(r)
    token = xml(upload(hr, csv_of(rows), "dry-run", headers=XML_VIEW)).find(
        "import-result").get("token")

    with unchanged(stack, ORG_TABLES + ("import_preview",), "apply by token, no confirmation"):
        r = apply_token(hr, token)
    assert r.status_code == 409
    assert "je hebt dat niet bevestigd" in text_of(r)
    assert hr_member in active(stack)

    # Without choosing the file again: the token and the confirmation.
    r = apply_token(hr, token, confirm=True)
    assert r.status_code == 303, r.text[:2000]
    assert hr_member not in active(stack)
    assert stack.sql("SELECT COUNT(*) FROM import_preview")[0][0] == "0", "deleted on apply"
    hr.get("/admin/import")    # shows (and so clears) the flash of the session
    with unchanged(stack, ORG_TABLES, "the same token again"):
        r = apply_token(hr, token, confirm=True)
    assert r.status_code == 400 and "bestaat niet meer" in text_of(r)


def test_direct_apply_without_confirmation_changes_nothing(stack, hr, baseline):
    add_people(stack)
    gone = active(stack) - logins_of(baseline)
    kept = baseline
    with unchanged(stack, ORG_TABLES, "apply of a file without confirmation"):
        r = upload(hr, csv_of(kept), "apply", headers=XML_VIEW)
    assert r.status_code == 409
    page = xml(r)
    assert page.find("alert").get("key") == "import.guard.refused"
    # The refused file is kept: confirming needs no new upload.
    token = page.find("import-result").get("token")
    assert re.fullmatch(r"[0-9a-f]{64}", token)
    r = apply_token(hr, token, confirm=True)
    assert r.status_code == 303
    assert active(stack) & gone == set()


def test_a_small_import_applies_by_token_without_confirmation(stack, hr, baseline):
    new = f"grd{tag()}"
    res = dry_run(hr, csv_of(baseline + [(new, "Klein Nieuw", "", "", "")]))
    assert res.find("guard").get("trips") == "0"
    r = apply_token(hr, res.get("token"))
    assert r.status_code == 303
    assert new in active(stack)


def test_another_users_token_is_refused(stack, hr, baseline, new_session):
    new = f"grd{tag()}"
    token = dry_run(hr, csv_of(baseline + [(new, "Van Hanna", "", "", "")])).get("token")
    other = session_of(new_session, OTHER_HR)
    with unchanged(stack, ORG_TABLES + ("import_preview",), "another HR member's apply"):
        r = apply_token(other, token, confirm=True, headers=XML_VIEW)
    assert r.status_code == 400
    assert xml(r).find("alert").get("key") == "import.preview_gone"
    # Still hanna's to apply.
    assert apply_token(hr, token).status_code == 303
    assert new in active(stack)


@pytest.mark.parametrize("how", ["expired", "unknown", "malformed"])
def test_expired_or_unknown_token_is_a_clear_error(stack, hr, baseline, how):
    new = f"grd{tag()}"
    token = dry_run(hr, csv_of(baseline + [(new, "Verlopen", "", "", "")])).get("token")
    if how == "expired":
        stack.sql("UPDATE import_preview SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND")
    elif how == "unknown":
        token = uuid.uuid4().hex * 2
    else:
        token = "niet-hex"
    with unchanged(stack, ORG_TABLES, f"an {how} token"):
        r = apply_token(hr, token, confirm=True)
    assert r.status_code == 400
    assert "Deze proefimport bestaat niet meer" in text_of(r)
    assert new not in active(stack)


def test_a_plan_that_changed_since_the_preview_is_shown_again(stack, hr, baseline):
    add_people(stack)
    res = dry_run(hr, csv_of(baseline))
    token = res.get("token")
    before = {e.get("login") for e in res.find("deactivated")}
    # Someone is added meanwhile: the file would deactivate them too.
    late = f"laat{tag()}"
    stack.sql(f"INSERT INTO employee (login, name) VALUES ('{late}', 'Laat Toegevoegd')")
    with unchanged(stack, ORG_TABLES, "apply of a preview that no longer holds"):
        r = apply_token(hr, token, confirm=True, headers=XML_VIEW)
    assert r.status_code == 409
    page = xml(r)
    assert page.find("alert").get("key") == "import.preview_differs"
    now = {e.get("login") for e in page.find("import-result/deactivated")}
    assert now == before | {late}
    # The new preview, confirmed, applies with the same token.
    assert apply_token(hr, token, confirm=True).status_code == 303
    assert active(stack) & now == set()
