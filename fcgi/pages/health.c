/* health.c -- GET /health, for load balancers and monitoring.
 *
 * Public, no session, no write: 200 "ok" only when MariaDB answers a
 * statement and the auth broker's helper answers a ping, else 503 naming
 * what is down (never why: that goes to the log, once per outage, by the
 * same per-cause state every request shares: base/log.h).  A
 * balancer then stops sending logins to an instance that could only
 * answer them with 503.
 * Every answer carries Cache-Control: no-store (http/request.c), so no
 * proxy keeps an old "ok". */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "app.h"
#include "auth/broker.h"
#include "pages/pages.h"
#include "store/health.h"

/* A balancer polls often and has its own timeout: a wedged broker should
 * make this answer 503 well before that, not hold the worker for the
 * login timeout. */
#define HEALTH_BROKER_TIMEOUT_S 2
#define HEALTH_CTYPE "text/plain; charset=utf-8"

static int
answer(struct ctx *c, int status, const char *body)
{
	resp_send(c->req, status, HEALTH_CTYPE, body, strlen(body));
	return HANDLER_SENT;
}

int
health_get(struct ctx *c)
{
	bool db_ok = store_ping(c->db) == DB_OK;
	bool broker_ok = broker_ping(c->w->broker_path, HEALTH_BROKER_TIMEOUT_S);

	if (db_ok && broker_ok)
		return answer(c, 200, "ok\n");
	if (!db_ok && !broker_ok)
		return answer(c, 503, "unavailable: database, auth broker\n");
	return answer(c, 503, db_ok ? "unavailable: auth broker\n" : "unavailable: database\n");
}
