"""Migrations that survive failure, and a gesprekd that refuses a newer schema.

MariaDB commits every DDL statement on its own, so a migration that fails
halfway (a lost connection, a full disk, data that blocks a key) leaves its
first statements applied and is not recorded: `gesprekctl migrate` runs it
again from its first statement.  Every statement must therefore find its
own work done and pass (IF [NOT] EXISTS, repeatable data steps), and data
that would block a migration stops it with a message saying what to fix.

Each case migrates a scratch database of its own (stack.scratch_database)
with a gesprek.conf pointing at it; gesprek itself is left alone, except in
the last test, which plants a future migration in it and takes it out again.
A halfway case starts from a copy (a dump) of a database that gesprekctl
migrated up to its migration (the fixture migrated_before): a hundred cases
each migrating from nothing were most of this file's time.
"""
import os
import re
import shutil
import subprocess

import pytest

import stack as stack_mod

# The commit before the migrations became safe to rerun: a fresh database
# migrated with its files must end in the same schema as with today's.
FILES_BEFORE_RERUN_SAFETY = "93abdbd"
CTL_TIMEOUT = 300
# A version no release will reach soon: the "newer release" of the test.
FUTURE_VERSION = 998


def ctl(stack, conf, *args):
    return subprocess.run([str(stack.gesprekctl_bin), "-c", str(conf), *args],
                          capture_output=True, text=True, env=stack.env(),
                          stdin=subprocess.DEVNULL, timeout=CTL_TIMEOUT)


def sql_files(stack):
    return sorted((stack.repo / "sql").glob("[0-9][0-9][0-9]_*.sql"))


def version_of(path):
    return int(path.name[:3])


def write_conf(stack, path, db, sql_dir):
    settings = stack.config()
    settings["database"]["name"] = db
    settings["paths"]["migrations"] = str(sql_dir)
    path.write_text("".join(f"[{section}]\n" + "".join(f"{k} = {v}\n" for k, v in values.items())
                            for section, values in settings.items()))
    os.chmod(path, 0o644)
    return path


def copy_files(files, sql_dir):
    sql_dir.mkdir(parents=True, exist_ok=True)
    for f in sql_dir.glob("*.sql"):
        f.unlink()
    for f in files:
        shutil.copy(f, sql_dir / f.name)
    os.chmod(sql_dir, 0o755)


def schema(stack, db):
    """SHOW CREATE TABLE of every table of db, without the AUTO_INCREMENT
    counter (it follows the rows, not the schema).  All of them in one
    client run: a run per table was half of each case's time."""
    tables = [r[0] for r in stack.sql(
        "SELECT table_name FROM information_schema.tables "
        f"WHERE table_schema = '{db}' ORDER BY table_name", db=None)]
    if not tables:
        return {}
    creates = stack.sql_results("".join(f"SHOW CREATE TABLE `{db}`.`{t}`;" for t in tables),
                                db=None)
    assert len(creates) == len(tables), (tables, creates)
    out = {}
    for t, rows in zip(tables, creates):
        name, create = rows[0][:2]
        assert name == t, (name, t)
        out[t] = re.sub(r" AUTO_INCREMENT=\d+", "", create)
    return out


def statements(text):
    """The statements of a migration file, in order: a BEGIN NOT ATOMIC
    block is one statement; comment lines are left out."""
    out, cur, in_block = [], [], False
    for line in text.splitlines():
        if line.startswith("--") or (not cur and not line.strip()):
            continue
        cur.append(line)
        if line.startswith("BEGIN NOT ATOMIC"):
            in_block = True
        if (in_block and line.strip() == "END;") or (not in_block and line.rstrip().endswith(";")):
            out.append("\n".join(cur))
            cur, in_block = [], False
    assert not cur, f"an unterminated statement: {cur}"
    return out


class Scratch:
    """A scratch database, its gesprek.conf and its migrations dir."""

    def __init__(self, stack, tmp, db):
        self.stack, self.db = stack, db
        self.sql_dir = tmp / f"{db}-sql"
        self.conf = write_conf(stack, tmp / f"{db}.conf", db, self.sql_dir)
        stack.scratch_database(db)

    def migrate(self, files):
        copy_files(files, self.sql_dir)
        return ctl(self.stack, self.conf, "migrate")

    def sql(self, query):
        return self.stack.sql(query, db=self.db)

    def drop(self):
        self.stack.drop_scratch_database(self.db)


def dump(stack, db):
    """db as mariadb-dump writes it: every table with its rows, counters
    and keys (the migrations make no views, triggers or routines)."""
    return subprocess.run(["mariadb-dump", "--no-defaults", "-u", stack_mod.DB_ADMIN_USER,
                           "-S", str(stack.db_socket), "--default-character-set=utf8mb4",
                           "--hex-blob", "--skip-dump-date", db],
                          capture_output=True, check=True, stdin=subprocess.DEVNULL,
                          timeout=CTL_TIMEOUT).stdout


def restore(stack, db, text):
    subprocess.run(["mariadb", "--no-defaults", "-u", stack_mod.DB_ADMIN_USER,
                    "-S", str(stack.db_socket), "--default-character-set=utf8mb4", db],
                   input=text, capture_output=True, check=True, timeout=CTL_TIMEOUT)


@pytest.fixture(scope="module")
def migrated_before(stack, tmp_path_factory):
    """migrated_before(version): a dump of a database that `gesprekctl
    migrate` took up to that version (not including it).  The halfway
    cases of one migration start from the same database, and those of the
    next from one more migration: one database migrated step by step and
    dumped at each step, instead of every case migrating its own from
    nothing (a database restored from a dump is the tables and rows the
    migrations made; test_old_and_new... and the clean schema still
    migrate from nothing)."""
    tmp = tmp_path_factory.mktemp("ladder")
    dumps, ladder = {}, {"scratch": None, "level": None}

    def before(version):
        if version in dumps:
            return dumps[version]
        if ladder["scratch"] is None or ladder["level"] > version:
            if ladder["scratch"] is not None:
                ladder["scratch"].drop()
            ladder["scratch"] = Scratch(stack, tmp, "gesprek_mig_ladder")
        r = ladder["scratch"].migrate([f for f in sql_files(stack) if version_of(f) < version])
        assert r.returncode == 0, r.stdout + r.stderr
        ladder["level"] = version
        dumps[version] = dump(stack, ladder["scratch"].db)
        return dumps[version]

    try:
        yield before
    finally:
        if ladder["scratch"] is not None:
            ladder["scratch"].drop()


@pytest.fixture(scope="module")
def clean_schema(stack, tmp_path_factory):
    """The schema of a fresh database migrated in one go with today's files."""
    s = Scratch(stack, tmp_path_factory.mktemp("clean"), "gesprek_mig_clean")
    try:
        r = s.migrate(sql_files(stack))
        assert r.returncode == 0, r.stdout + r.stderr
        yield schema(stack, s.db)
    finally:
        s.drop()


def test_old_and_new_files_give_the_same_schema(stack, tmp_path, clean_schema):
    have = subprocess.run(["git", "-C", str(stack.repo), "cat-file", "-e",
                           f"{FILES_BEFORE_RERUN_SAFETY}^{{commit}}"], capture_output=True)
    if have.returncode != 0:
        pytest.skip(f"needs the git history with commit {FILES_BEFORE_RERUN_SAFETY} "
                    "(a tarball or a shallow clone has none)")
    old_dir = tmp_path / "old"
    old_dir.mkdir()
    names = subprocess.run(["git", "-C", str(stack.repo), "ls-tree", "--name-only",
                            FILES_BEFORE_RERUN_SAFETY, "sql/"],
                           capture_output=True, text=True, check=True).stdout.split()
    assert names, "the old migration files are not in git"
    for name in names:
        text = subprocess.run(["git", "-C", str(stack.repo), "show",
                               f"{FILES_BEFORE_RERUN_SAFETY}:{name}"],
                              capture_output=True, text=True, check=True).stdout
        (old_dir / os.path.basename(name)).write_text(text)
    s = Scratch(stack, tmp_path, "gesprek_mig_old")
    try:
        r = s.migrate(sorted(old_dir.glob("*.sql")))
        assert r.returncode == 0, r.stdout + r.stderr
        # Then the migrations written since, as an upgrade runs them.
        newest_old = max(version_of(f) for f in old_dir.glob("*.sql"))
        r = s.migrate(sorted(old_dir.glob("*.sql")) +
                      [f for f in sql_files(stack) if version_of(f) > newest_old])
        assert r.returncode == 0, r.stdout + r.stderr
        old = schema(stack, s.db)
    finally:
        s.drop()
    assert sorted(old) == sorted(clean_schema)
    for table in clean_schema:
        assert old[table] == clean_schema[table], table


def halfway_cases():
    """(file name, K) for every migration with several statements: its first
    K statements, for every K from 1 to all but the last."""
    here = os.path.dirname(os.path.abspath(__file__))
    sql_dir = os.path.join(here, "..", "..", "sql")
    cases = []
    for name in sorted(os.listdir(sql_dir)):
        if not re.fullmatch(r"\d{3}_.*\.sql", name):
            continue
        with open(os.path.join(sql_dir, name), encoding="utf-8") as fh:
            n = len(statements(fh.read()))
        cases += [(name, k) for k in range(1, n)]
    return cases


@pytest.mark.parametrize("name,k", halfway_cases())
def test_a_migration_that_failed_halfway_completes_on_the_next_run(stack, tmp_path,
                                                                    clean_schema,
                                                                    migrated_before, name, k):
    files = sql_files(stack)
    target = next(f for f in files if f.name == name)
    s = Scratch(stack, tmp_path, "gesprek_mig_half")
    try:
        # The database as `gesprekctl migrate` left it up to the target.
        restore(stack, s.db, migrated_before(version_of(target)))
        before = [f for f in files if version_of(f) < version_of(target)]
        assert s.sql("SELECT COUNT(*), COALESCE(MAX(version), 0) FROM schema_migrations") == \
            [(str(len(before)), str(max([0] + [version_of(f) for f in before])))]
        # What a run that stopped after K statements leaves behind.  The
        # checks (BEGIN NOT ATOMIC blocks) change nothing: the client cannot
        # send them, and they need not run to leave the others' traces.
        # One client run, the statements in order (it stops at the first
        # that fails, and that fails the test as a run per statement did).
        done = [stmt for stmt in statements(target.read_text())[:k]
                if not stmt.startswith("BEGIN NOT ATOMIC")]
        if done:
            s.sql("\n".join(done))
        assert s.sql(f"SELECT COUNT(*) FROM schema_migrations "
                     f"WHERE version = {version_of(target)}") == [("0",)]
        r = s.migrate(files)
        assert r.returncode == 0, f"{name} after {k} statement(s):\n{r.stdout}{r.stderr}"
        assert schema(stack, s.db) == clean_schema
        assert s.sql("SELECT COUNT(*) FROM schema_migrations") == [(str(len(files)),)]
    finally:
        s.drop()


def test_departments_sharing_a_name_stop_020_and_say_what_to_fix(stack, tmp_path, clean_schema):
    files = sql_files(stack)
    s = Scratch(stack, tmp_path, "gesprek_mig_020")
    try:
        assert s.migrate([f for f in files if version_of(f) < 20]).returncode == 0
        # Unique among siblings only until 020: two top-level departments
        # (NULL parents never collide) and one below share the name ICT.
        s.sql("INSERT INTO department (id, name) VALUES (1, 'ICT'), (2, 'Zorg'), (3, 'HR')")
        s.sql("INSERT INTO department (id, name, parent_id) VALUES (4, 'ict', 2), (5, 'Hr', 2)")
        before = s.sql("SELECT id, name, parent_id, version FROM department ORDER BY id")
        r = s.migrate(files)
        out = r.stdout + r.stderr
        assert r.returncode != 0, out
        assert "020: departments that share a name: " in out
        assert re.search(r"share a name: (HR|Hr); (ICT|ict)\. Nothing was changed\.", out), out
        assert "Zorg" not in out and "gesprekctl migrate again" in out
        # Nothing changed: the rows, no key, 020 not recorded, no later one run.
        assert s.sql("SELECT id, name, parent_id, version FROM department ORDER BY id") == before
        assert s.sql("SELECT COUNT(*) FROM information_schema.statistics WHERE "
                     f"table_schema = '{s.db}' AND index_name = 'department_name_unique'") == [("0",)]
        assert s.sql("SELECT MAX(version) FROM schema_migrations") == [("10",)]
        # Once a person renamed them, it goes through to the clean schema.
        s.sql("UPDATE department SET name = 'ICT Zorg' WHERE id = 4")
        s.sql("UPDATE department SET name = 'HR Zorg' WHERE id = 5")
        r = s.migrate(files)
        assert r.returncode == 0, r.stdout + r.stderr
        assert schema(stack, s.db) == clean_schema
    finally:
        s.drop()


def test_gesprekd_refuses_a_schema_newer_than_itself(stack):
    future = f"{FUTURE_VERSION:03d}_from_a_newer_release.sql"
    stack.sql(f"INSERT INTO schema_migrations (version, name) "
              f"VALUES ({FUTURE_VERSION}, '{future}')")
    try:
        with pytest.raises(stack_mod.StackError) as refused:
            stack.restart_gesprekd()
        assert not stack.gesprekd_running
        message = str(refused.value)
        assert re.search(r"exit status [1-9]", message), message
        assert (f"schema is newer than this gesprekd: migration {FUTURE_VERSION} is recorded "
                f"in schema_migrations but not in {stack.sql_dir}") in message
    finally:
        stack.sql(f"DELETE FROM schema_migrations WHERE version = {FUTURE_VERSION}")
        stack.start_gesprekd()
    # Known migrations only: it starts again as before.
    assert stack.gesprekd_running
