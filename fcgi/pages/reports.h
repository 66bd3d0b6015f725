/* reports.h -- what the export pages (export.c) share with the overview
 * (reports.c). */
#ifndef GESPREK_REPORTS_H
#define GESPREK_REPORTS_H

#include <stdbool.h>
#include <stdint.h>

struct ctx;
struct form;

/* HR, or a manager (who sees their own team only). */
bool reports_allowed(const struct ctx *c);
/* The overview of cycle_id with a refused export form next to its fields
 * (status 400); or the error status. */
int reports_export_refused(struct ctx *c, int64_t cycle_id, const struct form *export_form);

#endif
