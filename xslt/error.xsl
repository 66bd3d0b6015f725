<?xml version="1.0" encoding="UTF-8"?>
<!--
  error.xsl - every error page (400, 403, 404, 405, 413, 500, 503).
  Input: /page/error/@code, and for a 400 caused by an undeclared
  field its name in /page/error/@field.  An unknown code is shown as 500.
  Shows a title and an explanation only: nothing technical, and for 403
  nothing that tells whether the object exists.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="error-code">
    <xsl:variable name="c" select="string(/page/error/@code)"/>
    <xsl:choose>
      <xsl:when test="$c = '400' or $c = '403' or $c = '404' or $c = '405'
                      or $c = '413' or $c = '500' or $c = '503'">
        <xsl:value-of select="$c"/>
      </xsl:when>
      <xsl:otherwise>500</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t(concat('error.', $error-code, '.title'))"/>
  </xsl:template>

  <xsl:template name="page-content">
    <section class="panel error-page error-{$error-code}" aria-labelledby="error-title">
      <p class="error-code">
        <xsl:value-of select="i:t('error.code')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="$error-code"/>
      </p>
      <h1 id="error-title"><xsl:value-of select="i:t(concat('error.', $error-code, '.title'))"/></h1>
      <p class="lead"><xsl:value-of select="i:t(concat('error.', $error-code, '.text'))"/></p>
      <xsl:if test="$error-code = '400' and /page/error/@field">
        <p class="error-field">
          <xsl:value-of select="i:t('error.400.field')"/>
          <xsl:text> </xsl:text>
          <code><xsl:value-of select="/page/error/@field"/></code>
        </p>
      </xsl:if>
      <p>
        <a class="button button-primary" href="/"><xsl:value-of select="i:t('error.back')"/></a>
      </p>
    </section>
  </xsl:template>

</xsl:stylesheet>
