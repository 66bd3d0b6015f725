"""A steady load of saving requests for the fault tests (test_faults.py)
and the soak run (tests/bench/soak): threads that post remarks or items,
each with a text of its own, and remember what every POST was answered.

Afterwards ledger() compares the answers with the database: every write
acknowledged with a 303 is there exactly once, none is there twice, and each
has its audit row (a POST is one transaction with its audit row)."""

import collections
import itertools
import threading
import time

import requests

from conftest import StackSession, login
from helpers import xml

# Seconds one POST may take; a fault may hold a request this long.
POST_TIMEOUT = 20
# Pause between the POSTs of one thread: "steady", not a flood.
PAUSE = 0.02

_tags = itertools.count(1)


class Writer(threading.Thread):
    """Posts remarks (kind "remark") or items ("item") into one
    conversation as `who`, until stop() is called."""

    def __init__(self, base_url, who, conversation, kind, tag):
        super().__init__(daemon=True)
        self.base_url = base_url
        self.who = who
        self.conversation = conversation
        self.kind = kind
        self.tag = f"{tag}-{who}-{kind}-{next(_tags)}"
        self.results = []            # (text, status, monotonic time, body start)
        self._halt = threading.Event()
        self.s = StackSession(base_url)
        self.csrf = None

    def _ensure_login(self):
        while self.csrf is None and not self._halt.is_set():
            try:
                if login(self.s, self.who, "demo").status_code == 303:
                    self.csrf = xml(self.s.get("/.xml")).get("csrf")
                    return
            except (requests.RequestException, AssertionError):
                pass
            time.sleep(0.2)

    def _post(self, text):
        if self.kind == "remark":
            path, data = f"/conversations/{self.conversation}/remarks", {"text": text}
        else:
            path, data = f"/conversations/{self.conversation}/items", {
                "kind": "action", "title": text}
        data["csrf"] = self.csrf
        try:
            r = self.s.post(path, data=data, allow_redirects=False, timeout=POST_TIMEOUT)
            return r.status_code, r.text[:600]
        except requests.RequestException as exc:
            return 0, str(exc)[:200]

    def run(self):
        self._ensure_login()
        for i in itertools.count(1):
            if self._halt.is_set():
                break
            text = f"{self.tag}-{i}"
            status, body = self._post(text)
            self.results.append((text, status, time.monotonic(), body))
            time.sleep(PAUSE)

    def stop(self):
        self._halt.set()

    def statuses(self, since=None):
        return collections.Counter(s for _, s, t, _ in self.results
                                   if since is None or t >= since)


def start(writers):
    for w in writers:
        w.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not all(w.results for w in writers):
        time.sleep(0.1)
    assert all(w.results for w in writers), "the load did not start"


def stop(writers):
    for w in writers:
        w.stop()
    for w in writers:
        w.join(POST_TIMEOUT + 10)


def ledger(stack, conversation, dossier, writers):
    """Problems found comparing the answers with the database ([] if none)."""
    problems = []
    remarks = collections.Counter(t for (t,) in stack.sql(
        f"SELECT text FROM remark WHERE conversation_id = {conversation}"))
    items = collections.Counter(t for (t,) in stack.sql(
        f"SELECT title FROM item WHERE dossier_id = {dossier}"))
    for w in writers:
        stored = remarks if w.kind == "remark" else items
        for text, status, _, _ in w.results:
            n = stored.get(text, 0)
            if status == 303 and n != 1:
                problems.append(f"{text}: acknowledged, stored {n} times")
            elif n > 1:
                problems.append(f"{text}: answered {status}, stored {n} times")
    # One transaction per POST: every remark and item has its audit row.
    n_remarks = sum(remarks.values())
    n_audit = int(stack.sql(f"SELECT COUNT(*) FROM audit WHERE entity = 'conversation' "
                            f"AND entity_id = {conversation} AND action = 'remark'")[0][0])
    if n_remarks != n_audit:
        problems.append(f"{n_remarks} remarks but {n_audit} audit rows for them")
    orphans = stack.sql(f"SELECT i.id FROM item i WHERE i.dossier_id = {dossier} AND "
                        f"(SELECT COUNT(*) FROM audit a WHERE a.entity = 'item' AND "
                        f"a.entity_id = i.id AND a.action = 'create') != 1")
    if orphans:
        problems.append(f"items without exactly one audit row: {orphans[:10]}")
    return problems
