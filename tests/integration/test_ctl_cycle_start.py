"""`gesprekctl cycle start` takes the start form's template choices (issue
16): --template KEY [--template-version N] for the default,
--department-templates DEPT_ID=KEY,... and --profile-templates
PROFILE_KEY=KEY,...  Each new conversation starts on the version the rule
job profile > department > default gives, as a start from the cycle page
does (test_cycle_template.py); the choices are printed after the start.
Refused choices (an unknown key, id or version, a department twice, a
malformed pair) print why, exit 1 and write nothing.

The templates, departments, people and cycles are the test's own; the
helpers and the cleanup at the end are those of test_cycle_template.py."""

import pytest

from convtools import unchanged
from test_cycle_template import (START_TABLES, _cleanup, department, job_profile,  # noqa: F401
                                 newest, new_cycle, one, person, template, versions_of)


@pytest.fixture
def org(stack, tmp_path):
    """Three templates, one with two versions; a department with two
    sub-departments, a job profile; people in each."""
    o = {}
    o["dflt"], o["dflt_key"] = template(stack, tmp_path, "cdflt")
    template(stack, tmp_path, o["dflt_key"], name="Tweede versie")
    o["dep_t"], o["dep_key"] = template(stack, tmp_path, "cafd")
    o["prof_t"], o["prof_key"] = template(stack, tmp_path, "cfun")
    o["R"] = department(stack, "Gemeentehuis")
    o["A"] = department(stack, "Burgerzaken", parent=o["R"])
    o["B"] = department(stack, "Griffie", parent=o["R"])
    o["P"] = job_profile(stack, "jurist")
    o["P_key"] = one(stack, f"SELECT pkey FROM job_profile WHERE id = {o['P']}")
    o["a"], _ = person(stack, "ca", o["A"])
    o["ap"], _ = person(stack, "cap", o["A"], profile=o["P"])
    o["b"], _ = person(stack, "cb", o["B"])
    o["cycle"] = new_cycle(stack)
    return o


def start(stack, o, *extra):
    return stack.ctl("cycle", "start", str(o["cycle"]), "--department", str(o["R"]),
                     "--recursive", *extra, check=False)


def first_version(stack, tid):
    return int(one(stack, f"SELECT id FROM template_version WHERE template_id = {tid}"
                          f" AND number = 1"))


def test_cycle_start_gives_each_its_version_by_profile_department_default(stack, org):
    o = org
    res = start(stack, o, "--template", o["dflt_key"], "--template-version", "1",
                "--department-templates", f"{o['A']}={o['dep_key']}",
                "--profile-templates", f"{o['P_key']}={o['prof_key']}")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "3 dossier(s) created, 0 already present" in res.stdout
    v1 = first_version(stack, o["dflt"])
    assert v1 != newest(stack, o["dflt"]), "version 1 asked for, not the newest"
    dep, prof = newest(stack, o["dep_t"]), newest(stack, o["prof_t"])
    assert versions_of(stack, o["cycle"], o["b"]) == [v1, v1]
    assert versions_of(stack, o["cycle"], o["a"]) == [dep, dep]
    assert versions_of(stack, o["cycle"], o["ap"]) == [prof, prof]
    stored = stack.sql(f"SELECT scope, scope_id, template_version_id FROM cycle_template"
                       f" WHERE cycle_id = {o['cycle']} ORDER BY scope")
    assert [tuple(map(str, r)) for r in stored] == [
        ("default", "0", str(v1)), ("department", str(o["A"]), str(dep)),
        ("job_profile", str(o["P"]), str(prof))]
    lines = [l for l in res.stdout.splitlines() if l.startswith("template ")]
    assert lines[0] == f"template default: {o['dflt_key']} version 1, 2 conversation(s)"
    assert any(l.startswith("template department ") and o["dep_key"] in l
               and l.endswith("version 1, 2 conversation(s)") for l in lines), lines
    assert any(l.startswith("template job_profile ") and o["prof_key"] in l for l in lines), lines
    # The same start again: no dossier, conversation or choice changes
    # (the cycle's row and audit trail record the start itself).
    kept = ("cycle_template", "dossier", "conversation")
    with unchanged(stack, kept, "the same start again"):
        res = start(stack, o, "--template", o["dflt_key"], "--template-version", "1",
                    "--department-templates", f"{o['A']}={o['dep_key']}",
                    "--profile-templates", f"{o['P_key']}={o['prof_key']}")
        assert res.returncode == 0, res.stdout + res.stderr
    # Without template options the cycle keeps its choices.
    with unchanged(stack, kept, "a start without template options"):
        assert start(stack, o).returncode == 0


def test_cycle_start_without_options_writes_down_the_default(stack, org):
    o = org
    res = start(stack, o)
    assert res.returncode == 0, res.stdout + res.stderr
    dflt = int(one(stack, "SELECT tv.id FROM template t JOIN template_version tv"
                          " ON tv.template_id = t.id WHERE t.is_default = 1"
                          " ORDER BY tv.number DESC LIMIT 1"))
    for e in ("a", "ap", "b"):
        assert versions_of(stack, o["cycle"], o[e]) == [dflt, dflt]
    assert "template default: " in res.stdout


def test_cycle_start_refuses_bad_choices_and_writes_nothing(stack, org):
    o = org
    missing_dep = int(one(stack, "SELECT MAX(id) + 1000 FROM department"))
    cases = [
        (("--template", "bestaat-niet"), 'no template with key "bestaat-niet"'),
        (("--template", o["dflt_key"], "--template-version", "9"), "has no version 9"),
        (("--template", o["dflt_key"], "--template-version", "een"), "is not a version number"),
        (("--template-version", "1"), "--template-version needs --template"),
        (("--department-templates", f"{o['A']}"), "is not DEPARTMENT_ID=TEMPLATE_KEY"),
        (("--department-templates", f"x={o['dep_key']}"), '"x" is not a department id'),
        (("--department-templates", f"{o['A']}=bestaat-niet"), 'no template with key'),
        (("--department-templates", f"{missing_dep}={o['dep_key']}"),
         f"department {missing_dep}: the department does not exist"),
        (("--department-templates", f"{o['A']}={o['dep_key']},{o['A']}={o['prof_key']}"),
         "chosen twice"),
        (("--profile-templates", f"bestaat-niet={o['prof_key']}"),
         'no job profile with key "bestaat-niet"'),
        (("--department-templates", ",".join(f"{o['A']}={o['dep_key']}" for _ in range(6))),
         "at most 5 department choices"),
    ]
    for args, message in cases:
        with unchanged(stack, START_TABLES, f"cycle start {args}"):
            res = start(stack, o, *args)
        assert res.returncode == 1, (args, res.returncode, res.stdout, res.stderr)
        assert message in res.stderr, (args, res.stderr)
        assert "started" not in res.stdout, args
    assert int(one(stack, f"SELECT COUNT(*) FROM dossier WHERE cycle_id = {o['cycle']}")) == 0
    assert stack.sql(f"SELECT COUNT(*) FROM cycle_template WHERE cycle_id = {o['cycle']}") == \
        [("0",)]
