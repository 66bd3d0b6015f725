"""The authorization matrix for the second assessor (issue 17): every
route of the router table (test_authz_matrix.py's MATRIX, which fails for
a route without an entry), every state of its object, asked by a second
assessor, over real HTTP, with the matrix's objects and forms.

The second assessor is daan: an employee of mark with no part in eva's
dossier, named second assessor of its finalized conversation ("final",
waiting for him).  The rule, cell by cell:

  - an object of eva's dossier ("own"; "closed": its closed conversation)
    answers daan as it answers sanne, the manager's manager, who reads and
    never writes -- the second assessor reads the whole dossier;
  - every other object, and every route without one, answers daan as the
    matrix answers daan, the stranger;
  - the review routes on the conversation waiting for him: the write's
    check comes after the access check -- a stale version conflicts (409),
    a return or a change without their fields is refused (400) -- and
    nothing changes; in any other state, 403.

Every refusal is compared with the answer for an id that does not exist
(same status, same body), as the matrix does."""

import pytest

from conftest import StackSession, login
from convtools import checksums
from helpers import xml
from test_authz_matrix import (MATRIX, STALE_VERSION, objects, people,  # noqa: F401 (fixtures)
                               plan_requests, routes_of_gesprekd, run_role)

ASSESSOR = "daan"
READER = "sanne"          # the manager's manager: reads, never writes
REVIEW = "/conversations/{id}/review/"
# Kinds whose "closed" object is one of eva's dossier (test_authz_matrix
# object_id): its closed conversation, and an item of eva's with it.
CLOSED_IN_OWN_DOSSIER = {"conversation", "conv_item"}
DOSSIER_KINDS = {"dossier", "conversation", "conv_item", "item", "proposal"}
WRITE_TABLES = ("item", "item_update", "remark", "conversation", "signature", "snapshot",
                "review_event", "conversation_answer", "competence_rating")


def reviewed(kind, state):
    """Is the object of this cell in the dossier daan assesses second?"""
    if kind not in DOSSIER_KINDS:
        return False
    return state == "own" or (state == "closed" and kind in CLOSED_IN_OWN_DOSSIER)


def review_want(pattern, state):
    if state != "own":
        return 403
    return 409 if pattern.endswith("/approve") else 400


def expected(method, pattern, kind, state, rule):
    base = pattern.replace(" [xml]", "")
    if base.startswith(REVIEW):
        return review_want(base, state)
    if reviewed(kind, state):
        return rule(READER, state)
    return rule(ASSESSOR, state)


@pytest.fixture(scope="module")
def waiting(stack, objects, people):
    """eva's finalized conversation waits for daan (made an assessment:
    only an assessment has a second assessor)."""
    cid = objects["conv"]["final"]
    stack.sql(f"UPDATE conversation SET type = 'assessment', second_assessor_id = {people['daan']},"
              f" review = 'pending' WHERE id = {cid}")
    return cid


def cells_for_the_assessor(objects, people):
    """The matrix's cells, with a stale version on an approval so that
    the one review move without fields conflicts instead of approving."""
    out = []
    for method, pattern, state, url, fields, rule, twin in plan_requests(objects, people):
        if pattern.startswith(REVIEW) and pattern.endswith("/approve"):
            fields = {"version": STALE_VERSION}
            twin = (twin[0], fields) if twin else None
        out.append((method, pattern, state, url, fields, rule, twin))
    return out


def kind_of(method, pattern):
    return MATRIX[(method, pattern.replace(" [xml]", ""))][0]


def test_the_matrix_covers_the_review_routes(stack):
    routes = {(m, p) for m, p, _ in routes_of_gesprekd(stack)}
    for move in ("approve", "return", "change"):
        assert ("POST", REVIEW + move) in routes
        assert ("POST", REVIEW + move) in MATRIX


def test_second_assessor_every_route_and_state(stack, objects, people, waiting):
    cells = cells_for_the_assessor(objects, people)
    before = checksums(stack, WRITE_TABLES)
    _, got = run_role(stack, ASSESSOR, cells)
    wrong, differ, count, compared = [], [], 0, 0
    for method, pattern, state, url, want_matrix, status, _, body, twin in got:
        count += 1
        rule = next(c[5] for c in cells if c[:2] == (method, pattern) and c[3] == url)
        want = expected(method, pattern, kind_of(method, pattern), state, rule)
        if status != want:
            wrong.append(f"{state:7} {method:4} {url}: {status}, expected {want}")
        if twin and status == 403 and state != "missing":
            compared += 1
            t_status, t_body, t_url = twin
            if (status, body) != (t_status, t_body):
                differ.append(f"{method} {url} ({state}): {status} vs {t_status} for {t_url}")
    assert count > 300, f"only {count} cells"
    assert not wrong, f"{len(wrong)} of {count} answers differ:\n" + "\n".join(wrong)
    assert compared > 50 and not differ, "\n".join(differ)
    # Nothing of a conversation changed, the waiting one included (the
    # matrix's forms are incomplete or stale).
    assert checksums(stack, WRITE_TABLES) == before
    assert stack.sql(f"SELECT status, review FROM conversation WHERE id = {waiting}") == [
        ("finalized", "pending")]


def test_the_second_assessor_reads_what_the_managers_manager_reads(stack, objects, people,
                                                                     waiting):
    """The rule above, shown on the pages themselves: daan's view of eva's
    dossier and conversations is sanne's, side "reader", no write."""
    s = StackSession(stack.base_url)
    assert login(s, ASSESSOR, "demo").status_code == 303
    for cid in objects["conv"].values():
        doc = xml(s.get(f"/conversations/{cid}.xml"))
        assert doc.xpath("/page/dossier/@side") == ["reader"]
        assert doc.xpath("/page/conversation/may/@*[name() != 'reopen']") == []
    doc = xml(s.get(f"/conversations/{waiting}.xml"))
    assert doc.xpath("/page/conversation/review/@mine") == ["1"]
    other = objects["conv_other"]["final"]
    assert s.get(f"/conversations/{other}.xml").status_code == 403
