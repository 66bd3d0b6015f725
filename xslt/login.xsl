<?xml version="1.0" encoding="UTF-8"?>
<!--
  login.xsl - GET /login and a failed POST /login.
  Input: /page/login/@username (what was typed), /page/login/@error
  (denied | throttled | unavailable | csrf | expired | empty), and
  /page/login/@next, the page of this site to return to after login
  (checked in C: a same-origin path).  Single sign-on (issue 19):
  @sso = only when the web server signs in (no password form), @error
  sso-denied when the name it vouched for is not one of ours, and
  @loggedout = 1 on /logged-out, which says the browser may sign in again
  at once.  "expired" is a form sent after the
  session ended; @kept = 1 when what was typed is kept and comes back
  into the form after login, too-large when it was larger than a kept
  form may be (the page says how to save the text).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('login.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <xsl:variable name="error" select="string(login/@error)"/>
    <xsl:variable name="username" select="string(login/@username)"/>
    <div class="login">
      <section class="panel login-panel" aria-labelledby="login-title">
        <h1 id="login-title"><xsl:value-of select="i:t('login.title')"/></h1>
        <p class="lead"><xsl:value-of select="i:t('login.intro')"/></p>

        <xsl:if test="$error = 'expired'">
          <div class="alert alert-info" role="alert" id="login-error">
            <p><strong><xsl:value-of select="i:t('login.error.expired')"/></strong></p>
            <xsl:if test="login/@kept = '1'">
              <p><xsl:value-of select="i:t('login.expired.kept')"/></p>
            </xsl:if>
            <xsl:if test="login/@kept = 'too-large'">
              <p><xsl:value-of select="i:t('login.expired.too_large')"/></p>
            </xsl:if>
          </div>
        </xsl:if>
        <xsl:if test="login/@loggedout = '1'">
          <div class="alert alert-info" role="status" id="logged-out">
            <p><strong><xsl:value-of select="i:t('login.sso.logged_out')"/></strong></p>
            <p><xsl:value-of select="i:t('login.sso.again')"/></p>
            <p><a href="/"><xsl:value-of select="i:t('login.sso.sign_in')"/></a></p>
          </div>
        </xsl:if>
        <xsl:if test="login/@sso = 'only' and not(login/@loggedout = '1')">
          <p id="sso-only"><xsl:value-of select="i:t('login.sso.only')"/></p>
        </xsl:if>
        <xsl:if test="$error != '' and $error != 'expired'">
          <div class="alert alert-error" role="alert" id="login-error">
            <p>
              <xsl:choose>
                <xsl:when test="$error = 'sso-denied'">
                  <xsl:value-of select="i:t('login.error.sso_denied')"/>
                </xsl:when>
                <xsl:when test="$error = 'denied' or $error = 'throttled' or $error = 'csrf'">
                  <xsl:value-of select="i:t(concat('login.error.', $error))"/>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:value-of select="i:t('login.error.unavailable')"/>
                </xsl:otherwise>
              </xsl:choose>
            </p>
          </div>
        </xsl:if>

        <xsl:if test="not(login/@sso = 'only')">
        <form method="post" action="/login" class="form">
          <xsl:call-template name="csrf-input"/>
          <xsl:if test="string(login/@next) != ''">
            <input type="hidden" name="next" value="{login/@next}"/>
          </xsl:if>
          <p class="form-hint" id="login-hint"><xsl:value-of select="i:t('login.hint')"/></p>
          <div class="field">
            <label for="username"><xsl:value-of select="i:t('login.username')"/></label>
            <input type="text" id="username" name="username" value="{$username}"
                   autocomplete="username" autocapitalize="none" spellcheck="false"
                   required="required">
              <xsl:call-template name="login-field-state">
                <xsl:with-param name="error" select="$error"/>
              </xsl:call-template>
              <xsl:if test="$username = ''">
                <xsl:attribute name="autofocus">autofocus</xsl:attribute>
              </xsl:if>
            </input>
          </div>
          <div class="field">
            <label for="password"><xsl:value-of select="i:t('login.password')"/></label>
            <input type="password" id="password" name="password"
                   autocomplete="current-password" required="required">
              <xsl:call-template name="login-field-state">
                <xsl:with-param name="error" select="$error"/>
              </xsl:call-template>
              <xsl:if test="$username != ''">
                <xsl:attribute name="autofocus">autofocus</xsl:attribute>
              </xsl:if>
            </input>
          </div>
          <div class="form-actions">
            <button type="submit" class="button button-primary">
              <xsl:value-of select="i:t('login.submit')"/>
            </button>
          </div>
        </form>
        </xsl:if>
      </section>

      <aside class="login-about" aria-labelledby="steps-title">
        <h2 id="steps-title"><xsl:value-of select="i:t('login.steps.title')"/></h2>
        <ol class="steps">
          <xsl:call-template name="login-step">
            <xsl:with-param name="type" select="'goal_setting'"/>
          </xsl:call-template>
          <xsl:call-template name="login-step">
            <xsl:with-param name="type" select="'progress'"/>
          </xsl:call-template>
          <xsl:call-template name="login-step">
            <xsl:with-param name="type" select="'assessment'"/>
          </xsl:call-template>
        </ol>
      </aside>
    </div>
  </xsl:template>

  <!-- aria attributes of both inputs: the hint always, the error when there is one -->
  <xsl:template name="login-field-state">
    <xsl:param name="error"/>
    <xsl:choose>
      <xsl:when test="$error = 'denied'">
        <xsl:attribute name="aria-invalid">true</xsl:attribute>
        <xsl:attribute name="aria-describedby">login-error login-hint</xsl:attribute>
      </xsl:when>
      <xsl:when test="$error != ''">
        <xsl:attribute name="aria-describedby">login-error login-hint</xsl:attribute>
      </xsl:when>
      <xsl:otherwise>
        <xsl:attribute name="aria-describedby">login-hint</xsl:attribute>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="login-step">
    <xsl:param name="type"/>
    <li>
      <strong><xsl:value-of select="i:t(concat('conversation.type.', $type))"/></strong>
      <span><xsl:value-of select="i:t(concat('login.steps.', $type))"/></span>
    </li>
  </xsl:template>

</xsl:stylesheet>
