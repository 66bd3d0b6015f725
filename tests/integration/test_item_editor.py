"""One item editor at a time, at its own URL (issue 15), over real HTTP.

The plain conversation page renders no form to edit an item, to write its
progress or to add one: each item links to its editor
(GET /conversations/{id}/items/{item}/edit, .../update) and each section to
GET /conversations/{id}/items/new?kind=...  An editor page is the
conversation page with that one form open; it works without JavaScript
(plain links and forms, checked here with requests and lxml).  The GET
checks what the POST it leads to checks; a save returns to the item's
anchor; a refused save shows the editor again with what was typed."""

import pytest

from convtools import (WRITE_TABLES, add_item, item_id, make_dossier, marker, people,
                       post, unchanged)
from helpers import page, text_of, xml

MISSING_ID = 999999999


@pytest.fixture
def ids(stack):
    return people(stack)


@pytest.fixture
def world(stack, ids, users):
    """eva's dossier (manager mark): a result goal mark wrote in the goal
    setting, and the progress conversation it is carried into."""
    d = make_dossier(stack, ids, prefix="Editor")
    gs, pr = d["conversations"][0], d["conversations"][1]
    title = marker("Editordoel")
    assert add_item(users("mark"), gs, title).status_code == 303
    return {"dossier": d, "gs": gs, "pr": pr, "title": title,
            "item": item_id(stack, d["id"], title)}


def item_forms(doc, cid):
    """The actions of every form on the page that adds, edits or updates an
    item (delete is a single button, not an editor)."""
    actions = doc.xpath("//form/@action")
    return [a for a in actions
            if a == f"/conversations/{cid}/items" or a == f"/conversations/{cid}/updates"
            or (a.startswith("/items/") and not a.endswith("/delete"))]


def links(doc, href):
    return doc.xpath("//a[@href=$h]", h=href)


def test_plain_page_renders_no_item_form(world, users):
    gs, pr, iid = world["gs"], world["pr"], world["item"]
    for who in ("mark", "eva"):
        r = users(who).get(f"/conversations/{gs}")
        assert r.status_code == 200
        doc = page(r)
        assert item_forms(doc, gs) == [], f"{who}: inline item forms on the plain page"
        assert doc.xpath("//input[@name='title'] | //textarea[@name='measure']") == []
        for kind in ("result", "development", "action"):
            assert links(doc, f"/conversations/{gs}/items/new?kind={kind}#new-{kind}"), kind
    # mark wrote the item in the private phase: only he sees it, and its link
    mark = page(users("mark").get(f"/conversations/{gs}"))
    edit = links(mark, f"/conversations/{gs}/items/{iid}/edit#edit-{iid}")
    assert len(edit) == 1 and "Bewerken" in edit[0].text_content()
    eva = page(users("eva").get(f"/conversations/{gs}"))
    assert not eva.xpath("//a[contains(@href, $p)]", p=f"/items/{iid}/")
    # a goal setting has no progress to write
    assert not mark.xpath("//a[contains(@href, '/update')]")

    doc = page(users("mark").get(f"/conversations/{pr}"))
    assert item_forms(doc, pr) == []
    update = links(doc, f"/conversations/{pr}/items/{iid}/update#upd-{iid}")
    assert len(update) == 1 and "Voortgang bijwerken" in update[0].text_content()


def test_editor_url_renders_exactly_one_editor(world, users):
    gs, pr, iid, title = world["gs"], world["pr"], world["item"], world["title"]
    mark = users("mark")

    r = mark.get(f"/conversations/{gs}/items/{iid}/edit")
    assert r.status_code == 200
    doc = page(r)
    assert item_forms(doc, gs) == [f"/items/{iid}"]
    form = doc.xpath("//form[@id=$i]", i=f"edit-{iid}")[0]
    assert form.xpath(".//input[@name='title']/@value") == [title]
    assert form.xpath(".//input[@name='conversation']/@value") == [str(gs)]
    # back without saving, to the item
    assert form.xpath(".//a[@href=$h]", h=f"/conversations/{gs}#item-{iid}")
    # its own link is not offered again next to the open editor
    assert not links(doc, f"/conversations/{gs}/items/{iid}/edit#edit-{iid}")
    assert xml(mark.get(f"/conversations/{gs}/items/{iid}/edit.xml")).xpath(
        "/page/editor[@kind='edit']/@item") == [str(iid)]

    doc = page(mark.get(f"/conversations/{gs}/items/new?kind=development"))
    assert item_forms(doc, gs) == [f"/conversations/{gs}/items"]
    assert doc.xpath("//form[@id='new-development']//input[@name='kind']/@value") == ["development"]

    doc = page(mark.get(f"/conversations/{pr}/items/{iid}/update"))
    assert item_forms(doc, pr) == [f"/conversations/{pr}/updates"]
    assert doc.xpath(f"//form[@id='upd-{iid}']//input[@name='item']/@value") == [str(iid)]


def test_editor_refused_as_its_post_is(stack, world, ids, users):
    gs, pr, iid, title = world["gs"], world["pr"], world["item"], world["title"]
    edit = f"/conversations/{gs}/items/{iid}/edit"
    # another employee, HR and the manager's manager: no part in writing it
    for who in ("daan", "hanna", "sanne"):
        r = users(who).get(edit)
        assert r.status_code == 403, who
        assert title not in r.text

    # an item of another dossier, one not there, one private to mark
    d2 = make_dossier(stack, ids, prefix="Ander")
    foreign = marker("Vreemd doel")
    assert add_item(users("mark"), d2["conversations"][0], foreign).status_code == 303
    fid = item_id(stack, d2["id"], foreign)
    mark = users("mark")
    for path in (f"/conversations/{gs}/items/{fid}/edit", f"/conversations/{gs}/items/{fid}/update",
                 f"/conversations/{pr}/items/{fid}/update",
                 f"/conversations/{gs}/items/{MISSING_ID}/edit"):
        r = mark.get(path)
        assert r.status_code == 404, (path, r.status_code)
        assert foreign not in r.text
    assert users("eva").get(edit).status_code == 404, "mark's preparation is private"
    # progress is written in a follow-up conversation, not in the goal setting
    assert mark.get(f"/conversations/{gs}/items/{iid}/update").status_code == 404
    assert mark.get(f"/conversations/{gs}/items/new?kind=bogus").status_code == 400


def test_signed_report_answers_the_posts_explanation(stack, world, users):
    gs, iid = world["gs"], world["item"]
    stack.sql(f"UPDATE conversation SET status = 'finalized' WHERE id = {gs}")
    mark = users("mark")
    for path in (f"/conversations/{gs}/items/{iid}/edit", f"/conversations/{gs}/items/new?kind=result"):
        r = mark.get(path)
        assert r.status_code == 403
        doc = page(r)
        assert doc.xpath("//section[contains(@class, 'error-signed')]"), text_of(r)[:1000]
        assert not doc.xpath("//form[@action=$a]", a=f"/items/{iid}")
    with unchanged(stack, WRITE_TABLES, "an edit of a finalized report"):
        p = post(mark, f"/items/{iid}", conversation=str(gs), version="1", title="Later")
    assert p.status_code == 403
    main = lambda resp: page(resp).xpath("//main")[0].text_content().split()
    assert main(mark.get(f"/conversations/{gs}/items/{iid}/edit")) == main(p)


def test_save_returns_to_the_items_anchor(stack, world, users):
    gs, pr, iid, title = world["gs"], world["pr"], world["item"], world["title"]
    mark = users("mark")
    v = xml(mark.get(f"/conversations/{gs}.xml")).xpath(
        "/page/conversation/items/item[@id=$i]/@version", i=str(iid))[0]
    r = post(mark, f"/items/{iid}", conversation=str(gs), version=v, kind="result",
             title=title + " bijgewerkt", deadline="2027-10-01")
    assert r.status_code == 303
    assert r.headers["Location"] == f"/conversations/{gs}#item-{iid}"
    assert stack.sql(f"SELECT title FROM item WHERE id = {iid}")[0][0] == title + " bijgewerkt"

    r = post(mark, f"/conversations/{pr}/updates", item=str(iid), status="on_track",
             note="Loopt")
    assert r.status_code == 303
    assert r.headers["Location"] == f"/conversations/{pr}#item-{iid}"

    added = marker("Nieuwe actie")
    r = add_item(mark, gs, added, kind="action")
    assert r.status_code == 303
    new_id = item_id(stack, world["dossier"]["id"], added)
    assert r.headers["Location"] == f"/conversations/{gs}#item-{new_id}"


def test_refused_save_shows_the_editor_with_the_text(stack, world, users):
    gs, iid = world["gs"], world["item"]
    mark = users("mark")
    typed = marker("Wat ik lang typte over de meetbaarheid")
    with unchanged(stack, WRITE_TABLES, "an edit without a title"):
        r = post(mark, f"/items/{iid}", conversation=str(gs), version="1", kind="result",
                 title="", measure=typed)
    assert r.status_code == 400
    doc = page(r)
    assert item_forms(doc, gs) == [f"/items/{iid}"], "the one editor again"
    assert doc.xpath(f"//form[@id='edit-{iid}']//textarea[@name='measure']/text()") == [typed]
    assert doc.xpath(f"//*[@id='form-alert']//a[@href='#edit-{iid}-title']")

    with unchanged(stack, WRITE_TABLES, "an item without a title"):
        r = post(mark, f"/conversations/{gs}/items", kind="development", title="", measure=typed)
    assert r.status_code == 400
    doc = page(r)
    assert item_forms(doc, gs) == [f"/conversations/{gs}/items"]
    assert doc.xpath("//form[@id='new-development']//textarea[@name='measure']/text()") == [typed]
