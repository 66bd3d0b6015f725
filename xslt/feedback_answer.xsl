<?xml version="1.0" encoding="UTF-8"?>
<!--
  feedback_answer.xsl - GET /feedback/{id} (issue 17): an invitee's form:
  the template's feedback questions about a colleague, answered once.

  Input (fcgi/pages/feedback.c): /page/feedback_answer (@id, @employee,
  @cycle, @deadline, @anonymity, @threshold, @answered, @past, @refused)
  with questions/question (@n, @key, @kind open|rating, @title, level
  (@value, @label)), form[@name='feedback'] (q{n}_body, q{n}_rating as
  typed, with errors; a field named '' for the form as a whole).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="fa" select="/page/feedback_answer"/>
  <xsl:variable name="f" select="/page/feedback_answer/form[@name='feedback']"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('feedback.answer.title')"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="$fa/@employee"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p class="back-link"><a href="/"><xsl:value-of select="i:t('feedback.answer.back')"/></a></p>
      <h1>
        <xsl:value-of select="i:t('feedback.answer.title')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="$fa/@employee"/>
      </h1>
      <p class="lead">
        <xsl:value-of select="i:t('feedback.answer.cycle')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="$fa/@cycle"/>
        <xsl:text> · </xsl:text>
        <xsl:value-of select="i:t('feedback.answer.deadline')"/>
        <xsl:text> </xsl:text>
        <xsl:call-template name="date"><xsl:with-param name="value" select="$fa/@deadline"/></xsl:call-template>
      </p>
      <p id="feedback-anonymity" data-anonymity="{$fa/@anonymity}">
        <xsl:value-of select="i:t(concat('feedback.answer.', $fa/@anonymity))"/>
      </p>
    </div>

    <xsl:if test="$fa/@refused">
      <div class="alert alert-error" role="alert" id="feedback-refused">
        <p><xsl:value-of select="i:t('feedback.answer.refused')"/></p>
      </div>
    </xsl:if>

    <xsl:choose>
      <xsl:when test="$fa/@answered = '1'">
        <p class="empty" id="feedback-done"><xsl:value-of select="i:t('feedback.answer.done')"/></p>
      </xsl:when>
      <xsl:when test="$fa/@past = '1'">
        <p class="empty" id="feedback-past"><xsl:value-of select="i:t('feedback.answer.past')"/></p>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="answer-form"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="answer-form">
    <xsl:if test="$f/@error = '1'">
      <div class="alert alert-error" role="alert" id="answer-error">
        <p><xsl:value-of select="i:t('form.error.summary')"/></p>
        <xsl:if test="$f/field[@name = '']/@error">
          <p><xsl:value-of select="i:t(string($f/field[@name = '']/@error))"/></p>
        </xsl:if>
      </div>
    </xsl:if>
    <form method="post" action="/feedback/{$fa/@id}" class="form" id="feedback-form">
      <xsl:call-template name="csrf-input"/>
      <xsl:apply-templates select="$fa/questions/question"/>
      <div class="form-actions">
        <button type="submit" class="button button-primary" id="feedback-submit">
          <xsl:value-of select="i:t('feedback.answer.submit')"/>
        </button>
      </div>
    </form>
  </xsl:template>

  <xsl:template match="question[@kind = 'open']">
    <xsl:variable name="name" select="concat('q', @n, '_body')"/>
    <xsl:variable name="error" select="string($f/field[@name = $name]/@error)"/>
    <div>
      <xsl:attribute name="class">field<xsl:if test="$error != ''"> field-invalid</xsl:if></xsl:attribute>
      <label for="f-{$name}"><xsl:value-of select="@title"/></label>
      <xsl:if test="$error != ''">
        <span class="field-error" id="f-{$name}-error">
          <xsl:call-template name="error-text">
            <xsl:with-param name="error" select="$error"/>
            <xsl:with-param name="max" select="string($f/field[@name = $name]/@max)"/>
          </xsl:call-template>
        </span>
      </xsl:if>
      <textarea id="f-{$name}" name="{$name}" rows="4" maxlength="4000">
        <xsl:if test="$error != ''">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby">f-<xsl:value-of select="$name"/>-error</xsl:attribute>
        </xsl:if>
        <xsl:value-of select="$f/field[@name = $name]/@value"/>
      </textarea>
    </div>
  </xsl:template>

  <xsl:template match="question[@kind = 'rating']">
    <xsl:variable name="name" select="concat('q', @n, '_rating')"/>
    <xsl:variable name="error" select="string($f/field[@name = $name]/@error)"/>
    <xsl:variable name="typed" select="string($f/field[@name = $name]/@value)"/>
    <fieldset>
      <xsl:attribute name="class">field rating-choice<xsl:if test="$error != ''"> field-invalid</xsl:if></xsl:attribute>
      <legend><xsl:value-of select="@title"/></legend>
      <xsl:if test="$error != ''">
        <span class="field-error"><xsl:value-of select="i:t($error)"/></span>
      </xsl:if>
      <xsl:for-each select="level">
        <xsl:variable name="v" select="string(@value)"/>
        <div class="choice rating-option">
          <input type="radio" name="{$name}" id="f-{$name}-{$v}" value="{$v}">
            <xsl:if test="$v = $typed">
              <xsl:attribute name="checked">checked</xsl:attribute>
            </xsl:if>
          </input>
          <label for="f-{$name}-{$v}"><xsl:value-of select="@label"/></label>
        </div>
      </xsl:for-each>
    </fieldset>
  </xsl:template>

</xsl:stylesheet>
