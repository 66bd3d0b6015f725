/* calibration.h -- calibration (kalibratie, issue 17): the view of the
 * proposed final ratings of a cycle and department (GET /calibration), its
 * rounds and proposals (the POSTs), and the proposals on the conversation
 * page (store/calibration.h keeps them; rules/calibration.h decides). */
#ifndef GESPREK_PAGES_CALIBRATION_H
#define GESPREK_PAGES_CALIBRATION_H

#include <libxml/tree.h>

#include "pages/conv_view.h"

struct ctx;

int calibration_get(struct ctx *c);
int calibration_open_post(struct ctx *c);
int calibration_close_post(struct ctx *c);
int calibration_propose_post(struct ctx *c);
int calibration_accept_post(struct ctx *c);
int calibration_reject_post(struct ctx *c);

/* Appends to conv, for the dossier's manager and readers (never the
 * employee, never the snapshot: an accepted change is in <review>):
 *   <calibration decide="1">
 *     <proposal id= status= old= new= author= at= decided_by= decided_for=
 *       decided_at=><reason/><decision_reason/></proposal>...
 *   </calibration>
 * decide: the viewer is the dossier's manager, or their deputy today
 * (accepts or rejects; a deputy's decision names the manager in
 * decided_for, "namens"). */
int calibration_conv_xml(struct ctx *c, const struct dossier_view *v,
    const struct conversation *cv, xmlNodePtr conv);

/* A proposal waiting for the viewer as manager (a list of
 * store/dashboard.h), as <proposal .../> into ud, the dashboard's
 * <calibrations>. */
struct calib_proposal;
int calibration_dashboard_add(void *ud, const struct calib_proposal *p);

#endif
