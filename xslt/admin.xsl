<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin.xsl - GET /admin: HR's start page for administration.
  Input: /page/admin (empty: the links are fixed).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('admin.index.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <h1><xsl:value-of select="i:t('admin.index.title')"/></h1>
      <p class="lead"><xsl:value-of select="i:t('admin.index.intro')"/></p>
    </div>
    <ul class="cards">
      <xsl:call-template name="admin-card">
        <xsl:with-param name="href" select="'/admin/employees'"/>
        <xsl:with-param name="key" select="'admin.index.employees'"/>
      </xsl:call-template>
      <xsl:call-template name="admin-card">
        <xsl:with-param name="href" select="'/admin/departments'"/>
        <xsl:with-param name="key" select="'admin.index.departments'"/>
      </xsl:call-template>
      <xsl:call-template name="admin-card">
        <xsl:with-param name="href" select="'/admin/competences'"/>
        <xsl:with-param name="key" select="'admin.index.competences'"/>
      </xsl:call-template>
      <xsl:call-template name="admin-card">
        <xsl:with-param name="href" select="'/admin/import'"/>
        <xsl:with-param name="key" select="'admin.index.import'"/>
      </xsl:call-template>
      <xsl:call-template name="admin-card">
        <xsl:with-param name="href" select="'/admin/cycles'"/>
        <xsl:with-param name="key" select="'admin.index.cycles'"/>
      </xsl:call-template>
      <xsl:call-template name="admin-card">
        <xsl:with-param name="href" select="'/admin/templates'"/>
        <xsl:with-param name="key" select="'admin.index.templates'"/>
      </xsl:call-template>
      <xsl:call-template name="admin-card">
        <xsl:with-param name="href" select="'/admin/mail'"/>
        <xsl:with-param name="key" select="'admin.index.mail'"/>
      </xsl:call-template>
      <xsl:call-template name="admin-card">
        <xsl:with-param name="href" select="'/admin/privacy'"/>
        <xsl:with-param name="key" select="'admin.index.privacy'"/>
      </xsl:call-template>
    </ul>
  </xsl:template>

  <xsl:template name="admin-card">
    <xsl:param name="href"/>
    <xsl:param name="key"/>
    <li>
      <a class="card" href="{$href}">
        <span class="card-title"><xsl:value-of select="i:t($key)"/></span>
        <span class="card-text"><xsl:value-of select="i:t(concat($key, '.text'))"/></span>
      </a>
    </li>
  </xsl:template>

</xsl:stylesheet>
