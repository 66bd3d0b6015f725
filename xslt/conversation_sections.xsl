<?xml version="1.0" encoding="UTF-8"?>
<!--
  conversation_sections.xsl - not a page: the sections of a conversation
  form that its template version adds to the built-in ones (issue 16), and
  the choice of a template text in the reader's language.  Included by
  conversation.xsl (which lays the sections out in the template's order);
  compiled on its own too, so it brings conversation_forms.xsl and its
  page-wide variables ($conv, $cid, $side, $form, $private-phase ...).

  Input: /page/conversation/form_template/section (fcgi/pages/conv_template.c):
  title, guidance (per lang), level (value, label, description), answer
  (role, rating, version, shared, body, explanation), competence (name,
  definition, indicator per level, rating per role), @may_answer and @self
  (the viewer rates beforehand what the manager rates).  A section is
  section-q-{key}; its answer form ans-{key} (ans-{key}-{competence} for a
  competence), a control {form}-{field}.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>
  <xsl:include href="conversation_forms.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <!-- A text of the template in the reader's language, else Dutch. -->
  <xsl:template name="tt">
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="$n[@lang = /page/@lang]"><xsl:value-of select="$n[@lang = /page/@lang]"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$n[@lang = 'nl']"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An open question, a rating question or the competences. -->
  <xsl:template name="question-section">
    <xsl:param name="n"/>
    <xsl:variable name="key" select="string(@key)"/>
    <section class="section question-section" id="section-q-{$key}" aria-labelledby="section-q-{$key}-title">
      <h2 id="section-q-{$key}-title">
        <xsl:value-of select="$n"/>
        <xsl:text>. </xsl:text>
        <xsl:call-template name="tt"><xsl:with-param name="n" select="title"/></xsl:call-template>
        <xsl:if test="@required = '1'">
          <xsl:text> </xsl:text>
          <span class="required-mark"><xsl:value-of select="i:t('answer.required')"/></span>
        </xsl:if>
      </h2>
      <xsl:if test="guidance">
        <p class="section-intro"><xsl:call-template name="tt"><xsl:with-param name="n" select="guidance"/></xsl:call-template></p>
      </xsl:if>
      <p class="section-meta">
        <xsl:value-of select="i:t(concat('answer.by.', @answered_by))"/>
        <xsl:if test="@self_assessment = '1'">
          <xsl:text> </xsl:text>
          <xsl:value-of select="i:t('answer.self_assessment.note')"/>
        </xsl:if>
      </p>
      <xsl:choose>
        <xsl:when test="@kind = 'competences'">
          <xsl:call-template name="competence-list"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="answers-shown"/>
          <xsl:if test="@may_answer = '1'">
            <xsl:call-template name="answer-form">
              <xsl:with-param name="id" select="concat('ans-', $key)"/>
              <xsl:with-param name="mine" select="answer[@role = $side]"/>
            </xsl:call-template>
          </xsl:if>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- Who answered: the employee's rating of what the manager rates is the self-assessment. -->
  <xsl:template name="answer-who">
    <xsl:param name="sec"/>
    <xsl:choose>
      <xsl:when test="@role = 'employee' and $sec/@answered_by = 'manager'">
        <xsl:value-of select="i:t('answer.self_assessment')"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="i:t(concat('role.', @role))"/></xsl:otherwise>
    </xsl:choose>
    <!-- issue 17: saved by a deputy or a previous manager: named -->
    <xsl:if test="@by_other = '1'">
      <xsl:text> (</xsl:text>
      <xsl:value-of select="@author"/>
      <xsl:text>; </xsl:text>
      <xsl:value-of select="i:t('author.other')"/>
      <xsl:text>)</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- The level chosen: its value and label. -->
  <xsl:template name="level-shown">
    <xsl:param name="sec"/>
    <xsl:param name="value"/>
    <xsl:value-of select="$value"/>
    <xsl:text> – </xsl:text>
    <xsl:call-template name="tt"><xsl:with-param name="n" select="$sec/level[@value = $value]/label"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="private-answer-tag">
    <xsl:if test="$private-phase and $party and not($my-shared) and @role = $side and not(@shared = '1')">
      <xsl:text> </xsl:text>
      <span class="private-tag"><xsl:value-of select="i:t('conversation.private.tag')"/></span>
    </xsl:if>
  </xsl:template>

  <!-- The answers the reader may see, the employee's first. -->
  <xsl:template name="answers-shown">
    <xsl:variable name="sec" select="."/>
    <xsl:choose>
      <xsl:when test="answer">
        <ul class="answers">
          <xsl:for-each select="answer[@role = 'employee'] | answer[@role = 'manager']">
            <li class="answer answer-{@role}">
              <p class="note-meta">
                <strong><xsl:call-template name="answer-who"><xsl:with-param name="sec" select="$sec"/></xsl:call-template></strong>
                <span class="sep" aria-hidden="true"> · </span>
                <xsl:value-of select="@at"/>
                <xsl:call-template name="private-answer-tag"/>
              </p>
              <xsl:if test="@rating">
                <p class="answer-rating">
                  <xsl:call-template name="level-shown">
                    <xsl:with-param name="sec" select="$sec"/>
                    <xsl:with-param name="value" select="string(@rating)"/>
                  </xsl:call-template>
                </p>
              </xsl:if>
              <xsl:if test="body"><p class="note-text"><xsl:value-of select="body"/></p></xsl:if>
              <xsl:if test="explanation"><p class="note-text answer-explanation"><xsl:value-of select="explanation"/></p></xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:value-of select="i:t('answer.none')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The competences of the employee's job profile, each with the ratings
       the reader may see side by side and, for a party, a rating form. -->
  <xsl:template name="competence-list">
    <xsl:variable name="sec" select="."/>
    <xsl:choose>
      <xsl:when test="competence">
        <ol class="competences">
          <xsl:for-each select="competence">
            <li class="competence" id="competence-{@id}">
              <h3><xsl:call-template name="tt"><xsl:with-param name="n" select="name"/></xsl:call-template></h3>
              <xsl:if test="definition">
                <p class="competence-definition"><xsl:call-template name="tt"><xsl:with-param name="n" select="definition"/></xsl:call-template></p>
              </xsl:if>
              <xsl:if test="rating">
                <dl class="competence-ratings">
                  <xsl:for-each select="rating[@role = 'employee'] | rating[@role = 'manager']">
                    <dt>
                      <xsl:call-template name="answer-who"><xsl:with-param name="sec" select="$sec"/></xsl:call-template>
                      <xsl:call-template name="private-answer-tag"/>
                    </dt>
                    <dd>
                      <xsl:call-template name="level-shown">
                        <xsl:with-param name="sec" select="$sec"/>
                        <xsl:with-param name="value" select="string(@rating)"/>
                      </xsl:call-template>
                      <xsl:if test="explanation">
                        <span class="answer-explanation"><xsl:text> – </xsl:text><xsl:value-of select="explanation"/></span>
                      </xsl:if>
                    </dd>
                  </xsl:for-each>
                </dl>
              </xsl:if>
              <xsl:if test="$sec/@may_answer = '1'">
                <xsl:call-template name="answer-form">
                  <xsl:with-param name="id" select="concat('ans-', $sec/@key, '-', @id)"/>
                  <xsl:with-param name="mine" select="rating[@role = $side]"/>
                  <xsl:with-param name="sec" select="$sec"/>
                  <xsl:with-param name="competence" select="."/>
                </xsl:call-template>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ol>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:value-of select="i:t('answer.no_competences')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    The viewer's answer form: a text (open question) or a level and an
    explanation (rating question, competence).  mine: the viewer's saved
    answer; a refused POST of this very form brings back what was typed.
  -->
  <xsl:template name="answer-form">
    <xsl:param name="id"/>
    <xsl:param name="mine" select="/.."/>
    <xsl:param name="sec" select="."/>
    <xsl:param name="competence" select="/.."/>
    <xsl:variable name="f" select="$form[@name = 'answer'][field[@name = 'section']/@value = $sec/@key]
        [not($competence) or field[@name = 'competence']/@value = $competence/@id]"/>
    <xsl:variable name="typed-rating">
      <xsl:choose>
        <xsl:when test="$f"><xsl:value-of select="$f/field[@name = 'rating']/@value"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$mine/@rating"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <form method="post" action="/conversations/{$cid}/answers" class="form answer-form" id="{$id}">
      <xsl:call-template name="csrf-input"/>
      <input type="hidden" name="section" value="{$sec/@key}"/>
      <xsl:if test="$competence">
        <input type="hidden" name="competence" value="{$competence/@id}"/>
      </xsl:if>
      <xsl:if test="$mine">
        <input type="hidden" name="version" value="{$mine/@version}"/>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="$sec/@kind = 'open_question'">
          <xsl:call-template name="field">
            <xsl:with-param name="f" select="$f"/>
            <xsl:with-param name="prefix" select="$id"/>
            <xsl:with-param name="name" select="'body'"/>
            <xsl:with-param name="label-key" select="'answer.body'"/>
            <xsl:with-param name="control" select="'textarea'"/>
            <xsl:with-param name="value" select="string($mine/body)"/>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="rating-error" select="string($f/field[@name = 'rating']/@error)"/>
          <fieldset class="field rating-choice">
            <xsl:if test="$rating-error != ''">
              <xsl:attribute name="class">field rating-choice field-invalid</xsl:attribute>
            </xsl:if>
            <legend>
              <xsl:choose>
                <xsl:when test="$sec/@self = '1'"><xsl:value-of select="i:t('answer.rating.self')"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="i:t('answer.rating')"/></xsl:otherwise>
              </xsl:choose>
            </legend>
            <xsl:for-each select="$sec/level">
              <xsl:variable name="v" select="string(@value)"/>
              <div class="choice rating-option">
                <input type="radio" name="rating" id="{$id}-r{$v}" value="{$v}">
                  <xsl:if test="$v = string($typed-rating)">
                    <xsl:attribute name="checked">checked</xsl:attribute>
                  </xsl:if>
                </input>
                <label for="{$id}-r{$v}">
                  <strong>
                    <xsl:value-of select="$v"/>
                    <xsl:text> – </xsl:text>
                    <xsl:call-template name="tt"><xsl:with-param name="n" select="label"/></xsl:call-template>
                  </strong>
                  <xsl:if test="description">
                    <span class="level-description">
                      <xsl:text> </xsl:text>
                      <xsl:call-template name="tt"><xsl:with-param name="n" select="description"/></xsl:call-template>
                    </span>
                  </xsl:if>
                  <xsl:if test="$competence/indicator[@level = $v]">
                    <span class="level-indicator">
                      <xsl:text> </xsl:text>
                      <xsl:call-template name="tt"><xsl:with-param name="n" select="$competence/indicator[@level = $v]"/></xsl:call-template>
                    </span>
                  </xsl:if>
                </label>
              </div>
            </xsl:for-each>
            <xsl:if test="$rating-error != ''">
              <span class="field-error" id="{$id}-rating-error">
                <xsl:call-template name="error-text"><xsl:with-param name="error" select="$rating-error"/></xsl:call-template>
              </span>
            </xsl:if>
          </fieldset>
          <xsl:call-template name="field">
            <xsl:with-param name="f" select="$f"/>
            <xsl:with-param name="prefix" select="$id"/>
            <xsl:with-param name="name" select="'explanation'"/>
            <xsl:with-param name="label-key" select="'answer.explanation'"/>
            <xsl:with-param name="control" select="'textarea'"/>
            <xsl:with-param name="value" select="string($mine/explanation)"/>
            <xsl:with-param name="optional" select="not($sec/@explain_below)"/>
          </xsl:call-template>
          <xsl:if test="$sec/@explain_below">
            <p class="field-help">
              <xsl:value-of select="i:t('answer.explain_below')"/>
              <xsl:text> </xsl:text>
              <xsl:call-template name="level-shown">
                <xsl:with-param name="sec" select="$sec"/>
                <xsl:with-param name="value" select="string($sec/@explain_below)"/>
              </xsl:call-template>
            </p>
          </xsl:if>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$private-phase and not($my-shared) and not($mine/@shared = '1')">
        <div class="choice field-check">
          <input type="checkbox" name="share" id="{$id}-share" value="1"/>
          <label for="{$id}-share"><xsl:value-of select="i:t('answer.share')"/></label>
        </div>
      </xsl:if>
      <div class="form-actions">
        <button type="submit" class="button"><xsl:value-of select="i:t('answer.submit')"/></button>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
