"""Every statement the code defines has a slot (store/db.c).

A statement gets its slot the first time a process runs it, and slots are
handed out once per process up to DB_STMT_MAX; past that, a statement
fails ("more than N distinct statements").  gesprekd lives long and, over
a working day, runs nearly every statement it has, so the bound must hold
all of them, with room for what the next features add.  A source check:
it counts the DB_STMT definitions of fcgi/ (gesprekctl's and EXPLAIN's
too, which only makes it stricter)."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_every_statement_defined_has_a_slot():
    header = (REPO / "fcgi" / "store" / "db.h").read_text()
    bound = int(re.search(r"#define DB_STMT_MAX (\d+)", header).group(1))
    defined = sum(len(re.findall(r"\bDB_STMT\(", p.read_text()))
                  for p in (REPO / "fcgi").rglob("*.c"))
    assert defined > 0
    # slot 0 means "not yet" (db.c), so DB_STMT_MAX - 1 slots are handed out
    assert defined <= bound - 1, f"{defined} statements defined, {bound - 1} slots"
