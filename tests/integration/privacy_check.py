"""The completeness check of the privacy statement (issue 18): every route
of `gesprekctl routes` and every column of every table of the database
(information_schema) must stand in the statement with a description.  Used
by test_privacy_statement.py on the statement of the page and of
gesprekctl, and fed wrong inputs there to show that it can fail."""

from lxml import etree


def routes_of(stack):
    """[(method, pattern)] of `gesprekctl routes`."""
    out = stack.ctl("routes").stdout
    return [tuple(line.split("\t")[:2]) for line in out.splitlines() if line]


def columns_of(stack):
    """[(table, column)] of every table of the test database."""
    return stack.sql("SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS"
                     " WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1, ORDINAL_POSITION")


def gaps(statement, routes, columns):
    """What the statement (the <privacy-statement> element) lacks: a list of
    readable problems, empty when every route and column is there and
    described."""
    problems = []
    seen_routes = {(r.get("method"), r.get("pattern")): r.get("about")
                   for r in statement.iterfind("routes/route")}
    for method, pattern in routes:
        about = seen_routes.get((method, pattern))
        if about is None:
            problems.append(f"route {method} {pattern}: not in the statement")
        elif not about.startswith("route."):
            problems.append(f"route {method} {pattern}: no description key")
    tables = {t.get("name"): t for t in statement.iterfind("data/table")}
    for table, column in columns:
        t = tables.get(table)
        if t is None:
            problems.append(f"table {table}: not in the statement")
            continue
        if t.get("missing") == "1" or not (t.findtext("about") or "").strip():
            problems.append(f"table {table}: no description")
        c = t.find(f"column[@name='{column}']")
        if c is None:
            problems.append(f"column {table}.{column}: not in the statement")
        elif c.get("missing") == "1" or not (c.findtext("about") or "").strip():
            problems.append(f"column {table}.{column}: no description")
    return sorted(set(problems))


def statement_of(xml_bytes):
    root = etree.fromstring(xml_bytes)
    st = root.find("privacy-statement")
    assert st is not None, xml_bytes[:500]
    return st
