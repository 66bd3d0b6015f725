"""What a MariaDB Galera cluster asks of the schema and the SQL (issue 20).

Galera replicates InnoDB tables only, and a row change by its primary key:
a table without one is replicated by whole-row images and cannot be
certified reliably.  LOCK TABLES and GET_LOCK() are node-local (another
node never sees the lock), so the code must not rely on them.  The
cluster run itself (tests/cluster/run) checks the rest under load."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
# SQL a Galera node does not lock cluster-wide.
NODE_LOCAL = re.compile(r"\b(LOCK\s+TABLES?|GET_LOCK\s*\(|RELEASE_LOCK\s*\(|"
                        r"FLUSH\s+TABLES\s+WITH\s+READ\s+LOCK)", re.I)
C_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def test_every_table_has_a_primary_key(stack):
    tables = {t for (t,) in stack.sql(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'gesprek' AND table_type = 'BASE TABLE'")}
    keyed = {t for (t,) in stack.sql(
        "SELECT table_name FROM information_schema.table_constraints "
        "WHERE table_schema = 'gesprek' AND constraint_type = 'PRIMARY KEY'")}
    assert len(tables) > 50, f"the schema looks unmigrated: {sorted(tables)}"
    assert tables - keyed == set(), f"tables without a primary key: {sorted(tables - keyed)}"


def test_every_table_is_innodb(stack):
    other = stack.sql(
        "SELECT table_name, engine FROM information_schema.tables "
        "WHERE table_schema = 'gesprek' AND table_type = 'BASE TABLE' "
        "AND engine <> 'InnoDB'")
    assert other == [], f"tables Galera would not replicate: {other}"


def sql_code_of_migration(text):
    """A migration without its comments."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return "\n".join(line.split("--", 1)[0] for line in text.splitlines())


def test_no_node_local_locks_in_sql():
    found = []
    for path in sorted((REPO / "sql").glob("*.sql")):
        for hit in NODE_LOCAL.findall(sql_code_of_migration(path.read_text())):
            found.append(f"{path.name}: {hit}")
    for path in sorted((REPO / "fcgi").rglob("*.[ch]")):
        # Only string literals are SQL; comments may name what is avoided.
        for lit in C_STRING.findall(path.read_text(errors="replace")):
            for hit in NODE_LOCAL.findall(lit):
                found.append(f"{path.relative_to(REPO)}: {hit}")
    assert found == [], f"node-local locks: {found}"


def test_the_lock_check_sees_a_lock():
    """The check above is not blind: it finds a lock where one is."""
    assert NODE_LOCAL.findall(sql_code_of_migration("LOCK TABLES employee WRITE;"))
    assert not NODE_LOCAL.findall(sql_code_of_migration("-- no LOCK TABLES here"))
    assert NODE_LOCAL.findall(C_STRING.findall('x = "SELECT GET_LOCK(?, 1)";')[0])
