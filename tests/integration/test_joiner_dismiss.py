"""A pending joiner on the HR cycle page can be dismissed (issue 15).

The cycle page lists every active employee of a started department without
a dossier as a joiner for HR to confirm.  Someone who should get no dossier
in this cycle (a temp, a hire just before the assessment) stayed listed for
the rest of the cycle.  "Niet toevoegen" takes that person off the list of
this cycle, gives no dossier, and is audited on the cycle.  Only a listed
joiner can be dismissed, only by HR, and only once; a dismissed joiner can
no longer be added by mistake from an old page.

The cycles and people are test_cycle_flow's (a cycle in a year of its own,
a department of its own), cleaned up by its module fixtures.
"""

from convtools import unchanged
from test_cycle_flow import (_cleanup, _cleanup_people, confirm_person, one,  # noqa: F401
                             pending, person, team)
from helpers import page

TABLES = ("cycle", "dossier", "conversation", "audit", "employee", "joiner_dismissed")


def test_hr_dismisses_a_joiner_who_then_leaves_the_list(stack, users, team):
    hanna = users("hanna")
    hire = person(stack, team["dep"], team["mark"])
    other = person(stack, team["dep"], team["mark"])
    login = one(stack, f"SELECT login FROM employee WHERE id = {hire}")
    assert pending(hanna, team["cycle"]) == {(hire, "join"), (other, "join")}
    shown = page(hanna.get(f"/admin/cycles/{team['cycle']}"))
    button = shown.xpath(f"//section[@id='people']//button[@id='people-dismiss-{hire}']")
    assert button and "Niet toevoegen" in button[0].text_content()

    r = confirm_person(hanna, team["cycle"], hire, "dismiss")
    assert r.status_code == 303, r.text[:500]
    # Off the list, no dossier, the other joiner still waits for HR.
    assert pending(hanna, team["cycle"]) == {(other, "join")}
    assert one(stack, f"SELECT COUNT(*) FROM dossier WHERE employee_id = {hire}") == "0"
    assert one(stack, f"SELECT COUNT(*) FROM joiner_dismissed WHERE cycle_id = {team['cycle']}"
                      f" AND employee_id = {hire}") == "1"
    audit = stack.sql(f"SELECT actor_id, detail FROM audit WHERE entity = 'cycle'"
                      f" AND entity_id = {team['cycle']} AND action = 'joiner_dismissed'")
    hanna_id = one(stack, "SELECT id FROM employee WHERE login = 'hanna'")
    assert audit == [(hanna_id, f"employee: {login}")]
    # The cycle page's history says it in the reader's language.
    history = page(hanna.get(f"/admin/cycles/{team['cycle']}")).text_content()
    assert "nieuwe medewerker niet toegevoegd" in history

    # Once only, and an old page cannot add the dismissed joiner after all.
    with unchanged(stack, TABLES, what="a second dismissal"):
        assert confirm_person(hanna, team["cycle"], hire, "dismiss").status_code == 409
    with unchanged(stack, TABLES, what="adding a dismissed joiner"):
        assert confirm_person(hanna, team["cycle"], hire, "join").status_code == 409


def test_only_a_listed_joiner_is_dismissed_and_only_by_hr(stack, users, team):
    hanna = users("hanna")
    hire = person(stack, team["dep"], team["mark"])
    stack.sql(f"UPDATE employee SET active = 0 WHERE id = {team['a']}")
    # A leaver is not a joiner: their open dossier stays open.
    with unchanged(stack, TABLES, what="dismissing a leaver"):
        assert confirm_person(hanna, team["cycle"], team["a"], "dismiss").status_code == 409
    assert one(stack, f"SELECT status FROM dossier WHERE id = {team['dossier_a']}") == "open"
    # Someone with a dossier is no joiner either.
    with unchanged(stack, TABLES, what="dismissing someone with a dossier"):
        assert confirm_person(hanna, team["cycle"], team["b"], "dismiss").status_code == 409
    for who in ("mark", "eva"):
        with unchanged(stack, TABLES, what=f"{who} dismissing"):
            assert confirm_person(users(who), team["cycle"], hire, "dismiss").status_code == 403
    assert (hire, "join") in pending(hanna, team["cycle"])


def test_a_joiner_of_a_closed_cycle_is_not_dismissed(stack, users, team):
    """The cycle closed meanwhile (another tab, HR's colleague): the
    dismissal from the page still open is refused and writes nothing --
    the cycle's status is checked inside the write, under its lock."""
    hanna = users("hanna")
    hire = person(stack, team["dep"], team["mark"])
    assert (hire, "join") in pending(hanna, team["cycle"])
    stack.sql(f"UPDATE cycle SET status = 'closed' WHERE id = {team['cycle']}")
    try:
        with unchanged(stack, TABLES, what="dismissing a joiner of a closed cycle"):
            r = confirm_person(hanna, team["cycle"], hire, "dismiss")
        assert r.status_code == 409, r.text[:500]
        assert one(stack, f"SELECT COUNT(*) FROM joiner_dismissed WHERE employee_id = {hire}") == "0"
    finally:
        stack.sql(f"UPDATE cycle SET status = 'open' WHERE id = {team['cycle']}")
