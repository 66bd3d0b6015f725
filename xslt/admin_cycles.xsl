<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_cycles.xsl - GET /admin/cycles (HR): every conversation cycle with
  its period, status and dossiers; the way to a new one.
  Input: /page/cycles/cycle/@{id, name, starts_on, ends_on, status,
  dossiers, dossiers_open}.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('admin.cycles.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <h1><xsl:value-of select="i:t('admin.cycles.title')"/></h1>
      <p class="lead"><xsl:value-of select="i:t('admin.cycles.intro')"/></p>
      <p>
        <a class="button button-primary" href="/admin/cycles/new">
          <xsl:value-of select="i:t('admin.cycles.new')"/>
        </a>
      </p>
    </div>
    <xsl:choose>
      <xsl:when test="cycles/cycle">
        <div class="table-wrap">
          <table class="list stack">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="i:t('admin.cycles.name')"/></th>
                <th scope="col"><xsl:value-of select="i:t('admin.cycles.period')"/></th>
                <th scope="col"><xsl:value-of select="i:t('admin.cycles.status')"/></th>
                <th scope="col" class="num"><xsl:value-of select="i:t('admin.cycles.dossiers')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="cycles/cycle">
                <tr>
                  <th scope="row"><a href="/admin/cycles/{@id}"><xsl:value-of select="@name"/></a></th>
                  <td data-label="{i:t('admin.cycles.period')}">
                    <xsl:call-template name="date">
                      <xsl:with-param name="value" select="@starts_on"/>
                    </xsl:call-template>
                    <xsl:text> </xsl:text>
                    <xsl:value-of select="i:t('admin.cycle.period_to')"/>
                    <xsl:text> </xsl:text>
                    <xsl:call-template name="date">
                      <xsl:with-param name="value" select="@ends_on"/>
                    </xsl:call-template>
                  </td>
                  <td data-label="{i:t('admin.cycles.status')}">
                    <xsl:call-template name="badge">
                      <xsl:with-param name="state" select="string(@status)"/>
                    </xsl:call-template>
                  </td>
                  <td class="num" data-label="{i:t('admin.cycles.dossiers')}">
                    <xsl:value-of select="@dossiers"/>
                    <xsl:if test="@dossiers != @dossiers_open">
                      <xsl:text> (</xsl:text>
                      <xsl:value-of select="@dossiers_open"/>
                      <xsl:text> </xsl:text>
                      <xsl:value-of select="i:t('admin.cycles.open')"/>
                      <xsl:text>)</xsl:text>
                    </xsl:if>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:value-of select="i:t('admin.cycles.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
