/* pages.h -- the handlers, one file per page or resource; their routes are
 * listed together in routes.c. */
#ifndef GESPREK_PAGES_H
#define GESPREK_PAGES_H

struct ctx;

/* login.c */
int login_get(struct ctx *c);
int login_post(struct ctx *c);
int login_csrf_failed(struct ctx *c);
int logout_post(struct ctx *c);

/* dashboard.c */
int dashboard_get(struct ctx *c);

/* error.c: builds the error page of status (400 ... 503). */
int error_page(struct ctx *c, int status);

#endif
