"""gesprekctl for operations: migrate --dry-run lists what is pending and
applies nothing, status names every migration applied or pending, and
verify recomputes the SHA-256 of the signed snapshots and names a tampered
one (issue 23)."""
import hashlib
import shutil
import subprocess

import pytest

from test_conversation import as_user, dossier, people, post, walk_to_finalized  # noqa: F401 (fixtures)


def migrations(stack):
    return stack.sql("SELECT version, name FROM schema_migrations ORDER BY version")


@pytest.fixture
def pending_conf(stack, tmp_path):
    """A configuration whose migrations directory holds one file more than
    the database has applied."""
    sql = tmp_path / "sql"
    shutil.copytree(stack.repo / "sql", sql)
    # Headed as the shipped files are: the file's name, then a paragraph
    # over several lines, then details.
    (sql / "998_ops_pending.sql").write_text(
        "-- 998_ops_pending.sql -- adds the table ops_pending_test\n"
        "-- for the dry-run test.\n"
        "--\n"
        "-- Details that the dry run leaves to the file.\n"
        "CREATE TABLE ops_pending_test (id INT PRIMARY KEY);\n")
    conf = tmp_path / "pending.conf"
    lines = [f"migrations = {sql}" if line.startswith("migrations") else line
             for line in stack.config_path.read_text().splitlines()]
    conf.write_text("\n".join(lines) + "\n")
    return conf


def ctl_with(stack, conf, *args):
    return subprocess.run([str(stack.gesprekctl_bin), "-c", str(conf), *args],
                          capture_output=True, text=True, env=stack.env(), timeout=120)


def test_dry_run_lists_pending_and_applies_nothing(stack, pending_conf):
    before = migrations(stack)
    r = ctl_with(stack, pending_conf, "migrate", "--dry-run")
    assert r.returncode == 0, r.stderr
    assert ("would apply 998_ops_pending.sql: adds the table ops_pending_test for the"
            " dry-run test.") in r.stdout.splitlines(), r.stdout

    assert "1 migration(s) pending, nothing applied (dry run)" in r.stdout
    assert "001_schema.sql" not in r.stdout, "applied ones are not listed as pending"
    assert migrations(stack) == before
    assert stack.sql("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema ="
                     " DATABASE() AND table_name = 'ops_pending_test'") == [("0",)]


def test_dry_run_on_an_empty_database_says_what_each_shipped_file_changes(stack, tmp_path):
    """Every shipped migration is named with what it changes in whole words:
    not a first line cut mid-sentence, nor the file's own name again."""
    db = "gesprek_dry_empty"
    stack.scratch_database(db)
    try:
        conf = tmp_path / "empty.conf"
        conf.write_text("".join(f"name = {db}\n" if line.startswith("name ") else line + "\n"
                                for line in stack.config_path.read_text().splitlines()))
        r = ctl_with(stack, conf, "migrate", "--dry-run")
        assert r.returncode == 0, r.stderr
        shipped = sorted(p.name for p in (stack.repo / "sql").glob("[0-9][0-9][0-9]_*.sql"))
        lines = r.stdout.splitlines()
        assert lines[-1] == f"{len(shipped)} migration(s) pending, nothing applied (dry run)"
        for name, line in zip(shipped, lines[:-1], strict=True):
            assert line.startswith(f"would apply {name}: "), line
            about = line.split(": ", 1)[1]
            assert name not in about and about.endswith((".", "...")), line
            assert len(about) > 20, line
    finally:
        stack.drop_scratch_database(db)


def test_dry_run_with_nothing_pending(stack):
    before = migrations(stack)
    r = stack.ctl("migrate", "--dry-run")
    assert "would apply" not in r.stdout
    assert "0 migration(s) pending" in r.stdout
    assert migrations(stack) == before


def test_status_names_applied_and_pending(stack, pending_conf):
    applied = [name for _, name in migrations(stack)]
    r = ctl_with(stack, pending_conf, "status")
    assert r.returncode == 1, "a pending migration is a status worth a non-zero exit"
    lines = r.stdout.splitlines()
    for name in applied:
        assert f"applied  {name}" in lines
    assert "pending  998_ops_pending.sql" in lines
    assert f"{len(applied)} migration(s) applied, 1 migration(s) pending" in lines
    r = stack.ctl("status")
    assert "pending  " not in r.stdout and r.returncode == 0


def seal_snapshot(stack, as_user, cid):
    """Closes a conversation through the app, which stores its snapshot."""
    eva, mark = as_user("eva"), as_user("mark")
    walk_to_finalized(mark, eva, cid, stack)
    assert post(eva, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    assert post(mark, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    return int(stack.sql(f"SELECT id FROM snapshot WHERE conversation_id = {cid}")[0][0])


def test_verify_names_a_tampered_snapshot(stack, dossier, as_user):  # noqa: F811
    first, second = dossier["conversations"][:2]
    sealed = seal_snapshot(stack, as_user, first)
    xml = "<snapshot>tweede</snapshot>"
    stack.sql(f"INSERT INTO snapshot (conversation_id, xml, sha256) VALUES ({second}, '{xml}',"
              f" '{hashlib.sha256(xml.encode()).hexdigest()}')")
    total = int(stack.sql("SELECT COUNT(*) FROM snapshot")[0][0])
    r = stack.ctl("verify", check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"{total} snapshot(s) checked, {total} verified, 0 mismatch(es)" in r.stdout

    stack.sql(f"UPDATE snapshot SET xml = REPLACE(xml, 'Doel A', 'Doel B') WHERE id = {sealed}")
    r = stack.ctl("verify", check=False)
    assert r.returncode == 1
    assert f"MISMATCH snapshot {sealed} of conversation {first}:" in r.stdout
    assert r.stdout.count("MISMATCH") == 1
    assert f"{total} snapshot(s) checked, {total - 1} verified, 1 mismatch(es)" in r.stdout
    r = stack.ctl("verify", first, check=False)
    assert r.returncode == 1 and "1 snapshot(s) checked, 0 verified, 1 mismatch(es)" in r.stdout
    r = stack.ctl("verify", second, check=False)
    assert r.returncode == 0 and "1 snapshot(s) checked, 1 verified, 0 mismatch(es)" in r.stdout
    assert "MISMATCH" not in r.stdout


@pytest.mark.parametrize("args", [("verify", "abc"), ("verify", "1", "2"), ("verify", "--all"),
                                  ("migrate", "--dry-run", "now")], ids=" ".join)
def test_verify_and_dry_run_refuse_bad_arguments(stack, args):
    before = migrations(stack)
    r = stack.ctl(*args, check=False)
    assert r.returncode == 2 and "usage:" in r.stderr and r.stdout == ""
    assert migrations(stack) == before


def test_versions_name_the_build_and_the_schema_level(stack):
    r = subprocess.run([str(stack.gesprekd_bin), "-V"], capture_output=True, text=True,
                       timeout=30)
    assert r.returncode == 0, r.stderr
    version = r.stdout.strip().split(" ", 1)[1]
    assert r.stdout == f"gesprekd {version}\n"
    configure = (stack.repo / "configure.ac").read_text()
    assert version.startswith(configure.split("AC_INIT([gesprek], [", 1)[1].split("]", 1)[0])
    if (stack.repo / ".git").exists():
        assert "+" in version, "a checkout adds git describe"
        described = version.split("+", 1)[1].removesuffix("-dirty")
        r = subprocess.run(["git", "-C", str(stack.repo), "rev-parse", "--verify", "--quiet",
                            f"{described}^{{commit}}"], capture_output=True, text=True)
        assert r.returncode == 0, f"{described} names a commit of this checkout"
    r = stack.ctl("--version")
    level = max(int(v) for v, _ in migrations(stack))
    assert r.stdout.splitlines() == [f"gesprekctl {version}", f"schema level: {level:03d}"]


def test_version_without_a_database_still_prints(stack, tmp_path):
    r = subprocess.run([str(stack.gesprekctl_bin), "-c", str(tmp_path / "none.conf"),
                        "--version"], capture_output=True, text=True, timeout=30)
    assert r.returncode == 0
    assert r.stdout.startswith("gesprekctl 0.")
    assert "schema level: unknown" in r.stdout


def test_verify_reads_past_one_batch(stack, dossier):  # noqa: F811
    """More snapshots than verify reads at a time (16): the tampered one
    after the first batch is still found and every row is counted once."""
    cid = dossier["conversations"][2]
    rows = []
    for i in range(40):
        xml = f"<snapshot n='{i}'/>"
        rows.append(f"({cid}, \"{xml}\", '{hashlib.sha256(xml.encode()).hexdigest()}')")
    stack.sql("INSERT INTO snapshot (conversation_id, xml, sha256) VALUES " + ", ".join(rows))
    ids = [int(i) for (i,) in stack.sql(f"SELECT id FROM snapshot WHERE conversation_id = {cid}"
                                        " ORDER BY id")]
    stack.sql(f"UPDATE snapshot SET xml = '<snapshot/>' WHERE id = {ids[37]}")
    r = stack.ctl("verify", cid, check=False)
    assert r.returncode == 1
    assert [l for l in r.stdout.splitlines() if l.startswith("MISMATCH")] == [
        l for l in r.stdout.splitlines() if l.startswith(f"MISMATCH snapshot {ids[37]} ")]
    assert "40 snapshot(s) checked, 39 verified, 1 mismatch(es)" in r.stdout


@pytest.mark.parametrize("what", ["folder", "device"])
def test_import_of_something_not_a_file_says_so(stack, tmp_path, what):
    """A folder was reported as "file too large" (its size read as a
    file's), a device as an empty file."""
    path = tmp_path if what == "folder" else "/dev/zero"
    before = stack.sql("CHECKSUM TABLE employee, department")
    r = stack.ctl("import", path, check=False)
    assert r.returncode == 1
    assert r.stderr == f"gesprekctl: {path}: not a regular file\n", r.stderr
    assert stack.sql("CHECKSUM TABLE employee, department") == before
