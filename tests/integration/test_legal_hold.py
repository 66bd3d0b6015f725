"""The legal hold on the employee page (issue 18): an HR administrator sets
it with a reason and lifts it, both audited; a blank or overlong reason,
a second hold, a lift without a hold and anyone but HR change nothing.
Also the day an employee stops being active (employee.inactive_since,
sql/092), which retention counts from when HR's system gave no leaving
date.  Works on employees of its own (logins t_*)."""
import pytest

from conftest import csrf_token
from helpers import page
from test_admin_org import HR, MANAGER, EMPLOYEE, as_user, make_employee, one

REASON_MAX = 500  # store/retention.h LEGAL_HOLD_REASON_MAX


@pytest.fixture
def hr(new_session):
    return as_user(new_session, HR)


def hold_rows(stack, eid):
    return stack.sql(f"SELECT reason, set_by FROM legal_hold WHERE employee_id = {eid}")


def audit_actions(stack, eid):
    return [r[0] for r in stack.sql(f"SELECT action FROM audit WHERE entity = 'employee'"
                                    f" AND entity_id = {eid} ORDER BY id")]


def post_hold(s, eid, reason):
    csrf = csrf_token(s.get(f"/admin/employees/{eid}"))
    return s.post(f"/admin/employees/{eid}/hold", data={"csrf": csrf, "reason": reason},
                  allow_redirects=False)


def test_hr_sets_and_lifts_a_hold_with_a_reason(stack, hr):
    eid = make_employee(stack, hr)
    hr_id = one(stack, f"SELECT id FROM employee WHERE login = '{HR}'")
    r = post_hold(hr, eid, "Klacht 2026-04, advocaat gevraagd te bewaren")
    assert r.status_code == 303, r.text[:1000]
    assert hold_rows(stack, eid) == [("Klacht 2026-04, advocaat gevraagd te bewaren", hr_id)]
    doc = page(hr.get(f"/admin/employees/{eid}"))
    assert doc.xpath("string(//section[@aria-labelledby='hold-title']//dd)") == \
        "Klacht 2026-04, advocaat gevraagd te bewaren"
    assert doc.xpath(f"//form[@action='/admin/employees/{eid}/release']")

    # a second hold is refused and keeps the first
    assert post_hold(hr, eid, "another").status_code == 409
    assert len(hold_rows(stack, eid)) == 1

    csrf = csrf_token(hr.get(f"/admin/employees/{eid}"))
    r = hr.post(f"/admin/employees/{eid}/release", data={"csrf": csrf}, allow_redirects=False)
    assert r.status_code == 303
    assert hold_rows(stack, eid) == []
    r = hr.post(f"/admin/employees/{eid}/release", data={"csrf": csrf}, allow_redirects=False)
    assert r.status_code == 409, "no hold left to lift"
    assert audit_actions(stack, eid) == ["create", "hold", "release"]
    detail = one(stack, f"SELECT detail FROM audit WHERE entity = 'employee' AND entity_id = {eid}"
                        " AND action = 'hold'")
    assert "Klacht 2026-04" in detail


@pytest.mark.parametrize("reason", ["", "   \n ", "x" * (REASON_MAX + 1)])
def test_a_blank_or_overlong_reason_is_refused(stack, hr, reason):
    eid = make_employee(stack, hr)
    r = post_hold(hr, eid, reason)
    assert r.status_code == 400
    assert page(r).xpath("//textarea[@id='f-reason'][@aria-invalid='true']")
    assert hold_rows(stack, eid) == []
    assert audit_actions(stack, eid) == ["create"]


def test_a_reason_of_the_longest_length_is_kept_whole(stack, hr):
    eid = make_employee(stack, hr)
    reason = "é" * REASON_MAX
    assert post_hold(hr, eid, reason).status_code == 303
    assert hold_rows(stack, eid)[0][0] == reason


def test_only_hr_sets_or_lifts_and_csrf_is_checked(stack, hr, new_session):
    eid = make_employee(stack, hr)
    for user in (EMPLOYEE, MANAGER):
        s = as_user(new_session, user)
        csrf = csrf_token(s.get("/"))
        for path in ("hold", "release"):
            r = s.post(f"/admin/employees/{eid}/{path}", data={"csrf": csrf, "reason": "x"},
                       allow_redirects=False)
            assert r.status_code == 403, (user, path)
    r = hr.post(f"/admin/employees/{eid}/hold", data={"csrf": "0" * 64, "reason": "x"},
                allow_redirects=False)
    assert r.status_code in (400, 403)
    assert hold_rows(stack, eid) == []
    assert post_hold(hr, 99999999, "no such person").status_code == 404


def test_the_day_of_deactivation_is_kept_and_cleared_on_return(stack, hr):
    eid = make_employee(stack, hr)
    assert one(stack, f"SELECT inactive_since FROM employee WHERE id = {eid}") is None
    doc = page(hr.get(f"/admin/employees/{eid}"))
    for action in ("deactivate", "activate"):
        form = doc.xpath(f"//form[@action='/admin/employees/{eid}/{action}']")[0]
        data = {i.get("name"): i.get("value") for i in form.xpath(".//input")}
        assert hr.post(f"/admin/employees/{eid}/{action}", data=data,
                       allow_redirects=False).status_code == 303
        since = one(stack, f"SELECT inactive_since = UTC_DATE() FROM employee WHERE id = {eid}")
        assert since == ("1" if action == "deactivate" else None), action
        doc = page(hr.get(f"/admin/employees/{eid}"))


def test_a_pseudonymised_stub_is_in_no_list_of_hr(stack, hr):
    """What retention leaves of a person still named by a kept record (a
    stub: no login, name or e-mail) is nobody HR can find or pick."""
    eid = make_employee(stack, hr, name="Stub To Be")
    stack.sql(f"UPDATE employee SET login = CONCAT('#removed-', id), name = '', email = NULL,"
              f" active = 0, removed_at = UTC_TIMESTAMP() WHERE id = {eid}")
    for status in ("all", "inactive"):
        doc = page(hr.get(f"/admin/employees?status={status}&q=removed"))
        assert not doc.xpath(f"//a[contains(@href, '/admin/employees/{eid}')]"), status
    doc = page(hr.get("/admin/employees?status=inactive"))
    assert not doc.xpath(f"//a[@href='/admin/employees/{eid}']")
    assert post_hold(hr, eid, "a stub").status_code == 404, "no hold on a stub"
