"""Brings the demo cycle to life: walks dossiers of mark's team into
every state of a conversation through the real HTTP interface, as mark,
his employees and hanna (HR) would, so that a visitor of tests/demo sees a
lived-in cycle.  Runs once: a second run sees the signatures and stops.

    eva    goal setting closed (signed "seen" with a remark), progress held
           with notes, one goal achieved early
    thijs  goal setting and progress closed, assessment rated and signed by
           thijs, waiting for mark's signature
    daan   goal setting finalized, waiting for daan's signature
    lotte  goal setting held (items of both, remarks)
    bram   goal setting being prepared: a date, private preparations
    noor   goal setting closed, then reopened by HR with a reason
    the others: goal setting planned, no date yet

Every date is a day of the demo's cycle, counted from its first day (the
cycle starts on the first of the month the demo was loaded in,
fcgi/store/demo.c): the walk fits the cycle whenever it runs.
"""

import re
import sys
from datetime import date, timedelta

import requests
import urllib3
from lxml import etree, html as lxml_html

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
PASSWORD = "demo"


class Person:
    def __init__(self, base, login):
        self.base = base.rstrip("/")
        self.s = requests.Session()
        self.s.trust_env = False
        self.s.verify = False
        page = self.s.get(self.base + "/login", timeout=30)
        token = lxml_html.fromstring(page.text).xpath("//input[@name='csrf']/@value")[0]
        r = self.s.post(self.base + "/login", data={"username": login, "password": PASSWORD,
                        "csrf": token}, allow_redirects=False, timeout=30)
        if r.status_code != 303:
            raise RuntimeError(f"demo: {login} cannot log in ({r.status_code})")

    def xml(self, path):
        r = self.s.get(self.base + path + ".xml", timeout=30)
        r.raise_for_status()
        return etree.fromstring(r.content)

    def post(self, path, **fields):
        fields["csrf"] = self.xml("/").get("csrf")
        r = self.s.post(self.base + path, data=fields, allow_redirects=False, timeout=30)
        if r.status_code != 303:
            raise RuntimeError(f"demo: POST {path} answered {r.status_code}")

    def version(self, cid):
        return self.xml(f"/conversations/{cid}").xpath("/page/conversation/@version")[0]

    def items(self, cid):
        return {i.get("title"): i for i in self.xml(f"/conversations/{cid}").xpath(
            "/page/conversation/items/item")}


class Days:
    """Dates of the demo's cycle by day number (0: its first day)."""

    def __init__(self, starts_on):
        self.start = date.fromisoformat(starts_on)

    def day(self, n):
        return (self.start + timedelta(days=n)).isoformat()

    def at(self, n, hhmm):
        return f"{self.day(n)}T{hhmm}"


def cycle_days(emp):
    """The days of the cycle of emp's (newest) dossier, from the dashboard."""
    starts = emp.xml("/").xpath("//dossier/@starts_on")
    return Days(max(starts)) if starts else None


def conversations_of(mark, login):
    """The conversation ids of login's dossier in the demo cycle, by type."""
    for m in mark.xml("/").xpath("/page/dashboard/team/member"):
        if m.get("login") == login and m.get("dossier"):
            d = mark.xml(f"/dossiers/{m.get('dossier')}")
            return {c.get("type"): c.get("id") for c in d.xpath("/page/conversations/conversation")}
    return {}


# kind, title, measure, deadline (day of the cycle), weight
GOALS = [
    ("result", "Omzet binnendienst met 10% verhogen", "Van 1,2 naar 1,32 miljoen euro omzet in deze cyclus", 334, "60"),
    ("result", "Klanttevredenheid minimaal 8,5", "Gemiddeld cijfer in het kwartaalonderzoek", 318, "40"),
    ("development", "Cursus onderhandelen volgen", "Tweedaagse training bij een erkend opleider", 180, ""),
    ("action", "Offertesjabloon vernieuwen", "Nieuw sjabloon in het CRM", 89, ""),
]
DAYS = None  # the cycle's Days, set by populate()


def fill_goal_setting(mark, emp, cid, with_employee_point=True):
    org = mark.xml(f"/conversations/{cid}").xpath("/page/org_goals/goal/@id")
    for n, (kind, title, measure, deadline, weight) in enumerate(GOALS):
        fields = dict(kind=kind, title=title, measure=measure, deadline=DAYS.day(deadline))
        if weight:
            fields["weight"] = weight
        if kind == "result" and org:
            fields["org_goal"] = org[n % len(org)]
        mark.post(f"/conversations/{cid}/items", **fields)
    if with_employee_point:
        emp.post(f"/conversations/{cid}/items", kind="development", title="Presenteren voor groepen",
                 measure="Twee keer per kwartaal het teamoverleg voorzitten", deadline=DAYS.day(272))


def plan(mark, cid, when):
    mark.post(f"/conversations/{cid}/plan", scheduled_at=when, version=mark.version(cid))


def hold(mark, cid):
    # confirm: held before the planned day asks first (issue 15)
    mark.post(f"/conversations/{cid}/held", version=mark.version(cid), confirm="1")


def finalize(mark, cid):
    mark.post(f"/conversations/{cid}/finalize", version=mark.version(cid))


def close(mark, emp, cid, verdict="agree", remark=""):
    finalize(mark, cid)
    emp.post(f"/conversations/{cid}/sign", verdict=verdict, remark=remark)
    mark.post(f"/conversations/{cid}/sign", verdict="agree", remark="")


def populate(base_url, out=sys.stdout):
    global DAYS
    mark = Person(base_url, "mark")
    if mark.xml("/").xpath("/page/dashboard/team/member") == []:
        print("demo: mark has no team; nothing to bring to life", file=out)
        return
    people = {login: Person(base_url, login) for login in
              ("eva", "thijs", "daan", "lotte", "bram", "noor")}
    hanna = Person(base_url, "hanna")
    conv = {login: conversations_of(mark, login) for login in people}
    if not all(c.get("goal_setting") for c in conv.values()):
        print("demo: the demo cycle has no dossiers for mark's team yet; skipped", file=out)
        return
    DAYS = cycle_days(people["eva"])
    gs = conv["eva"]["goal_setting"]
    if mark.xml(f"/conversations/{gs}").xpath("/page/conversation/@status") != ["planned"]:
        print("demo: the demo cycle is already lived in", file=out)
        return
    print("demo: walking mark's team through the cycle ...", file=out)

    # eva: goal setting closed with "seen", progress held with notes.
    eva = people["eva"]
    plan(mark, gs, DAYS.at(38, "10:00"))
    fill_goal_setting(mark, eva, gs)
    eva.post(f"/conversations/{gs}/share")
    hold(mark, gs)
    eva.post(f"/conversations/{gs}/remarks", text="Ik wil graag meer klantcontact buiten de deur.")
    mark.post(f"/conversations/{gs}/remarks", text="Afgesproken: twee klantbezoeken per maand samen met Bram.")
    close(mark, eva, gs, verdict="seen",
          remark="Het omzetdoel vind ik erg hoog gezien de krimpende markt; ik teken voor gezien.")
    pg = conv["eva"]["progress"]
    plan(mark, pg, DAYS.at(171, "14:00"))
    hold(mark, pg)
    items = mark.items(pg)
    mark.post(f"/conversations/{pg}/updates", item=items["Offertesjabloon vernieuwen"].get("id"),
              status="achieved", note="Sjabloon staat sinds april in het CRM.")
    mark.post(f"/conversations/{pg}/updates", item=items["Omzet binnendienst met 10% verhogen"].get("id"),
              status="at_risk", note="Na het eerste halfjaar op 4%: extra acties in Q3.")
    eva.post(f"/conversations/{pg}/updates", item=items["Cursus onderhandelen volgen"].get("id"),
             status="on_track", note="Ingeschreven voor september.")

    # thijs: two closed conversations, assessment waiting for mark.
    thijs = people["thijs"]
    c = conv["thijs"]
    plan(mark, c["goal_setting"], DAYS.at(39, "09:00"))
    fill_goal_setting(mark, thijs, c["goal_setting"], with_employee_point=False)
    hold(mark, c["goal_setting"])
    close(mark, thijs, c["goal_setting"])
    plan(mark, c["progress"], DAYS.at(172, "09:00"))
    hold(mark, c["progress"])
    close(mark, thijs, c["progress"])
    a = c["assessment"]
    plan(mark, a, DAYS.at(339, "11:00"))
    hold(mark, a)
    for n, (title, item) in enumerate(mark.items(a).items()):
        if item.get("kind") == "result":
            mark.post(f"/conversations/{a}/updates", item=item.get("id"), rating=str(4 - n % 2),
                      status="achieved" if n % 2 == 0 else "not_achieved",
                      note="Ruim gehaald." if n % 2 == 0 else "Net niet gehaald, wel goede inzet.")
    mark.post(f"/conversations/{a}/overall", rating="4", version=mark.version(a),
              note="Thijs heeft een sterk jaar gehad en is een steun voor het team.")
    finalize(mark, a)
    thijs.post(f"/conversations/{a}/sign", verdict="agree", remark="")

    # daan: finalized, waiting for his signature.
    g = conv["daan"]["goal_setting"]
    plan(mark, g, DAYS.at(40, "10:00"))
    fill_goal_setting(mark, people["daan"], g)
    people["daan"].post(f"/conversations/{g}/share")
    hold(mark, g)
    finalize(mark, g)

    # lotte: held.
    g = conv["lotte"]["goal_setting"]
    plan(mark, g, DAYS.at(41, "13:30"))
    fill_goal_setting(mark, people["lotte"], g)
    hold(mark, g)
    people["lotte"].post(f"/conversations/{g}/remarks", text="Fijn gesprek, ik ga ermee aan de slag.")

    # bram: preparing, both sides privately.
    g = conv["bram"]["goal_setting"]
    plan(mark, g, DAYS.at(42, "15:00"))
    mark.post(f"/conversations/{g}/items", kind="result", title="Tien nieuwe klanten in de regio Oost",
              measure="Getekende contracten", deadline=DAYS.day(334))
    people["bram"].post(f"/conversations/{g}/items", kind="development", title="Rijbewijs BE halen",
                        measure="Voor de aanhanger met demomaterialen", deadline=DAYS.day(120))

    # noor: closed, then reopened by HR.
    noor = people["noor"]
    g = conv["noor"]["goal_setting"]
    plan(mark, g, DAYS.at(45, "10:00"))
    fill_goal_setting(mark, noor, g)
    hold(mark, g)
    close(mark, noor, g)
    hanna.post(f"/conversations/{g}/reopen", version=hanna.version(g),
               reason="Het omzetdoel stond per abuis op 10% in plaats van 5%; op verzoek van Noor heropend.")
    print("demo: done: dossiers in every state", file=out)


if __name__ == "__main__":
    populate(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080")
