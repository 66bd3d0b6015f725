<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_template.xsl - GET /admin/templates/{id} (HR): a form template's
  newest version, read-only: its scales, goal rules, outcome weights and
  per conversation type its sections in order; a link to its XML.
  Input: /page/template/@{id, key, number} with name and description
  (@lang), scale/@key with level/@value (label, description), goal-rules
  /@{org-goal, measure, end-date} (1 required), outcome/@final-scale with
  weight/@{part, percent}, form/@type with section/@{key, kind,
  answered-by, required, self-assessment, scale, explain-below} (title,
  guidance).  Texts in the reader's language, else Dutch.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="t" select="/page/template"/>
  <xsl:variable name="lang">
    <xsl:choose>
      <xsl:when test="/page/@lang = 'en'">en</xsl:when>
      <xsl:otherwise>nl</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- The text of the reader's language, else the Dutch one. -->
  <xsl:template name="text">
    <xsl:param name="of"/>
    <xsl:choose>
      <xsl:when test="$of[@lang = $lang]"><xsl:value-of select="$of[@lang = $lang]"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$of[@lang = 'nl']"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="page-title">
    <xsl:call-template name="text"><xsl:with-param name="of" select="$t/name"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p><a href="/admin/templates"><xsl:value-of select="i:t('templates.back')"/></a></p>
      <h1><xsl:call-template name="text"><xsl:with-param name="of" select="$t/name"/></xsl:call-template></h1>
      <p class="lead">
        <xsl:call-template name="text"><xsl:with-param name="of" select="$t/description"/></xsl:call-template>
      </p>
      <p>
        <xsl:value-of select="i:t('templates.col.key')"/>
        <xsl:text> </xsl:text>
        <code><xsl:value-of select="$t/@key"/></code>
        <xsl:text>, </xsl:text>
        <xsl:value-of select="i:t('templates.col.version')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="$t/@number"/>
      </p>
      <ul class="links">
        <li><a href="/admin/templates/{$t/@id}/edit"><xsl:value-of select="i:t('templates.edit')"/></a></li>
        <li><a href="/admin/templates/{$t/@id}/export"><xsl:value-of select="i:t('templates.export')"/></a></li>
      </ul>
    </div>

    <section class="section" aria-labelledby="rules-title">
      <h2 id="rules-title"><xsl:value-of select="i:t('templates.rules')"/></h2>
      <dl class="facts">
        <xsl:for-each select="$t/goal-rules/@*">
          <dt><xsl:value-of select="i:t(concat('templates.rule.', name()))"/></dt>
          <dd>
            <xsl:choose>
              <xsl:when test=". = '1'"><xsl:value-of select="i:t('templates.required')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="i:t('templates.optional')"/></xsl:otherwise>
            </xsl:choose>
          </dd>
        </xsl:for-each>
        <xsl:for-each select="$t/outcome/weight[@percent != '0']">
          <dt><xsl:value-of select="i:t(concat('templates.part.', @part))"/></dt>
          <dd><xsl:value-of select="@percent"/> %</dd>
        </xsl:for-each>
        <dt><xsl:value-of select="i:t('templates.final_scale')"/></dt>
        <dd>
          <xsl:choose>
            <xsl:when test="$t/outcome/@final-scale"><code><xsl:value-of select="$t/outcome/@final-scale"/></code></xsl:when>
            <xsl:otherwise><xsl:value-of select="i:t('templates.cycle_scale')"/></xsl:otherwise>
          </xsl:choose>
        </dd>
        <dt><xsl:value-of select="i:t('templates.second_assessor')"/></dt>
        <dd>
          <xsl:choose>
            <xsl:when test="$t/outcome/@second-assessor = '1'"><xsl:value-of select="i:t('templates.second_assessor.yes')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="i:t('templates.second_assessor.no')"/></xsl:otherwise>
          </xsl:choose>
        </dd>
      </dl>
    </section>

    <xsl:if test="$t/scale">
      <section class="section" aria-labelledby="scales-title">
        <h2 id="scales-title"><xsl:value-of select="i:t('templates.scales.title')"/></h2>
        <xsl:apply-templates select="$t/scale"/>
      </section>
    </xsl:if>

    <xsl:apply-templates select="$t/form"/>
    <xsl:apply-templates select="$t/feedback"/>
  </xsl:template>

  <!-- The feedback round (issue 17): its settings and questions. -->
  <xsl:template match="feedback">
    <section class="section" aria-labelledby="feedback-title" id="template-feedback">
      <h2 id="feedback-title"><xsl:value-of select="i:t('feedback.title')"/></h2>
      <p>
        <xsl:value-of select="i:t(concat('conversation.type.', @conversation))"/>
        <xsl:text>. </xsl:text>
        <xsl:value-of select="i:t(concat('feedback.anonymity.', @anonymity))"/>
        <xsl:if test="@anonymity = 'anonymous'">
          <xsl:text> (</xsl:text>
          <xsl:value-of select="i:t('feedback.threshold')"/>
          <xsl:text> </xsl:text>
          <xsl:value-of select="@threshold"/>
          <xsl:text>)</xsl:text>
        </xsl:if>
        <xsl:text>. </xsl:text>
        <xsl:value-of select="i:t('feedback.invited_by')"/>
        <xsl:text>: </xsl:text>
        <xsl:value-of select="i:t(concat('feedback.invited_by.', @invited-by))"/>
        <xsl:text>. </xsl:text>
        <xsl:value-of select="i:t('feedback.employee_sees')"/>
        <xsl:text>: </xsl:text>
        <xsl:value-of select="i:t(concat('feedback.employee_sees.', @employee-sees))"/>
        <xsl:text>.</xsl:text>
      </p>
      <ol class="template-sections">
        <xsl:for-each select="question">
          <li>
            <strong><xsl:call-template name="text"><xsl:with-param name="of" select="title"/></xsl:call-template></strong>
            <xsl:if test="@scale">
              <xsl:text> </xsl:text>
              <span class="muted">
                <xsl:text>(</xsl:text>
                <xsl:value-of select="i:t('templates.scale')"/>
                <xsl:text> </xsl:text>
                <xsl:value-of select="@scale"/>
                <xsl:text>)</xsl:text>
              </span>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ol>
      <p class="muted"><xsl:value-of select="i:t('templates.feedback.edit')"/></p>
    </section>
  </xsl:template>

  <xsl:template match="scale">
    <h3 id="scale-{@key}"><code><xsl:value-of select="@key"/></code></h3>
    <ol class="scale-levels">
      <xsl:for-each select="level">
        <li>
          <strong><xsl:value-of select="@value"/>
            <xsl:text> </xsl:text>
            <xsl:call-template name="text"><xsl:with-param name="of" select="label"/></xsl:call-template>
          </strong>
          <xsl:if test="description">
            <xsl:text>: </xsl:text>
            <xsl:call-template name="text"><xsl:with-param name="of" select="description"/></xsl:call-template>
          </xsl:if>
        </li>
      </xsl:for-each>
    </ol>
  </xsl:template>

  <xsl:template match="form">
    <section class="section" aria-labelledby="form-{@type}">
      <h2 id="form-{@type}"><xsl:value-of select="i:t(concat('conversation.type.', @type))"/></h2>
      <ol class="template-sections">
        <xsl:apply-templates select="section"/>
      </ol>
    </section>
  </xsl:template>

  <xsl:template match="section">
    <li>
      <strong><xsl:call-template name="text"><xsl:with-param name="of" select="title"/></xsl:call-template></strong>
      <xsl:text> </xsl:text>
      <span class="muted">
        <xsl:text>(</xsl:text>
        <xsl:value-of select="i:t(concat('templates.kind.', @kind))"/>
        <xsl:text>; </xsl:text>
        <xsl:value-of select="i:t(concat('templates.who.', @answered-by))"/>
        <xsl:if test="@required = '1'">
          <xsl:text>; </xsl:text>
          <xsl:value-of select="i:t('templates.required')"/>
        </xsl:if>
        <xsl:if test="@self-assessment = '1'">
          <xsl:text>; </xsl:text>
          <xsl:value-of select="i:t('templates.self_assessment')"/>
        </xsl:if>
        <xsl:if test="@scale">
          <xsl:text>; </xsl:text>
          <xsl:value-of select="i:t('templates.scale')"/>
          <xsl:text> </xsl:text>
          <xsl:value-of select="@scale"/>
        </xsl:if>
        <xsl:if test="@explain-below">
          <xsl:text>; </xsl:text>
          <xsl:value-of select="i:t('templates.explain_below')"/>
          <xsl:text> </xsl:text>
          <xsl:value-of select="@explain-below"/>
        </xsl:if>
        <xsl:text>)</xsl:text>
      </span>
      <xsl:if test="guidance">
        <p><xsl:call-template name="text"><xsl:with-param name="of" select="guidance"/></xsl:call-template></p>
      </xsl:if>
    </li>
  </xsl:template>

</xsl:stylesheet>
