#!/bin/bash
# tests/layers_selftest.sh -- proves tests/layers.py fails when it should:
# a small tree that keeps the table of fcgi/LAYERS passes; then copies of
# fcgi/ are given one wrong include (or table line) at a time, and the check
# must fail and name what is wrong.  Prints TAP; exits non-zero on a miss.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }

fresh() {  # a clean copy of the tree's sources and table
    rm -rf "$tmp/tree"; mkdir -p "$tmp/tree"
    cp -r fcgi "$tmp/tree/fcgi"
}

# expect_fail NAME FILE NEEDLE: the check fails and its report names NEEDLE.
expect_fail() {
    local out rc=0
    out=$("$PY" tests/layers.py "$tmp/tree" 2>&1) || rc=$?
    if [ "$rc" -ne 0 ] && grep -qF -- "$3" <<<"$out"; then
        ok "$1"
    else
        not_ok "$1 (exit $rc)"; sed 's/^/# /' <<<"$out"
    fi
}

# A small tree that keeps the rules passes: the check is not always "no".
rm -rf "$tmp/tree"; mkdir -p "$tmp/tree/fcgi/base" "$tmp/tree/fcgi/store" "$tmp/tree/fcgi/pages"
cp fcgi/LAYERS "$tmp/tree/fcgi/LAYERS"
printf '#include "config.h"\n#include "base/a.h"\n' > "$tmp/tree/fcgi/base/a.c"
printf '/* a.h */\n' > "$tmp/tree/fcgi/base/a.h"
printf '#include "base/a.h"\n#include "store/s.h"\n' > "$tmp/tree/fcgi/store/s.c"
printf '#include "base/a.h"\n' > "$tmp/tree/fcgi/store/s.h"
printf '#include "store/s.h"\n#include "base/a.h"\n' > "$tmp/tree/fcgi/pages/p.c"
if "$PY" tests/layers.py "$tmp/tree" >/dev/null; then
    ok "a tree whose includes go downward passes"
else
    not_ok "a tree whose includes go downward passes"
fi

# A bottom-layer file reaching up to a page.
fresh
echo '#include "pages/pages.h"' >> "$tmp/tree/fcgi/base/util.c"
expect_fail "base including a page is refused" x "fcgi/base/util.c"

# A neighbour leaning sideways: xml may not see the store.
fresh
echo '#include "store/db.h"' >> "$tmp/tree/fcgi/xml/page.c"
expect_fail "xml including the store is refused" x "fcgi/xml/page.c"

# A page reaching store/db.h, directly or through a store header.
fresh
echo '#include "store/db.h"' >> "$tmp/tree/fcgi/pages/login.c"
expect_fail "a page including store/db.h is refused" x "fcgi/pages/login.c"
fresh
echo '#include "store/db.h"' >> "$tmp/tree/fcgi/store/employee.h"
expect_fail "a page reaching store/db.h through a store header is refused" x \
    "reaches store/db.h (through store/employee.h)"

# A circle inside one room: two modules that include each other.
fresh
printf '#include "http/b.h"\n' > "$tmp/tree/fcgi/http/a.c"
printf '/* a.h */\n' > "$tmp/tree/fcgi/http/a.h"
printf '#include "http/a.h"\n' > "$tmp/tree/fcgi/http/b.c"
printf '/* b.h */\n' > "$tmp/tree/fcgi/http/b.h"
expect_fail "a circle between two modules is refused" x "circle between modules: http/a <-> http/b"

# The table may not allow an upward direction.
fresh
sed -i 's/^base \+0.*/base 0 pages/' "$tmp/tree/fcgi/LAYERS"
expect_fail "a table allowing base to include pages is refused" x "room 'base' (rank 0) may not include 'pages'"

# A file in a room the table does not know.
fresh
mkdir -p "$tmp/tree/fcgi/attic"; printf '/* x */\n' > "$tmp/tree/fcgi/attic/x.c"
expect_fail "a room missing from the table is refused" x "room 'attic' is not in fcgi/LAYERS"

echo "1..$n"
[ "$bad" -eq 0 ]
