<?xml version="1.0" encoding="UTF-8"?>
<!--
  conversation.xsl - GET /conversations/{id}: the conversation form (goal
  setting, progress, assessment), and the same page again after a refused
  POST: 400 with /page/form (every typed value, errors as form.error.* keys),
  409 with /page/form and /page/conflict (the saved text of an item).

  Input (fcgi/pages/conv_view.c, conversation.c, conversation_post.c,
  signoff.c): /page/dossier, /page/scale/label, /page/conversations,
  /page/conversation (items/item with measure and update*, overall_note,
  remarks/remark, signatures/signature, snapshots/snapshot, may),
  /page/org_goals/goal, /page/collective_goals/goal, /page/people/person,
  /page/form, /page/conflict, /page/editor (an item editor's page, issue 15:
  GET /conversations/{id}/items/new?kind=..., .../items/{item}/edit or
  .../update; the plain page renders no item form, only links to these).

  This file lays out the page and shows what is recorded; the forms, the
  error summary and the page-wide variables ($conv, $may, $side, $form ...)
  are in conversation_forms.xsl, the helpers shared with dossier.xsl in
  conversation_parts.xsl.  An item is item-{id}; sections are section-{name}.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>
  <xsl:include href="conversation_sections.xsl"/>
  <xsl:include href="proposals.xsl"/>
  <xsl:include href="conversation_outcome.xsl"/>
  <xsl:include href="conversation_review.xsl"/>
  <xsl:include href="conversation_calibration.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <!-- ================================================================ -->
  <!-- Page                                                              -->
  <!-- ================================================================ -->

  <xsl:template name="page-title">
    <xsl:call-template name="conv-name">
      <xsl:with-param name="type" select="$ctype"/>
      <xsl:with-param name="seq" select="string($conv/@seq)"/>
    </xsl:call-template>
    <xsl:text> – </xsl:text>
    <xsl:value-of select="dossier/@employee"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p class="back-link">
        <a href="/dossiers/{dossier/@id}">
          <xsl:value-of select="i:t('conversation.back')"/>
        </a>
      </p>
      <h1>
        <xsl:call-template name="conv-name">
          <xsl:with-param name="type" select="$ctype"/>
          <xsl:with-param name="seq" select="string($conv/@seq)"/>
        </xsl:call-template>
        <xsl:text> – </xsl:text>
        <xsl:value-of select="dossier/@employee"/>
      </h1>
      <p class="page-meta">
        <xsl:value-of select="i:t('conversation.meta.cycle')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="dossier/@cycle"/>
        <xsl:if test="string(dossier/@manager) != ''">
          <span class="sep" aria-hidden="true"> · </span>
          <xsl:value-of select="i:t('role.manager')"/>
          <xsl:text>: </xsl:text>
          <xsl:value-of select="dossier/@manager"/>
        </xsl:if>
      </p>
      <xsl:call-template name="deputy-notice"/>
      <xsl:call-template name="print-button"/>
      <xsl:if test="/page/user/@auditor = '1'">
        <p class="history-link">
          <a href="/admin/audit?entity=dossier&amp;id={dossier/@id}"><xsl:value-of select="i:t('audit.history.dossier')"/></a>
        </p>
      </xsl:if>
      <!-- the feedback round of the template (issue 17, feedback.c) -->
      <xsl:if test="$conv/form_template/@feedback = '1'">
        <p class="feedback-link">
          <a href="/conversations/{$conv/@id}/feedback" id="feedback-link"><xsl:value-of select="i:t('feedback.link')"/></a>
        </p>
      </xsl:if>
    </div>

    <xsl:apply-templates select="/page/confirm" mode="layout"/>
    <xsl:call-template name="form-alert"/>
    <xsl:call-template name="proposal-refused-alert"/>
    <xsl:call-template name="sealed-notice"/>
    <xsl:call-template name="steps-panel"/>
    <xsl:call-template name="state-panel"/>
    <xsl:call-template name="proposals-section"/>

    <xsl:choose>
      <!-- the form of the conversation's template version (issue 16) -->
      <xsl:when test="$conv/form_template/section">
        <xsl:for-each select="$conv/form_template/section">
          <xsl:call-template name="template-section">
            <xsl:with-param name="n" select="position()"/>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:when>
      <!-- a report signed before templates: the form it was signed on -->
      <xsl:otherwise>
        <xsl:call-template name="items-section">
          <xsl:with-param name="kind" select="'result'"/>
          <xsl:with-param name="n" select="1"/>
        </xsl:call-template>
        <xsl:call-template name="items-section">
          <xsl:with-param name="kind" select="'development'"/>
          <xsl:with-param name="n" select="2"/>
        </xsl:call-template>
        <xsl:call-template name="items-section">
          <xsl:with-param name="kind" select="'action'"/>
          <xsl:with-param name="n" select="3"/>
        </xsl:call-template>
        <xsl:call-template name="remarks-section"/>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="collective-section"/>
    <xsl:if test="$ctype = 'assessment'">
      <xsl:call-template name="overall-section"/>
    </xsl:if>
    <xsl:call-template name="signoff-section"/>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Closed: the fingerprint of the signed report                      -->
  <!-- ================================================================ -->

  <xsl:template name="sealed-notice">
    <xsl:choose>
      <xsl:when test="$cstatus = 'closed' and $conv/snapshots/snapshot">
        <xsl:for-each select="$latest-snapshot">
          <xsl:if test="position() = 1">
            <div class="alert alert-ok sealed">
              <p><xsl:value-of select="i:t('conversation.sealed')"/></p>
              <p class="muted">
                <xsl:value-of select="i:t('conversation.sealed.at')"/>
                <xsl:text> </xsl:text>
                <xsl:call-template name="datetime">
                  <xsl:with-param name="value" select="@at"/>
                </xsl:call-template>
              </p>
              <p class="signed-download">
                <a href="/conversations/{$cid}/signed.xml">
                  <xsl:value-of select="i:t('conversation.sealed.download')"/>
                </a>
              </p>
              <!-- The fingerprint once (it prints, so not folded away), for the few who check it: the
                   signatures and the list of recorded reports name it
                   only where it differs (an earlier round). -->
              <div class="technical">
                <p class="technical-title"><strong><xsl:value-of select="i:t('conversation.sealed.technical')"/></strong></p>
                <p>
                  <xsl:value-of select="i:t('conversation.signature.sha')"/>
                  <xsl:text>: </xsl:text>
                  <code class="hash"><xsl:value-of select="@sha256"/></code>
                </p>
                <p><xsl:value-of select="i:t('conversation.sealed.download.check')"/></p>
                <pre class="command">sha256sum gesprek-<xsl:value-of select="$cid"/>-<xsl:value-of select="substring(@sha256, 1, 12)"/>.xml</pre>
              </div>
            </div>
          </xsl:if>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="$cstatus = 'finalized'">
        <div class="alert alert-info">
          <p>
            <!-- With a second assessor still to decide, the report can
                 change once more (a rating with a reason, or returned):
                 say so, not that it is fixed (issue 17). -->
            <xsl:choose>
              <xsl:when test="$conv/review/@state = 'pending'">
                <xsl:value-of select="i:t('conversation.signoff.wait_review')"/>
                <xsl:text> </xsl:text>
                <a href="#review"><xsl:value-of select="i:t('conversation.review.goto')"/></a>
              </xsl:when>
              <xsl:otherwise>
                <xsl:value-of select="i:t('conversation.finalized.note')"/>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:if test="$may/@sign = '1' and not($round[@role = $side])">
              <xsl:text> </xsl:text>
              <a href="#section-signoff"><xsl:value-of select="i:t('conversation.sign.goto')"/></a>
            </xsl:if>
          </p>
        </div>
      </xsl:when>
      <!-- Returned by the second assessor: the manager (and the employee)
           see why at the top, not only in the record at the bottom. -->
      <xsl:when test="$cstatus = 'held' and $conv/review/@state = 'returned'">
        <xsl:variable name="back" select="$conv/review/event[@action = 'return'][last()]"/>
        <div class="alert alert-warn review-returned">
          <p>
            <xsl:value-of select="i:t('review.returned.notice')"/>
            <xsl:text> </xsl:text>
            <strong><xsl:value-of select="$back/@author"/></strong>
            <xsl:if test="string($back/reason) != ''">
              <xsl:text>: </xsl:text>
              <xsl:value-of select="$back/reason"/>
            </xsl:if>
            <xsl:text> </xsl:text>
            <a href="#review"><xsl:value-of select="i:t('conversation.review.goto')"/></a>
          </p>
        </div>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Where the conversation stands: its steps, the next action, and   -->
  <!-- on a follow-up the goals at a glance (issue 15)                   -->
  <!-- ================================================================ -->

  <!-- plan, prepare, held, final, signed: the one the status stands at -->
  <xsl:variable name="step-now">
    <xsl:choose>
      <xsl:when test="$cstatus = 'closed'">5</xsl:when>
      <xsl:when test="$cstatus = 'finalized'">4</xsl:when>
      <xsl:when test="$cstatus = 'held'">3</xsl:when>
      <xsl:when test="$cstatus = 'preparing' or string($conv/@scheduled_at) != ''">2</xsl:when>
      <xsl:otherwise>1</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template name="steps-panel">
    <section class="panel steps-panel" aria-labelledby="steps-title">
      <h2 id="steps-title" class="visually-hidden"><xsl:value-of select="i:t('conversation.steps.title')"/></h2>
      <ol class="conv-steps">
        <xsl:call-template name="step">
          <xsl:with-param name="n" select="1"/>
          <xsl:with-param name="name" select="'plan'"/>
        </xsl:call-template>
        <xsl:call-template name="step">
          <xsl:with-param name="n" select="2"/>
          <xsl:with-param name="name" select="'prepare'"/>
        </xsl:call-template>
        <xsl:call-template name="step">
          <xsl:with-param name="n" select="3"/>
          <xsl:with-param name="name" select="'held'"/>
        </xsl:call-template>
        <xsl:call-template name="step">
          <xsl:with-param name="n" select="4"/>
          <xsl:with-param name="name" select="'final'"/>
        </xsl:call-template>
        <xsl:call-template name="step">
          <xsl:with-param name="n" select="5"/>
          <xsl:with-param name="name" select="'signed'"/>
        </xsl:call-template>
      </ol>
      <xsl:if test="$next-action != ''">
        <p class="next-action">
          <xsl:value-of select="i:t('conversation.next.label')"/>
          <xsl:text> </xsl:text>
          <a href="#{$next-action}">
            <xsl:value-of select="i:t(concat('conversation.next.', $next-action))"/>
          </a>
        </p>
      </xsl:if>
      <xsl:if test="$follow-up">
        <xsl:call-template name="goals-summary"/>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="step">
    <xsl:param name="n"/>
    <xsl:param name="name"/>
    <li>
      <xsl:attribute name="class">
        <xsl:text>conv-step</xsl:text>
        <xsl:choose>
          <xsl:when test="$n = $step-now"> conv-step-current</xsl:when>
          <xsl:when test="$n &lt; $step-now"> conv-step-done</xsl:when>
        </xsl:choose>
      </xsl:attribute>
      <xsl:if test="$n = $step-now">
        <xsl:attribute name="aria-current">step</xsl:attribute>
      </xsl:if>
      <span class="conv-step-n" aria-hidden="true"><xsl:value-of select="$n"/></span>
      <xsl:text> </xsl:text>
      <span class="conv-step-name"><xsl:value-of select="i:t(concat('conversation.step.', $name))"/></span>
      <xsl:if test="$n &lt; $step-now">
        <span class="visually-hidden">
          <xsl:text> (</xsl:text>
          <xsl:value-of select="i:t('conversation.step.done')"/>
          <xsl:text>)</xsl:text>
        </span>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- "4 doelen: 2 behaald, 1 loopt risico, 1 open": the result goals of
       this conversation by the status this reader may see -->
  <xsl:template name="goals-summary">
    <xsl:variable name="goals" select="$conv/items/item[@kind = 'result']"/>
    <p class="goals-summary" id="goals-summary">
      <xsl:value-of select="count($goals)"/>
      <xsl:text> </xsl:text>
      <xsl:choose>
        <xsl:when test="count($goals) = 1"><xsl:value-of select="i:t('conversation.summary.goal')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="i:t('conversation.summary.goals')"/></xsl:otherwise>
      </xsl:choose>
      <xsl:for-each select="$goals[not(@status = preceding-sibling::item[@kind = 'result']/@status)]">
        <xsl:sort select="string-length(substring-before('achieved on_track at_risk open not_achieved cancelled ', concat(@status, ' ')))" data-type="number"/>
        <xsl:variable name="st" select="string(@status)"/>
        <xsl:choose>
          <xsl:when test="position() = 1"><xsl:text>: </xsl:text></xsl:when>
          <xsl:otherwise><xsl:text>, </xsl:text></xsl:otherwise>
        </xsl:choose>
        <span class="summary-{$st}">
          <xsl:value-of select="count($goals[@status = $st])"/>
          <xsl:text> </xsl:text>
          <xsl:value-of select="i:t(concat('conversation.summary.', $st))"/>
        </span>
      </xsl:for-each>
    </p>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The state bar: status, dates, sharing; plan, share, held          -->
  <!-- ================================================================ -->

  <xsl:template name="state-panel">
    <section class="panel statebar" aria-labelledby="state-title">
      <h2 id="state-title" class="visually-hidden"><xsl:value-of select="i:t('conversation.state.title')"/></h2>
      <dl class="facts facts-row">
        <div>
          <dt><xsl:value-of select="i:t('conversation.state.status')"/></dt>
          <dd>
            <xsl:call-template name="badge">
              <xsl:with-param name="state" select="$cstatus"/>
            </xsl:call-template>
          </dd>
        </div>
        <div>
          <dt><xsl:value-of select="i:t('conversation.state.scheduled')"/></dt>
          <dd>
            <xsl:choose>
              <xsl:when test="string($conv/@scheduled_at) != ''">
                <xsl:call-template name="datetime">
                  <xsl:with-param name="value" select="$conv/@scheduled_at"/>
                </xsl:call-template>
                <xsl:if test="$private-phase">
                  <br/>
                  <a class="ics" href="/conversations/{$cid}.ics">
                    <xsl:value-of select="i:t('conversation.ics')"/>
                  </a>
                </xsl:if>
              </xsl:when>
              <xsl:otherwise>
                <span class="muted"><xsl:value-of select="i:t('conversation.state.unscheduled')"/></span>
              </xsl:otherwise>
            </xsl:choose>
          </dd>
        </div>
        <xsl:if test="string($conv/@due_on) != ''">
          <div>
            <dt><xsl:value-of select="i:t('conversation.state.due')"/></dt>
            <dd>
              <xsl:call-template name="date">
                <xsl:with-param name="value" select="$conv/@due_on"/>
              </xsl:call-template>
            </dd>
          </div>
        </xsl:if>
        <xsl:if test="string($conv/@held_on) != ''">
          <div>
            <dt><xsl:value-of select="i:t('conversation.state.held')"/></dt>
            <dd>
              <xsl:call-template name="date">
                <xsl:with-param name="value" select="$conv/@held_on"/>
              </xsl:call-template>
            </dd>
          </div>
        </xsl:if>
        <xsl:if test="$private-phase">
          <div>
            <dt><xsl:value-of select="i:t('conversation.state.shared')"/></dt>
            <dd>
              <ul class="shared-list">
                <xsl:call-template name="shared-line">
                  <xsl:with-param name="role" select="'employee'"/>
                  <xsl:with-param name="shared" select="$conv/@employee_shared = '1'"/>
                </xsl:call-template>
                <xsl:call-template name="shared-line">
                  <xsl:with-param name="role" select="'manager'"/>
                  <xsl:with-param name="shared" select="$conv/@manager_shared = '1'"/>
                </xsl:call-template>
              </ul>
            </dd>
          </div>
        </xsl:if>
      </dl>

      <xsl:if test="$private-phase and $party">
        <p class="private-note"><xsl:value-of select="i:t('conversation.private.note')"/></p>
      </xsl:if>
      <xsl:if test="$side = 'reader'">
        <p class="private-note"><xsl:value-of select="i:t('conversation.readonly')"/></p>
      </xsl:if>

      <xsl:if test="$may/@plan = '1' or $may/@share = '1' or $may/@hold = '1'">
        <div class="moves">
          <xsl:if test="$may/@plan = '1'">
            <xsl:call-template name="plan-form"/>
          </xsl:if>
          <xsl:if test="$may/@share = '1'">
            <div class="move">
              <xsl:choose>
                <xsl:when test="$my-shared">
                  <p class="move-done"><xsl:value-of select="i:t('conversation.share.done')"/></p>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:call-template name="move-form">
                    <xsl:with-param name="name" select="'share'"/>
                    <xsl:with-param name="help-key" select="'conversation.share.help'"/>
                    <xsl:with-param name="submit-key" select="'conversation.share.submit'"/>
                  </xsl:call-template>
                </xsl:otherwise>
              </xsl:choose>
            </div>
          </xsl:if>
          <xsl:if test="$may/@hold = '1'">
            <div class="move">
              <xsl:call-template name="move-form">
                <xsl:with-param name="name" select="'held'"/>
                <xsl:with-param name="help-key" select="'conversation.hold.help'"/>
                <xsl:with-param name="submit-key" select="'conversation.hold.submit'"/>
              </xsl:call-template>
            </div>
          </xsl:if>
        </div>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="shared-line">
    <xsl:param name="role"/>
    <xsl:param name="shared"/>
    <li>
      <xsl:value-of select="i:t(concat('role.', $role))"/>
      <xsl:text>: </xsl:text>
      <xsl:choose>
        <xsl:when test="$shared">
          <span class="shared-yes"><xsl:value-of select="i:t('conversation.shared.yes')"/></span>
        </xsl:when>
        <xsl:otherwise>
          <span class="muted"><xsl:value-of select="i:t('conversation.shared.no')"/></span>
        </xsl:otherwise>
      </xsl:choose>
    </li>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Sections of the template, in its order                            -->
  <!-- ================================================================ -->

  <!-- One section of the template's form, numbered n. -->
  <xsl:template name="template-section">
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="@kind = 'result_goals'">
        <xsl:call-template name="items-section">
          <xsl:with-param name="kind" select="'result'"/>
          <xsl:with-param name="n" select="$n"/>
          <xsl:with-param name="sec" select="."/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@kind = 'development'">
        <xsl:call-template name="items-section">
          <xsl:with-param name="kind" select="'development'"/>
          <xsl:with-param name="n" select="$n"/>
          <xsl:with-param name="sec" select="."/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@kind = 'actions'">
        <xsl:call-template name="items-section">
          <xsl:with-param name="kind" select="'action'"/>
          <xsl:with-param name="n" select="$n"/>
          <xsl:with-param name="sec" select="."/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@kind = 'remarks'">
        <xsl:call-template name="remarks-section">
          <xsl:with-param name="n" select="$n"/>
          <xsl:with-param name="sec" select="."/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="question-section">
          <xsl:with-param name="n" select="$n"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Sections 1-3: items                                               -->
  <!-- ================================================================ -->

  <!-- A built-in section's title and guidance: the template's own where
       it gives one; its standard texts are the catalog's, shown as ever
       (the intro of an item section in the goal setting only). -->
  <xsl:template name="section-title">
    <xsl:param name="sec"/>
    <xsl:param name="key"/>
    <xsl:variable name="own"><xsl:if test="$sec"><xsl:call-template name="tt"><xsl:with-param name="n" select="$sec/title"/></xsl:call-template></xsl:if></xsl:variable>
    <xsl:choose>
      <xsl:when test="string($own) != ''"><xsl:value-of select="$own"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="i:t($key)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="section-intro">
    <xsl:param name="sec"/>
    <xsl:param name="key"/>
    <xsl:param name="standard-shown"/>
    <xsl:variable name="own"><xsl:if test="$sec"><xsl:call-template name="tt"><xsl:with-param name="n" select="$sec/guidance"/></xsl:call-template></xsl:if></xsl:variable>
    <xsl:choose>
      <xsl:when test="string($own) != '' and string($own) != i:t($key)">
        <p class="section-intro"><xsl:value-of select="$own"/></p>
      </xsl:when>
      <xsl:when test="$standard-shown">
        <p class="section-intro"><xsl:value-of select="i:t($key)"/></p>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="items-section">
    <xsl:param name="kind"/>
    <xsl:param name="n"/>
    <xsl:param name="sec" select="/.."/>
    <xsl:variable name="items" select="$conv/items/item[@kind = $kind]"/>
    <section class="section items-section" id="section-{$kind}" aria-labelledby="section-{$kind}-title">
      <h2 id="section-{$kind}-title">
        <xsl:value-of select="$n"/>
        <xsl:text>. </xsl:text>
        <xsl:call-template name="section-title">
          <xsl:with-param name="sec" select="$sec"/>
          <xsl:with-param name="key" select="concat('conversation.section.', $kind)"/>
        </xsl:call-template>
      </h2>
      <xsl:call-template name="section-intro">
        <xsl:with-param name="sec" select="$sec"/>
        <xsl:with-param name="key" select="concat('conversation.section.', $kind, '.intro')"/>
        <xsl:with-param name="standard-shown" select="$ctype = 'goal_setting'"/>
      </xsl:call-template>
      <xsl:choose>
        <xsl:when test="$items">
          <ol class="items">
            <xsl:apply-templates select="$items" mode="item"/>
          </ol>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty">
            <xsl:choose>
              <xsl:when test="$may/@edit = '1'">
                <xsl:value-of select="i:t(concat('conversation.section.', $kind, '.empty'))"/>
              </xsl:when>
              <xsl:otherwise>
                <xsl:value-of select="i:t(concat('conversation.section.', $kind, '.none'))"/>
              </xsl:otherwise>
            </xsl:choose>
          </p>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$may/@edit = '1'">
        <xsl:choose>
          <xsl:when test="string($new-kind) = $kind">
            <xsl:call-template name="item-new">
              <xsl:with-param name="kind" select="$kind"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <p class="add-item-link">
              <a class="button" href="/conversations/{$cid}/items/new?kind={$kind}#new-{$kind}">
                <xsl:value-of select="i:t(concat('conversation.add.', $kind))"/>
              </a>
            </p>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="item" mode="item">
    <xsl:variable name="id" select="string(@id)"/>
    <xsl:variable name="kind" select="string(@kind)"/>
    <xsl:variable name="here" select="update[@current = '1']"/>
    <xsl:variable name="earlier" select="update[not(@current = '1') and number(@seq) &lt; number($conv/@seq)]"/>
    <li class="item" id="item-{$id}">
      <div class="item-head">
        <h3 class="item-title"><xsl:value-of select="@title"/></h3>
        <xsl:if test="$follow-up or string(@status) != 'open'">
          <xsl:call-template name="badge">
            <xsl:with-param name="state" select="string(@status)"/>
          </xsl:call-template>
        </xsl:if>
      </div>

      <dl class="facts facts-grid">
        <xsl:choose>
          <xsl:when test="$kind = 'result'">
            <xsl:call-template name="fact-text">
              <xsl:with-param name="key" select="'item.field.result.measure'"/>
              <xsl:with-param name="value" select="measure"/>
            </xsl:call-template>
            <xsl:call-template name="fact-date">
              <xsl:with-param name="key" select="'item.field.result.deadline'"/>
              <xsl:with-param name="value" select="@deadline"/>
            </xsl:call-template>
            <xsl:call-template name="fact-text">
              <xsl:with-param name="key" select="'item.field.result.responsible'"/>
              <xsl:with-param name="value" select="@responsible"/>
            </xsl:call-template>
            <xsl:call-template name="fact-text">
              <xsl:with-param name="key" select="'item.field.result.org_goal'"/>
              <xsl:with-param name="value" select="@org_goal"/>
            </xsl:call-template>
            <xsl:call-template name="fact-link">
              <xsl:with-param name="key" select="'item.field.result.area'"/>
              <xsl:with-param name="n" select="area"/>
            </xsl:call-template>
            <xsl:call-template name="fact-text">
              <xsl:with-param name="key" select="'item.field.result.weight'"/>
              <xsl:with-param name="value" select="@weight"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:when test="$kind = 'development'">
            <xsl:call-template name="fact-link">
              <xsl:with-param name="key" select="'item.field.development.competence'"/>
              <xsl:with-param name="n" select="competence"/>
            </xsl:call-template>
            <xsl:call-template name="fact-text">
              <xsl:with-param name="key" select="'item.field.development.measure'"/>
              <xsl:with-param name="value" select="measure"/>
            </xsl:call-template>
            <xsl:call-template name="fact-date">
              <xsl:with-param name="key" select="'item.field.development.deadline'"/>
              <xsl:with-param name="value" select="@deadline"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="fact-text">
              <xsl:with-param name="key" select="'item.field.action.responsible'"/>
              <xsl:with-param name="value" select="@responsible"/>
            </xsl:call-template>
            <xsl:call-template name="fact-date">
              <xsl:with-param name="key" select="'item.field.action.deadline'"/>
              <xsl:with-param name="value" select="@deadline"/>
            </xsl:call-template>
            <div>
              <dt><xsl:value-of select="i:t('item.field.action.done')"/></dt>
              <dd>
                <xsl:choose>
                  <xsl:when test="@status = 'achieved'">
                    <xsl:value-of select="i:t('item.done.yes')"/>
                    <xsl:if test="string(@achieved_on) != ''">
                      <xsl:text> (</xsl:text>
                      <xsl:call-template name="date">
                        <xsl:with-param name="value" select="@achieved_on"/>
                      </xsl:call-template>
                      <xsl:text>)</xsl:text>
                    </xsl:if>
                  </xsl:when>
                  <xsl:otherwise><xsl:value-of select="i:t('item.done.no')"/></xsl:otherwise>
                </xsl:choose>
              </dd>
            </div>
            <xsl:call-template name="fact-text">
              <xsl:with-param name="key" select="'item.field.action.measure'"/>
              <xsl:with-param name="value" select="measure"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </dl>

      <p class="item-meta">
        <xsl:value-of select="i:t('item.author')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="@author"/>
        <xsl:text> (</xsl:text>
        <xsl:value-of select="i:t(concat('role.', @author_side))"/>
        <xsl:call-template name="by-other"/>
        <xsl:text>)</xsl:text>
        <xsl:if test="string(@conversation) != $cid">
          <xsl:variable name="origin" select="/page/conversations/conversation[@id = current()/@conversation]"/>
          <xsl:if test="$origin">
            <span class="sep" aria-hidden="true"> · </span>
            <xsl:call-template name="conv-name">
              <xsl:with-param name="type" select="string($origin/@type)"/>
              <xsl:with-param name="seq" select="string($origin/@seq)"/>
            </xsl:call-template>
          </xsl:if>
        </xsl:if>
        <xsl:call-template name="private-tag">
          <xsl:with-param name="conversation" select="string(@conversation)"/>
          <xsl:with-param name="author-side" select="string(@author_side)"/>
        </xsl:call-template>
      </p>

      <xsl:if test="$conflict/@item = $id">
        <xsl:call-template name="conflict-box"/>
      </xsl:if>

      <xsl:if test="$earlier">
        <div class="notes">
          <h4><xsl:value-of select="i:t('item.history')"/></h4>
          <ol class="history">
            <xsl:for-each select="$earlier">
              <xsl:sort select="number(@seq)" data-type="number"/>
              <xsl:sort select="@at"/>
              <xsl:apply-templates select="." mode="update"/>
            </xsl:for-each>
          </ol>
        </div>
      </xsl:if>
      <xsl:if test="$here">
        <div class="notes notes-here">
          <h4><xsl:value-of select="i:t('item.here')"/></h4>
          <ol class="history">
            <xsl:apply-templates select="$here" mode="update"/>
          </ol>
        </div>
      </xsl:if>

      <!-- links to the editors; the one editor open is this item's when
           the page is its editor (issue 15) -->
      <xsl:if test="$may/@edit = '1'">
        <div class="item-actions">
          <xsl:call-template name="editor-links"/>
          <xsl:if test="@deletable = '1'">
            <xsl:call-template name="item-delete"/>
          </xsl:if>
        </div>
        <xsl:choose>
          <xsl:when test="$follow-up and string($update-id) = $id">
            <xsl:call-template name="update-form"/>
          </xsl:when>
          <xsl:when test="string($edit-id) = $id">
            <xsl:call-template name="item-edit"/>
          </xsl:when>
        </xsl:choose>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- "visible only to you" on what the viewer wrote and has not shared yet -->
  <xsl:template name="private-tag">
    <xsl:param name="conversation"/>
    <xsl:param name="author-side"/>
    <xsl:if test="$private-phase and $party and not($my-shared)
                  and $conversation = $cid and $author-side = $side">
      <xsl:text> </xsl:text>
      <span class="private-tag"><xsl:value-of select="i:t('conversation.private.tag')"/></span>
    </xsl:if>
  </xsl:template>

  <!-- one note of a conversation on an item -->
  <xsl:template match="update" mode="update">
    <li class="note">
      <p class="note-meta">
        <xsl:if test="not(@current = '1')">
          <strong>
            <xsl:call-template name="conv-name">
              <xsl:with-param name="type" select="string(@type)"/>
              <xsl:with-param name="seq" select="string(@seq)"/>
            </xsl:call-template>
          </strong>
          <span class="sep" aria-hidden="true"> · </span>
        </xsl:if>
        <xsl:value-of select="@author"/>
        <xsl:text> (</xsl:text>
        <xsl:value-of select="i:t(concat('role.', @author_side))"/>
        <xsl:call-template name="by-other"/>
        <xsl:text>)</xsl:text>
        <xsl:if test="string(@at) != ''">
          <span class="sep" aria-hidden="true"> · </span>
          <xsl:call-template name="date">
            <xsl:with-param name="value" select="@at"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:call-template name="private-tag">
          <xsl:with-param name="conversation" select="string(@conversation)"/>
          <xsl:with-param name="author-side" select="string(@author_side)"/>
        </xsl:call-template>
      </p>
      <xsl:if test="string(@status) != '' or string(@rating) != ''">
        <p class="note-state">
          <xsl:call-template name="badge">
            <xsl:with-param name="state" select="string(@status)"/>
          </xsl:call-template>
          <xsl:if test="string(@rating) != ''">
            <xsl:text> </xsl:text>
            <span class="rating">
              <xsl:value-of select="i:t('item.rating')"/>
              <xsl:text>: </xsl:text>
              <xsl:call-template name="rating-text">
                <xsl:with-param name="value" select="@rating"/>
              </xsl:call-template>
            </span>
          </xsl:if>
        </p>
      </xsl:if>
      <xsl:if test="normalize-space(note) != ''">
        <p class="note-text"><xsl:value-of select="note"/></p>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- 409 on an item: what is saved now; the user's text stays in the form -->
  <xsl:template name="conflict-box">
    <xsl:variable name="theirs" select="$conflict/theirs"/>
    <xsl:variable name="kind" select="string(@kind)"/>
    <div class="alert alert-error conflict">
      <xsl:choose>
        <xsl:when test="/page/last_writer"><xsl:call-template name="conflict-writer"/></xsl:when>
        <xsl:otherwise>
          <p><strong><xsl:value-of select="i:t('conversation.conflict.title')"/></strong></p>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$theirs">
        <p><xsl:value-of select="i:t('conversation.conflict.theirs')"/></p>
        <dl class="facts facts-grid">
          <div>
            <dt><xsl:value-of select="i:t(concat('item.field.', $kind, '.title'))"/></dt>
            <dd class="text"><xsl:value-of select="$theirs/@title"/></dd>
          </div>
          <xsl:call-template name="fact-text">
            <xsl:with-param name="key" select="concat('item.field.', $kind, '.measure')"/>
            <xsl:with-param name="value" select="$theirs/measure"/>
          </xsl:call-template>
          <xsl:call-template name="fact-date">
            <xsl:with-param name="key" select="concat('item.field.', $kind, '.deadline')"/>
            <xsl:with-param name="value" select="$theirs/@deadline"/>
          </xsl:call-template>
        </dl>
      </xsl:if>
      <p><xsl:value-of select="i:t('conversation.conflict.yours')"/></p>
    </div>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Section 4: remarks                                                -->
  <!-- ================================================================ -->

  <xsl:template name="remarks-section">
    <xsl:param name="n" select="4"/>
    <xsl:param name="sec" select="/.."/>
    <xsl:variable name="remarks" select="$conv/remarks/remark"/>
    <section class="section" id="section-remarks" aria-labelledby="section-remarks-title">
      <h2 id="section-remarks-title">
        <xsl:value-of select="$n"/>
        <xsl:text>. </xsl:text>
        <xsl:call-template name="section-title">
          <xsl:with-param name="sec" select="$sec"/>
          <xsl:with-param name="key" select="'conversation.section.remarks'"/>
        </xsl:call-template>
      </h2>
      <xsl:call-template name="section-intro">
        <xsl:with-param name="sec" select="$sec"/>
        <xsl:with-param name="key" select="'conversation.section.remarks.intro'"/>
        <xsl:with-param name="standard-shown" select="true()"/>
      </xsl:call-template>
      <xsl:choose>
        <xsl:when test="$remarks">
          <ol class="remarks">
            <xsl:for-each select="$remarks">
              <xsl:sort select="@at"/>
              <xsl:sort select="number(@id)" data-type="number"/>
              <li class="remark">
                <p class="note-meta">
                  <strong><xsl:value-of select="@author"/></strong>
                  <xsl:text> (</xsl:text>
                  <xsl:value-of select="i:t(concat('role.', @role))"/>
                  <xsl:text>)</xsl:text>
                  <span class="sep" aria-hidden="true"> · </span>
                  <xsl:call-template name="datetime">
                    <xsl:with-param name="value" select="@at"/>
                  </xsl:call-template>
                  <xsl:call-template name="private-tag">
                    <xsl:with-param name="conversation" select="$cid"/>
                    <xsl:with-param name="author-side" select="string(@role)"/>
                  </xsl:call-template>
                </p>
                <p class="note-text"><xsl:value-of select="."/></p>
              </li>
            </xsl:for-each>
          </ol>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty">
            <xsl:choose>
              <xsl:when test="$may/@edit = '1'"><xsl:value-of select="i:t('conversation.section.remarks.empty')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="i:t('conversation.section.remarks.none')"/></xsl:otherwise>
            </xsl:choose>
          </p>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$may/@edit = '1'">
        <xsl:variable name="f" select="$form[@name = 'remark']"/>
        <form method="post" action="/conversations/{$cid}/remarks" class="form remark-form" id="remark">
          <xsl:call-template name="csrf-input"/>
          <xsl:call-template name="field">
            <xsl:with-param name="f" select="$f"/>
            <xsl:with-param name="prefix" select="'remark'"/>
            <xsl:with-param name="name" select="'text'"/>
            <xsl:with-param name="label-key" select="'conversation.remark.text'"/>
            <xsl:with-param name="control" select="'textarea'"/>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
          <div class="form-actions">
            <button type="submit" class="button">
              <xsl:value-of select="i:t('conversation.remark.submit')"/>
            </button>
          </div>
        </form>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Collective goals (read only, one central status)                  -->
  <!-- ================================================================ -->



  <!-- ================================================================ -->
  <!-- Assessment: overall rating                                        -->
  <!-- ================================================================ -->

  <xsl:template name="overall-section">
    <xsl:variable name="f" select="$form[@name = 'overall']"/>
    <xsl:variable name="max" select="count(/page/scale/label)"/>
    <section class="section" id="section-overall" aria-labelledby="section-overall-title">
      <h2 id="section-overall-title"><xsl:value-of select="i:t('conversation.overall.title')"/></h2>
      <p class="section-intro"><xsl:value-of select="i:t('conversation.overall.intro')"/></p>
      <div class="panel overall">
        <dl class="facts facts-grid">
          <div>
            <dt><xsl:value-of select="i:t('conversation.overall.rating')"/></dt>
            <dd>
              <xsl:choose>
                <xsl:when test="string($conv/@overall_rating) != ''">
                  <strong class="rating-value">
                    <xsl:call-template name="rating-text">
                      <xsl:with-param name="value" select="$conv/@overall_rating"/>
                    </xsl:call-template>
                  </strong>
                </xsl:when>
                <xsl:otherwise>
                  <span class="muted"><xsl:value-of select="i:t('conversation.overall.none')"/></span>
                </xsl:otherwise>
              </xsl:choose>
            </dd>
          </div>
          <xsl:call-template name="fact-text">
            <xsl:with-param name="key" select="'conversation.overall.note'"/>
            <xsl:with-param name="value" select="$conv/overall_note"/>
          </xsl:call-template>
          <xsl:if test="string($conv/@weighted_score) != ''">
            <div>
              <dt><xsl:value-of select="i:t('conversation.overall.score')"/></dt>
              <dd>
                <xsl:choose>
                  <xsl:when test="/page/@lang = 'en'"><xsl:value-of select="$conv/@weighted_score"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="translate($conv/@weighted_score, '.', ',')"/></xsl:otherwise>
                </xsl:choose>
                <xsl:if test="$max &gt; 0">
                  <xsl:text> </xsl:text>
                  <span class="muted">
                    <xsl:value-of select="i:t('conversation.overall.scale')"/>
                    <xsl:text> </xsl:text>
                    <xsl:value-of select="$max"/>
                  </span>
                </xsl:if>
              </dd>
            </div>
          </xsl:if>
        </dl>
        <xsl:call-template name="outcome-panel"/>
        <xsl:if test="$may/@rate = '1'">
          <xsl:call-template name="outcome-form"/>
        </xsl:if>
      </div>
    </section>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Report: finalize, signatures, snapshots, reopen                   -->
  <!-- ================================================================ -->

  <xsl:template name="signoff-section">
    <xsl:variable name="signatures" select="$conv/signatures/signature"/>
    <xsl:variable name="employee-signed" select="boolean($round[@role = 'employee'])"/>
    <xsl:variable name="i-signed" select="boolean($round[@role = $side])"/>
    <section class="section" id="section-signoff" aria-labelledby="section-signoff-title">
      <h2 id="section-signoff-title"><xsl:value-of select="i:t('conversation.signoff.title')"/></h2>
      <p class="section-intro">
        <xsl:choose>
          <xsl:when test="$cstatus = 'closed'"><xsl:value-of select="i:t('conversation.signoff.closed')"/></xsl:when>
          <xsl:when test="$cstatus = 'finalized' and $conv/review/@state = 'pending'">
            <xsl:value-of select="i:t('conversation.signoff.wait_review')"/>
          </xsl:when>
          <xsl:when test="$cstatus = 'finalized' and $employee-signed">
            <xsl:value-of select="i:t('conversation.signoff.wait_manager')"/>
          </xsl:when>
          <xsl:when test="$cstatus = 'finalized'"><xsl:value-of select="i:t('conversation.signoff.wait_employee')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="i:t('conversation.signoff.open')"/></xsl:otherwise>
        </xsl:choose>
      </p>

      <xsl:if test="string($conv/reopen_reason) != ''">
        <div class="alert alert-info">
          <p>
            <strong><xsl:value-of select="i:t('conversation.reopened.title')"/></strong>
            <xsl:text> </xsl:text>
            <xsl:value-of select="$conv/reopen_reason"/>
          </p>
        </div>
      </xsl:if>

      <xsl:if test="$may/@finalize = '1'">
        <div class="panel move-panel">
          <xsl:call-template name="move-form">
            <xsl:with-param name="name" select="'finalize'"/>
            <xsl:with-param name="help-key" select="'conversation.finalize.help'"/>
            <xsl:with-param name="submit-key" select="'conversation.finalize.submit'"/>
            <xsl:with-param name="confirm-key" select="'conversation.finalize.confirm'"/>
          </xsl:call-template>
        </div>
      </xsl:if>

      <xsl:if test="$conv/review">
        <xsl:call-template name="review-section"/>
      </xsl:if>
      <xsl:if test="$conv/calibration/proposal or /page/alert[starts-with(@key, 'calibration.')]">
        <xsl:call-template name="calibration-section"/>
      </xsl:if>

      <xsl:if test="$signatures">
        <h3><xsl:value-of select="i:t('conversation.signatures.title')"/></h3>
        <ul class="signatures">
          <xsl:for-each select="$signatures">
            <xsl:sort select="@at"/>
            <li>
              <xsl:attribute name="class">
                <xsl:text>signature</xsl:text>
                <xsl:if test="@voided = '1' or (string(@sha256) != '' and not($cstatus = 'closed' and @sha256 = $latest-snapshot/@sha256))"> signature-voided</xsl:if>
              </xsl:attribute>
              <p class="signature-head">
                <strong><xsl:value-of select="@name"/></strong>
                <xsl:text> (</xsl:text>
                <xsl:value-of select="i:t(concat('role.', @role))"/>
                <xsl:if test="string(@deputy_of) != ''">
                  <xsl:text>, </xsl:text>
                  <span class="signature-deputy">
                    <xsl:value-of select="i:t('deputy.on_behalf')"/>
                    <xsl:text> </xsl:text>
                    <xsl:value-of select="@deputy_of"/>
                  </span>
                </xsl:if>
                <xsl:text>) </xsl:text>
                <xsl:call-template name="badge">
                  <xsl:with-param name="state" select="string(@verdict)"/>
                </xsl:call-template>
                <xsl:choose>
                  <xsl:when test="@voided = '1'">
                    <xsl:text> </xsl:text>
                    <xsl:call-template name="badge">
                      <xsl:with-param name="state" select="'cancelled'"/>
                      <xsl:with-param name="key" select="'conversation.signature.voided'"/>
                    </xsl:call-template>
                  </xsl:when>
                  <!-- sealed with a report that a reopen has since replaced -->
                  <xsl:when test="string(@sha256) != '' and not($cstatus = 'closed' and @sha256 = $latest-snapshot/@sha256)">
                    <xsl:text> </xsl:text>
                    <xsl:call-template name="badge">
                      <xsl:with-param name="state" select="'earlier'"/>
                      <xsl:with-param name="key" select="'conversation.signature.earlier'"/>
                    </xsl:call-template>
                  </xsl:when>
                </xsl:choose>
              </p>
              <p class="note-meta">
                <xsl:call-template name="datetime">
                  <xsl:with-param name="value" select="@at"/>
                </xsl:call-template>
              </p>
              <xsl:if test="normalize-space(remark) != ''">
                <p class="note-text"><xsl:value-of select="remark"/></p>
              </xsl:if>
              <xsl:if test="string(@sha256) != '' and not($cstatus = 'closed' and @sha256 = $latest-snapshot/@sha256)">
                <p class="signature-hash">
                  <xsl:value-of select="i:t('conversation.signature.sha')"/>
                  <xsl:text>: </xsl:text>
                  <code class="hash"><xsl:value-of select="@sha256"/></code>
                </p>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>

      <xsl:if test="$may/@sign = '1'">
        <xsl:choose>
          <xsl:when test="$i-signed">
            <p class="move-done"><xsl:value-of select="i:t('conversation.sign.done')"/></p>
          </xsl:when>
          <xsl:when test="$side = 'manager' and not($employee-signed)">
            <p class="muted"><xsl:value-of select="i:t('conversation.sign.wait_employee')"/></p>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="sign-form"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:if>

      <!-- Earlier recorded reports (a reopen replaced them); the current
           one's fingerprint is in the sealed notice's technical details. -->
      <xsl:variable name="earlier-snapshots"
                    select="$conv/snapshots/snapshot[not($cstatus = 'closed' and @sha256 = $latest-snapshot/@sha256)]"/>
      <xsl:if test="$earlier-snapshots">
        <h3><xsl:value-of select="i:t('conversation.snapshots.title')"/></h3>
        <ul class="snapshots">
          <xsl:for-each select="$earlier-snapshots">
            <xsl:sort select="@at"/>
            <li>
              <xsl:call-template name="datetime">
                <xsl:with-param name="value" select="@at"/>
              </xsl:call-template>
              <xsl:text>: </xsl:text>
              <span class="visually-hidden">
                <xsl:value-of select="i:t('conversation.signature.sha')"/>
                <xsl:text> </xsl:text>
              </span>
              <code class="hash"><xsl:value-of select="@sha256"/></code>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>

      <xsl:if test="$may/@reopen = '1'">
        <xsl:call-template name="reopen-form"/>
      </xsl:if>
    </section>
  </xsl:template>

</xsl:stylesheet>
