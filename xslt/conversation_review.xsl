<?xml version="1.0" encoding="UTF-8"?>
<!--
  conversation_review.xsl - the second assessor of an assessment (issue
  17), included by conversation.xsl: the record of every approval, return
  and rating change (old and new rating, reason, author), and, for the
  second assessor while it waits for them, the three forms:
  POST /conversations/{id}/review/approve (version),
  .../review/return (version, reason),
  .../review/change (version, target overall|item|question|competence,
  target_id, section, rating, reason): one small form per rating, each with
  its own scale (a question's and a competence's: its section's levels).

  Input: $conv/review/@{state, assessor, assessor_id, mine} with
  event/@{action, target, target_id, title, old, new, author, at} and
  event/reason; $conv/outcome/level (the final scale), /page/scale/label
  (a goal's scale), $conv/items/item[@kind='result'] with update[@current].
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <!-- a rating as shown: the level's label and its value -->
  <xsl:template name="review-rating">
    <xsl:param name="target"/>
    <xsl:param name="value"/>
    <xsl:param name="section" select="''"/>
    <xsl:variable name="label">
      <xsl:choose>
        <xsl:when test="$target = 'overall'"><xsl:value-of select="$conv/outcome/level[@value = $value]/@label"/></xsl:when>
        <xsl:when test="$section != ''">
          <xsl:call-template name="tt">
            <xsl:with-param name="n" select="$conv/form_template/section[@key = $section]/level[@value = $value]/label"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="/page/scale/label[@value = $value]"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="string($label) != ''">
      <xsl:value-of select="$label"/>
      <xsl:text> </xsl:text>
    </xsl:if>
    <xsl:text>(</xsl:text><xsl:value-of select="$value"/><xsl:text>)</xsl:text>
  </xsl:template>

  <!-- what a rating is of: the overall rating, a goal by its title, a
       rating question by its section's title, a competence by its name -->
  <xsl:template name="review-target-name">
    <xsl:param name="target"/>
    <xsl:param name="title" select="''"/>
    <xsl:param name="section" select="''"/>
    <xsl:param name="id" select="''"/>
    <xsl:variable name="sec" select="$conv/form_template/section[@key = $section]"/>
    <xsl:value-of select="i:t(concat('review.target.', $target))"/>
    <xsl:choose>
      <xsl:when test="$target = 'item'">
        <xsl:text> </xsl:text><xsl:value-of select="$title"/>
      </xsl:when>
      <xsl:when test="$target = 'question'">
        <xsl:text> </xsl:text>
        <xsl:call-template name="tt"><xsl:with-param name="n" select="$sec/title"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$target = 'competence'">
        <xsl:text> </xsl:text>
        <xsl:call-template name="tt"><xsl:with-param name="n" select="$sec/competence[@id = $id]/name"/></xsl:call-template>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="review-section">
    <xsl:variable name="r" select="$conv/review"/>
    <div class="panel review" id="review">
      <!-- a conversation without a second assessor has a record only
           of calibration's accepted changes (issue 17) -->
      <xsl:variable name="alone" select="string($r/@assessor_id) = '0'"/>
      <h3 id="review-title">
        <xsl:choose>
          <xsl:when test="$alone"><xsl:value-of select="i:t('calibration.changes.title')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="i:t('review.title')"/></xsl:otherwise>
        </xsl:choose>
      </h3>
      <p class="review-state">
        <xsl:if test="$alone"><xsl:attribute name="hidden">hidden</xsl:attribute></xsl:if>
        <xsl:value-of select="i:t(concat('review.state.', $r/@state))"/>
        <xsl:if test="string($r/@assessor) != ''">
          <xsl:text> </xsl:text>
          <xsl:value-of select="i:t('review.assessor')"/>
          <xsl:text>: </xsl:text>
          <strong><xsl:value-of select="$r/@assessor"/></strong>
        </xsl:if>
      </p>
      <xsl:if test="$r/event">
        <ol class="review-events">
          <xsl:for-each select="$r/event">
            <li class="review-event review-{@action}" id="review-event-{@id}">
              <p class="note-meta">
                <strong><xsl:value-of select="i:t(concat('review.action.', @action))"/></strong>
                <xsl:choose>
                  <!-- "changed in calibration by X" -->
                  <xsl:when test="@action = 'calibrate'"><xsl:text> </xsl:text><xsl:value-of select="i:t('calibration.by')"/><xsl:text> </xsl:text></xsl:when>
                  <xsl:otherwise><xsl:text> – </xsl:text></xsl:otherwise>
                </xsl:choose>
                <xsl:value-of select="@author"/>
                <xsl:text>, </xsl:text>
                <xsl:call-template name="datetime">
                  <xsl:with-param name="value" select="@at"/>
                </xsl:call-template>
                <!-- taken over by a deputy, namens the manager (sql/096) -->
                <xsl:if test="@action = 'calibrate' and string(@deputy_of) != ''">
                  <xsl:text>; </xsl:text>
                  <xsl:value-of select="i:t('calibration.accepted_by')"/>
                  <xsl:text> </xsl:text>
                  <xsl:value-of select="@decided_by"/>
                  <xsl:text> </xsl:text>
                  <xsl:value-of select="i:t('calibration.on_behalf_of')"/>
                  <xsl:text> </xsl:text>
                  <xsl:value-of select="@deputy_of"/>
                </xsl:if>
              </p>
              <xsl:if test="@action = 'change' or @action = 'calibrate'">
                <p class="review-change">
                  <xsl:call-template name="review-target-name">
                    <xsl:with-param name="target" select="string(@target)"/>
                    <xsl:with-param name="title" select="string(@title)"/>
                    <xsl:with-param name="section" select="string(@section)"/>
                    <xsl:with-param name="id" select="string(@target_id)"/>
                  </xsl:call-template>
                  <xsl:text>: </xsl:text>
                  <span class="review-old">
                    <xsl:call-template name="review-rating">
                      <xsl:with-param name="target" select="string(@target)"/>
                      <xsl:with-param name="value" select="string(@old)"/>
                      <xsl:with-param name="section" select="string(@section)"/>
                    </xsl:call-template>
                  </span>
                  <xsl:text> → </xsl:text>
                  <span class="review-new">
                    <xsl:call-template name="review-rating">
                      <xsl:with-param name="target" select="string(@target)"/>
                      <xsl:with-param name="value" select="string(@new)"/>
                      <xsl:with-param name="section" select="string(@section)"/>
                    </xsl:call-template>
                  </span>
                </p>
              </xsl:if>
              <xsl:if test="normalize-space(reason) != ''">
                <p class="note-text review-reason">
                  <span class="visually-hidden"><xsl:value-of select="i:t('review.reason')"/><xsl:text>: </xsl:text></span>
                  <xsl:value-of select="reason"/>
                </p>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ol>
      </xsl:if>
      <xsl:if test="$r/@mine = '1'">
        <xsl:call-template name="review-forms"/>
      </xsl:if>
    </div>
  </xsl:template>

  <xsl:template name="review-forms">
    <xsl:variable name="fa" select="$form[@name = 'review_approve']"/>
    <xsl:variable name="fr" select="$form[@name = 'review_return']"/>
    <xsl:variable name="fc" select="$form[@name = 'review_change']"/>
    <p><xsl:value-of select="i:t('review.help')"/></p>
    <form method="post" action="/conversations/{$cid}/review/approve" class="form" id="review-approve">
      <xsl:call-template name="csrf-input"/>
      <xsl:call-template name="version-input">
        <xsl:with-param name="f" select="$fa"/>
        <xsl:with-param name="current" select="$conv/@version"/>
      </xsl:call-template>
      <xsl:call-template name="move-error"><xsl:with-param name="f" select="$fa"/></xsl:call-template>
      <div class="form-actions">
        <button type="submit" class="button button-primary"><xsl:value-of select="i:t('review.approve.submit')"/></button>
      </div>
    </form>

    <details class="disclosure">
      <xsl:if test="$fc"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
      <summary><xsl:value-of select="i:t('review.change.open')"/></summary>
      <p><xsl:value-of select="i:t('review.change.help')"/></p>
      <xsl:if test="string($fc/field[@name = 'target_id']/@error) != ''">
        <p class="field-error"><xsl:value-of select="i:t(string($fc/field[@name = 'target_id']/@error))"/></p>
      </xsl:if>
      <xsl:if test="string($conv/@overall_rating) != ''">
        <xsl:call-template name="review-change-form">
          <xsl:with-param name="f" select="$fc[field[@name = 'target']/@value = 'overall']"/>
          <xsl:with-param name="target" select="'overall'"/>
          <xsl:with-param name="prefix" select="'review-change-overall'"/>
          <xsl:with-param name="rating" select="string($conv/@overall_rating)"/>
          <xsl:with-param name="levels" select="$conv/outcome/level"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:for-each select="$conv/items/item[@kind = 'result'][update[@current = '1'][string(@rating) != '']]">
        <xsl:variable name="id" select="string(@id)"/>
        <xsl:call-template name="review-change-form">
          <xsl:with-param name="f" select="$fc[field[@name = 'target']/@value = 'item'][field[@name = 'target_id']/@value = $id]"/>
          <xsl:with-param name="target" select="'item'"/>
          <xsl:with-param name="id" select="$id"/>
          <xsl:with-param name="title" select="string(@title)"/>
          <xsl:with-param name="prefix" select="concat('review-change-item-', $id)"/>
          <xsl:with-param name="rating" select="string(update[@current = '1']/@rating)"/>
          <xsl:with-param name="levels" select="/page/scale/label"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="$conv/form_template/section[@kind = 'rating_question'][answer[@role = 'manager'][string(@rating) != '']]">
        <xsl:variable name="key" select="string(@key)"/>
        <xsl:call-template name="review-change-form">
          <xsl:with-param name="f" select="$fc[field[@name = 'target']/@value = 'question'][field[@name = 'section']/@value = $key]"/>
          <xsl:with-param name="target" select="'question'"/>
          <xsl:with-param name="section" select="$key"/>
          <xsl:with-param name="prefix" select="concat('review-change-q-', $key)"/>
          <xsl:with-param name="rating" select="string(answer[@role = 'manager']/@rating)"/>
          <xsl:with-param name="levels" select="level"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="$conv/form_template/section[@kind = 'competences']/competence[rating[@role = 'manager'][string(@rating) != '']]">
        <xsl:variable name="key" select="string(../@key)"/>
        <xsl:variable name="id" select="string(@id)"/>
        <xsl:call-template name="review-change-form">
          <xsl:with-param name="f" select="$fc[field[@name = 'target']/@value = 'competence'][field[@name = 'section']/@value = $key][field[@name = 'target_id']/@value = $id]"/>
          <xsl:with-param name="target" select="'competence'"/>
          <xsl:with-param name="section" select="$key"/>
          <xsl:with-param name="id" select="$id"/>
          <xsl:with-param name="prefix" select="concat('review-change-c-', $key, '-', $id)"/>
          <xsl:with-param name="rating" select="string(rating[@role = 'manager']/@rating)"/>
          <xsl:with-param name="levels" select="../level"/>
        </xsl:call-template>
      </xsl:for-each>
    </details>

    <details class="disclosure">
      <xsl:if test="$fr"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
      <summary><xsl:value-of select="i:t('review.return.open')"/></summary>
      <form method="post" action="/conversations/{$cid}/review/return" class="form" id="review-return">
        <xsl:call-template name="csrf-input"/>
        <xsl:call-template name="version-input">
          <xsl:with-param name="f" select="$fr"/>
          <xsl:with-param name="current" select="$conv/@version"/>
        </xsl:call-template>
        <xsl:call-template name="move-error"><xsl:with-param name="f" select="$fr"/></xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="f" select="$fr"/>
          <xsl:with-param name="prefix" select="'review-return'"/>
          <xsl:with-param name="name" select="'reason'"/>
          <xsl:with-param name="label-key" select="'review.reason'"/>
          <xsl:with-param name="control" select="'textarea'"/>
          <xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="help-key" select="'review.return.help'"/>
        </xsl:call-template>
        <div class="form-actions">
          <button type="submit" class="button button-danger"><xsl:value-of select="i:t('review.return.submit')"/></button>
        </div>
      </form>
    </details>
  </xsl:template>

  <!-- one rating to change: its own form, with the levels of its own
       scale (the final scale for the overall rating, the goals' scale for
       a result goal); levels: outcome/level (@value, @label) or
       scale/label (@value, text) -->
  <xsl:template name="review-change-form">
    <xsl:param name="f"/>
    <xsl:param name="target"/>
    <xsl:param name="id" select="''"/>
    <xsl:param name="title" select="''"/>
    <xsl:param name="section" select="''"/>
    <xsl:param name="prefix"/>
    <xsl:param name="rating"/>
    <xsl:param name="levels"/>
    <xsl:variable name="error" select="string($f/field[@name = 'rating']/@error)"/>
    <xsl:variable name="typed" select="string($f/field[@name = 'rating']/@value)"/>
    <form method="post" action="/conversations/{$cid}/review/change" class="form review-change-form"
          id="{$prefix}" aria-labelledby="{$prefix}-title">
      <h4 id="{$prefix}-title">
        <xsl:call-template name="review-target-name">
          <xsl:with-param name="target" select="$target"/>
          <xsl:with-param name="title" select="$title"/>
          <xsl:with-param name="section" select="$section"/>
          <xsl:with-param name="id" select="$id"/>
        </xsl:call-template>
        <xsl:text>: </xsl:text>
        <xsl:call-template name="review-rating">
          <xsl:with-param name="target" select="$target"/>
          <xsl:with-param name="value" select="$rating"/>
          <xsl:with-param name="section" select="$section"/>
        </xsl:call-template>
      </h4>
      <xsl:call-template name="csrf-input"/>
      <xsl:call-template name="version-input">
        <xsl:with-param name="f" select="$f"/>
        <xsl:with-param name="current" select="$conv/@version"/>
      </xsl:call-template>
      <xsl:call-template name="move-error"><xsl:with-param name="f" select="$f"/></xsl:call-template>
      <input type="hidden" name="target" value="{$target}"/>
      <xsl:if test="$id != ''">
        <input type="hidden" name="target_id" value="{$id}"/>
      </xsl:if>
      <xsl:if test="$section != ''">
        <input type="hidden" name="section" value="{$section}"/>
      </xsl:if>
      <div>
        <xsl:attribute name="class">field<xsl:if test="$error != ''"> field-invalid</xsl:if></xsl:attribute>
        <label for="{$prefix}-rating"><xsl:value-of select="i:t('review.rating')"/></label>
        <xsl:if test="$error != ''">
          <span class="field-error" id="{$prefix}-rating-error"><xsl:value-of select="i:t($error)"/></span>
        </xsl:if>
        <select id="{$prefix}-rating" name="rating" required="required">
          <xsl:if test="$error != ''">
            <xsl:attribute name="aria-invalid">true</xsl:attribute>
            <xsl:attribute name="aria-describedby"><xsl:value-of select="$prefix"/>-rating-error</xsl:attribute>
          </xsl:if>
          <option value=""><xsl:value-of select="i:t('review.rating.choose')"/></option>
          <xsl:for-each select="$levels">
            <xsl:variable name="label">
              <xsl:choose>
                <xsl:when test="@label"><xsl:value-of select="@label"/></xsl:when>
                <xsl:when test="label">
                  <xsl:call-template name="tt"><xsl:with-param name="n" select="label"/></xsl:call-template>
                </xsl:when>
                <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
              </xsl:choose>
            </xsl:variable>
            <option value="{@value}">
              <xsl:if test="string(@value) = $typed"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="concat($label, ' (', @value, ')')"/>
            </option>
          </xsl:for-each>
        </select>
      </div>
      <xsl:call-template name="field">
        <xsl:with-param name="f" select="$f"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="name" select="'reason'"/>
        <xsl:with-param name="label-key" select="'review.reason'"/>
        <xsl:with-param name="control" select="'textarea'"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <div class="form-actions">
        <button type="submit" class="button"><xsl:value-of select="i:t('review.change.submit')"/></button>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
