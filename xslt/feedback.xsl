<?xml version="1.0" encoding="UTF-8"?>
<!--
  feedback.xsl - GET /conversations/{id}/feedback (issue 17): the feedback
  round of a conversation: its settings, who was invited, what the viewer
  may see of the answers, and the invitation form with a name search.

  Input (fcgi/pages/feedback.c): /page/feedback (@conversation, @dossier,
  @type, @status, @employee, @cycle, @anonymity named|anonymous,
  @threshold, @invited_by, @employee_sees, @invited, @answered, @open,
  @suggested (the invitation's deadline filled in),
  @today, @show none|never|after|threshold|waiting|named|aggregate,
  @may_invite, @refused) with questions/question (@key, @kind, @title;
  level (@value, @label, @count); text (anonymous, sorted); answer
  (@author, @rating, text): named), invitations/invitation (@invitee,
  @deadline, @answered only when named), search (@q, person (@id, @name,
  @login)), form[@name='invite'].
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="fb" select="/page/feedback"/>
  <xsl:variable name="f" select="/page/feedback/form[@name='invite']"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('feedback.title')"/>
    <xsl:text> – </xsl:text>
    <xsl:value-of select="$fb/@employee"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p class="back-link">
        <a href="/conversations/{$fb/@conversation}">
          <xsl:value-of select="i:t('feedback.back')"/>
        </a>
      </p>
      <h1>
        <xsl:value-of select="i:t('feedback.title')"/>
        <xsl:text> – </xsl:text>
        <xsl:value-of select="$fb/@employee"/>
      </h1>
      <p class="lead">
        <xsl:value-of select="i:t(concat('conversation.type.', $fb/@type))"/>
        <xsl:text>, </xsl:text>
        <xsl:value-of select="$fb/@cycle"/>
      </p>
    </div>

    <xsl:if test="$fb/@refused">
      <div class="alert alert-error" role="alert" id="feedback-refused">
        <p><xsl:value-of select="i:t(concat('feedback.refused.', $fb/@refused))"/></p>
      </div>
    </xsl:if>

    <section class="section" aria-labelledby="fb-settings-title">
      <h2 id="fb-settings-title"><xsl:value-of select="i:t('feedback.settings')"/></h2>
      <dl class="facts" id="feedback-settings">
        <div>
          <dt><xsl:value-of select="i:t('feedback.anonymity')"/></dt>
          <dd data-anonymity="{$fb/@anonymity}">
            <xsl:value-of select="i:t(concat('feedback.anonymity.', $fb/@anonymity))"/>
            <xsl:if test="$fb/@anonymity = 'anonymous'">
              <xsl:text> (</xsl:text>
              <xsl:value-of select="i:t('feedback.threshold')"/>
              <xsl:text> </xsl:text>
              <xsl:value-of select="$fb/@threshold"/>
              <xsl:text>)</xsl:text>
            </xsl:if>
          </dd>
        </div>
        <div>
          <dt><xsl:value-of select="i:t('feedback.invited_by')"/></dt>
          <dd><xsl:value-of select="i:t(concat('feedback.invited_by.', $fb/@invited_by))"/></dd>
        </div>
        <div>
          <dt><xsl:value-of select="i:t('feedback.employee_sees')"/></dt>
          <dd><xsl:value-of select="i:t(concat('feedback.employee_sees.', $fb/@employee_sees))"/></dd>
        </div>
        <div>
          <dt><xsl:value-of select="i:t('feedback.count')"/></dt>
          <dd id="feedback-count" data-answered="{$fb/@answered}" data-invited="{$fb/@invited}">
            <xsl:value-of select="$fb/@answered"/>
            <xsl:text> / </xsl:text>
            <xsl:value-of select="$fb/@invited"/>
          </dd>
        </div>
      </dl>
    </section>

    <section class="section" aria-labelledby="fb-answers-title">
      <h2 id="fb-answers-title"><xsl:value-of select="i:t('feedback.answers')"/></h2>
      <xsl:choose>
        <xsl:when test="$fb/@show = 'aggregate' or $fb/@show = 'named'">
          <div id="feedback-answers" data-show="{$fb/@show}">
            <xsl:if test="$fb/@show = 'aggregate'">
              <p class="muted"><xsl:value-of select="i:t('feedback.aggregate.note')"/></p>
            </xsl:if>
            <xsl:apply-templates select="$fb/questions/question"/>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty" id="feedback-hidden" data-show="{$fb/@show}">
            <xsl:value-of select="i:t(concat('feedback.show.', $fb/@show))"/>
            <xsl:if test="$fb/@show = 'threshold'">
              <xsl:text> </xsl:text>
              <xsl:value-of select="$fb/@threshold"/>
              <xsl:text>.</xsl:text>
            </xsl:if>
          </p>
        </xsl:otherwise>
      </xsl:choose>
    </section>

    <section class="section" aria-labelledby="fb-invitations-title">
      <h2 id="fb-invitations-title"><xsl:value-of select="i:t('feedback.invitations')"/></h2>
      <xsl:choose>
        <xsl:when test="$fb/invitations/invitation">
          <ul class="list" id="feedback-invitations">
            <xsl:for-each select="$fb/invitations/invitation">
              <li>
                <xsl:value-of select="@invitee"/>
                <xsl:text> – </xsl:text>
                <xsl:value-of select="i:t('feedback.deadline')"/>
                <xsl:text> </xsl:text>
                <xsl:call-template name="date"><xsl:with-param name="value" select="@deadline"/></xsl:call-template>
                <xsl:if test="@answered = '1'">
                  <xsl:text> </xsl:text>
                  <xsl:call-template name="badge">
                    <xsl:with-param name="state" select="'closed'"/>
                    <xsl:with-param name="key" select="'feedback.answered'"/>
                  </xsl:call-template>
                </xsl:if>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('feedback.invitations.none')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>

    <xsl:if test="$fb/@may_invite = '1'">
      <xsl:call-template name="invite"/>
    </xsl:if>
  </xsl:template>

  <!-- A question with what the viewer may see of its answers. -->
  <xsl:template match="question">
    <section class="panel feedback-question" data-key="{@key}">
      <h3><xsl:value-of select="@title"/></h3>
      <xsl:if test="level">
        <table class="list">
          <caption class="visually-hidden"><xsl:value-of select="@title"/></caption>
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="i:t('feedback.level')"/></th>
              <th scope="col"><xsl:value-of select="i:t('feedback.level.count')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="level">
              <tr data-value="{@value}">
                <td><xsl:value-of select="@label"/></td>
                <td class="level-count"><xsl:value-of select="@count"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:if>
      <xsl:if test="text">
        <ul class="feedback-texts">
          <xsl:for-each select="text">
            <li><xsl:value-of select="."/></li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <xsl:if test="answer">
        <ul class="feedback-named">
          <xsl:for-each select="answer">
            <li>
              <strong><xsl:value-of select="@author"/></strong>
              <xsl:text>: </xsl:text>
              <xsl:if test="@rating">
                <xsl:variable name="v" select="string(@rating)"/>
                <xsl:value-of select="../level[@value = $v]/@label"/>
              </xsl:if>
              <xsl:value-of select="."/>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- The invitation: a name search (GET), then per person found a form
       with the deadline (POST). -->
  <xsl:template name="invite">
    <section class="section" aria-labelledby="fb-invite-title">
      <h2 id="fb-invite-title"><xsl:value-of select="i:t('feedback.invite')"/></h2>
      <xsl:if test="$f/@error = '1'">
        <div class="alert alert-error" role="alert" id="invite-error">
          <xsl:for-each select="$f/field[@error]">
            <p><xsl:value-of select="i:t(string(@error))"/></p>
          </xsl:for-each>
        </div>
      </xsl:if>
      <form method="get" action="/conversations/{$fb/@conversation}/feedback" class="form" role="search">
        <xsl:variable name="q-error" select="string($fb/form[@name='search']/field[@name='q']/@error)"/>
        <div>
          <xsl:attribute name="class">field<xsl:if test="$q-error != ''"> field-invalid</xsl:if></xsl:attribute>
          <label for="f-q"><xsl:value-of select="i:t('feedback.search')"/></label>
          <xsl:if test="$q-error != ''">
            <span class="field-error" id="f-q-error">
              <xsl:call-template name="error-text">
                <xsl:with-param name="error" select="$q-error"/>
                <xsl:with-param name="max" select="string($fb/form[@name='search']/field[@name='q']/@max)"/>
              </xsl:call-template>
            </span>
          </xsl:if>
          <input type="search" id="f-q" name="q" value="{$fb/search/@q}" maxlength="100">
            <xsl:if test="$q-error != ''">
              <xsl:attribute name="aria-invalid">true</xsl:attribute>
              <xsl:attribute name="aria-describedby">f-q-error</xsl:attribute>
            </xsl:if>
          </input>
        </div>
        <div class="form-actions">
          <button type="submit" class="button"><xsl:value-of select="i:t('feedback.search.submit')"/></button>
        </div>
      </form>
      <xsl:if test="$fb/search">
        <xsl:choose>
          <xsl:when test="$fb/search/person">
            <ul class="list" id="feedback-found">
              <xsl:for-each select="$fb/search/person">
                <li>
                  <form method="post" action="/conversations/{$fb/@conversation}/feedback/invitations" class="inline-form">
                    <xsl:call-template name="csrf-input"/>
                    <input type="hidden" name="invitee" value="{@id}"/>
                    <span><xsl:value-of select="@name"/></span>
                    <xsl:text> </xsl:text>
                    <label for="f-deadline-{@id}"><xsl:value-of select="i:t('feedback.deadline')"/></label>
                    <xsl:text> </xsl:text>
                    <input type="date" id="f-deadline-{@id}" name="deadline" required="required" min="{$fb/@today}" value="{$fb/@suggested}"/>
                    <xsl:text> </xsl:text>
                    <button type="submit" class="button button-primary" id="invite-{@login}">
                      <xsl:value-of select="i:t('feedback.invite.submit')"/>
                    </button>
                  </form>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:when>
          <xsl:otherwise>
            <p class="empty"><xsl:value-of select="i:t('feedback.search.none')"/></p>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:if>
    </section>
  </xsl:template>

</xsl:stylesheet>
