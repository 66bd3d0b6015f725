<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_privacy.xsl - GET /admin/privacy (HR administrator, auditor) and
  gesprekctl privacy-statement -&#45;format html: the privacy statement for
  the works council (OR) and the privacy officer (issue 18,
  fcgi/app_privacy.h).  One document that prints as it is: who answers for
  the data and where it lives, the personal data stored (every column of
  every table), who sees what (roles and every route), how long it is kept,
  the forms in use, the settings and their change log.
  Input: /page/privacy-statement/@{generated, fingerprint, schema-level},
  controller, officer, location/@{db-host, db-port, db-socket, db-name,
  timezone} with backup*, settings/@{auth-method, session-idle,
  session-absolute, mail, remind-days}, roles/role/@{key, group} with
  may/@what, routes/route/@{method, pattern, role, about} with field/@name,
  retention/@preset with rule/@{name, start, months, days},
  data/table/@{name, rule, missing} with about/@lang and column/@{name, type,
  nullable, missing} with about/@lang (nl, en), templates/template/@{key, number, name,
  name-en, created, default, newest, cycles, used}, changes/change/@{at,
  actor, entity, id, action} with the detail as text.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="s" select="/page/privacy-statement"/>
  <xsl:variable name="en" select="/page/@lang = 'en'"/>
  <!-- The descriptions stand in both languages: the page's. -->
  <xsl:variable name="lang">
    <xsl:choose>
      <xsl:when test="$en">en</xsl:when>
      <xsl:otherwise>nl</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('privacy.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <article class="privacy">
      <div class="page-head">
        <h1><xsl:value-of select="i:t('privacy.title')"/></h1>
        <p class="lead"><xsl:value-of select="i:t('privacy.intro')"/></p>
        <dl class="facts privacy-meta">
          <dt><xsl:value-of select="i:t('privacy.generated')"/></dt>
          <dd><xsl:call-template name="privacy-when"><xsl:with-param name="v" select="$s/@generated"/></xsl:call-template></dd>
          <dt><xsl:value-of select="i:t('privacy.fingerprint')"/></dt>
          <dd><code><xsl:value-of select="$s/@fingerprint"/></code></dd>
          <dt><xsl:value-of select="i:t('privacy.software')"/></dt>
          <dd>
            <xsl:value-of select="concat('gesprek ', /page/@version, ', ')"/>
            <xsl:value-of select="i:t('privacy.schema_level')"/>
            <xsl:value-of select="concat(' ', $s/@schema-level)"/>
          </dd>
        </dl>
        <p><xsl:value-of select="i:t('privacy.fingerprint_help')"/></p>
        <xsl:call-template name="print-button"/>
      </div>
      <nav class="privacy-toc" aria-labelledby="privacy-toc-title">
        <h2 id="privacy-toc-title"><xsl:value-of select="i:t('privacy.toc')"/></h2>
        <ol>
          <li><a href="#privacy-who"><xsl:value-of select="i:t('privacy.who.title')"/></a></li>
          <li><a href="#privacy-data"><xsl:value-of select="i:t('privacy.data.title')"/></a></li>
          <li><a href="#privacy-access"><xsl:value-of select="i:t('privacy.access.title')"/></a></li>
          <li><a href="#privacy-retention"><xsl:value-of select="i:t('privacy.retention.title')"/></a></li>
          <li><a href="#privacy-templates"><xsl:value-of select="i:t('privacy.templates.title')"/></a></li>
          <li><a href="#privacy-settings"><xsl:value-of select="i:t('privacy.settings.title')"/></a></li>
          <li><a href="#privacy-changes"><xsl:value-of select="i:t('privacy.changes.title')"/></a></li>
        </ol>
      </nav>
      <xsl:call-template name="who"/>
      <xsl:call-template name="data"/>
      <xsl:call-template name="access"/>
      <xsl:call-template name="retention"/>
      <xsl:call-template name="templates"/>
      <xsl:call-template name="settings"/>
      <xsl:call-template name="changes"/>
    </article>
  </xsl:template>

  <!-- 1. who answers for the data, and where it lives -->
  <xsl:template name="who">
    <xsl:variable name="l" select="$s/location"/>
    <section class="section" id="privacy-who" aria-labelledby="privacy-who-h">
      <h2 id="privacy-who-h"><xsl:value-of select="i:t('privacy.who.title')"/></h2>
      <dl class="facts">
        <dt><xsl:value-of select="i:t('privacy.who.controller')"/></dt>
        <dd><xsl:call-template name="or-not-given"><xsl:with-param name="v" select="$s/controller"/></xsl:call-template></dd>
        <dt><xsl:value-of select="i:t('privacy.who.officer')"/></dt>
        <dd><xsl:call-template name="or-not-given"><xsl:with-param name="v" select="$s/officer"/></xsl:call-template></dd>
        <dt><xsl:value-of select="i:t('privacy.who.database')"/></dt>
        <dd>
          <xsl:value-of select="$l/@db-name"/>
          <xsl:text> </xsl:text>
          <xsl:choose>
            <xsl:when test="$l/@db-host">
              <xsl:value-of select="i:t('privacy.who.on_host')"/>
              <xsl:value-of select="concat(' ', $l/@db-host, ':', $l/@db-port)"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:value-of select="i:t('privacy.who.on_socket')"/>
              <xsl:value-of select="concat(' ', $l/@db-socket)"/>
            </xsl:otherwise>
          </xsl:choose>
        </dd>
        <dt><xsl:value-of select="i:t('privacy.who.backups')"/></dt>
        <dd>
          <xsl:choose>
            <xsl:when test="$l/backup">
              <ul><xsl:for-each select="$l/backup"><li><xsl:value-of select="."/></li></xsl:for-each></ul>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="i:t('privacy.not_given')"/></xsl:otherwise>
          </xsl:choose>
        </dd>
        <dt><xsl:value-of select="i:t('privacy.who.timezone')"/></dt>
        <dd><xsl:value-of select="$l/@timezone"/></dd>
      </dl>
    </section>
  </xsl:template>

  <xsl:template name="or-not-given">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="string($v) != ''"><xsl:value-of select="$v"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="i:t('privacy.not_given')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 2. the personal data stored: every table and column -->
  <xsl:template name="data">
    <section class="section" id="privacy-data" aria-labelledby="privacy-data-h">
      <h2 id="privacy-data-h"><xsl:value-of select="i:t('privacy.data.title')"/></h2>
      <p><xsl:value-of select="i:t('privacy.data.intro')"/></p>
      <xsl:if test="$s/data/@descriptions = 'unavailable'">
        <div class="alert alert-error" role="alert">
          <p><xsl:value-of select="i:t('privacy.data.unavailable')"/></p>
        </div>
      </xsl:if>
      <xsl:for-each select="$s/data/table">
        <div class="privacy-table" id="table-{@name}">
          <h3 id="table-{@name}-h"><code><xsl:value-of select="@name"/></code></h3>
          <xsl:choose>
            <xsl:when test="@missing = '1'">
              <p class="privacy-missing"><xsl:value-of select="i:t('privacy.data.no_description')"/></p>
            </xsl:when>
            <xsl:otherwise>
              <p><xsl:value-of select="about[@lang = $lang]"/></p>
              <p class="privacy-rule">
                <xsl:value-of select="i:t('privacy.data.removed_by')"/>
                <xsl:text> </xsl:text>
                <xsl:call-template name="rule-text"><xsl:with-param name="name" select="@rule"/></xsl:call-template>
              </p>
            </xsl:otherwise>
          </xsl:choose>
          <section class="table-wrap" tabindex="0" aria-labelledby="table-{@name}-h">
            <table class="list privacy-columns">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('privacy.data.column')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('privacy.data.type')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('privacy.data.about')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="column">
                  <tr>
                    <th scope="row"><code><xsl:value-of select="@name"/></code></th>
                    <td><xsl:value-of select="@type"/></td>
                    <td>
                      <xsl:choose>
                        <xsl:when test="@missing = '1'">
                          <span class="privacy-missing"><xsl:value-of select="i:t('privacy.data.no_description')"/></span>
                        </xsl:when>
                        <xsl:otherwise><xsl:value-of select="about[@lang = $lang]"/></xsl:otherwise>
                      </xsl:choose>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </section>
        </div>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- A table's rule: a retention rule with its period, or what else removes it. -->
  <xsl:template name="rule-text">
    <xsl:param name="name"/>
    <xsl:variable name="r" select="$s/retention/rule[@name = $name]"/>
    <xsl:value-of select="i:t(concat('privacy.rule.', $name))"/>
    <xsl:if test="$r">
      <xsl:text>: </xsl:text>
      <xsl:call-template name="period"><xsl:with-param name="r" select="$r"/></xsl:call-template>
      <xsl:text> </xsl:text>
      <xsl:value-of select="i:t(concat('privacy.start.', $r/@start))"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="period">
    <xsl:param name="r"/>
    <xsl:choose>
      <xsl:when test="$r/@months &gt; 0 and $r/@months mod 12 = 0">
        <xsl:value-of select="concat($r/@months div 12, ' ', i:t('privacy.years'))"/>
      </xsl:when>
      <xsl:when test="$r/@months &gt; 0">
        <xsl:value-of select="concat($r/@months, ' ', i:t('privacy.months'))"/>
      </xsl:when>
    </xsl:choose>
    <xsl:if test="$r/@days &gt; 0">
      <xsl:if test="$r/@months &gt; 0"><xsl:text> + </xsl:text></xsl:if>
      <xsl:value-of select="concat($r/@days, ' ', i:t('privacy.days'))"/>
    </xsl:if>
  </xsl:template>

  <!-- 3. who sees what: the roles, then every route -->
  <xsl:template name="access">
    <section class="section" id="privacy-access" aria-labelledby="privacy-access-h">
      <h2 id="privacy-access-h"><xsl:value-of select="i:t('privacy.access.title')"/></h2>
      <p><xsl:value-of select="i:t('privacy.access.intro')"/></p>
      <h3 id="privacy-roles-h"><xsl:value-of select="i:t('privacy.access.roles')"/></h3>
      <section class="table-wrap" tabindex="0" aria-labelledby="privacy-roles-h">
        <table class="list privacy-roles">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="i:t('privacy.access.role')"/></th>
              <th scope="col"><xsl:value-of select="i:t('privacy.access.group')"/></th>
              <th scope="col"><xsl:value-of select="i:t('privacy.access.may')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$s/roles/role">
              <tr>
                <th scope="row"><xsl:value-of select="i:t(concat('privacy.rolekey.', @key))"/></th>
                <td>
                  <xsl:call-template name="or-not-given"><xsl:with-param name="v" select="@group"/></xsl:call-template>
                </td>
                <td>
                  <ul>
                    <xsl:for-each select="may">
                      <li><xsl:value-of select="i:t(concat('privacy.may.', @what))"/></li>
                    </xsl:for-each>
                  </ul>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </section>
      <p><xsl:value-of select="i:t('privacy.access.everyone')"/></p>
      <h3 id="privacy-routes-h"><xsl:value-of select="i:t('privacy.access.routes')"/></h3>
      <section class="table-wrap" tabindex="0" aria-labelledby="privacy-routes-h">
        <table class="list privacy-routes">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="i:t('privacy.access.route')"/></th>
              <th scope="col"><xsl:value-of select="i:t('privacy.access.who')"/></th>
              <th scope="col"><xsl:value-of select="i:t('privacy.access.what')"/></th>
              <th scope="col"><xsl:value-of select="i:t('privacy.access.fields')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$s/routes/route">
              <tr>
                <th scope="row"><code><xsl:value-of select="concat(@method, ' ', @pattern)"/></code></th>
                <td><xsl:value-of select="i:t(concat('privacy.role.', @role))"/></td>
                <td><xsl:value-of select="i:t(string(@about))"/></td>
                <td>
                  <xsl:for-each select="field">
                    <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
                    <xsl:value-of select="@name"/>
                  </xsl:for-each>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </section>
    </section>
  </xsl:template>

  <!-- 4. how long -->
  <xsl:template name="retention">
    <section class="section" id="privacy-retention">
      <h2 id="privacy-retention-h"><xsl:value-of select="i:t('privacy.retention.title')"/></h2>
      <p>
        <xsl:value-of select="i:t('privacy.retention.preset')"/>
        <xsl:text> </xsl:text>
        <strong><xsl:value-of select="i:t(concat('privacy.preset.', $s/retention/@preset))"/></strong>
      </p>
      <section class="table-wrap" tabindex="0" aria-labelledby="privacy-retention-h">
        <table class="list">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="i:t('privacy.retention.rule')"/></th>
              <th scope="col"><xsl:value-of select="i:t('privacy.retention.period')"/></th>
              <th scope="col"><xsl:value-of select="i:t('privacy.retention.start')"/></th>
              <th scope="col"><xsl:value-of select="i:t('privacy.retention.tables')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$s/retention/rule">
              <xsl:variable name="name" select="@name"/>
              <tr>
                <th scope="row"><xsl:value-of select="i:t(concat('privacy.rule.', @name))"/></th>
                <td><xsl:call-template name="period"><xsl:with-param name="r" select="."/></xsl:call-template></td>
                <td><xsl:value-of select="i:t(concat('privacy.start.', @start))"/></td>
                <td>
                  <xsl:for-each select="$s/data/table[@rule = $name]">
                    <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
                    <code><xsl:value-of select="@name"/></code>
                  </xsl:for-each>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </section>
      <p><xsl:value-of select="i:t('privacy.retention.hold')"/></p>
      <p><xsl:value-of select="i:t('privacy.retention.other')"/></p>
    </section>
  </xsl:template>

  <!-- 5. the forms in use -->
  <xsl:template name="templates">
    <section class="section" id="privacy-templates">
      <h2 id="privacy-templates-h"><xsl:value-of select="i:t('privacy.templates.title')"/></h2>
      <xsl:choose>
        <xsl:when test="$s/templates/template">
          <section class="table-wrap" tabindex="0" aria-labelledby="privacy-templates-h">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('privacy.templates.name')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('privacy.templates.version')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('privacy.templates.created')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('privacy.templates.use')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="$s/templates/template">
                  <tr>
                    <th scope="row">
                      <xsl:choose>
                        <xsl:when test="$en and @name-en"><xsl:value-of select="@name-en"/></xsl:when>
                        <xsl:otherwise><xsl:value-of select="@name"/></xsl:otherwise>
                      </xsl:choose>
                      <xsl:value-of select="concat(' (', @key, ')')"/>
                    </th>
                    <td><xsl:value-of select="@number"/></td>
                    <td><xsl:value-of select="@created"/></td>
                    <td>
                      <xsl:if test="@default = '1' and @newest = '1'"><xsl:value-of select="i:t('privacy.templates.default')"/><xsl:text>. </xsl:text></xsl:if>
                      <xsl:value-of select="concat(i:t('privacy.templates.cycles'), ' ', @cycles, '. ')"/>
                      <xsl:if test="@used = '1'"><xsl:value-of select="i:t('privacy.templates.used')"/></xsl:if>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </section>
        </xsl:when>
        <xsl:otherwise><p><xsl:value-of select="i:t('privacy.templates.none')"/></p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- 6. the settings that decide what is kept -->
  <xsl:template name="settings">
    <xsl:variable name="c" select="$s/settings"/>
    <section class="section" id="privacy-settings" aria-labelledby="privacy-settings-h">
      <h2 id="privacy-settings-h"><xsl:value-of select="i:t('privacy.settings.title')"/></h2>
      <dl class="facts">
        <dt><xsl:value-of select="i:t('privacy.settings.login')"/></dt>
        <dd><xsl:value-of select="i:t(concat('privacy.auth.', $c/@auth-method))"/></dd>
        <dt><xsl:value-of select="i:t('privacy.settings.session')"/></dt>
        <dd>
          <xsl:value-of select="concat(round($c/@session-idle div 60), ' ', i:t('privacy.minutes'), ' / ',
              round($c/@session-absolute div 3600), ' ', i:t('privacy.hours'))"/>
        </dd>
        <dt><xsl:value-of select="i:t('privacy.settings.mail')"/></dt>
        <dd>
          <xsl:choose>
            <xsl:when test="$c/@mail = '1'"><xsl:value-of select="i:t('privacy.settings.mail_on')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="i:t('privacy.settings.mail_off')"/></xsl:otherwise>
          </xsl:choose>
        </dd>
      </dl>
    </section>
  </xsl:template>

  <!-- 7. the change log of templates and settings -->
  <xsl:template name="changes">
    <section class="section" id="privacy-changes">
      <h2 id="privacy-changes-h"><xsl:value-of select="i:t('privacy.changes.title')"/></h2>
      <p><xsl:value-of select="i:t('privacy.changes.intro')"/></p>
      <xsl:choose>
        <xsl:when test="$s/changes/change">
          <section class="table-wrap" tabindex="0" aria-labelledby="privacy-changes-h">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('privacy.changes.at')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('privacy.changes.actor')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('privacy.changes.what')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('privacy.changes.detail')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="$s/changes/change">
                  <tr>
                    <td><xsl:call-template name="privacy-when"><xsl:with-param name="v" select="@at"/></xsl:call-template></td>
                    <td>
                      <xsl:choose>
                        <xsl:when test="@actor != ''"><xsl:value-of select="@actor"/></xsl:when>
                        <xsl:otherwise><xsl:value-of select="i:t('privacy.changes.system')"/></xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td><xsl:value-of select="concat(@entity, ' ', @id, ': ', @action)"/></td>
                    <td><xsl:value-of select="."/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </section>
        </xsl:when>
        <xsl:otherwise><p><xsl:value-of select="i:t('privacy.changes.none')"/></p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- A local time (C converted it, YYYY-MM-DDTHH:MM) as "6 december 2026
       09:53"; anything else as it is. -->
  <xsl:template name="privacy-when">
    <xsl:param name="v"/>
    <xsl:call-template name="date"><xsl:with-param name="value" select="$v"/></xsl:call-template>
    <xsl:if test="substring($v, 11, 1) = 'T'">
      <xsl:text> </xsl:text>
      <xsl:value-of select="substring($v, 12, 5)"/>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
