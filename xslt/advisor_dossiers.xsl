<?xml version="1.0" encoding="UTF-8"?>
<!--
  advisor_dossiers.xsl - GET /advisor/dossiers: the HR advisor's list of
  the dossiers they read (issue 17), with its filter (cycle, name) and a
  link to the next page.
  Input: /page/advisor_list (@all "1": every department, else the assigned
  ones; @cycle_id, @q, @after as asked; @page_rows; @query: the filter as a
  query string for the next page's link) with cycles/cycle (@id, @name,
  @status), dossier (@id, @cycle_id, @cycle, @status, @employee, @login,
  @department, @manager) and next/@after when there is a next page;
  /page/form[@name='advisor_list'] after a refused filter.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="l" select="/page/advisor_list"/>
  <xsl:variable name="f" select="/page/form[@name='advisor_list']"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('advisor.list.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p class="back-link"><a href="/"><xsl:value-of select="i:t('dossier.back')"/></a></p>
      <h1><xsl:call-template name="page-title"/></h1>
      <p class="lead">
        <xsl:choose>
          <xsl:when test="$l/@all = '1'"><xsl:value-of select="i:t('advisor.list.intro_all')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="i:t('advisor.list.intro')"/></xsl:otherwise>
        </xsl:choose>
      </p>
    </div>
    <xsl:if test="$f">
      <div class="alert alert-error" role="alert">
        <p><xsl:value-of select="i:t('form.error.summary')"/></p>
      </div>
    </xsl:if>
    <xsl:call-template name="filter"/>
    <xsl:if test="not($f)">
      <xsl:call-template name="list"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="filter">
    <xsl:variable name="qerr" select="string($f/field[@name = 'q']/@error)"/>
    <form method="get" action="/advisor/dossiers" class="form filter" role="search">
      <div class="field">
        <label for="f-cycle"><xsl:value-of select="i:t('advisor.list.cycle')"/></label>
        <select id="f-cycle" name="cycle">
          <option value=""><xsl:value-of select="i:t('advisor.list.all_cycles')"/></option>
          <xsl:for-each select="$l/cycles/cycle">
            <option value="{@id}">
              <xsl:if test="string(@id) = string($l/@cycle_id)"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="@name"/>
            </option>
          </xsl:for-each>
        </select>
      </div>
      <div>
        <xsl:attribute name="class">field<xsl:if test="$qerr != ''"> field-invalid</xsl:if></xsl:attribute>
        <label for="f-q"><xsl:value-of select="i:t('advisor.list.search')"/></label>
        <xsl:if test="$qerr != ''">
          <span class="field-error" id="f-q-error">
            <xsl:call-template name="error-text">
              <xsl:with-param name="error" select="$qerr"/>
              <xsl:with-param name="max" select="$f/field[@name = 'q']/@max"/>
            </xsl:call-template>
          </span>
        </xsl:if>
        <input type="search" id="f-q" name="q" maxlength="100" autocomplete="off">
          <xsl:attribute name="value">
            <xsl:choose>
              <xsl:when test="$f"><xsl:value-of select="$f/field[@name = 'q']/@value"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$l/@q"/></xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
          <xsl:if test="$qerr != ''">
            <xsl:attribute name="aria-invalid">true</xsl:attribute>
            <xsl:attribute name="aria-describedby">f-q-error</xsl:attribute>
          </xsl:if>
        </input>
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary"><xsl:value-of select="i:t('advisor.list.filter')"/></button>
      </div>
    </form>
  </xsl:template>

  <xsl:template name="list">
    <section class="section" aria-labelledby="list-title">
      <h2 id="list-title"><xsl:value-of select="i:t('advisor.list.dossiers')"/></h2>
      <xsl:choose>
        <xsl:when test="not($l/dossier)">
          <p class="muted"><xsl:value-of select="i:t('advisor.list.none')"/></p>
        </xsl:when>
        <xsl:otherwise>
          <div class="table-wrap">
            <table class="list stack">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('reports.people.name')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('reports.people.login')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('reports.people.department')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('reports.people.manager')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('advisor.list.cycle')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('dossier.status')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('reports.people.dossier')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="$l/dossier">
                  <tr>
                    <th scope="row"><xsl:value-of select="@employee"/></th>
                    <td class="muted" data-label="{i:t('reports.people.login')}"><xsl:value-of select="@login"/></td>
                    <td data-label="{i:t('reports.people.department')}"><xsl:value-of select="@department"/></td>
                    <td data-label="{i:t('reports.people.manager')}"><xsl:value-of select="@manager"/></td>
                    <td data-label="{i:t('advisor.list.cycle')}"><xsl:value-of select="@cycle"/></td>
                    <td data-label="{i:t('dossier.status')}"><xsl:value-of select="i:t(concat('status.', @status))"/></td>
                    <td data-label="{i:t('reports.people.dossier')}">
                      <a href="/dossiers/{@id}">
                        <xsl:value-of select="i:t('reports.people.open')"/>
                        <span class="visually-hidden">
                          <xsl:text>: </xsl:text>
                          <xsl:value-of select="@employee"/>
                          <xsl:text>, </xsl:text>
                          <xsl:value-of select="@cycle"/>
                        </span>
                      </a>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$l/next or $l/@after != '0'">
        <nav aria-label="{i:t('advisor.list.pages')}">
          <p>
            <xsl:if test="$l/@after != '0'">
              <a href="/advisor/dossiers?{$l/@query}"><xsl:value-of select="i:t('advisor.list.first')"/></a>
              <xsl:text> </xsl:text>
            </xsl:if>
            <xsl:if test="$l/next">
              <a href="/advisor/dossiers?{$l/@query}&amp;after={$l/next/@after}" rel="next"><xsl:value-of select="i:t('reports.people.next')"/></a>
            </xsl:if>
          </p>
        </nav>
      </xsl:if>
    </section>
  </xsl:template>

</xsl:stylesheet>
