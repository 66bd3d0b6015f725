"""The fields each route declares, read from `gesprekctl routes` (method,
pattern, role, then the fields as name:type:required|optional:min:max:
choices), and how to send a request to any route of the table: which
user, which object its path names, which values each field needs to be
right.  Shared by test_declared_input.py (a test per kind of field) and
test_hostile_input.py (hostile values in every declared field), so a new
route or field is covered without a new test.
"""

import subprocess
from dataclasses import dataclass

from lxml import etree

from hostile import TABLES

UNKNOWN_FIELD = "zz_undeclared"
MISSING = 999999999
# Written by a request even when it is refused: not looked at.
UNWATCHED = ("audit_log", "session", "login_attempt")


@dataclass
class Field:
    name: str
    type: str
    required: bool
    min: int | None
    max: int | None
    choices: tuple


@dataclass
class Route:
    method: str
    pattern: str
    role: str
    fields: list

    @property
    def id(self):
        return f"{self.method} {self.pattern}"


def _field(spec):
    name, type_, req, lo, hi, choices = spec.split(":", 5)
    # A repeated field ('#' stands for a row number, http/input.h) is sent
    # as its first instance.
    name = name.replace("#", "1")
    return Field(name, type_, req == "required", int(lo) if lo else None,
                 int(hi) if hi else None, tuple(choices.split("|")) if choices else ())


def routes_declared(stack):
    """Every route with its declared fields, as gesprekctl prints them."""
    res = subprocess.run([str(stack.gesprekctl_bin), "routes"], capture_output=True,
                         text=True, check=True, env=stack.env())
    out = []
    for line in res.stdout.splitlines():
        cols = line.split("\t")
        specs = cols[3].split() if len(cols) > 3 else []
        out.append(Route(cols[0], cols[1], cols[2], [_field(s) for s in specs]))
    return out


def checksums(stack):
    """A checksum per watched table: any row written changes it."""
    rows = stack.sql("CHECKSUM TABLE " + ", ".join(f"`{t}`" for t in TABLES))
    return {r[0]: r[1] for r in rows}


# ---------------------------------------------------------------------------
# who asks, and for which object
# ---------------------------------------------------------------------------

def feedback_target(w):
    """(conversation, invitation): a conversation of w's dossier with a
    feedback round (feedbacktools.py) and an open invitation of hanna."""
    from feedbacktools import FAR, fb_template
    conv = w.conversation("assessment", "preparing")
    w.stack.sql(f"UPDATE conversation SET template_version_id = {fb_template(w.stack)}"
                f" WHERE id = {conv}")
    hanna = int(w.stack.sql("SELECT id FROM employee WHERE login = 'hanna'")[0][0])
    mark = int(w.stack.sql("SELECT id FROM employee WHERE login = 'mark'")[0][0])
    w.stack.sql(f"INSERT INTO feedback_invitation (conversation_id, invitee_id, invited_by,"
                f" deadline) VALUES ({conv}, {hanna}, {mark}, '{FAR}')")
    inv = int(w.stack.sql(f"SELECT id FROM feedback_invitation WHERE conversation_id = {conv}")[0][0])
    return conv, inv


class Targets:
    """For each route of the table: the user allowed to call it and a path
    naming an object in the state the handler wants, so that a refusal is
    the fields' doing, not the access check's."""

    def __init__(self, world):
        w = self.w = world
        self.held = w.conversation("progress", "held")
        self.final = w.conversation("progress", "finalized")
        # An assessment waiting for its second assessor, sanne (issue 17).
        self.review = w.conversation("assessment", "finalized")
        sanne = w.one("SELECT id FROM employee WHERE login = 'sanne'")
        w.stack.sql(f"UPDATE conversation SET review = 'pending', second_assessor_id = {sanne}"
                    f" WHERE id = {self.review}")
        # a feedback round (issue 17): an assessment of the dossier on a
        # template with one, and an invitation of hanna in it
        self.fb, self.fb_invitation = feedback_target(w)

    def who_and_id(self, pattern):
        w = self.w
        conv = {"items": ("mark", w.prep), "updates": ("mark", w.prep),
                "remarks": ("eva", w.prep), "overall": ("mark", w.assess),
                "answers": ("mark", w.prep),
                "plan": ("mark", w.prep), "share": ("eva", w.prep), "held": ("mark", w.prep),
                "finalize": ("mark", self.held), "sign": ("eva", self.final),
                "reopen": ("hanna", self.final), "signed": ("eva", w.prep),
                "new": ("mark", w.prep), "edit": ("mark", w.prep),
                "update": ("mark", self.held),
                "approve": ("sanne", self.review), "return": ("sanne", self.review),
                "change": ("sanne", self.review),
                "feedback": ("mark", self.fb), "invitations": ("mark", self.fb)}
        if pattern.startswith("/conversations/{id}/"):
            return conv[pattern.rsplit("/", 1)[1]]
        by_prefix = (("/conversations/", ("eva", w.prep)), ("/dossiers/", ("eva", w.dossier)),
                     ("/items/", ("mark", w.item)), ("/admin/cycles/", ("hanna", w.cycle)),
                     ("/admin/goals/", ("hanna", w.goal)),
                     ("/admin/collective/", ("hanna", w.collective)),
                     ("/admin/employees/", ("hanna", w.employee)),
                     ("/admin/dossiers/", ("hanna", w.dossier)),
                     ("/admin/departments/", ("hanna", w.department)),
                     ("/admin/competences/", ("hanna", w.competence)),
                     ("/admin/profiles/", ("hanna", w.job_profile)),
                     ("/reports/cycles/", ("hanna", w.cycle)),
                     ("/feedback/", ("hanna", self.fb_invitation)))
        for prefix, answer in by_prefix:
            if pattern.startswith(prefix) and "{id}" in pattern:
                return answer
        # The id of no object: the route matches, the handler would 404.
        return ("hanna", MISSING)

    def path(self, route):
        who, oid = self.who_and_id(route.pattern)
        # an item editor names the conversation, then its item
        path = route.pattern.replace("{id}", str(oid), 1)
        return who, path.replace("{id}", str(self.w.item if path != route.pattern else oid))

    def good(self, route, f):
        """A right value for field f of route (right in kind; the handler
        may still refuse it for what it names)."""
        w = self.w
        ids = {"conversation": w.prep, "item": w.item, "manager": w.ids["mark"],
               "cycle": w.cycle, "id": w.employee, "department": w.department}
        if f.type == "id":
            return str(ids.get(f.name, 1))
        if f.type == "int":
            return str(f.min)
        if f.type == "date":
            return "2029-05-01"
        if f.type == "datetime":
            return "2029-05-01T10:00"
        if f.type == "choice":
            return {"entity": "employee"}.get(f.name, f.choices[0])
        if f.type == "email":
            return "iemand@example.nl"
        if f.name == "metric":
            return "conversations.total"
        if f.name == "scale":
            return "laag / hoog"
        return "Goed " + f.name

    def baseline(self, route, but=None):
        """The required fields with right values, except `but`."""
        return {f.name: self.good(route, f) for f in route.fields
                if f.required and f.name != but and f.type != "file"}


def send(world, targets, route, fields, xml_view=True):
    """Sends fields to route as its user: a POST with the CSRF token, a GET
    with them as the query string.  The XML view unless told otherwise."""
    who, path = targets.path(route)
    if xml_view and not path.endswith(".csv"):
        path += ".xml"
    if route.method == "POST":
        return world.post(who, path, fields)
    return world.session(who).get(path, params=fields, allow_redirects=False)


def refused_field(resp):
    """The field a 400 error page names, or None."""
    try:
        doc = etree.fromstring(resp.content)
    except etree.XMLSyntaxError:
        return None
    got = doc.xpath("/page/error/@field")
    return got[0] if got else None


def field_error(resp, name):
    """(a form came back, the problem it shows next to field `name`)."""
    try:
        doc = etree.fromstring(resp.content)
    except etree.XMLSyntaxError:
        return False, None
    if not doc.xpath("//form"):
        return False, None
    got = doc.xpath("//form/field[@name=$n]/@error", n=name)
    return True, (got[0] if got else None)


# Values of the wrong kind, per declared type (text kinds: over the length,
# in characters of two bytes; see wrong_values).
WRONG = {
    "id": ("abc", "-1", "0", "1 OR 1=1"),
    "int": ("abc", "1.5", "99999999999999999999"),
    "date": ("2029-02-30", "morgen", "01-05-2029"),
    "datetime": ("2029-13-01T10:00", "2029-05-01 10:00", "2029-05-01T25:00"),
    "choice": ("geen-van-alle",),
    "email": ("geen adres", "eva@", "<a>@b.nl"),
}


def wrong_values(f):
    """Values of the wrong kind for field f ([] for a flag, a button, a
    secret or a file: every value of those is one)."""
    if f.type in WRONG:
        out = list(WRONG[f.type])
        if f.type == "int":
            out += [str(f.min - 1), str(f.max + 1)] if f.max < 2 ** 63 - 1 else [str(f.min - 1)]
        return out
    if f.type in ("text", "line"):
        out = ["\u00e9" * (f.max + 1)]
        if f.type == "line":
            out.append("twee\nregels")
        return out
    return []
