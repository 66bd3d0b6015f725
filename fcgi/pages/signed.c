/* signed.c -- GET /conversations/{id}/signed.xml: the signed report of a
 * closed conversation, byte for byte as it was hashed when the manager
 * signed, so that anyone holding it can check the fingerprint shown on
 * the page with `sha256sum` alone, without trusting gesprek.
 *
 * Access is the report page's (conversation_view_load: the parties, their
 * managers' managers read-only, HR; anyone else 403, an unknown id 404).
 * Only a closed conversation offers it: after a reopen the old snapshot
 * stays stored, but it is no longer the report the page shows.
 *
 * The request parser strips ".xml" and sets want_xml; without it this
 * path is no page (404), as for the exports. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "pages/conv_view.h"
#include "pages/pages.h"
#include "store/dossier.h"

#define SIGNED_CTYPE "application/xml"
/* Enough of the hash to tell two downloads of one conversation apart;
 * the whole hash is on the page and in the file's check. */
#define SIGNED_NAME_HASH_CHARS 12
/* "gesprek-" id "-" hash ".xml" */
#define SIGNED_NAME_MAX (sizeof("gesprek--.xml") + 20 + SIGNED_NAME_HASH_CHARS)
#define SIGNED_DISPOSITION_MAX (SIGNED_NAME_MAX + sizeof("attachment; filename=\"\""))

static int
send_snapshot(struct ctx *c, int64_t id)
{
	char hex[SNAPSHOT_HEX_LEN + 1], name[SIGNED_NAME_MAX];
	char disposition[SIGNED_DISPOSITION_MAX];
	struct buf xml;
	int st;

	buf_init(&xml);
	st = snapshot_latest_signed(c->db, id, &xml, hex);
	if (st != DB_OK) {
		buf_free(&xml);
		/* closed before snapshots were kept: nothing signed to offer */
		return st == DB_NOTFOUND ? 404 : http_status_of(st);
	}
	snprintf(name, sizeof(name), "gesprek-%lld-%.*s.xml", (long long)id,
	    SIGNED_NAME_HASH_CHARS, hex);
	snprintf(disposition, sizeof(disposition), "attachment; filename=\"%s\"", name);
	resp_header(c->req, "Content-Disposition", disposition);
	resp_send(c->req, 200, SIGNED_CTYPE, xml.data, xml.len);
	buf_free(&xml);
	return HANDLER_SENT;
}

int
conversation_signed_xml(struct ctx *c)
{
	const struct conversation *cv;
	struct dossier_view v;
	int rc;

	if (!c->req->want_xml)
		return 404;
	rc = conversation_view_load(c, c->ids[0], &v, &cv);
	if (rc == 200)
		rc = strcmp(cv->status, "closed") == 0 ? send_snapshot(c, cv->id) : 404;
	dossier_view_free(&v);
	return rc;
}
