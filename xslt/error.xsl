<?xml version="1.0" encoding="UTF-8"?>
<!--
  error.xsl - every error page (400, 403, 404, 405, 413, 500, 503).
  Input: /page/error/@code, and for a 400 caused by an undeclared
  field its name in /page/error/@field.  An unknown code is shown as 500.
  Shows a title and an explanation only: nothing technical, and for 403
  nothing that tells whether the object exists.  A 403 with @reason
  "signed" or "finalized" and @conversation is a write to a report the
  viewer may read but no longer change (error_signed_page): it says so,
  what can still be done, and links back to the conversation.
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

  <xsl:variable name="frozen" select="/page/error[@code = '403' and @conversation
                                       and (@reason = 'signed' or @reason = 'finalized')]"/>

  <xsl:template name="page-title">
    <xsl:choose>
      <xsl:when test="$frozen"><xsl:value-of select="i:t(concat('error.frozen.', $frozen/@reason, '.title'))"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="i:t(concat('error.', $error-code, '.title'))"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="page-content">
    <xsl:choose>
      <xsl:when test="$frozen"><xsl:call-template name="frozen"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="generic"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- the report is saved for good or signed: what still can be done -->
  <xsl:template name="frozen">
    <section class="panel error-page error-signed" aria-labelledby="error-title">
      <h1 id="error-title"><xsl:value-of select="i:t(concat('error.frozen.', $frozen/@reason, '.title'))"/></h1>
      <p class="lead"><xsl:value-of select="i:t(concat('error.frozen.', $frozen/@reason, '.text'))"/></p>
      <p><xsl:value-of select="i:t('error.frozen.reopen')"/></p>
      <p><xsl:value-of select="i:t('error.frozen.unchanged')"/></p>
      <p>
        <a class="button button-primary" href="/conversations/{$frozen/@conversation}">
          <xsl:value-of select="i:t('error.frozen.back')"/>
        </a>
      </p>
    </section>
  </xsl:template>

  <xsl:template name="generic">
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
