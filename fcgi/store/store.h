/* store.h -- everything the rest of gesprek may ask of the database, in
 * one include: the headers of the store's aggregates.  Files of gesprek
 * include the aggregate headers they use (store/employee.h, ...) instead;
 * this one stays for code written before the split.  It does not give
 * store/db.h: above the store, status codes come from store/status.h. */
#ifndef GESPREK_STORE_H
#define GESPREK_STORE_H

#include "store/status.h"
#include "store/migrate.h"
#include "store/employee.h"
#include "store/session.h"
#include "store/dossier.h"
#include "store/audit.h"
#include "store/cycle.h"
#include "store/goal.h"
#include "store/organisation.h"
#include "store/report.h"
#include "store/report_export.h"
#include "store/mail.h"
#include "store/demo.h"

#endif
