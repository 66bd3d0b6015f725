<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_competence.xsl - GET /admin/competences/{id} and a refused POST:
  edit a competence and its behaviour indicators per level (levels 1..10;
  a form template's scale shows those of its own levels).
  Input: /page/competence (@id, @key, @name, @name-en, @version,
  @profiles; definition, definition-en; level (@n; nl, en)),
  /page/alert/@key (a conflict), /page/form[@name='competence'],
  /page/audit/entry.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="admin_competences.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="c" select="/page/competence"/>

  <xsl:template name="page-title">
    <xsl:value-of select="$c/@name"/>
    <xsl:text> – </xsl:text>
    <xsl:value-of select="i:t('admin.competence.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p><a href="/admin/competences"><xsl:value-of select="i:t('admin.competence.back')"/></a></p>
      <h1><xsl:for-each select="$c"><xsl:call-template name="competence-name"/></xsl:for-each></h1>
      <p><xsl:value-of select="i:t('admin.competences.profiles')"/>: <xsl:value-of select="$c/@profiles"/></p>
    </div>

    <xsl:if test="alert">
      <div class="alert alert-error" role="alert">
        <p><xsl:value-of select="i:t(string(alert/@key))"/></p>
      </div>
    </xsl:if>
    <xsl:if test="not(alert)">
      <xsl:call-template name="form-alert"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    </xsl:if>

    <section class="section" aria-labelledby="edit-title">
      <h2 id="edit-title"><xsl:value-of select="i:t('admin.competence.edit')"/></h2>
      <form method="post" action="/admin/competences/{$c/@id}" class="form">
        <xsl:call-template name="csrf-input"/>
        <xsl:call-template name="version-input">
          <xsl:with-param name="form" select="$f[not(/page/alert)]"/>
          <xsl:with-param name="version" select="$c/@version"/>
        </xsl:call-template>
        <xsl:call-template name="competence-fields">
          <xsl:with-param name="c" select="$c"/>
        </xsl:call-template>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            <xsl:value-of select="i:t('admin.competence.save')"/>
          </button>
        </div>
      </form>
    </section>

    <xsl:call-template name="audit-section"/>
  </xsl:template>

</xsl:stylesheet>
