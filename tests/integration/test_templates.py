"""Form templates (issue 16, first part): the shipped examples, the XML
round trip, hostile and broken files, immutable versions, and migration
069 on a database filled by `gesprekctl generate`.

Imports run through `gesprekctl template import` (the same reader, checks
and store function as /admin/templates).  Refusals are checked for what
they leave behind: the template tables hold exactly the rows they held.
"""
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from test_migrations import Scratch, ctl, sql_files, version_of

REPO = Path(__file__).resolve().parents[2]
XSD = REPO / "xslt" / "schema" / "template.xsd"
EXAMPLES = sorted((REPO / "conf" / "templates").glob("*.xml"))
NS = "urn:gesprek:template:1"
TABLES = ("template", "template_version", "template_scale", "template_scale_level",
          "template_section")
TEMPLATE_MIGRATION = 69
# What today's `gesprekctl generate` needs besides the schema before the
# templates: its summary refresh counts competence ratings (070's table)
# and writes the summaries' present shape (073-077) and the kept
# headcounts (082).  Applied before 069 (migrations may be applied out of
# order), they leave the conversations without a template for 069 to move.
SUMMARY_SHAPE = (70, 73, 74, 75, 76, 77, 82)


def counts(stack, db="gesprek"):
    return {t: int(stack.sql(f"SELECT COUNT(*) FROM {t}", db=db)[0][0]) for t in TABLES}


def schema():
    return etree.XMLSchema(etree.parse(str(XSD)))


def test_three_examples_are_shipped_and_valid():
    keys = {p.stem for p in EXAMPLES}
    assert {"standaard", "gemeente", "kwartaal"} <= keys
    xsd = schema()
    for p in EXAMPLES:
        assert xsd.validate(etree.parse(str(p))), (p.name, xsd.error_log)


def test_examples_import_cleanly_and_dry_run_writes_nothing(stack, tmp_path):
    s = Scratch(stack, tmp_path, "gesprek_tpl_examples")
    try:
        assert s.migrate(sql_files(stack)).returncode == 0
        before = counts(stack, s.db)
        for p in EXAMPLES:
            r = ctl(stack, s.conf, "template", "import", str(p), "--dry-run")
            assert r.returncode == 0, r.stderr
            assert "dry run, nothing written" in r.stdout
        assert counts(stack, s.db) == before
        for p in EXAMPLES:
            r = ctl(stack, s.conf, "template", "import", str(p))
            assert r.returncode == 0, r.stderr
        after = counts(stack, s.db)
        assert after["template_version"] == before["template_version"] + len(EXAMPLES)
        listed = ctl(stack, s.conf, "template", "list").stdout
        assert {line.split("\t")[0] for line in listed.splitlines()} >= {
            "standaard", "gemeente", "kwartaal"}
        levels = stack.sql(
            "SELECT COUNT(*) FROM template_scale_level l JOIN template_scale sc"
            " ON sc.id = l.scale_id JOIN template_version tv ON tv.id = sc.version_id"
            " JOIN template t ON t.id = tv.template_id WHERE t.tkey = 'gemeente'", db=s.db)
        assert int(levels[0][0]) == 4
    finally:
        s.drop()


def test_round_trip_gives_the_same_bytes(stack, tmp_path):
    """Import into one database, export, import the export into an empty
    one, export again: the same document, byte for byte."""
    a = Scratch(stack, tmp_path, "gesprek_tpl_a")
    b = Scratch(stack, tmp_path, "gesprek_tpl_b")
    try:
        assert a.migrate(sql_files(stack)).returncode == 0
        assert b.migrate(sql_files(stack)).returncode == 0
        for p in EXAMPLES:
            if p.stem == "standaard":
                continue  # the migration made it already: tested below
            assert ctl(stack, a.conf, "template", "import", str(p)).returncode == 0
            first = ctl(stack, a.conf, "template", "export", p.stem)
            assert first.returncode == 0, first.stderr
            assert schema().validate(etree.fromstring(first.stdout.encode()))
            f = tmp_path / f"{p.stem}-export.xml"
            f.write_text(first.stdout)
            assert ctl(stack, b.conf, "template", "import", str(f)).returncode == 0
            second = ctl(stack, b.conf, "template", "export", p.stem)
            assert second.stdout == first.stdout
            root = etree.fromstring(first.stdout.encode())
            assert root.tag == f"{{{NS}}}template" and root.get("key") == p.stem
    finally:
        a.drop()
        b.drop()


def test_migration_default_is_the_shipped_standard_form(stack, tmp_path):
    """Version 1 (the migration's SQL) and the shipped standaard.xml
    imported as version 2 export to the same document: the default
    template reproduces the form of conf/templates/standaard.xml."""
    s = Scratch(stack, tmp_path, "gesprek_tpl_std")
    try:
        assert s.migrate(sql_files(stack)).returncode == 0
        v1 = ctl(stack, s.conf, "template", "export", "standaard", "--version", "1")
        assert v1.returncode == 0, v1.stderr
        r = ctl(stack, s.conf, "template", "import", str(REPO / "conf/templates/standaard.xml"))
        assert "version 2 (new version)" in r.stdout, r.stdout + r.stderr
        v2 = ctl(stack, s.conf, "template", "export", "standaard", "--version", "2")
        assert v2.stdout == v1.stdout
        # Version 1 is still there, unchanged, after version 2 was written.
        again = ctl(stack, s.conf, "template", "export", "standaard", "--version", "1")
        assert again.stdout == v1.stdout
        root = etree.fromstring(v1.stdout.encode())
        forms = root.findall(f"{{{NS}}}form")
        assert [f.get("type") for f in forms] == ["goal_setting", "progress", "assessment"]
        for f in forms:
            assert [x.get("kind") for x in f.findall(f"{{{NS}}}section")] == [
                "result_goals", "development", "actions", "remarks"]
    finally:
        s.drop()


GOOD = (REPO / "conf" / "templates" / "kwartaal.xml").read_text()

HOSTILE = {
    "wrong-namespace": (GOOD.replace(NS, "urn:gesprek:organisation:1"), "template"),
    "duplicate-section-key": (GOOD.replace('key="nodig"', 'key="welzijn"'), "section-key"),
    "duplicate-scale-key": (GOOD.replace(
        "  <goal-rules", '  <scale key="drie"><level value="1"><label lang="nl">a</label>'
        '</level><level value="2"><label lang="nl">b</label></level></scale>\n  <goal-rules'),
        "scale-key"),
    "one-level-scale": (GOOD.replace(
        "  <goal-rules", '  <scale key="een"><level value="1"><label lang="nl">a</label>'
        "</level></scale>\n  <goal-rules"), "level"),
    "weights-not-100": (GOOD.replace('percent="30"', 'percent="20"'), "add up to 90 %"),
    "rating-without-scale": (GOOD.replace(' scale="drie" explain-below="2"', ""),
                             "needs a scale"),
    "no-result-goals": (GOOD.replace('kind="result_goals"', 'kind="remarks"'),
                        "must keep its result goals"),
    "explain-below-unknown": (GOOD.replace('explain-below="2"', 'explain-below="7"'),
                              "explain-below"),
    "dutch-twice": (GOOD.replace('<title lang="en">What do you need?</title>',
                                 '<title lang="nl">Nog eens</title>'), "twice"),
    "dtd": (GOOD.replace('<template xmlns', '<!DOCTYPE template [<!ELEMENT template ANY>]>\n'
                         '<template xmlns', 1), "DOCTYPE"),
    "billion-laughs": (GOOD.replace(
        '<template xmlns', '<!DOCTYPE template [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<template xmlns', 1)
        .replace("Kwartaalgesprek", "&b;"), "DOCTYPE"),
    "external-entity": (GOOD.replace(
        '<template xmlns', '<!DOCTYPE template [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<template xmlns', 1).replace("Kwartaalgesprek", "&x;"), "DOCTYPE"),
    "undeclared-entity": (GOOD.replace("Kwartaalgesprek", "&x;"), "Entity"),
    "not-well-formed": (GOOD.replace("</name>", "</nam>", 1), "mismatch"),
    "too-many-attributes": (GOOD.replace(
        '<goal-rules ', "<goal-rules " + " ".join(f'a{i}="1"' for i in range(40)) + " "),
        "attributes"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_and_broken_files_are_refused_with_line_and_reason(stack, tmp_path, case):
    text, reason = HOSTILE[case]
    f = tmp_path / f"{case}.xml"
    f.write_text(text)
    before = counts(stack)
    r = stack.ctl("template", "import", str(f), check=False)
    assert r.returncode == 1, r.stdout
    first = r.stderr.splitlines()[0]
    assert first.startswith(f"{f}:"), first
    assert first.endswith("; nothing imported"), first
    assert reason.lower() in first.lower(), first
    # Every reason points at a line of the file.
    assert int(first[len(str(f)) + 1:].split(":")[0]) > 0, first
    assert counts(stack) == before


def test_too_large_file_is_refused(stack, tmp_path):
    f = tmp_path / "big.xml"
    f.write_text(GOOD.replace("</template>", "<!--" + "x" * (1024 * 1024) + "--></template>"))
    before = counts(stack)
    r = stack.ctl("template", "import", str(f), check=False)
    assert r.returncode == 1
    assert "larger than" in r.stderr
    assert counts(stack) == before


def test_empty_file_is_refused(stack, tmp_path):
    f = tmp_path / "empty.xml"
    f.write_bytes(b"")
    before = counts(stack)
    r = stack.ctl("template", "import", str(f), check=False)
    assert r.returncode == 1
    assert r.stderr.startswith(f"{f}:0: the file is empty; nothing imported")
    assert counts(stack) == before


def test_second_import_is_a_new_version_and_keeps_the_first(stack, tmp_path):
    f = tmp_path / "kwartaal-test.xml"
    f.write_text(GOOD.replace('key="kwartaal"', 'key="kwartaal-versies"', 1))
    assert "version 1 (new template)" in stack.ctl("template", "import", str(f)).stdout
    v1 = stack.ctl("template", "export", "kwartaal-versies").stdout
    f.write_text(f.read_text().replace("Hoe gaat het met je?", "Hoe gaat het nu met je?"))
    assert "version 2 (new version)" in stack.ctl("template", "import", str(f)).stdout
    assert stack.ctl("template", "export", "kwartaal-versies", "--version", "1").stdout == v1
    assert "Hoe gaat het nu met je?" in stack.ctl("template", "export", "kwartaal-versies").stdout
    r = stack.ctl("template", "export", "kwartaal-versies", "--version", "3", check=False)
    assert r.returncode == 1 and "no such template or version" in r.stderr


def test_migration_on_a_generated_database(stack, tmp_path):
    """069 puts every cycle and conversation of a database filled by
    `gesprekctl generate` on the default template's version 1, and
    changes nothing signed: snapshots and signatures are the same rows,
    and `gesprekctl verify` still passes."""
    s = Scratch(stack, tmp_path, "gesprek_tpl_gen")
    try:
        older = [p for p in sql_files(stack)
                 if version_of(p) < TEMPLATE_MIGRATION or version_of(p) in SUMMARY_SHAPE]
        assert s.migrate(older).returncode == 0
        g = ctl(stack, s.conf, "generate", "--employees", "30", "--items", "2", "--cycles", "2")
        assert g.returncode == 0, g.stderr
        # The rows signed, as they were: the snapshots whole, the signatures
        # in the columns they had (a later migration may add one, such as
        # 084's deputy_of, which CHECKSUM TABLE would count as a change).
        cols = ", ".join(r[0] for r in s.sql(
            "SELECT column_name FROM information_schema.columns WHERE table_schema ="
            " DATABASE() AND table_name = 'signature' ORDER BY ordinal_position"))

        def signed_rows():
            return (s.sql("CHECKSUM TABLE snapshot"),
                    s.sql(f"SELECT {cols} FROM signature ORDER BY id"))
        signed = signed_rows()
        assert int(s.sql("SELECT COUNT(*) FROM signature")[0][0]) > 0
        assert ctl(stack, s.conf, "verify").returncode == 0
        r = s.migrate(sql_files(stack))
        assert r.returncode == 0, r.stdout + r.stderr
        assert signed_rows() == signed
        v = ctl(stack, s.conf, "verify")
        assert v.returncode == 0, v.stdout + v.stderr
        default = s.sql("SELECT tv.id FROM template t JOIN template_version tv"
                        " ON tv.template_id = t.id WHERE t.tkey = 'standaard'"
                        " AND t.is_default = 1 AND tv.number = 1")
        assert len(default) == 1
        tv = default[0][0]
        conv = s.sql("SELECT COUNT(*), SUM(template_version_id = %s) FROM conversation" % tv)[0]
        assert int(conv[0]) > 0 and conv[0] == conv[1]
        cyc = s.sql("SELECT COUNT(*), (SELECT COUNT(*) FROM cycle_template"
                    " WHERE scope = 'default' AND template_version_id = %s) FROM cycle" % tv)[0]
        assert int(cyc[0]) > 0 and cyc[0] == cyc[1]
        # A rerun (as after a failure halfway) finds its work done.
        s.sql("DELETE FROM schema_migrations WHERE version = %d" % TEMPLATE_MIGRATION)
        assert s.migrate(sql_files(stack)).returncode == 0
        assert int(s.sql("SELECT COUNT(*) FROM template_version")[0][0]) == 1
    finally:
        s.drop()


# ---------------------------------------------------------------------------
# /admin/templates (HR): list, view, export, import with dry run
# ---------------------------------------------------------------------------

XML_VIEW = {"Accept": "application/xml"}


@pytest.fixture
def hr(new_session):
    from conftest import login
    s = new_session()
    assert login(s, "hanna", "demo").status_code == 303
    return s


def upload(s, content, mode, name="t.xml"):
    from conftest import csrf_token
    token = csrf_token(s.get("/admin/templates"), "/admin/templates/import")
    return s.post("/admin/templates/import", data={"csrf": token, "mode": mode},
                  files={"file": (name, content, "application/xml")},
                  headers=XML_VIEW, allow_redirects=False)


def template_id(stack, key):
    return int(stack.sql(f"SELECT id FROM template WHERE tkey = '{key}'")[0][0])


def test_hr_lists_views_and_exports_a_template(stack, hr):
    r = hr.get("/admin/templates", headers=XML_VIEW)
    assert r.status_code == 200
    keys = [t.get("key") for t in etree.fromstring(r.content).iter("template")]
    assert "standaard" in keys
    tid = template_id(stack, "standaard")
    page = hr.get(f"/admin/templates/{tid}")
    assert page.status_code == 200 and "Resultaatdoelstellingen" in page.text
    doc = etree.fromstring(hr.get(f"/admin/templates/{tid}", headers=XML_VIEW).content)
    forms = doc.findall("template/form")
    assert [f.get("type") for f in forms] == ["goal_setting", "progress", "assessment"]
    export = hr.get(f"/admin/templates/{tid}/export")
    assert export.status_code == 200
    assert export.headers["Content-Type"].startswith("application/xml")
    assert "attachment" in export.headers["Content-Disposition"]
    assert schema().validate(etree.fromstring(export.content))
    assert export.text == stack.ctl("template", "export", "standaard").stdout
    assert hr.get("/admin/templates/999999999").status_code == 404


def test_page_dry_run_changes_nothing_and_apply_makes_a_version(stack, hr):
    content = GOOD.replace('key="kwartaal"', 'key="pagina-import"', 1).encode()
    before = counts(stack)
    r = upload(hr, content, "dry-run")
    assert r.status_code == 200, r.text[:2000]
    dry = etree.fromstring(r.content).find("template-dry-run")
    assert dry is not None and dry.get("new") == "1" and dry.get("number") == "1"
    assert counts(stack) == before
    r = upload(hr, content, "apply")
    assert r.status_code == 303
    tid = template_id(stack, "pagina-import")
    assert r.headers["Location"].endswith(f"/admin/templates/{tid}")
    after = counts(stack)
    assert after["template"] == before["template"] + 1
    assert after["template_version"] == before["template_version"] + 1
    by = stack.sql("SELECT e.login FROM template_version tv JOIN employee e"
                   f" ON e.id = tv.created_by WHERE tv.template_id = {tid}")
    assert by == [("hanna",)]
    # The trail names who wrote which version; the dry run left none.
    trail = stack.sql(f"SELECT e.login, a.action, a.detail FROM audit a JOIN employee e"
                      f" ON e.id = a.actor_id WHERE a.entity = 'template' AND a.entity_id = {tid}")
    assert trail == [("hanna", "create", "key: pagina-import; version: 1")]


def test_page_refuses_a_hostile_file_with_line_and_reason(stack, hr):
    text, _ = HOSTILE["billion-laughs"]
    before = counts(stack)
    r = upload(hr, text.encode(), "apply")
    assert r.status_code == 400
    refused = etree.fromstring(r.content).find("template-refused")
    assert refused is not None and int(refused.get("line")) > 0
    assert "DOCTYPE" in refused.get("reason")
    html = upload(hr, text.encode(), "dry-run")
    assert html.status_code == 400
    assert counts(stack) == before


def test_page_without_a_file_is_refused(stack, hr):
    from conftest import csrf_token
    token = csrf_token(hr.get("/admin/templates"), "/admin/templates/import")
    before = counts(stack)
    r = hr.post("/admin/templates/import", data={"csrf": token, "mode": "apply"},
                headers=XML_VIEW, allow_redirects=False)
    assert r.status_code == 400
    assert counts(stack) == before


def test_only_hr_reaches_the_template_pages(stack, new_session):
    from conftest import login
    s = new_session()
    assert login(s, "eva", "demo").status_code == 303
    tid = template_id(stack, "standaard")
    for path in ("/admin/templates", f"/admin/templates/{tid}",
                 f"/admin/templates/{tid}/export"):
        assert s.get(path, allow_redirects=False).status_code == 403, path
