<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_audit.xsl - GET /admin/audit?entity=employee|dossier|cycle&id=N (HR):
  the audit trail of one employee (with their dossiers), dossier (with its
  conversations and items) or cycle (with its goals), newest first.
  Input: /page/audit-subject/@{entity, id, name, login, employee_id, cycle,
  cycle_id}; /page/audit-trail[@more]/entry/@{id, at, actor, entity,
  entity_id, action, private} with detail (text); private="1": private
  preparation, no detail.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>
  <xsl:include href="admin_parts.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="s" select="/page/audit-subject"/>

  <!-- "Dossier: Eva de Vries, cyclus 2027" -->
  <xsl:template name="subject">
    <xsl:call-template name="known">
      <xsl:with-param name="value" select="$s/@entity"/>
      <xsl:with-param name="prefix" select="'audit.entity.'"/>
      <xsl:with-param name="known" select="' employee dossier cycle '"/>
    </xsl:call-template>
    <xsl:text>: </xsl:text>
    <xsl:choose>
      <xsl:when test="$s/@entity = 'cycle'"><xsl:value-of select="$s/@cycle"/></xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$s/@name"/>
        <xsl:if test="$s/@entity = 'dossier'">
          <xsl:text>, </xsl:text>
          <xsl:value-of select="i:t('audit.cycle')"/>
          <xsl:text> </xsl:text>
          <xsl:value-of select="$s/@cycle"/>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('audit.title')"/>
    <xsl:text> – </xsl:text>
    <xsl:call-template name="subject"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <h1>
        <xsl:value-of select="i:t('audit.title')"/>
        <xsl:text> – </xsl:text>
        <xsl:call-template name="subject"/>
      </h1>
      <p class="lead"><xsl:value-of select="i:t('audit.intro')"/></p>
      <xsl:if test="$s/@entity != 'employee'">
      <ul class="links">
        <xsl:if test="$s/@cycle_id and $s/@entity = 'cycle'">
          <li><a href="/admin/cycles/{$s/@cycle_id}"><xsl:value-of select="i:t('audit.back.cycle')"/></a></li>
        </xsl:if>
        <xsl:if test="$s/@entity = 'dossier'">
          <li><a href="/dossiers/{$s/@id}"><xsl:value-of select="i:t('audit.back.dossier')"/></a></li>
          <li><a href="/admin/cycles/{$s/@cycle_id}"><xsl:value-of select="i:t('audit.back.cycle')"/></a></li>
          <li>
            <a href="/admin/audit?entity=employee&amp;id={$s/@employee_id}">
              <xsl:value-of select="i:t('audit.employee_trail')"/>
            </a>
          </li>
        </xsl:if>
      </ul>
      </xsl:if>
    </div>
    <xsl:choose>
      <xsl:when test="audit-trail/entry">
        <div class="table-wrap">
          <table class="list stack">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="i:t('audit.at')"/></th>
                <th scope="col"><xsl:value-of select="i:t('audit.actor')"/></th>
                <th scope="col"><xsl:value-of select="i:t('audit.what')"/></th>
                <th scope="col"><xsl:value-of select="i:t('audit.detail')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="audit-trail/entry"><xsl:call-template name="audit-row"/></xsl:for-each>
            </tbody>
          </table>
        </div>
        <xsl:if test="audit-trail/@more = '1'">
          <p class="muted"><xsl:value-of select="i:t('audit.more')"/></p>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:value-of select="i:t('audit.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
