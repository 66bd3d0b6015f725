<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_mail.xsl - GET /admin/mail (HR): the outgoing mail queue.  How many
  mails are queued, being sent, sent and failed; every mail not sent yet,
  failed first, with a button that queues a failed one again (POST
  /admin/mail/{id}/retry).  Never a message's text: it may carry private
  content.
  Input: /page/mail-queue/@{queued, sending, sent, failed, mail-on, more,
  alert}; /page/mail-queue/mail/@{id, kind, state, recipient,
  recipient-name, subject, tries, created, next-try} with last-error (text).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>
  <xsl:include href="admin_parts.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="q" select="/page/mail-queue"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('admin.mail.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <h1><xsl:value-of select="i:t('admin.mail.title')"/></h1>
      <p class="lead"><xsl:value-of select="i:t('admin.mail.intro')"/></p>
      <ul class="links">
        <li><a href="/admin"><xsl:value-of select="i:t('admin.index.title')"/></a></li>
      </ul>
    </div>
    <xsl:if test="$q/@alert">
      <div class="alert alert-error" role="alert">
        <p><xsl:value-of select="i:t(string($q/@alert))"/></p>
      </div>
    </xsl:if>
    <xsl:if test="$q/@mail-on = '0'">
      <div class="alert" role="status">
        <p><xsl:value-of select="i:t('admin.mail.off')"/></p>
      </div>
    </xsl:if>

    <section class="section" aria-labelledby="mail-counts-title">
      <h2 id="mail-counts-title"><xsl:value-of select="i:t('admin.mail.counts')"/></h2>
      <dl class="facts">
        <xsl:call-template name="count">
          <xsl:with-param name="state" select="'failed'"/>
          <xsl:with-param name="n" select="$q/@failed"/>
        </xsl:call-template>
        <xsl:call-template name="count">
          <xsl:with-param name="state" select="'queued'"/>
          <xsl:with-param name="n" select="$q/@queued"/>
        </xsl:call-template>
        <xsl:call-template name="count">
          <xsl:with-param name="state" select="'sending'"/>
          <xsl:with-param name="n" select="$q/@sending"/>
        </xsl:call-template>
        <xsl:call-template name="count">
          <xsl:with-param name="state" select="'sent'"/>
          <xsl:with-param name="n" select="$q/@sent"/>
        </xsl:call-template>
      </dl>
    </section>

    <section class="section" aria-labelledby="mail-list-title">
      <h2 id="mail-list-title"><xsl:value-of select="i:t('admin.mail.unsent')"/></h2>
      <xsl:choose>
        <xsl:when test="$q/mail">
          <div class="table-wrap">
            <table class="list stack">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('admin.mail.state')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.mail.kind')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.mail.recipient')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.mail.subject')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.mail.tries')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.mail.times')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.mail.last_error')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.mail.action')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:apply-templates select="$q/mail"/>
              </tbody>
            </table>
          </div>
          <xsl:if test="$q/@more = '1'">
            <p class="muted"><xsl:value-of select="i:t('admin.mail.more')"/></p>
          </xsl:if>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('admin.mail.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="count">
    <xsl:param name="state"/>
    <xsl:param name="n"/>
    <dt><xsl:value-of select="i:t(concat('admin.mail.state.', $state))"/></dt>
    <dd><xsl:value-of select="$n"/></dd>
  </xsl:template>

  <xsl:template match="mail">
    <tr id="mail-{@id}">
      <td data-label="{i:t('admin.mail.state')}">
        <xsl:call-template name="badge">
          <xsl:with-param name="state" select="@state"/>
          <xsl:with-param name="key" select="concat('admin.mail.state.', @state)"/>
        </xsl:call-template>
      </td>
      <td data-label="{i:t('admin.mail.kind')}">
        <xsl:call-template name="known">
          <xsl:with-param name="value" select="@kind"/>
          <xsl:with-param name="prefix" select="'admin.mail.kind.'"/>
          <xsl:with-param name="known" select="' invite sign signed remind '"/>
        </xsl:call-template>
      </td>
      <td data-label="{i:t('admin.mail.recipient')}">
        <xsl:if test="@recipient-name != ''">
          <xsl:value-of select="@recipient-name"/>
          <br/>
        </xsl:if>
        <span class="muted"><xsl:value-of select="@recipient"/></span>
      </td>
      <td data-label="{i:t('admin.mail.subject')}" id="mail-{@id}-subject">
        <xsl:value-of select="@subject"/>
      </td>
      <td data-label="{i:t('admin.mail.tries')}"><xsl:value-of select="@tries"/></td>
      <td data-label="{i:t('admin.mail.times')}">
        <xsl:value-of select="i:t('admin.mail.created')"/>
        <xsl:text> </xsl:text>
        <xsl:call-template name="when"><xsl:with-param name="value" select="@created"/></xsl:call-template>
        <xsl:if test="@next-try">
          <br/>
          <xsl:value-of select="i:t('admin.mail.next_try')"/>
          <xsl:text> </xsl:text>
          <xsl:call-template name="when"><xsl:with-param name="value" select="@next-try"/></xsl:call-template>
        </xsl:if>
      </td>
      <td data-label="{i:t('admin.mail.last_error')}"><xsl:value-of select="last-error"/></td>
      <td data-label="{i:t('admin.mail.action')}">
        <xsl:if test="@state = 'failed'">
          <form method="post" action="/admin/mail/{@id}/retry" class="inline-form">
            <xsl:call-template name="csrf-input"/>
            <button type="submit" class="button" aria-describedby="mail-{@id}-subject">
              <xsl:value-of select="i:t('admin.mail.retry')"/>
            </button>
          </form>
        </xsl:if>
      </td>
    </tr>
  </xsl:template>

  <!-- "2027-03-01T14:05" as "1 maart 2027 14:05" -->
  <xsl:template name="when">
    <xsl:param name="value"/>
    <xsl:call-template name="date"><xsl:with-param name="value" select="$value"/></xsl:call-template>
    <xsl:text> </xsl:text>
    <xsl:value-of select="substring($value, 12, 5)"/>
  </xsl:template>

</xsl:stylesheet>
