/* health.c -- GET /health, for load balancers and monitoring.
 *
 * Public, no session, no write: 200 "ok" only when MariaDB answers a
 * statement and the auth broker's helper answers a ping, else 503 naming
 * what is down (never why: that goes to the log, once per change).  A
 * balancer then stops sending logins to an instance that could only
 * answer them with 503.
 * Every answer carries Cache-Control: no-store (http/request.c), so no
 * proxy keeps an old "ok". */
#include "config.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>

#include "app.h"
#include "auth/broker.h"
#include "base/log.h"
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

/* What the last check found (bit 0 database down, bit 1 broker down),
 * across the worker's threads: a balancer polls every few seconds, so
 * only a change is logged, not every poll of an outage. */
#define HEALTH_DB_DOWN 1
#define HEALTH_BROKER_DOWN 2
static _Atomic int health_last;

static void
log_change(bool db_ok, bool broker_ok)
{
	int now = (db_ok ? 0 : HEALTH_DB_DOWN) | (broker_ok ? 0 : HEALTH_BROKER_DOWN);

	if (atomic_exchange(&health_last, now) == now)
		return;
	if (now == 0)
		log_info("health: database and auth broker answer again");
	else
		log_warn("health: database %s, auth broker %s", db_ok ? "up" : "down",
		    broker_ok ? "up" : "down");
}

int
health_get(struct ctx *c)
{
	bool db_ok = store_ping(c->db) == DB_OK;
	bool broker_ok = broker_ping(c->w->broker_path, HEALTH_BROKER_TIMEOUT_S);

	log_change(db_ok, broker_ok);
	if (db_ok && broker_ok)
		return answer(c, 200, "ok\n");
	if (!db_ok && !broker_ok)
		return answer(c, 503, "unavailable: database, auth broker\n");
	return answer(c, 503, db_ok ? "unavailable: auth broker\n" : "unavailable: database\n");
}
