<?xml version="1.0" encoding="UTF-8"?>
<!--
  calibration.xsl - calibration (kalibratie, issue 17): GET /calibration,
  the proposed final ratings of a cycle and department side by side per
  manager, the people behind them, and the round's forms.
  Input: /page/calibration (@cycle_id, @department_id, @may_run, @cut) with cycles/cycle (@id, @name, @status,
  @selected), departments/department (@id, @name, @selected), round (@id,
  @status, @version, @opened_by, @opened_at), scale (@id) with level
  (@value, @label_nl, @label_en) and manager (@id, @name, @total) with
  count (@value, @n), people/person (@conversation, @dossier, @name,
  @manager_id, @manager, @scale, @rating, @proposal, @proposed,
  @proposed_by), decided/proposal (the round's accepted and rejected
  proposals: @id, @conversation, @employee, @status, @old, @new, @author,
  @at, @decided_by, @decided_for (a deputy decided, namens this manager),
  @decided_at; reason, decision_reason);
  /page/form[@name='calibration_propose'] after a refusal;
  /page/alert/@key.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="cal" select="/page/calibration"/>
  <xsl:variable name="f" select="/page/form[@name='calibration_propose']"/>
  <xsl:variable name="open" select="$cal/round[@status = 'open']"/>
  <xsl:variable name="fc" select="/page/form[@name='calibration']"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('calibration.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p class="back-link"><a href="/"><xsl:value-of select="i:t('dossier.back')"/></a></p>
      <h1><xsl:call-template name="page-title"/></h1>
      <p class="lead"><xsl:value-of select="i:t('calibration.intro')"/></p>
    </div>
    <xsl:if test="/page/alert">
      <div class="alert alert-error" role="alert">
        <p><xsl:value-of select="i:t(string(/page/alert/@key))"/></p>
      </div>
    </xsl:if>
    <xsl:if test="$f/@error = '1' or $fc/@error = '1'">
      <div class="alert alert-error" role="alert">
        <p><xsl:value-of select="i:t('form.error.summary')"/></p>
      </div>
    </xsl:if>
    <xsl:call-template name="choose-form"/>
    <xsl:if test="$cal/@department_id">
      <xsl:call-template name="round-section"/>
      <xsl:call-template name="distributions"/>
      <xsl:call-template name="people"/>
      <xsl:call-template name="decided"/>
    </xsl:if>
  </xsl:template>

  <!-- the cycle and department: a GET form, so the view is a link -->
  <xsl:template name="choose-form">
    <form method="get" action="/calibration" class="form form-inline" id="calibration-choose">
      <div class="field">
        <label for="c-cycle"><xsl:value-of select="i:t('calibration.cycle')"/></label>
        <xsl:call-template name="c-error"><xsl:with-param name="name" select="'cycle'"/></xsl:call-template>
        <select id="c-cycle" name="cycle">
          <xsl:for-each select="$cal/cycles/cycle">
            <option value="{@id}">
              <xsl:if test="@selected"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="@name"/>
            </option>
          </xsl:for-each>
        </select>
      </div>
      <xsl:if test="$cal/departments">
        <div class="field">
          <label for="c-department"><xsl:value-of select="i:t('calibration.department')"/></label>
          <xsl:call-template name="c-error"><xsl:with-param name="name" select="'department'"/></xsl:call-template>
          <select id="c-department" name="department">
            <xsl:for-each select="$cal/departments/department">
              <option value="{@id}">
                <xsl:if test="@selected"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                <xsl:value-of select="@name"/>
              </option>
            </xsl:for-each>
          </select>
        </div>
        <xsl:if test="not($cal/departments/department)">
          <p class="muted"><xsl:value-of select="i:t('calibration.no_departments')"/></p>
        </xsl:if>
      </xsl:if>
      <div class="form-actions">
        <button type="submit" class="button"><xsl:value-of select="i:t('calibration.show')"/></button>
      </div>
    </form>
  </xsl:template>

  <xsl:template name="c-error">
    <xsl:param name="name"/>
    <xsl:variable name="field" select="$fc/field[@name = $name]"/>
    <xsl:if test="string($field/@error) != ''">
      <span class="field-error" id="c-{$name}-error">
        <xsl:call-template name="error-text">
          <xsl:with-param name="error" select="$field/@error"/>
          <xsl:with-param name="max" select="$field/@max"/>
        </xsl:call-template>
      </span>
    </xsl:if>
  </xsl:template>

  <xsl:template name="level-label">
    <xsl:param name="level"/>
    <xsl:choose>
      <xsl:when test="/page/@lang = 'en' and string($level/@label_en) != ''"><xsl:value-of select="$level/@label_en"/></xsl:when>
      <xsl:when test="string($level/@label_nl) != ''"><xsl:value-of select="$level/@label_nl"/></xsl:when>
    </xsl:choose>
    <xsl:text> (</xsl:text><xsl:value-of select="$level/@value"/><xsl:text>)</xsl:text>
  </xsl:template>

  <xsl:template name="round-section">
    <section class="section" aria-labelledby="round-title" id="round">
      <h2 id="round-title"><xsl:value-of select="i:t('calibration.round')"/></h2>
      <xsl:choose>
        <xsl:when test="$open">
          <p id="round-state">
            <xsl:value-of select="i:t('calibration.round.open_by')"/>
            <xsl:text> </xsl:text><strong><xsl:value-of select="$open/@opened_by"/></strong>
            <xsl:text>, </xsl:text>
            <xsl:call-template name="date"><xsl:with-param name="value" select="$open/@opened_at"/></xsl:call-template>
          </p>
          <xsl:if test="$cal/@may_run = '1'">
            <form method="post" action="/calibration/rounds/{$open/@id}/close" class="inline-form" id="round-close">
              <xsl:call-template name="csrf-input"/>
              <input type="hidden" name="version" value="{$open/@version}"/>
              <button type="submit" class="button"><xsl:value-of select="i:t('calibration.round.close')"/></button>
            </form>
          </xsl:if>
        </xsl:when>
        <xsl:otherwise>
          <p id="round-state">
            <xsl:choose>
              <xsl:when test="$cal/round"><xsl:value-of select="i:t('calibration.round.closed')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="i:t('calibration.round.none')"/></xsl:otherwise>
            </xsl:choose>
          </p>
          <xsl:if test="$cal/@may_run = '1'">
            <form method="post" action="/calibration/rounds" class="inline-form" id="round-open">
              <xsl:call-template name="csrf-input"/>
              <input type="hidden" name="cycle" value="{$cal/@cycle_id}"/>
              <input type="hidden" name="department" value="{$cal/@department_id}"/>
              <button type="submit" class="button button-primary"><xsl:value-of select="i:t('calibration.round.open')"/></button>
            </form>
          </xsl:if>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- one table per final scale: a row per level, a column per manager -->
  <xsl:template name="distributions">
    <section class="section" aria-labelledby="dist-title" id="distributions">
      <h2 id="dist-title"><xsl:value-of select="i:t('calibration.distributions')"/></h2>
      <xsl:if test="$cal/@cut">
        <p class="alert alert-warning"><xsl:value-of select="i:t('calibration.cut')"/></p>
      </xsl:if>
      <xsl:if test="not($cal/scale)">
        <p class="muted" id="calibration-empty"><xsl:value-of select="i:t('calibration.empty')"/></p>
      </xsl:if>
      <xsl:for-each select="$cal/scale">
        <xsl:variable name="scale" select="."/>
        <div class="table-wrap">
          <table class="list calibration-dist" id="dist-{@id}" data-scale="{@id}">
            <caption><xsl:value-of select="i:t('calibration.dist.caption')"/></caption>
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="i:t('calibration.col.level')"/></th>
                <xsl:for-each select="manager">
                  <th scope="col" data-manager="{@id}">
                    <xsl:choose>
                      <xsl:when test="string(@name) != ''"><xsl:value-of select="@name"/></xsl:when>
                      <xsl:otherwise><xsl:value-of select="i:t('calibration.no_manager')"/></xsl:otherwise>
                    </xsl:choose>
                  </th>
                </xsl:for-each>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="level">
                <xsl:variable name="v" select="string(@value)"/>
                <tr data-level="{$v}">
                  <th scope="row"><xsl:call-template name="level-label"><xsl:with-param name="level" select="."/></xsl:call-template></th>
                  <xsl:for-each select="$scale/manager">
                    <td class="num" data-manager="{@id}" data-level="{$v}"><xsl:value-of select="count[@value = $v]/@n"/></td>
                  </xsl:for-each>
                </tr>
              </xsl:for-each>
            </tbody>
            <tfoot>
              <tr>
                <th scope="row"><xsl:value-of select="i:t('calibration.total')"/></th>
                <xsl:for-each select="manager">
                  <td class="num" data-manager="{@id}" data-total="1"><xsl:value-of select="@total"/></td>
                </xsl:for-each>
              </tr>
            </tfoot>
          </table>
        </div>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- the people behind the numbers, by manager, and the proposal form -->
  <xsl:template name="people">
    <section class="section" aria-labelledby="people-title" id="people">
      <h2 id="people-title"><xsl:value-of select="i:t('calibration.people')"/></h2>
      <xsl:if test="$cal/people/person">
        <div class="table-wrap">
          <table class="list stack calibration-people">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="i:t('calibration.col.employee')"/></th>
                <th scope="col"><xsl:value-of select="i:t('calibration.col.manager')"/></th>
                <th scope="col"><xsl:value-of select="i:t('calibration.col.rating')"/></th>
                <th scope="col"><xsl:value-of select="i:t('calibration.col.proposal')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$cal/people/person">
                <xsl:variable name="p" select="."/>
                <tr data-conversation="{@conversation}">
                  <td data-label="{i:t('calibration.col.employee')}"><xsl:value-of select="@name"/></td>
                  <td data-label="{i:t('calibration.col.manager')}"><xsl:value-of select="@manager"/></td>
                  <td data-rating="{@rating}" data-label="{i:t('calibration.col.rating')}">
                    <xsl:call-template name="level-label">
                      <xsl:with-param name="level" select="$cal/scale[@id = $p/@scale]/level[@value = $p/@rating]"/>
                    </xsl:call-template>
                  </td>
                  <td data-label="{i:t('calibration.col.proposal')}">
                    <xsl:if test="@proposal">
                      <span data-proposed="{@proposed}">
                        <xsl:call-template name="level-label">
                          <xsl:with-param name="level" select="$cal/scale[@id = $p/@scale]/level[@value = $p/@proposed]"/>
                        </xsl:call-template>
                        <xsl:text> – </xsl:text>
                        <xsl:value-of select="@proposed_by"/>
                      </span>
                    </xsl:if>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:if>
      <xsl:if test="$open and $cal/@may_run = '1' and $cal/people/person[not(@proposal)]">
        <xsl:call-template name="propose-form"/>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- a rating of a decided proposal: its level's label where the person
       is still among the proposed ones (their scale known), else the value -->
  <xsl:template name="decided-rating">
    <xsl:param name="conversation"/>
    <xsl:param name="value"/>
    <xsl:variable name="person" select="$cal/people/person[@conversation = $conversation]"/>
    <xsl:variable name="level" select="$cal/scale[@id = $person/@scale]/level[@value = $value]"/>
    <xsl:choose>
      <xsl:when test="$level"><xsl:call-template name="level-label"><xsl:with-param name="level" select="$level"/></xsl:call-template></xsl:when>
      <xsl:otherwise><xsl:value-of select="$value"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- the round's decided proposals (issue 17): accepted and rejected,
       who decided (a deputy: namens the manager), when, the reasons, the
       old and the new rating -->
  <xsl:template name="decided">
    <xsl:if test="$cal/round">
      <section class="section" aria-labelledby="decided-title" id="decided">
        <h2 id="decided-title"><xsl:value-of select="i:t('calibration.decided.title')"/></h2>
        <xsl:choose>
          <xsl:when test="$cal/decided/proposal">
            <div class="table-wrap">
              <table class="list stack calibration-decided">
                <thead>
                  <tr>
                    <th scope="col"><xsl:value-of select="i:t('calibration.col.employee')"/></th>
                    <th scope="col"><xsl:value-of select="i:t('calibration.decided.col.change')"/></th>
                    <th scope="col"><xsl:value-of select="i:t('calibration.decided.col.status')"/></th>
                    <th scope="col"><xsl:value-of select="i:t('calibration.decided.col.decided')"/></th>
                    <th scope="col"><xsl:value-of select="i:t('calibration.decided.col.reasons')"/></th>
                  </tr>
                </thead>
                <tbody>
                  <xsl:for-each select="$cal/decided/proposal">
                    <tr id="decided-{@id}" data-status="{@status}">
                      <td data-label="{i:t('calibration.col.employee')}"><xsl:value-of select="@employee"/></td>
                      <td data-label="{i:t('calibration.decided.col.change')}">
                        <xsl:call-template name="decided-rating">
                          <xsl:with-param name="conversation" select="@conversation"/>
                          <xsl:with-param name="value" select="@old"/>
                        </xsl:call-template>
                        <xsl:text> → </xsl:text>
                        <xsl:call-template name="decided-rating">
                          <xsl:with-param name="conversation" select="@conversation"/>
                          <xsl:with-param name="value" select="@new"/>
                        </xsl:call-template>
                      </td>
                      <td data-label="{i:t('calibration.decided.col.status')}"><xsl:value-of select="i:t(concat('calibration.status.', @status))"/></td>
                      <td data-label="{i:t('calibration.decided.col.decided')}">
                        <xsl:value-of select="@decided_by"/>
                        <xsl:if test="string(@decided_for) != ''">
                          <xsl:text> </xsl:text>
                          <xsl:value-of select="i:t('calibration.on_behalf_of')"/>
                          <xsl:text> </xsl:text>
                          <xsl:value-of select="@decided_for"/>
                        </xsl:if>
                        <xsl:text>, </xsl:text>
                        <xsl:call-template name="date"><xsl:with-param name="value" select="@decided_at"/></xsl:call-template>
                      </td>
                      <td data-label="{i:t('calibration.decided.col.reasons')}">
                        <p>
                          <xsl:value-of select="i:t('calibration.proposed_by')"/>
                          <xsl:text> </xsl:text>
                          <xsl:value-of select="@author"/>
                          <xsl:text>: </xsl:text>
                          <xsl:value-of select="reason"/>
                        </p>
                        <xsl:if test="normalize-space(decision_reason) != ''">
                          <p>
                            <xsl:value-of select="i:t('calibration.decided.rejection')"/>
                            <xsl:text>: </xsl:text>
                            <xsl:value-of select="decision_reason"/>
                          </p>
                        </xsl:if>
                      </td>
                    </tr>
                  </xsl:for-each>
                </tbody>
              </table>
            </div>
          </xsl:when>
          <xsl:otherwise>
            <p class="empty"><xsl:value-of select="i:t('calibration.decided.none')"/></p>
          </xsl:otherwise>
        </xsl:choose>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="f-error">
    <xsl:param name="name"/>
    <xsl:variable name="field" select="$f/field[@name = $name]"/>
    <xsl:if test="string($field/@error) != ''">
      <span class="field-error" id="p-{$name}-error">
        <xsl:call-template name="error-text">
          <xsl:with-param name="error" select="$field/@error"/>
          <xsl:with-param name="max" select="$field/@max"/>
        </xsl:call-template>
      </span>
    </xsl:if>
  </xsl:template>

  <xsl:template name="f-invalid">
    <xsl:param name="name"/>
    <xsl:if test="string($f/field[@name = $name]/@error) != ''">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
      <xsl:attribute name="aria-describedby">p-<xsl:value-of select="$name"/>-error</xsl:attribute>
    </xsl:if>
  </xsl:template>

  <xsl:template name="propose-form">
    <xsl:variable name="conv" select="string($f/field[@name = 'conversation']/@value)"/>
    <xsl:variable name="rating" select="string($f/field[@name = 'rating']/@value)"/>
    <form method="post" action="/calibration/rounds/{$open/@id}/proposals" class="form" id="calibration-propose"
          aria-labelledby="propose-title">
      <h3 id="propose-title"><xsl:value-of select="i:t('calibration.propose')"/></h3>
      <p class="field-help"><xsl:value-of select="i:t('calibration.propose.help')"/></p>
      <xsl:call-template name="csrf-input"/>
      <div class="field">
        <label for="p-conversation"><xsl:value-of select="i:t('calibration.field.person')"/></label>
        <xsl:call-template name="f-error"><xsl:with-param name="name" select="'conversation'"/></xsl:call-template>
        <select id="p-conversation" name="conversation" required="required">
          <xsl:call-template name="f-invalid"><xsl:with-param name="name" select="'conversation'"/></xsl:call-template>
          <option value=""><xsl:value-of select="i:t('calibration.choose')"/></option>
          <xsl:for-each select="$cal/people/person[not(@proposal)]">
            <option value="{@conversation}">
              <xsl:if test="string(@conversation) = $conv"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="concat(@name, ' (', @rating, ')')"/>
            </option>
          </xsl:for-each>
        </select>
      </div>
      <div class="field">
        <label for="p-rating"><xsl:value-of select="i:t('calibration.field.rating')"/></label>
        <xsl:call-template name="f-error"><xsl:with-param name="name" select="'rating'"/></xsl:call-template>
        <select id="p-rating" name="rating" required="required">
          <xsl:call-template name="f-invalid"><xsl:with-param name="name" select="'rating'"/></xsl:call-template>
          <option value=""><xsl:value-of select="i:t('calibration.choose')"/></option>
          <xsl:for-each select="$cal/scale/level">
            <option value="{@value}">
              <xsl:if test="string(@value) = $rating"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:call-template name="level-label"><xsl:with-param name="level" select="."/></xsl:call-template>
            </option>
          </xsl:for-each>
        </select>
      </div>
      <div class="field">
        <label for="p-reason"><xsl:value-of select="i:t('calibration.field.reason')"/></label>
        <span class="field-help" id="p-reason-hint"><xsl:value-of select="i:t('calibration.field.reason.hint')"/></span>
        <xsl:call-template name="f-error"><xsl:with-param name="name" select="'reason'"/></xsl:call-template>
        <textarea id="p-reason" name="reason" rows="3" maxlength="2000" required="required">
          <xsl:call-template name="f-invalid"><xsl:with-param name="name" select="'reason'"/></xsl:call-template>
          <xsl:value-of select="$f/field[@name = 'reason']/@value"/>
        </textarea>
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary"><xsl:value-of select="i:t('calibration.propose.submit')"/></button>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
