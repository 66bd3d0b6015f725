<?xml version="1.0" encoding="UTF-8"?>
<!--
  conversation_calibration.xsl - calibration's proposals on the
  conversation page (issue 17), included by conversation.xsl: for the
  dossier's manager and readers (never the employee, never the signed
  snapshot: an accepted change is in the review record), each proposal
  with its reason and state; for the manager, while one waits, the forms
  POST /calibration/proposals/{id}/accept and .../reject (reason, optional).
  Input: $conv/calibration/@decide with proposal (@id, @version, @status proposed |
  accepted | rejected | expired, @old, @new, @author, @at, @decided_by,
  @decided_for: the manager a deputy decided for) and
  proposal/reason, proposal/decision_reason; $conv/outcome/level (the final
  scale, for the labels); /page/alert/@key (calibration.*) of a refused
  decision.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:template name="calibration-section">
    <xsl:variable name="cal" select="$conv/calibration"/>
    <div class="panel calibration" id="calibration">
      <h3 id="calibration-title"><xsl:value-of select="i:t('calibration.conv.title')"/></h3>
      <!-- a refused decision says why (409; nothing was changed) -->
      <xsl:for-each select="/page/alert[starts-with(@key, 'calibration.')]">
        <div class="alert alert-error" role="alert"><p><xsl:value-of select="i:t(string(@key))"/></p></div>
      </xsl:for-each>
      <ol class="calibration-proposals">
        <xsl:for-each select="$cal/proposal">
          <li class="calibration-proposal calibration-{@status}" id="proposal-{@id}" data-status="{@status}">
            <p class="note-meta">
              <strong><xsl:value-of select="i:t(concat('calibration.status.', @status))"/></strong>
              <xsl:text> – </xsl:text>
              <xsl:value-of select="i:t('calibration.proposed_by')"/>
              <xsl:text> </xsl:text>
              <xsl:value-of select="@author"/>
              <xsl:text>, </xsl:text>
              <xsl:call-template name="datetime"><xsl:with-param name="value" select="@at"/></xsl:call-template>
            </p>
            <p class="review-change">
              <xsl:value-of select="i:t('review.target.overall')"/>
              <xsl:text>: </xsl:text>
              <span class="review-old">
                <xsl:call-template name="review-rating">
                  <xsl:with-param name="target" select="'overall'"/>
                  <xsl:with-param name="value" select="string(@old)"/>
                </xsl:call-template>
              </span>
              <xsl:text> → </xsl:text>
              <span class="review-new">
                <xsl:call-template name="review-rating">
                  <xsl:with-param name="target" select="'overall'"/>
                  <xsl:with-param name="value" select="string(@new)"/>
                </xsl:call-template>
              </span>
            </p>
            <p class="note-text calibration-reason">
              <span class="visually-hidden"><xsl:value-of select="i:t('review.reason')"/><xsl:text>: </xsl:text></span>
              <xsl:value-of select="reason"/>
            </p>
            <xsl:if test="string(@decided_by) != ''">
              <p class="muted">
                <xsl:value-of select="i:t('calibration.decided_by')"/>
                <xsl:text> </xsl:text>
                <xsl:value-of select="@decided_by"/>
                <xsl:if test="string(@decided_for) != ''">
                  <xsl:text> </xsl:text>
                  <xsl:value-of select="i:t('calibration.on_behalf_of')"/>
                  <xsl:text> </xsl:text>
                  <xsl:value-of select="@decided_for"/>
                </xsl:if>
                <xsl:if test="normalize-space(decision_reason) != ''">
                  <xsl:text>: </xsl:text>
                  <xsl:value-of select="decision_reason"/>
                </xsl:if>
              </p>
            </xsl:if>
            <xsl:if test="@status = 'proposed' and $cal/@decide = '1'">
              <xsl:call-template name="calibration-decide"/>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ol>
    </div>
  </xsl:template>

  <xsl:template name="calibration-decide">
    <p><xsl:value-of select="i:t('calibration.decide.help')"/></p>
    <form method="post" action="/calibration/proposals/{@id}/accept" class="inline-form" id="calibration-accept-{@id}">
      <xsl:call-template name="csrf-input"/>
      <input type="hidden" name="version" value="{@version}"/>
      <button type="submit" class="button button-primary"><xsl:value-of select="i:t('calibration.accept')"/></button>
    </form>
    <form method="post" action="/calibration/proposals/{@id}/reject" class="form" id="calibration-reject-{@id}">
      <xsl:call-template name="csrf-input"/>
      <input type="hidden" name="version" value="{@version}"/>
      <div class="field">
        <label for="calibration-reject-{@id}-reason"><xsl:value-of select="i:t('calibration.reject.reason')"/></label>
        <textarea id="calibration-reject-{@id}-reason" name="reason" rows="2" maxlength="2000"></textarea>
      </div>
      <div class="form-actions">
        <button type="submit" class="button"><xsl:value-of select="i:t('calibration.reject')"/></button>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
