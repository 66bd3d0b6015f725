"""The signed report of a closed conversation, offered for download exactly
as it was hashed (issue 23): anyone holding the file checks the fingerprint
on the page with `sha256sum` alone.  The download follows the report
page's access rules; someone without access gets no byte of it."""
import hashlib
import re

import pytest

from test_conversation import as_user, dossier, people, post, walk_to_finalized  # noqa: F401 (fixtures)

HASH_IN_NAME = 12     # hash characters in the file name (signed.c)


@pytest.fixture
def sealed(stack, dossier, as_user):  # noqa: F811
    """A conversation closed through the app (its snapshot stored), and
    the next one of the dossier, still open."""
    cid, open_cid = dossier["conversations"][:2]
    eva, mark = as_user("eva"), as_user("mark")
    walk_to_finalized(mark, eva, cid, stack)
    assert post(eva, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    assert post(mark, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    stored = stack.sql(f"SELECT sha256 FROM snapshot WHERE conversation_id = {cid}")
    assert len(stored) == 1, stored
    return {"id": cid, "open": open_cid, "sha256": stored[0][0]}


@pytest.mark.parametrize("user", ["eva", "mark", "sanne", "hanna"])
def test_download_is_the_hashed_report(stack, sealed, as_user, user):  # noqa: F811
    s = as_user(user)
    cid = sealed["id"]
    r = s.get(f"/conversations/{cid}/signed.xml", allow_redirects=False)
    assert r.status_code == 200, r.status_code
    assert r.headers["Content-Type"].split(";")[0] == "application/xml"
    digest = hashlib.sha256(r.content).hexdigest()
    assert digest == sealed["sha256"], "the bytes are not what was hashed"
    name = f"gesprek-{cid}-{sealed['sha256'][:HASH_IN_NAME]}.xml"
    assert r.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    # The fingerprint the page shows, and the link to the file.
    html = s.get(f"/conversations/{cid}").text
    shown = re.findall(r'<code class="hash">([0-9a-f]{64})</code>', html)
    assert digest in shown, "the page does not show the hash of the download"
    assert f'href="/conversations/{cid}/signed.xml"' in html


def test_verify_agrees_with_the_download(stack, sealed, as_user):  # noqa: F811
    cid = sealed["id"]
    body = as_user("eva").get(f"/conversations/{cid}/signed.xml").content
    r = stack.ctl("verify", str(cid), check=False)
    assert r.returncode == 0 and "1 snapshot(s) checked, 1 verified, 0 mismatch(es)" in r.stdout
    stack_xml = stack.sql(f"SELECT HEX(xml) FROM snapshot WHERE conversation_id = {cid}")[0][0]
    assert bytes.fromhex(stack_xml) == body


@pytest.mark.parametrize("user", ["daan", "iris"])
def test_no_access_no_bytes(stack, sealed, as_user, user):  # noqa: F811
    s = as_user(user)
    r = s.get(f"/conversations/{sealed['id']}/signed.xml", allow_redirects=False)
    missing = s.get("/conversations/999999999/signed.xml", allow_redirects=False)
    assert r.status_code == 403
    # The same answer as for an id that does not exist (but for the path).
    same = r.content.replace(f"/{sealed['id']}/".encode(), b"/999999999/")
    assert (r.status_code, same) == (missing.status_code, missing.content), \
        "a refusal tells that the conversation exists"
    assert b"<snapshot" not in r.content and sealed["sha256"].encode() not in r.content
    assert "Content-Disposition" not in r.headers


def test_anonymous_gets_nothing(stack, sealed, new_session):
    r = new_session().get(f"/conversations/{sealed['id']}/signed.xml", allow_redirects=False)
    assert r.status_code in (401, 403), r.status_code
    assert sealed["sha256"].encode() not in r.content and "Content-Disposition" not in r.headers


def test_only_a_closed_report_and_only_as_xml(stack, sealed, as_user):  # noqa: F811
    eva = as_user("eva")
    r = eva.get(f"/conversations/{sealed['open']}/signed.xml", allow_redirects=False)
    assert r.status_code == 404, "an open conversation has no signed report"
    assert "signed.xml" not in eva.get(f"/conversations/{sealed['open']}").text
    r = eva.get(f"/conversations/{sealed['id']}/signed", allow_redirects=False)
    assert r.status_code == 404 and "Content-Disposition" not in r.headers


def test_reopened_report_is_no_longer_offered(stack, sealed, as_user):  # noqa: F811
    hanna, eva = as_user("hanna"), as_user("eva")
    assert post(hanna, f"/conversations/{sealed['id']}/reopen",
                reason="Verkeerde datum").status_code == 303
    r = eva.get(f"/conversations/{sealed['id']}/signed.xml", allow_redirects=False)
    assert r.status_code == 404
    assert stack.sql(f"SELECT COUNT(*) FROM snapshot WHERE conversation_id = {sealed['id']}") \
        == [("1",)], "the old snapshot stays stored"
