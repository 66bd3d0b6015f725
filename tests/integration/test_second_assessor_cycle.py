"""A cycle can require a second assessor (issue 17, sql/089): HR sets on
the cycle's page whether its assessments follow their template version
(template, the default), always ask a second assessor (required) or never
(none).  Who it is stays as before: the department's named person, else
the manager's manager (sanne, over mark).

The rule for a change while conversations run (rules/review.h
review_required): the setting is read when the manager finalizes; a
conversation whose review has begun keeps its second assessor (through a
return and the finalize after it), one finalized without keeps that.

Refusals change nothing: not HR, an unknown choice, a stale version, a
closed cycle."""

import pytest

from convtools import make_dossier, people, post, unchanged
from helpers import xml
from reviewtools import finalize, held_assessment, one, review_row
from summaries import rebuild_summaries

CYCLE_TABLES = ("cycle", "audit", "conversation")


@pytest.fixture(scope="module", autouse=True)
def fresh_summaries(stack):
    rebuild_summaries(stack)


@pytest.fixture
def ids(stack):
    return people(stack)


def cycle_version(stack, cycle):
    return one(stack, f"SELECT version FROM cycle WHERE id = {cycle}")


def demand(stack, cycle):
    return one(stack, f"SELECT second_assessor FROM cycle WHERE id = {cycle}")


def set_demand(hanna, stack, cycle, value):
    r = post(hanna, f"/admin/cycles/{cycle}/second-assessor", version=cycle_version(stack, cycle),
             second_assessor=value)
    assert r.status_code == 303, r.status_code
    assert demand(stack, cycle) == value


def test_the_cycle_page_shows_and_sets_it(stack, ids, users):
    hanna = users("hanna")
    d = make_dossier(stack, ids, prefix="Cyclustweede")
    page = xml(hanna.get(f"/admin/cycles/{d['cycle']}.xml"))
    assert page.xpath("/page/cycle/@second_assessor") == ["template"]
    set_demand(hanna, stack, d["cycle"], "required")
    page = xml(hanna.get(f"/admin/cycles/{d['cycle']}.xml"))
    assert page.xpath("/page/cycle/@second_assessor") == ["required"]
    html = hanna.get(f"/admin/cycles/{d['cycle']}").text
    assert 'value="required" selected' in html
    # The change is in the cycle's audit trail, from and to.
    assert one(stack, "SELECT detail FROM audit WHERE entity = 'cycle' AND action ="
               f" 'second_assessor' AND entity_id = {d['cycle']}") == \
        "second assessor: template -> required"
    # The same choice again writes nothing (no version, no audit row).
    with unchanged(stack, ("cycle", "audit"), "the same setting again"):
        set_demand(hanna, stack, d["cycle"], "required")


def test_refusals_change_nothing(stack, ids, users):
    hanna, mark = users("hanna"), users("mark")
    d = make_dossier(stack, ids, prefix="Cyclusweigering")
    path = f"/admin/cycles/{d['cycle']}/second-assessor"
    v = cycle_version(stack, d["cycle"])
    cases = [
        (mark, dict(version=v, second_assessor="required"), 403),        # not HR
        (hanna, dict(version=v, second_assessor="sometimes"), 400),      # no such choice
        (hanna, dict(version=v), 400),                                   # no choice
        (hanna, dict(version="999999", second_assessor="required"), 409),  # stale version
    ]
    for who, fields, want in cases:
        with unchanged(stack, CYCLE_TABLES, f"a refused setting {fields}"):
            assert post(who, path, **fields).status_code == want, fields
    stack.sql(f"UPDATE cycle SET status = 'closed' WHERE id = {d['cycle']}")
    with unchanged(stack, CYCLE_TABLES, "a setting of a closed cycle"):
        r = post(hanna, path, version=cycle_version(stack, d["cycle"]), second_assessor="none")
        assert r.status_code == 409
    assert demand(stack, d["cycle"]) == "template"


def test_the_cycle_requires_against_the_template(stack, ids, users):
    mark, hanna = users("mark"), users("hanna")
    d = make_dossier(stack, ids, prefix="Cyclusverplicht")
    set_demand(hanna, stack, d["cycle"], "required")
    cid, _ = held_assessment(stack, d, mark, required=False)
    finalize(mark, cid)
    assert review_row(stack, cid) == ("finalized", "pending", ids["sanne"])
    with unchanged(stack, ("signature", "conversation"), "a signature before the approval"):
        assert post(users("eva"), f"/conversations/{cid}/sign", verdict="agree").status_code == 403


def test_the_cycle_waives_against_the_template(stack, ids, users):
    mark, hanna = users("mark"), users("hanna")
    d = make_dossier(stack, ids, prefix="Cyclusgeen")
    set_demand(hanna, stack, d["cycle"], "none")
    cid, _ = held_assessment(stack, d, mark, required=True)
    finalize(mark, cid)
    assert review_row(stack, cid) == ("finalized", "none", 0)
    assert post(users("eva"), f"/conversations/{cid}/sign", verdict="agree").status_code == 303


def test_a_begun_review_keeps_its_second_assessor(stack, ids, users):
    """Required when finalized; HR then waives it for the cycle: the
    conversation still waits for sanne, and after her return the manager's
    next finalize asks her again."""
    mark, hanna, sanne = users("mark"), users("hanna"), users("sanne")
    d = make_dossier(stack, ids, prefix="Cyclusbegonnen")
    cid, _ = held_assessment(stack, d, mark, required=True)
    finalize(mark, cid)
    assert review_row(stack, cid) == ("finalized", "pending", ids["sanne"])
    set_demand(hanna, stack, d["cycle"], "none")
    assert review_row(stack, cid) == ("finalized", "pending", ids["sanne"])
    v = one(stack, f"SELECT version FROM conversation WHERE id = {cid}")
    r = post(sanne, f"/conversations/{cid}/review/return", version=v, reason="Nog eens bekijken")
    assert r.status_code == 303
    assert review_row(stack, cid) == ("held", "returned", ids["sanne"])
    finalize(mark, cid)
    assert review_row(stack, cid) == ("finalized", "pending", ids["sanne"])


def test_a_finalized_assessment_without_one_keeps_that(stack, ids, users):
    """Finalized without a second assessor; HR then requires one for the
    cycle: nothing changes for it, the employee signs."""
    mark, hanna, eva = users("mark"), users("hanna"), users("eva")
    d = make_dossier(stack, ids, prefix="Cyclusal")
    cid, _ = held_assessment(stack, d, mark, required=False)
    finalize(mark, cid)
    assert review_row(stack, cid) == ("finalized", "none", 0)
    with unchanged(stack, ("conversation", "review_event"), "a cycle setting changed later"):
        set_demand(hanna, stack, d["cycle"], "required")
    assert post(eva, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    assert review_row(stack, cid)[1] == "none"
