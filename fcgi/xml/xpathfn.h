/* xpathfn.h -- XPath extension functions for the numbers of the reports'
 * charts and tables (i:share, i:bar, i:label, i:either; xpathfn.c). */
#ifndef GESPREK_XPATHFN_H
#define GESPREK_XPATHFN_H

/* Registers them with libxslt; once in main, before threads. */
void xpathfn_register_xslt(void);

#endif
