<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_profile.xsl - GET /admin/profiles/{id} and a refused POST: edit a
  job profile's key, names and competences.
  Input: /page/profile (@id, @key, @name, @name-en, @keys: the competence
  keys in order, @version, @employees; competence (@id, @key, @name,
  @name-en) in order, area (@id, @key, @name, @name-en, @goals: the key
  result areas, issue 16) in order), /page/competences (all, to choose from),
  /page/alert/@key (a conflict), /page/refused-key/@key,
  /page/form[@name='profile'], /page/audit/entry.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="admin_profiles.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="p" select="/page/profile"/>

  <xsl:template name="page-title">
    <xsl:value-of select="$p/@name"/>
    <xsl:text> – </xsl:text>
    <xsl:value-of select="i:t('admin.profile.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p><a href="/admin/profiles"><xsl:value-of select="i:t('admin.profile.back')"/></a></p>
      <h1><xsl:for-each select="$p"><xsl:call-template name="competence-name"/></xsl:for-each></h1>
      <p><xsl:value-of select="i:t('admin.profiles.employees')"/>: <xsl:value-of select="$p/@employees"/></p>
    </div>

    <xsl:if test="alert">
      <div class="alert alert-error" role="alert">
        <p><xsl:value-of select="i:t(string(alert/@key))"/></p>
      </div>
    </xsl:if>
    <xsl:if test="not(alert)">
      <xsl:call-template name="form-alert"><xsl:with-param name="form" select="$pf"/></xsl:call-template>
    </xsl:if>

    <section class="section" aria-labelledby="current-title">
      <h2 id="current-title"><xsl:value-of select="i:t('admin.profiles.competences')"/></h2>
      <xsl:choose>
        <xsl:when test="$p/competence">
          <ol>
            <xsl:for-each select="$p/competence">
              <li><a href="/admin/competences/{@id}"><xsl:call-template name="competence-name"/></a></li>
            </xsl:for-each>
          </ol>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('admin.profile.none')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>

    <section class="section" aria-labelledby="areas-title">
      <h2 id="areas-title"><xsl:value-of select="i:t('admin.profile.areas')"/></h2>
      <xsl:choose>
        <xsl:when test="$p/area">
          <ol>
            <xsl:for-each select="$p/area">
              <li>
                <code><xsl:value-of select="@key"/></code><xsl:text> – </xsl:text>
                <xsl:call-template name="competence-name"/>
              </li>
            </xsl:for-each>
          </ol>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('admin.profile.areas.none')"/></p>
        </xsl:otherwise>
      </xsl:choose>
      <p class="field-help"><xsl:value-of select="i:t('admin.profile.areas.help')"/></p>
    </section>

    <section class="section" aria-labelledby="edit-title">
      <h2 id="edit-title"><xsl:value-of select="i:t('admin.profile.edit')"/></h2>
      <form method="post" action="/admin/profiles/{$p/@id}" class="form">
        <xsl:call-template name="csrf-input"/>
        <xsl:call-template name="version-input">
          <xsl:with-param name="form" select="$pf[not(/page/alert)]"/>
          <xsl:with-param name="version" select="$p/@version"/>
        </xsl:call-template>
        <xsl:call-template name="profile-fields">
          <xsl:with-param name="p" select="$p"/>
        </xsl:call-template>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            <xsl:value-of select="i:t('admin.profile.save')"/>
          </button>
        </div>
      </form>
    </section>
    <xsl:call-template name="available"/>
    <xsl:call-template name="audit-section"/>
  </xsl:template>

</xsl:stylesheet>
