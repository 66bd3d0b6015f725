<?xml version="1.0" encoding="UTF-8"?>
<!--
  deputies.xsl - deputies (vervangers, issue 17): GET /deputies (a
  manager's own) and GET /admin/employees/{id}/deputies (HR, for that
  manager), and the refused POST /deputies.
  Input: /page/deputies (@today; @manager_id, @manager, @for_other when the
  page is about a manager: reports/report (@id, @name), appointments/
  appointment; standing_in/appointment where the viewer stands in), with
  appointment (@id, @manager, @deputy, @deputy_login, @employee_id,
  @employee (none: all reports), @from, @until, @state coming | current |
  past | ended, @version); /page/form[@name='deputy'] after a refusal;
  /page/alert/@key.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="d" select="/page/deputies"/>
  <xsl:variable name="f" select="/page/form[@name='deputy']"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('deputy.title')"/>
    <xsl:if test="$d/@for_other = '1'">
      <xsl:text> – </xsl:text>
      <xsl:value-of select="$d/@manager"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p class="back-link">
        <xsl:choose>
          <xsl:when test="$d/@for_other = '1'">
            <a href="/admin/employees/{$d/@manager_id}"><xsl:value-of select="$d/@manager"/></a>
          </xsl:when>
          <xsl:otherwise>
            <a href="/"><xsl:value-of select="i:t('dossier.back')"/></a>
          </xsl:otherwise>
        </xsl:choose>
      </p>
      <h1>
        <xsl:call-template name="page-title"/>
      </h1>
      <p class="lead"><xsl:value-of select="i:t('deputy.intro')"/></p>
    </div>
    <xsl:if test="/page/alert">
      <div class="alert alert-error" role="alert">
        <p><xsl:value-of select="i:t(string(/page/alert/@key))"/></p>
      </div>
    </xsl:if>
    <xsl:if test="$f/@error = '1'">
      <div class="alert alert-error" role="alert">
        <p><xsl:value-of select="i:t('form.error.summary')"/></p>
      </div>
    </xsl:if>
    <xsl:if test="$d/@manager_id">
      <xsl:call-template name="appoint-form"/>
      <section class="section" aria-labelledby="appointments-title">
        <h2 id="appointments-title"><xsl:value-of select="i:t('deputy.appointments')"/></h2>
        <xsl:call-template name="table">
          <xsl:with-param name="rows" select="$d/appointments/appointment"/>
          <xsl:with-param name="endable" select="true()"/>
        </xsl:call-template>
      </section>
    </xsl:if>
    <xsl:if test="$d/standing_in">
      <section class="section" aria-labelledby="standing-title">
        <h2 id="standing-title"><xsl:value-of select="i:t('deputy.standing_in')"/></h2>
        <xsl:call-template name="table">
          <xsl:with-param name="rows" select="$d/standing_in/appointment"/>
          <xsl:with-param name="endable" select="false()"/>
        </xsl:call-template>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- A field's typed value after a refusal, else empty. -->
  <xsl:template name="typed">
    <xsl:param name="name"/>
    <xsl:value-of select="$f/field[@name = $name]/@value"/>
  </xsl:template>

  <xsl:template name="field-error">
    <xsl:param name="name"/>
    <xsl:variable name="field" select="$f/field[@name = $name]"/>
    <xsl:if test="string($field/@error) != ''">
      <span class="field-error" id="f-{$name}-error">
        <xsl:call-template name="error-text">
          <xsl:with-param name="error" select="$field/@error"/>
          <xsl:with-param name="max" select="$field/@max"/>
        </xsl:call-template>
      </span>
    </xsl:if>
  </xsl:template>

  <xsl:template name="field-class">
    <xsl:param name="name"/>
    <xsl:attribute name="class">field<xsl:if test="string($f/field[@name = $name]/@error) != ''"> field-invalid</xsl:if></xsl:attribute>
  </xsl:template>

  <xsl:template name="invalid">
    <xsl:param name="name"/>
    <xsl:param name="hint" select="false()"/>
    <xsl:variable name="bad" select="string($f/field[@name = $name]/@error) != ''"/>
    <xsl:if test="$bad">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
    </xsl:if>
    <xsl:if test="$bad or $hint">
      <xsl:attribute name="aria-describedby">
        <xsl:if test="$hint">f-<xsl:value-of select="$name"/>-hint</xsl:if>
        <xsl:if test="$hint and $bad"><xsl:text> </xsl:text></xsl:if>
        <xsl:if test="$bad">f-<xsl:value-of select="$name"/>-error</xsl:if>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>

  <xsl:template name="appoint-form">
    <section class="section" aria-labelledby="appoint-title">
      <h2 id="appoint-title"><xsl:value-of select="i:t('deputy.appoint')"/></h2>
      <xsl:choose>
        <xsl:when test="not($d/reports/report)">
          <p class="muted"><xsl:value-of select="i:t('deputy.no_reports')"/></p>
        </xsl:when>
        <xsl:otherwise>
          <form method="post" action="/deputies" class="form">
            <xsl:call-template name="csrf-input"/>
            <xsl:if test="$d/@for_other = '1'">
              <input type="hidden" name="manager" value="{$d/@manager_id}"/>
            </xsl:if>
            <div>
              <xsl:call-template name="field-class"><xsl:with-param name="name" select="'deputy'"/></xsl:call-template>
              <label for="f-deputy"><xsl:value-of select="i:t('deputy.field.deputy')"/></label>
              <span class="field-help" id="f-deputy-hint"><xsl:value-of select="i:t('deputy.field.deputy.hint')"/></span>
              <xsl:call-template name="field-error"><xsl:with-param name="name" select="'deputy'"/></xsl:call-template>
              <input type="text" id="f-deputy" name="deputy" maxlength="64" required="required" autocomplete="off">
                <xsl:attribute name="value"><xsl:call-template name="typed"><xsl:with-param name="name" select="'deputy'"/></xsl:call-template></xsl:attribute>
                <xsl:call-template name="invalid"><xsl:with-param name="name" select="'deputy'"/><xsl:with-param name="hint" select="true()"/></xsl:call-template>
              </input>
            </div>
            <div>
              <xsl:call-template name="field-class"><xsl:with-param name="name" select="'employee'"/></xsl:call-template>
              <label for="f-employee"><xsl:value-of select="i:t('deputy.field.employee')"/></label>
              <xsl:call-template name="field-error"><xsl:with-param name="name" select="'employee'"/></xsl:call-template>
              <xsl:variable name="chosen" select="string($f/field[@name = 'employee']/@value)"/>
              <select id="f-employee" name="employee">
                <xsl:call-template name="invalid"><xsl:with-param name="name" select="'employee'"/></xsl:call-template>
                <option value=""><xsl:value-of select="i:t('deputy.all_reports')"/></option>
                <xsl:for-each select="$d/reports/report">
                  <option value="{@id}">
                    <xsl:if test="string(@id) = $chosen"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                    <xsl:value-of select="@name"/>
                  </option>
                </xsl:for-each>
              </select>
            </div>
            <div>
              <xsl:call-template name="field-class"><xsl:with-param name="name" select="'from'"/></xsl:call-template>
              <label for="f-from"><xsl:value-of select="i:t('deputy.field.from')"/></label>
              <xsl:call-template name="field-error"><xsl:with-param name="name" select="'from'"/></xsl:call-template>
              <input type="date" id="f-from" name="from" required="required">
                <xsl:attribute name="value"><xsl:call-template name="typed"><xsl:with-param name="name" select="'from'"/></xsl:call-template></xsl:attribute>
                <xsl:call-template name="invalid"><xsl:with-param name="name" select="'from'"/></xsl:call-template>
              </input>
            </div>
            <div>
              <xsl:call-template name="field-class"><xsl:with-param name="name" select="'until'"/></xsl:call-template>
              <label for="f-until"><xsl:value-of select="i:t('deputy.field.until')"/></label>
              <xsl:call-template name="field-error"><xsl:with-param name="name" select="'until'"/></xsl:call-template>
              <input type="date" id="f-until" name="until" required="required">
                <xsl:attribute name="value"><xsl:call-template name="typed"><xsl:with-param name="name" select="'until'"/></xsl:call-template></xsl:attribute>
                <xsl:call-template name="invalid"><xsl:with-param name="name" select="'until'"/></xsl:call-template>
              </input>
            </div>
            <div class="form-actions">
              <button type="submit" class="button button-primary">
                <xsl:value-of select="i:t('deputy.appoint.submit')"/>
              </button>
            </div>
          </form>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="table">
    <xsl:param name="rows"/>
    <xsl:param name="endable"/>
    <xsl:choose>
      <xsl:when test="not($rows)">
        <p class="muted"><xsl:value-of select="i:t('deputy.none')"/></p>
      </xsl:when>
      <xsl:otherwise>
        <div class="table-wrap">
        <table class="list stack deputies">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="i:t('deputy.col.deputy')"/></th>
              <th scope="col"><xsl:value-of select="i:t('deputy.col.manager')"/></th>
              <th scope="col"><xsl:value-of select="i:t('deputy.col.employee')"/></th>
              <th scope="col"><xsl:value-of select="i:t('deputy.col.period')"/></th>
              <th scope="col"><xsl:value-of select="i:t('deputy.col.state')"/></th>
              <xsl:if test="$endable"><th scope="col"><xsl:value-of select="i:t('deputy.col.action')"/></th></xsl:if>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$rows">
              <tr data-appointment="{@id}" data-state="{@state}">
                <th scope="row"><xsl:value-of select="@deputy"/></th>
                <td data-label="{i:t('deputy.col.manager')}"><xsl:value-of select="@manager"/></td>
                <td data-label="{i:t('deputy.col.employee')}">
                  <xsl:choose>
                    <xsl:when test="@employee_id"><xsl:value-of select="@employee"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="i:t('deputy.all_reports')"/></xsl:otherwise>
                  </xsl:choose>
                </td>
                <td data-label="{i:t('deputy.col.period')}">
                  <xsl:call-template name="date"><xsl:with-param name="value" select="@from"/></xsl:call-template>
                  <xsl:text> – </xsl:text>
                  <xsl:call-template name="date"><xsl:with-param name="value" select="@until"/></xsl:call-template>
                </td>
                <td data-label="{i:t('deputy.col.state')}">
                  <xsl:call-template name="badge">
                    <xsl:with-param name="state" select="concat('deputy-', @state)"/>
                    <xsl:with-param name="key" select="concat('deputy.state.', @state)"/>
                  </xsl:call-template>
                </td>
                <xsl:if test="$endable">
                  <td>
                    <xsl:if test="@state = 'current' or @state = 'coming'">
                      <form method="post" action="/deputies/{@id}/end" class="inline-form">
                        <xsl:call-template name="csrf-input"/>
                        <input type="hidden" name="version" value="{@version}"/>
                        <button type="submit" class="button">
                          <xsl:value-of select="i:t('deputy.end')"/>
                          <span class="visually-hidden"><xsl:text> </xsl:text><xsl:value-of select="@deputy"/></span>
                        </button>
                      </form>
                    </xsl:if>
                  </td>
                </xsl:if>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
