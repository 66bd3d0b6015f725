<?xml version="1.0" encoding="UTF-8"?>
<!--
  conversation_outcome.xsl - the weighted outcome of an assessment (issue
  16), included by conversation.xsl in its overall section.

  Input (fcgi/pages/conv_outcome.c): /page/conversation/outcome with
  @status (ok | none | bad), @score (0..1), @on_final, @proposed, and what
  the manager confirmed: @confirmed, @proposed_then, @overridden, @stale,
  override_reason; part (name, weight, rated, score) and level (value,
  label) of the final scale.  Both parties see it once the manager's side
  may be seen.

  The manager confirms the proposal or overrides it: the form posts to
  /conversations/{id}/overall (rating, note, reason); a rating other than
  the proposal needs the reason, which the employee sees.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="i exsl">

  <!-- a number with a decimal comma in Dutch -->
  <xsl:template name="outcome-number">
    <xsl:param name="value"/>
    <xsl:choose>
      <xsl:when test="/page/@lang = 'en'"><xsl:value-of select="$value"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="translate($value, '.', ',')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a level of the final scale: its label and value -->
  <xsl:template name="outcome-level">
    <xsl:param name="value"/>
    <xsl:variable name="level" select="$conv/outcome/level[@value = $value]"/>
    <xsl:choose>
      <xsl:when test="string($level/@label) != ''">
        <xsl:value-of select="$level/@label"/>
        <xsl:text> (</xsl:text>
        <xsl:value-of select="$value"/>
        <xsl:text>)</xsl:text>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$value"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- the weighted score, the proposal and what the manager made of it -->
  <xsl:template name="outcome-panel">
    <xsl:variable name="o" select="$conv/outcome"/>
    <xsl:if test="$o">
      <div class="panel outcome" id="outcome">
        <h3><xsl:value-of select="i:t('outcome.title')"/></h3>
        <xsl:choose>
          <xsl:when test="$o/@status = 'ok'">
            <dl class="facts facts-grid">
              <div>
                <dt><xsl:value-of select="i:t('outcome.score')"/></dt>
                <dd id="outcome-score">
                  <xsl:call-template name="outcome-number">
                    <xsl:with-param name="value" select="string($o/@on_final)"/>
                  </xsl:call-template>
                  <xsl:text> </xsl:text>
                  <span class="muted">
                    <xsl:value-of select="i:t('outcome.range')"/>
                    <xsl:text> </xsl:text>
                    <xsl:value-of select="$o/level[1]/@value"/>
                    <xsl:text>–</xsl:text>
                    <xsl:value-of select="$o/level[last()]/@value"/>
                  </span>
                </dd>
              </div>
              <div>
                <dt><xsl:value-of select="i:t('outcome.proposed')"/></dt>
                <dd id="outcome-proposed">
                  <strong>
                    <xsl:call-template name="outcome-level">
                      <xsl:with-param name="value" select="$o/@proposed"/>
                    </xsl:call-template>
                  </strong>
                </dd>
              </div>
            </dl>
            <ul class="outcome-parts">
              <xsl:for-each select="$o/part[@weight &gt; 0]">
                <li>
                  <xsl:value-of select="i:t(concat('outcome.part.', @name))"/>
                  <xsl:text>: </xsl:text>
                  <xsl:value-of select="@weight"/>
                  <xsl:text> % </xsl:text>
                  <xsl:choose>
                    <xsl:when test="@rated = '1'">
                      <xsl:text>(</xsl:text>
                      <xsl:call-template name="outcome-number">
                        <xsl:with-param name="value" select="format-number(@score * 100, '0')"/>
                      </xsl:call-template>
                      <xsl:text> %)</xsl:text>
                    </xsl:when>
                    <xsl:otherwise>
                      <span class="muted"><xsl:value-of select="i:t('outcome.part.unrated')"/></span>
                    </xsl:otherwise>
                  </xsl:choose>
                </li>
              </xsl:for-each>
            </ul>
            <p class="field-help"><xsl:value-of select="i:t('outcome.how')"/></p>
          </xsl:when>
          <xsl:otherwise>
            <p class="muted" id="outcome-score"><xsl:value-of select="i:t('outcome.none')"/></p>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="outcome-decision"/>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- confirmed or overridden, with the reason the employee sees -->
  <xsl:template name="outcome-decision">
    <xsl:variable name="o" select="$conv/outcome"/>
    <xsl:if test="string($o/@confirmed) != ''">
      <p id="outcome-decision">
        <xsl:choose>
          <xsl:when test="$o/@overridden = '1'">
            <!-- changed after finalizing by the second assessor or in a
                 calibration: not the manager's choice (issue 17) -->
            <xsl:choose>
              <xsl:when test="$conv/review/event[@target = 'overall'][@action = 'change' or @action = 'calibrate']">
                <xsl:value-of select="i:t('outcome.overridden.review')"/>
              </xsl:when>
              <xsl:otherwise><xsl:value-of select="i:t('outcome.overridden')"/></xsl:otherwise>
            </xsl:choose>
            <xsl:text> </xsl:text>
            <xsl:call-template name="outcome-level">
              <xsl:with-param name="value" select="$o/@proposed_then"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:when test="string($o/@proposed_then) != ''">
            <xsl:value-of select="i:t('outcome.confirmed')"/>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="i:t('outcome.chosen')"/></xsl:otherwise>
        </xsl:choose>
      </p>
      <xsl:if test="string($o/override_reason) != ''">
        <dl class="facts" id="outcome-reason">
          <xsl:call-template name="fact-text">
            <xsl:with-param name="key" select="'outcome.reason'"/>
            <xsl:with-param name="value" select="$o/override_reason"/>
          </xsl:call-template>
        </dl>
      </xsl:if>
      <xsl:if test="$o/@stale = '1'">
        <p class="alert alert-info" id="outcome-stale"><xsl:value-of select="i:t('outcome.stale')"/></p>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- the manager's form: confirm the proposal, or choose another rating
       with a reason -->
  <xsl:template name="outcome-form">
    <xsl:variable name="f" select="$form[@name = 'overall']"/>
    <xsl:variable name="o" select="$conv/outcome"/>
    <xsl:variable name="typed" select="$f/field[@name = 'rating']"/>
    <xsl:variable name="selected">
      <xsl:choose>
        <xsl:when test="$typed"><xsl:value-of select="$typed/@value"/></xsl:when>
        <xsl:when test="string($conv/@overall_rating) != ''"><xsl:value-of select="$conv/@overall_rating"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$o/@proposed"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="error" select="string($typed/@error)"/>
    <form method="post" action="/conversations/{$cid}/overall" class="form overall-form" id="overall">
      <xsl:call-template name="csrf-input"/>
      <xsl:call-template name="version-input">
        <xsl:with-param name="f" select="$f"/>
        <xsl:with-param name="current" select="$conv/@version"/>
      </xsl:call-template>
      <div>
        <xsl:attribute name="class">
          <xsl:text>field</xsl:text>
          <xsl:if test="$error != ''"> field-invalid</xsl:if>
        </xsl:attribute>
        <label for="overall-rating"><xsl:value-of select="i:t('conversation.overall.rating')"/></label>
        <select id="overall-rating" name="rating" required="required">
          <xsl:if test="$error != ''">
            <xsl:attribute name="aria-invalid">true</xsl:attribute>
            <xsl:attribute name="aria-describedby">overall-rating-error</xsl:attribute>
          </xsl:if>
          <option value="">
            <xsl:if test="$selected = ''"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="i:t('conversation.overall.choose')"/>
          </option>
          <xsl:for-each select="$o/level">
            <option value="{@value}">
              <xsl:if test="@value = $selected"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="@label"/>
              <xsl:if test="@value = $o/@proposed">
                <xsl:text> – </xsl:text>
                <xsl:value-of select="i:t('outcome.option.proposed')"/>
              </xsl:if>
            </option>
          </xsl:for-each>
        </select>
        <xsl:if test="$error != ''">
          <span class="field-error" id="overall-rating-error">
            <xsl:call-template name="error-text"><xsl:with-param name="error" select="$error"/></xsl:call-template>
          </span>
        </xsl:if>
      </div>
      <xsl:call-template name="field">
        <xsl:with-param name="f" select="$f"/>
        <xsl:with-param name="prefix" select="'overall'"/>
        <xsl:with-param name="name" select="'note'"/>
        <xsl:with-param name="label-key" select="'conversation.overall.note'"/>
        <xsl:with-param name="control" select="'textarea'"/>
        <xsl:with-param name="value" select="string($conv/overall_note)"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:if test="$o/@status = 'ok'">
        <xsl:call-template name="field">
          <xsl:with-param name="f" select="$f"/>
          <xsl:with-param name="prefix" select="'overall'"/>
          <xsl:with-param name="name" select="'reason'"/>
          <xsl:with-param name="label-key" select="'conversation.overall.reason'"/>
          <xsl:with-param name="control" select="'textarea'"/>
          <xsl:with-param name="value" select="string($o/override_reason)"/>
          <xsl:with-param name="optional" select="true()"/>
          <xsl:with-param name="help-key" select="'outcome.reason.help'"/>
        </xsl:call-template>
      </xsl:if>
      <div class="form-actions">
        <button type="submit" class="button">
          <xsl:value-of select="i:t('conversation.overall.submit')"/>
        </button>
      </div>
    </form>
  </xsl:template>

  <!-- A refused finalize: each section of the form without a required
       answer or rating (/page/missing/section, signoff.c), linked to the
       section; its title from the form on the page, else its key. -->
  <xsl:template name="missing-sections">
    <xsl:for-each select="/page/missing/section">
      <xsl:variable name="key" select="string(@key)"/>
      <xsl:variable name="titles" select="(/page//section[@key = $key]/title)"/>
      <li>
        <a href="#section-q-{$key}">
          <xsl:choose>
            <xsl:when test="$titles[@lang = /page/@lang]"><xsl:value-of select="$titles[@lang = /page/@lang]"/></xsl:when>
            <xsl:when test="$titles[@lang = 'nl']"><xsl:value-of select="$titles[@lang = 'nl']"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$key"/></xsl:otherwise>
          </xsl:choose>
          <xsl:text>: </xsl:text>
          <xsl:call-template name="missing-lacks">
            <xsl:with-param name="lacks" select="concat(' ', @lacks, ' ')"/>
          </xsl:call-template>
        </a>
      </li>
    </xsl:for-each>
  </xsl:template>

  <!-- "the employee's answer, the explanation" from lacks=" employee explanation " -->
  <xsl:template name="missing-lacks">
    <xsl:param name="lacks"/>
    <xsl:for-each select="exsl:node-set($outcome-lack-names)/lack[contains($lacks, concat(' ', ., ' '))]">
      <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
      <xsl:value-of select="i:t(concat('outcome.lack.', .))"/>
    </xsl:for-each>
  </xsl:template>
  <xsl:variable name="outcome-lack-names">
    <lack>employee</lack><lack>manager</lack><lack>explanation</lack><lack>competences</lack>
  </xsl:variable>

</xsl:stylesheet>
