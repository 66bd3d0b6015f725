/* app.c -- one request end to end: parse under limits, find the route,
 * load the session, check role and CSRF, run the handler, render. */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "app.h"
#include "auth/session.h"
#include "http/defer.h"
#include "rules/roles.h"
#include "base/log.h"
#include "store/stamp.h"
#include "xml/i18n.h"
#include "xml/page.h"
#include "xml/pagecache.h"
#include "xml/render.h"
#include "store/db.h"
#include "store/session.h"

#define CTYPE_HTML "text/html; charset=utf-8"
#define CTYPE_XML "application/xml; charset=utf-8"

int
http_status_of(int st)
{
	switch (st) {
	case DB_OK: return 200;
	case DB_NOTFOUND: return 404;
	case DB_CONFLICT: return 409;
	case DB_UNAVAILABLE: return 503;
	default: return 500;
	}
}

bool
page_begin(struct ctx *c, const char *name)
{
	xmlNodePtr u, f;

	c->doc = page_new(name, c->lang, c->logged_in ? c->session.csrf : c->login_csrf,
	    c->req->path, &c->page);
	if (c->doc == NULL)
		return false;
	c->style = c->route && c->route->style ? c->route->style : name;
	if (c->logged_in) {
		u = xml_add(c->page, "user");
		xml_set_int(u, "id", c->user.id);
		xml_set(u, "login", c->user.login);
		xml_set(u, "name", c->user.name);
		/* hr: the administrator's links (the /admin pages); the other
		 * roles each their own (rules/roles.h). */
		xml_set(u, "hr", roles_administers(c->roles) ? "1" : "0");
		if (roles_audits(c->roles))
			xml_set(u, "auditor", "1");
		if (roles_read_audited(c->roles))
			xml_set(u, "advisor", roles_reads_all(c->roles) ? "all" : "assigned");
		xml_set(u, "manager", c->user.is_manager ? "1" : "0");
		xml_set_int(u, "idle", c->conf->session_idle);
	}
	if (c->has_session && c->session.flash[0]) {
		f = xml_add(c->page, "flash");
		xml_set(f, "kind", strncmp(c->session.flash, "error.", 6) == 0 ? "error" : "ok");
		xml_set(f, "key", c->session.flash);
	}
	return true;
}

void
page_cache_begin(struct ctx *c)
{
	if (c->req->is_post || !c->logged_in || c->cache || !c->conf->page_cache)
		return;
	c->cache = true;
	db_transcript_begin(c->db, &c->transcript);
}

static void
key_str(struct buf *k, const char *s)
{
	buf_append(k, s ? s : "", s ? strlen(s) + 1 : 1);
}

static void
key_int(struct buf *k, int64_t v)
{
	buf_append(k, &v, sizeof(v));
}

/* Everything a cacheable page is made of besides its rows: the request,
 * the stylesheets, the session and the user (what page_begin shows).
 * Made once per request; false when out of memory. */
static bool
cache_context(struct ctx *c)
{
	struct buf *k = &c->cache_key;
	size_t i;

	if (k->len)
		return !k->failed;

	key_str(k, c->route->method);
	key_str(k, c->route->pattern);
	key_str(k, c->req->path);
	for (i = 0; i < c->req->params.n; i++) {
		key_str(k, c->req->params.v[i].name);
		key_str(k, c->req->params.v[i].value);
	}
	key_str(k, "");
	key_str(k, c->lang);
	key_int(k, c->req->want_xml);
	key_int(k, c->req->is_head);
	key_str(k, c->route->style);
	key_int(k, (int64_t)styles_generation(c->styles));
	buf_append(k, c->session.token_hash, sizeof(c->session.token_hash));
	key_str(k, c->session.csrf);
	key_int(k, c->session.employee_id);
	key_int(k, c->roles);
	key_int(k, c->user.id);
	key_str(k, c->user.login);
	key_str(k, c->user.name);
	key_str(k, c->user.email);
	key_int(k, c->user.department_id);
	key_int(k, c->user.manager_id);
	key_int(k, c->user.is_hr);
	key_int(k, c->user.active);
	key_int(k, c->user.is_manager);
	return !k->failed;
}

/* Renders the page in the requested format into out. */
static bool
render(struct ctx *c, struct buf *out)
{
	if (c->req->want_xml)
		return render_xml(c->doc, out);
	return c->styles && render_html(c->styles, c->style, c->doc, c->lang, out);
}

/* Sends a kept page (a hit) and lets go of it; true when there was one. */
static bool
send_hit(struct ctx *c, struct pagecache_hit *h)
{
	const char *body;
	size_t len;

	if (h == NULL)
		return false;
	body = pagecache_body(h, &len);
	resp_send(c->req, 200, c->req->want_xml ? CTYPE_XML : CTYPE_HTML, body, len);
	pagecache_release(h);
	return true;
}

/* A kept page with these stamps, sent: true. */
static bool
send_stamped(struct ctx *c, const struct buf *stamps)
{
	const struct buf *k = &c->cache_key;

	return !stamps->failed && send_hit(c, pagecache_find_stamped(k->data, k->len,
	    stamps->data, stamps->len));
}

bool
page_cache_stamped(struct ctx *c, enum stamp_scope scope, int64_t id)
{
	const struct session_row *s = &c->session;
	int64_t dossier = 0;

	/* A flash message is shown once, then cleared: render. */
	if (!c->cache || s->flash[0] || !cache_context(c))
		return false;
	/* Read without its stamps (a handler missing from
	 * app_stamped_handlers): rendered, and not kept. */
	if (!s->stamped) {
		c->cache = false;
		db_transcript_end(c->db);
		return false;
	}
	/* The date: a dashboard counts the items overdue today. */
	buf_printf(&c->person_stamps, "person %lld %lld %lld %s", (long long)s->person_stamp,
	    (long long)s->deputy_stamp, (long long)s->all_stamp, s->today);
	if (send_stamped(c, &c->person_stamps))
		return true;
	if (scope == STAMP_PERSON) {
		page_cache_by_person(c);
		return false;
	}
	if (dossier_stamp(c->db, id, scope == STAMP_CONVERSATION, &dossier) != DB_OK)
		return false;
	/* The date too: a reader's first read of a day is rendered, so that
	 * it reaches the audit trail (issue 17: reads by a second assessor,
	 * at most one record a day). */
	buf_printf(&c->stamps, "dossier %lld %lld %s", (long long)dossier, (long long)s->all_stamp,
	    s->today);
	return send_stamped(c, &c->stamps);
}

void
page_cache_by_person(struct ctx *c)
{
	if (!c->cache || c->person_stamps.len == 0)
		return;
	buf_reset(&c->stamps);
	buf_append(&c->stamps, c->person_stamps.data, c->person_stamps.len);
}

/* Renders c->doc (or, failing that, a bare 500) and sends it; a cacheable
 * page comes from the page cache when its input was seen before. */
static void
send_page(struct ctx *c, int status)
{
	bool cacheable = c->cache && status == 200 && !c->session.flash[0] &&
	    !c->transcript.failed && cache_context(c);
	const struct buf *k = &c->cache_key;
	struct buf out;
	bool ok;

	buf_init(&out);
	if (cacheable && send_hit(c, pagecache_find(k->data, k->len, c->transcript.data,
	    c->transcript.len, c->stamps.data, c->stamps.len)))
		goto out;
	ok = render(c, &out);
	if (ok && !out.failed) {
		resp_send(c->req, status, c->req->want_xml ? CTYPE_XML : CTYPE_HTML,
		    out.data, out.len);
		if (cacheable)
			pagecache_put(k->data, k->len, c->transcript.data, c->transcript.len,
			    c->stamps.data, c->stamps.len, out.data, out.len);
		/* The flash was shown: it goes now (the only write of a read). */
		if (status == 200 && c->has_session && c->session.flash[0])
			session_set_flash(c->db, c->session.token_hash, NULL);
	} else {
		static const char bare[] = "<!DOCTYPE html><title>500</title><p>500</p>";

		resp_send(c->req, 500, CTYPE_HTML, bare, sizeof(bare) - 1);
	}
out:
	buf_free(&out);
}

static void
finish(struct ctx *c, int status)
{
	if (status == HANDLER_SENT)
		return;
	if (status == HANDLER_REDIRECT) {
		resp_redirect(c->req, c->location[0] ? c->location : "/");
		return;
	}
	/* A handler may answer 4xx with its own page (a form and its errors);
	 * a 5xx gets the error page, never a half-built one, unless the
	 * handler made a whole page for it (the login form when PAM is down). */
	if ((status >= 500 && !c->keep_page) || (status != 200 && c->doc == NULL))
		app_error_page(c, status);
	if (c->doc == NULL) {
		app_error_page(c, 500);
		status = 500;
	}
	send_page(c, status);
}

/* Role, session and CSRF checks, then the handler. */
static int
dispatch(struct ctx *c)
{
	const struct route *r = c->route;
	int st, rs;

	if ((st = auth_load(c)) != DB_OK || (st = auth_remote_user(c)) != DB_OK)
		return http_status_of(st);
	if (r->role != ROLE_PUBLIC && !c->logged_in) {
		if (!c->req->is_post && !c->req->want_xml)
			return resume_to_login(c);
		/* A form of a session that ended (idle or absolute limit): not a
		 * bare 403 -- keep what was typed and ask for a login. */
		if (c->req->is_post && !c->req->want_xml && c->session_ended)
			return resume_expired_post(c);
		return 403;
	}
	if (r->role == ROLE_HR && !roles_administers(c->roles))
		return 403;
	if (r->role == ROLE_AUDITOR && !roles_audits(c->roles))
		return 403;
	if (r->role == ROLE_HR_OR_AUDITOR && !roles_oversees(c->roles))
		return 403;
	if (c->req->is_post && !auth_csrf_ok(c))
		return r->csrf_failed ? r->csrf_failed(c) : 403;
	/* Undeclared fields are refused here, for every route alike; value
	 * problems wait in c->in.form for the handler to re-show its form. */
	if ((st = input_check(&c->in, r->fields, c->req)) != 0)
		return st;
	st = r->handler(c);
	/* After a login that announced a kept form: back into its page. */
	if ((rs = resume_restore(c, st)) != DB_OK)
		return http_status_of(rs);
	return st;
}

struct limits
app_limits_for(const struct conf *conf, const struct route *r)
{
	struct limits l = conf->limits;
	size_t i;

	for (i = 0; r && r->fields && i < app_route_bounds_len; i++) {
		const struct route_bounds *b = &app_route_bounds[i];

		if (b->fields != r->fields)
			continue;
		if (b->params > l.params)
			l.params = b->params;
		if (b->body_as_upload && l.upload > l.body)
			l.body = l.upload;
	}
	return l;
}

/* Reads the request: its head under the widest body bound any route has
 * (the route is not known yet), the route from the head, then the body
 * under the route's own bounds.  0 or the error status. */
static int
read_request(struct ctx *c, FCGX_Request *f, struct route_result *m, enum route_match *found)
{
	struct limits wide = c->conf->limits, own;
	size_t len = 0;
	int st;

	*found = ROUTE_NO_PATH;
	if (wide.upload > wide.body)
		wide.body = wide.upload;
	if ((st = request_read_head(c->req, f, &wide, &len)) != 0)
		return st;
	*found = router_match(app_routes, app_routes_len, c->req->method, c->req->path, m);
	own = app_limits_for(c->conf, *found == ROUTE_FOUND ? m->route : NULL);
	return request_read_body(c->req, len, &own);
}

bool
app_handle(struct worker *w, FCGX_Request *f)
{
	struct request req;
	struct route_result m;
	enum route_match found;
	struct ctx c;
	int status;
	bool handed_on;

	request_init(&req);
	memset(&c, 0, sizeof(c));
	c.w = w;
	c.db = w->db;
	c.conf = w->conf;
	c.req = &req;
	c.styles = styles_acquire();
	/* Only the trusted listener's REMOTE_USER, and only the FastCGI
	 * parameter: an HTTP header arrives as HTTP_*, never under this name. */
	if (w->trusted_fd >= 0 && f->listen_sock == w->trusted_fd)
		c.remote_user = auth_remote_user_param(f->envp);
	status = read_request(&c, f, &m, &found);
	request_client(&req, &w->conf->real_ip_from);
	c.lang = lang_pick(req.accept_language);
	if (status != 0)
		goto done;
	switch (found) {
	case ROUTE_NO_PATH:
		status = 404;
		goto done;
	case ROUTE_NO_METHOD:
		resp_header(&req, "Allow", m.allow);
		status = 405;
		goto done;
	case ROUTE_FOUND:
		break;
	}
	c.route = m.route;
	memcpy(c.ids, m.ids, sizeof(c.ids));
	status = dispatch(&c);
	db_transcript_end(c.db);
done:
	finish(&c, status);
	log_info("%s %s %s %d %zu %" PRId64 "us", req.id, req.method[0] ? req.method : "-",
	    req.path ? req.path : "-", req.status, req.sent_bytes, now_us() - req.start_us);
	if (c.doc)
		xmlFreeDoc(c.doc);
	buf_free(&c.transcript);
	buf_free(&c.stamps);
	buf_free(&c.person_stamps);
	buf_free(&c.cache_key);
	styles_release(c.styles);
	handed_on = defer_take(f, &req);
	request_free(&req);
	return handed_on;
}
