<?xml version="1.0" encoding="UTF-8"?>
<!--
  layout.xsl - the shell of every HTML page of gesprek.

  A page stylesheet imports this file and overrides named templates:

    <xsl:import href="layout.xsl"/>
    <xsl:template name="page-title">   text only: <title> and usually the <h1>
    <xsl:template name="page-content"> everything inside <main>, starting with the <h1>
    <xsl:template name="page-head">    optional: extra <link>/<script src> in <head>

  They run with /page as the context node.  A page stylesheet must not define
  a template for "/" or for "page" in mode "layout".

  Helpers for page stylesheets (call-template):
    csrf-input   <input type="hidden" name="csrf" value="{/page/@csrf}">
    post-button  a one-button POST form (action, label, class)
    badge        <span class="badge badge-{state}"> with the text of status.{state}
    date         YYYY-MM-DD (or a date-time) as "3 maart 2027"

  Text comes only from the message catalogs: i:t('key') (urn:gesprek:i18n),
  implemented in C, in the language of /page/@lang (and i:date(value),
  a date in words with the catalog's month, for the date template; and
  i:share(n, of), i:bar(value, max, full), i:label(text, max),
  i:either(a, b), fcgi/xml/xpathfn.c, a chart's "n (p%)", a bar's width,
  a label cut to fit and a or else b, for the reports' charts and tables).  Pass it a string
  (a literal or concat()), never switch off output escaping, no inline script
  or style.  Behaviour that helps but is not needed lives in
  static/gesprek.js, driven by data-* attributes: data-confirm="text" on a
  form (or on a radio button of it) asks before sending.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:strip-space elements="*"/>

  <!-- ================================================================ -->
  <!-- Hooks: defaults, overridden by the page stylesheets               -->
  <!-- ================================================================ -->

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('page.untitled')"/>
  </xsl:template>

  <xsl:template name="page-head"/>

  <xsl:template name="page-content"/>

  <!-- ================================================================ -->
  <!-- The shell                                                         -->
  <!-- ================================================================ -->

  <xsl:template match="/">
    <xsl:apply-templates select="page" mode="layout"/>
  </xsl:template>

  <xsl:template match="page" mode="layout">
    <xsl:variable name="lang">
      <xsl:choose>
        <xsl:when test="@lang = 'en'">en</xsl:when>
        <xsl:otherwise>nl</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <html lang="{$lang}">
      <head>
        <!-- libxml2's HTML serializer updates this element instead of adding a second one -->
        <meta http-equiv="Content-Type" content="text/html; charset=UTF-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex, nofollow"/>
        <title>
          <xsl:call-template name="page-title"/>
          <xsl:text> – </xsl:text>
          <xsl:value-of select="i:t('app.name')"/>
        </title>
        <link rel="stylesheet" href="/static/gesprek.css"/>
        <!-- a static file beside the CSS: no route of its own, and browsers
             that see this link do not ask for /favicon.ico -->
        <link rel="icon" type="image/svg+xml" href="/static/favicon.svg"/>
        <!-- progressive enhancement only (confirmations, growing textareas): every page works without it -->
        <script src="/static/gesprek.js" defer="defer"></script>
        <xsl:call-template name="page-head"/>
      </head>
      <body class="route-{@route}">
        <a class="skip-link" href="#main">
          <xsl:value-of select="i:t('nav.skip')"/>
        </a>
        <xsl:call-template name="layout-header"/>
        <main id="main" tabindex="-1">
          <div class="wrap">
            <xsl:apply-templates select="user[@idle]" mode="idle-notice"/>
            <xsl:apply-templates select="flash" mode="layout"/>
            <xsl:call-template name="page-content"/>
          </div>
        </main>
        <xsl:call-template name="layout-footer"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="layout-header">
    <header class="site-header">
      <div class="wrap site-header-inner">
        <a class="brand" href="/">
          <span class="brand-name"><xsl:value-of select="i:t('app.name')"/></span>
          <span class="brand-tagline"><xsl:value-of select="i:t('app.tagline')"/></span>
        </a>
        <xsl:apply-templates select="user" mode="layout"/>
      </div>
    </header>
  </xsl:template>

  <xsl:template match="user" mode="layout">
    <nav class="site-nav" aria-label="{i:t('nav.label')}">
      <ul>
        <xsl:call-template name="nav-item">
          <xsl:with-param name="href" select="'/'"/>
          <xsl:with-param name="key" select="'nav.home'"/>
          <xsl:with-param name="current" select="/page/@path = '/' or /page/@path = ''"/>
        </xsl:call-template>
        <xsl:if test="@hr = '1'">
          <xsl:call-template name="nav-item">
            <xsl:with-param name="href" select="'/admin'"/>
            <xsl:with-param name="key" select="'nav.admin'"/>
            <xsl:with-param name="current" select="starts-with(/page/@path, '/admin')"/>
          </xsl:call-template>
        </xsl:if>
        <!-- the auditor alone (issue 17): the audit trail is their page -->
        <xsl:if test="@auditor = '1' and not(@hr = '1')">
          <xsl:call-template name="nav-item">
            <xsl:with-param name="href" select="'/admin/audit'"/>
            <xsl:with-param name="key" select="'nav.audit'"/>
            <xsl:with-param name="current" select="starts-with(/page/@path, '/admin/audit')"/>
          </xsl:call-template>
          <!-- and the privacy statement they check (issue 18) -->
          <xsl:call-template name="nav-item">
            <xsl:with-param name="href" select="'/admin/privacy'"/>
            <xsl:with-param name="key" select="'nav.privacy'"/>
            <xsl:with-param name="current" select="starts-with(/page/@path, '/admin/privacy')"/>
          </xsl:call-template>
        </xsl:if>
        <!-- an HR advisor: the dossiers of their departments (issue 17) -->
        <xsl:if test="@advisor">
          <xsl:call-template name="nav-item">
            <xsl:with-param name="href" select="'/advisor/dossiers'"/>
            <xsl:with-param name="key" select="'nav.advisor'"/>
            <xsl:with-param name="current" select="starts-with(/page/@path, '/advisor')"/>
          </xsl:call-template>
        </xsl:if>
        <!-- managers see the reports of their own team -->
        <xsl:if test="@hr = '1' or @manager = '1'">
          <xsl:call-template name="nav-item">
            <xsl:with-param name="href" select="'/reports'"/>
            <xsl:with-param name="key" select="'nav.reports'"/>
            <xsl:with-param name="current" select="starts-with(/page/@path, '/reports')"/>
          </xsl:call-template>
        </xsl:if>
      </ul>
    </nav>
    <div class="session">
      <span class="session-user">
        <span class="visually-hidden">
          <xsl:value-of select="i:t('nav.user')"/>
          <xsl:text> </xsl:text>
        </span>
        <xsl:value-of select="@name"/>
      </span>
      <xsl:call-template name="language-switch"/>
      <xsl:call-template name="post-button">
        <xsl:with-param name="action" select="'/logout'"/>
        <xsl:with-param name="label" select="i:t('nav.logout')"/>
        <xsl:with-param name="class" select="'button button-quiet'"/>
        <xsl:with-param name="form-class" select="'logout'"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!--
    The language switch: one button naming the other language in that
    language (lang on it, so a screen reader speaks it right).  A POST:
    the choice is kept with the person (fcgi/pages/preference.c), who
    returns to this page (back: its path, checked in C).
  -->
  <xsl:template name="language-switch">
    <xsl:variable name="other">
      <xsl:choose>
        <xsl:when test="/page/@lang = 'en'">nl</xsl:when>
        <xsl:otherwise>en</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <form method="post" action="/me/language" class="language-switch">
      <xsl:call-template name="csrf-input"/>
      <input type="hidden" name="lang" value="{$other}"/>
      <!-- an error page returns home: it must not echo which path was
           refused (a forbidden and a missing page look the same) -->
      <input type="hidden" name="back">
        <xsl:attribute name="value">
          <xsl:choose>
            <xsl:when test="/page/@route = 'error'">/</xsl:when>
            <xsl:otherwise><xsl:value-of select="/page/@path"/></xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
      </input>
      <button type="submit" class="button button-quiet" lang="{$other}">
        <xsl:value-of select="i:t(concat('nav.language.', $other))"/>
      </button>
    </form>
  </xsl:template>

  <!--
    "Print or save as PDF" on a report: window.print() is JavaScript, so
    the button is hidden in the HTML and gesprek.js shows it (data-print);
    the print stylesheet leaves it off the paper.  type="button": it never
    submits a form.
  -->
  <xsl:template name="print-button">
    <p class="print-action">
      <button type="button" class="button print-button" data-print="" hidden="hidden">
        <xsl:value-of select="i:t('print.button')"/>
      </button>
    </p>
  </xsl:template>

  <!--
    issue 17: the viewer works in this dossier as the manager's deputy
    (/page/dossier/@deputy, pages/conv_view.c): say for whom, at the top.
  -->
  <xsl:template name="deputy-notice">
    <xsl:if test="/page/dossier/@deputy = '1'">
      <p class="alert alert-info deputy-notice">
        <xsl:value-of select="i:t('deputy.notice')"/>
        <xsl:text> </xsl:text>
        <strong><xsl:value-of select="/page/dossier/@manager"/></strong>
        <xsl:text>.</xsl:text>
      </p>
    </xsl:if>
  </xsl:template>

  <!--
    issue 17: an item or note written by neither of today's parties (a
    deputy, or the manager before the dossier moved with its employee):
    called inside the "(role" of its author line.
  -->
  <xsl:template name="by-other">
    <xsl:if test="@by_other = '1'">
      <xsl:text>; </xsl:text>
      <xsl:value-of select="i:t('author.other')"/>
    </xsl:if>
  </xsl:template>

  <!--
    The text of a field's problem: the catalog's, and for "too long" the
    limit the field was held to (field/@max, fcgi/http/input.c) named in
    it.  error: the catalog key; max: the field's @max, if any.
  -->
  <xsl:template name="error-text">
    <xsl:param name="error"/>
    <xsl:param name="max" select="''"/>
    <xsl:choose>
      <xsl:when test="$error = 'form.error.too_long' and string($max) != ''">
        <xsl:variable name="t" select="i:t('form.error.too_long_max')"/>
        <xsl:value-of select="concat(substring-before($t, '{max}'), $max, substring-after($t, '{max}'))"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="i:t(string($error))"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="nav-item">
    <xsl:param name="href"/>
    <xsl:param name="key"/>
    <xsl:param name="current" select="false()"/>
    <li>
      <a href="{$href}">
        <xsl:if test="$current">
          <xsl:attribute name="aria-current">page</xsl:attribute>
        </xsl:if>
        <xsl:value-of select="i:t($key)"/>
      </a>
    </li>
  </xsl:template>

  <!-- The idle warning: hidden, and shown by gesprek.js shortly before
       the session's idle limit (@idle seconds) with a button that keeps the
       session alive.  Without JavaScript it stays hidden: nothing breaks,
       and a form sent after the limit is kept (login.xsl "expired"). -->
  <xsl:template match="user" mode="idle-notice">
    <div class="alert alert-info idle-notice" id="idle-notice" role="status" hidden="hidden"
         data-idle="{@idle}" data-expired="{i:t('idle.expired')}">
      <p id="idle-text"><xsl:value-of select="i:t('idle.warning')"/></p>
      <p>
        <button type="button" class="button" id="idle-keep">
          <xsl:value-of select="i:t('idle.keep')"/>
        </button>
      </p>
    </div>
  </xsl:template>

  <xsl:template match="flash" mode="layout">
    <xsl:variable name="kind">
      <xsl:choose>
        <xsl:when test="@kind = 'error'">error</xsl:when>
        <xsl:otherwise>ok</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <div class="flash flash-{$kind}" role="status">
      <p><xsl:value-of select="i:t(string(@key))"/></p>
    </div>
  </xsl:template>

  <xsl:template name="layout-footer">
    <footer class="site-footer">
      <div class="wrap">
        <p>
          <xsl:value-of select="i:t('app.name')"/>
          <xsl:text> – </xsl:text>
          <xsl:value-of select="i:t('footer.text')"/>
          <!-- the version only for logged-in users: anonymous visitors learn nothing about the software -->
          <xsl:if test="/page/user and /page/@version != ''">
            <span class="footer-version">
              <xsl:value-of select="i:t('footer.version')"/>
              <xsl:text> </xsl:text>
              <xsl:value-of select="/page/@version"/>
            </span>
          </xsl:if>
        </p>
      </div>
    </footer>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Helpers for page stylesheets                                      -->
  <!-- ================================================================ -->

  <!-- The synchronizer token; every POST form contains it. -->
  <xsl:template name="csrf-input">
    <input type="hidden" name="csrf" value="{/page/@csrf}"/>
  </xsl:template>

  <!--
    The confirmation of an irreversible or unusual write (pages/form.h,
    confirm_xml): what it does, the counts it affects, and a second form
    that sends every typed field again with confirm=1.  Works without
    JavaScript.  Texts: confirm.{what}.title / .text / .submit, the counts
    confirm.count.{name}.  Apply it after the page's h1:
      <xsl:apply-templates select="/page/confirm" mode="layout"/>
  -->
  <xsl:template match="confirm" mode="layout">
    <xsl:variable name="what" select="string(@what)"/>
    <!-- Red only where the step cannot be taken back (closing, starting,
         a change to every dossier); a warning or a reminder asks in the
         product's own colour. -->
    <xsl:variable name="tone">
      <xsl:choose>
        <xsl:when test="contains(' cycle_close cycle_start cycle_change ', concat(' ', $what, ' '))">danger</xsl:when>
        <xsl:otherwise>primary</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <section class="panel confirm-panel confirm-{$tone}" id="confirm" aria-labelledby="confirm-title">
      <h2 id="confirm-title"><xsl:value-of select="i:t(concat('confirm.', $what, '.title'))"/></h2>
      <p class="confirm-text"><xsl:value-of select="i:t(concat('confirm.', $what, '.text'))"/></p>
      <xsl:if test="count">
        <dl class="facts confirm-counts">
          <xsl:for-each select="count">
            <div class="confirm-count" data-count="{@name}">
              <dt><xsl:value-of select="i:t(concat('confirm.count.', @name))"/></dt>
              <dd><strong><xsl:value-of select="@value"/></strong></dd>
            </div>
          </xsl:for-each>
        </dl>
      </xsl:if>
      <form method="post" action="{@action}" class="confirm-form" id="confirm-form">
        <xsl:call-template name="csrf-input"/>
        <xsl:for-each select="keep">
          <input type="hidden" name="{@name}" value="{@value}"/>
        </xsl:for-each>
        <input type="hidden" name="confirm" value="1"/>
        <div class="form-actions">
          <button type="submit" class="button button-{$tone}">
            <xsl:value-of select="i:t(concat('confirm.', $what, '.submit'))"/>
          </button>
          <a class="button" href="{@back}">
            <xsl:value-of select="i:t('confirm.cancel')"/>
          </a>
        </div>
      </form>
    </section>
  </xsl:template>

  <!--
    A form with one submit button, for actions without fields
    (logout, finalize, ...).  label is the button text (already translated).
  -->
  <xsl:template name="post-button">
    <xsl:param name="action"/>
    <xsl:param name="label"/>
    <xsl:param name="class" select="'button'"/>
    <xsl:param name="form-class" select="'inline-form'"/>
    <form method="post" action="{$action}" class="{$form-class}">
      <xsl:call-template name="csrf-input"/>
      <button type="submit" class="{$class}">
        <xsl:value-of select="$label"/>
      </button>
    </form>
  </xsl:template>

  <!--
    A state badge: <span class="badge badge-{state}">text</span>.
    key defaults to status.{state}; for other vocabularies pass both, e.g.
    state="role-hr" key="role.hr".  The CSS knows planned, preparing, held,
    finalized, closed, open, achieved, not_achieved, cancelled, agree, seen
    and role-*; others get the neutral look.
  -->
  <xsl:template name="badge">
    <xsl:param name="state"/>
    <xsl:param name="key" select="concat('status.', $state)"/>
    <xsl:if test="string($state) != ''">
      <span class="badge badge-{$state}">
        <xsl:value-of select="i:t(string($key))"/>
      </span>
    </xsl:if>
  </xsl:template>

  <!--
    A date as "3 maart 2027" / "3 March 2027".  value: YYYY-MM-DD or a
    date-time that starts with it (times are converted to the local zone in
    C, before they reach the page XML).  Anything else is shown unchanged.
    Wrapped in <time datetime="YYYY-MM-DD">.
  -->
  <xsl:template name="date">
    <xsl:param name="value" select="."/>
    <!-- i:date (fcgi/xml/i18n.c): the words of a date, "" when the value
         does not start with one; one call where the checks in XPath were
         some twenty evaluations per date -->
    <xsl:variable name="text" select="i:date($value)"/>
    <xsl:choose>
      <xsl:when test="$text != ''">
        <time datetime="{substring(string($value), 1, 10)}">
          <xsl:value-of select="$text"/>
        </time>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$value"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    The read audit (issue 17): /page/reads[@more]/read/@{at, reader, kind,
    object, what, dossier}, newest first: on /admin/audit for the
    auditor, on the dossier page for its employee.
  -->
  <xsl:template name="reads-table">
    <xsl:choose>
      <xsl:when test="/page/reads/read">
        <div class="table-wrap">
          <table class="list stack">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="i:t('reads.at')"/></th>
                <th scope="col"><xsl:value-of select="i:t('reads.reader')"/></th>
                <th scope="col"><xsl:value-of select="i:t('reads.what')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="/page/reads/read">
                <tr>
                  <td data-label="{i:t('reads.at')}">
                    <xsl:call-template name="date"><xsl:with-param name="value" select="@at"/></xsl:call-template>
                    <xsl:text> </xsl:text>
                    <xsl:value-of select="substring(@at, 12, 5)"/>
                  </td>
                  <td data-label="{i:t('reads.reader')}"><xsl:value-of select="@reader"/></td>
                  <td data-label="{i:t('reads.what')}">
                    <xsl:value-of select="i:t(concat('reads.kind.', @kind))"/>
                    <xsl:text> </xsl:text>
                    <xsl:value-of select="@object"/>
                    <xsl:if test="string(@what) != ''">
                      <xsl:text> (</xsl:text>
                      <xsl:value-of select="@what"/>
                      <xsl:text>)</xsl:text>
                    </xsl:if>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
        <xsl:if test="/page/reads/@more = '1'">
          <p class="muted"><xsl:value-of select="i:t('audit.more')"/></p>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:value-of select="i:t('reads.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
