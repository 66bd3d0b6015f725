"""The conversation form's first view costs MariaDB three statements
(issue 22) and the page cache's question: the session, the dossier with
its conversations, and one
UNION ALL that reads everything the form lists after them -- items, notes,
remarks, signatures, snapshots, the template version, answers, the form's
choices, proposals, the profile's competences (store/form_page.c) -- while
the template version itself comes from gesprekd's memory after its first
read (store/template.c: a version never changes).  MariaDB plans every
statement again at each execution, so their number is what a view costs
it.  The page's content is the concern of the form's own tests; here,
that a view with content reads no more than an empty one."""

import pytest

from convtools import (add_item, make_dossier, people, post, statements_per_view,
                       version)

# The session, the dossier's stamp (the page cache, on as shipped, asks
# whether it holds the page: tests/bench measures with it off, one less),
# the dossier's view, the form's one statement.
FORM_STATEMENTS = 4


@pytest.fixture
def ids(stack):
    return people(stack)


@pytest.fixture
def dossier(stack, ids):
    return make_dossier(stack, ids, prefix="Formulier")


def test_an_empty_form_costs_four_statements(stack, dossier, users):
    cid = dossier["conversations"][0]
    assert statements_per_view(stack, users("eva"), f"/conversations/{cid}") == FORM_STATEMENTS


@pytest.mark.parametrize("viewer,items", [("eva", 2), ("mark", 3)])
def test_a_form_with_content_costs_no_more(stack, dossier, users, viewer, items):
    """Items, a remark and a share: each list comes in the one statement,
    for the employee and for the manager alike (mark's item is his
    preparation, not shared: eva does not see it)."""
    eva, mark = users("eva"), users("mark")
    cid = dossier["conversations"][0]
    for title in ("Doel een", "Doel twee"):
        assert add_item(eva, cid, title).status_code == 303
    assert add_item(mark, cid, "Doel drie", kind="development").status_code == 303
    r = post(eva, f"/conversations/{cid}/remarks", text="Een opmerking vooraf")
    assert r.status_code == 303, r.status_code
    r = post(eva, f"/conversations/{cid}/share", version=version(eva, cid))
    assert r.status_code == 303, r.status_code
    page = users(viewer).get(f"/conversations/{cid}.xml")
    assert page.status_code == 200
    assert page.text.count("<item ") == items and "Een opmerking vooraf" in page.text
    got = statements_per_view(stack, users(viewer), f"/conversations/{cid}")
    assert got == FORM_STATEMENTS
