"""The reopen round trip (DESIGN §5): a report signed by both (closed, with
its snapshot), reopened by HR with a reason, signed again.  The first
round's signatures are shown as voided on the page, in its .xml, in HR's
cycle export and in the employee's personal export; the first snapshot row
stays byte for byte what it was.  (The CSV export has one row per item and
no signatures: nothing of the round trip to show there.)"""

import hashlib

import pytest

from convtools import add_item, conv_xml, make_dossier, people, post, version
from helpers import page, xml

# "Vervallen door heropenen" (xslt/i18n/nl.xml conversation.signature.voided)
VOIDED_NL = "Vervallen door heropenen"


@pytest.fixture(scope="module")
def ids(stack):
    return people(stack)


def snapshot_rows(stack, cid):
    """Every snapshot of the conversation: id, the xml as bytes, sha256, created_at."""
    rows = stack.sql(f"SELECT id, HEX(xml), sha256, created_at FROM snapshot "
                     f"WHERE conversation_id = {cid} ORDER BY id")
    return [(int(i), bytes.fromhex(h), sha, at) for i, h, sha, at in rows]


def sign_round(users, cid, verdict="agree", remark=""):
    eva, mark = users("eva"), users("mark")
    assert post(mark, f"/conversations/{cid}/finalize",
                version=version(mark, cid)).status_code == 303
    assert post(eva, f"/conversations/{cid}/sign", verdict=verdict,
                remark=remark).status_code == 303
    assert post(mark, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    assert conv_xml(eva, cid).xpath("/page/conversation/@status") == ["closed"]


def signatures(doc, cid=None):
    """(role, verdict, sha256, voided) of each signature, in page or export XML."""
    if cid is None:
        sigs = doc.xpath("/page/conversation/signatures/signature")
        return [(s.get("role"), s.get("verdict"), s.get("sha256") or "", s.get("voided") == "1")
                for s in sigs]
    sigs = doc.xpath(f"//*[local-name()='conversation'][@id='{cid}']/*[local-name()='signature']")
    return [(s.get("role"), s.get("verdict"), s.get("snapshot_sha256") or "",
             s.get("voided") == "1") for s in sigs]


def exported(users, d, cid):
    hr = users("hanna").get(f"/reports/cycles/{d['cycle']}.xml")
    assert hr.status_code == 200
    own = users("eva").get("/me/export.xml")
    assert own.status_code == 200
    return {"hr export": signatures(xml(hr), cid), "personal export": signatures(xml(own), cid)}


def test_sign_reopen_sign_again(stack, ids, users):
    d = make_dossier(stack, ids, "Heropenen")
    cid = d["conversations"][0]
    eva, mark, hanna = users("eva"), users("mark"), users("hanna")
    assert add_item(mark, cid, "Doel eerste ronde", weight="50").status_code == 303
    assert post(mark, f"/conversations/{cid}/held", version=version(mark, cid)).status_code == 303
    sign_round(users, cid)

    first = snapshot_rows(stack, cid)
    assert len(first) == 1
    _, body, sha1, _ = first[0]
    assert hashlib.sha256(body).hexdigest() == sha1
    round1 = [("employee", "agree", sha1, False), ("manager", "agree", sha1, False)]
    assert signatures(conv_xml(eva, cid)) == round1
    assert all(v == round1 for v in exported(users, d, cid).values())

    reason = "Weging van het doel was verkeerd"
    assert post(hanna, f"/conversations/{cid}/reopen", reason=reason).status_code == 303
    voided1 = [("employee", "agree", sha1, True), ("manager", "agree", sha1, True)]
    doc = conv_xml(mark, cid)
    assert doc.xpath("/page/conversation/@status") == ["held"]
    assert doc.xpath("/page/conversation/reopen_reason/text()") == [reason]
    assert signatures(doc) == voided1
    assert exported(users, d, cid) == {"hr export": voided1, "personal export": voided1}
    html = page(mark.get(f"/conversations/{cid}"))
    assert len(html.xpath("//li[contains(@class,'signature-voided')]")) == 2
    assert " ".join(html.text_content().split()).count(VOIDED_NL) == 2
    assert snapshot_rows(stack, cid) == first, "the reopen leaves the snapshot alone"

    # The second round: changed content, signed again.
    assert add_item(mark, cid, "Doel tweede ronde", weight="50").status_code == 303
    sign_round(users, cid, verdict="seen", remark="Eens met de nieuwe weging, niet met doel 1")
    after = snapshot_rows(stack, cid)
    assert len(after) == 2 and after[:1] == first, "the first snapshot is unchanged, byte for byte"
    _, body2, sha2, _ = after[1]
    assert sha2 != sha1 and hashlib.sha256(body2).hexdigest() == sha2
    assert b"Doel tweede ronde" in body2 and b"Doel tweede ronde" not in first[0][1]
    final = voided1 + [("employee", "seen", sha2, False), ("manager", "agree", sha2, False)]
    assert signatures(conv_xml(eva, cid)) == final
    assert exported(users, d, cid) == {"hr export": final, "personal export": final}
    html = page(eva.get(f"/conversations/{cid}"))
    assert len(html.xpath("//li[contains(@class,'signature-voided')]")) == 2
    assert " ".join(html.text_content().split()).count(VOIDED_NL) == 2
    # The stored hash of each round matches its signatures in the database.
    rows = stack.sql(f"SELECT role, snapshot_sha256, voided_at IS NOT NULL FROM signature "
                     f"WHERE conversation_id = {cid} ORDER BY id")
    assert [(r, s) for r, s, _ in rows] == [("employee", sha1), ("manager", sha1),
                                           ("employee", sha2), ("manager", sha2)]
