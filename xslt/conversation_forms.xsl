<?xml version="1.0" encoding="UTF-8"?>
<!--
  conversation_forms.xsl - not a page: the forms of conversation.xsl and what
  they need to know about the page, included by it after its import of
  layout.xsl.  Also compiled on its own (gesprekd compiles every xslt/*.xsl),
  so it declares the page-wide variables itself.

  After a refused POST the page holds /page/form (400: every typed value,
  errors as form.error.* keys) and for a lost item edit /page/conflict
  (409).  Ids: a form and its controls share a prefix - new-{kind},
  edit-{item}, upd-{item}, remark, overall, plan, share, held, finalize,
  sign, reopen; a control is {prefix}-{field}, its error text
  {prefix}-{field}-error, its help text {prefix}-{field}-help.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>
  <xsl:include href="conversation_parts.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <!-- ================================================================ -->
  <!-- What the whole page needs to know                                 -->
  <!-- ================================================================ -->

  <xsl:variable name="conv" select="/page/conversation"/>
  <xsl:variable name="may" select="$conv/may"/>
  <xsl:variable name="cid" select="string($conv/@id)"/>
  <xsl:variable name="ctype" select="string($conv/@type)"/>
  <xsl:variable name="cstatus" select="string($conv/@status)"/>
  <!-- employee | manager | reader | snapshot -->
  <xsl:variable name="side" select="string(/page/dossier/@side)"/>
  <xsl:variable name="party" select="$side = 'employee' or $side = 'manager'"/>
  <xsl:variable name="private-phase" select="$cstatus = 'planned' or $cstatus = 'preparing'"/>
  <xsl:variable name="follow-up" select="$ctype = 'progress' or $ctype = 'assessment'"/>
  <xsl:variable name="my-shared"
      select="($side = 'employee' and $conv/@employee_shared = '1') or ($side = 'manager' and $conv/@manager_shared = '1')"/>
  <xsl:variable name="round" select="$conv/signatures/signature[not(@voided = '1') and string(@sha256) = '']"/>
  <!-- The ONE next action of this reader (issue 15), the page's only
       primary button: plan a date, share one's preparation, record the
       conversation as held, finalize, sign; '' when nothing waits on them.
       The manager signs after the employee. -->
  <xsl:variable name="next-action">
    <xsl:choose>
      <xsl:when test="$may/@plan = '1' and string($conv/@scheduled_at) = ''">plan</xsl:when>
      <xsl:when test="$may/@share = '1' and not($my-shared)">share</xsl:when>
      <xsl:when test="$may/@hold = '1'">held</xsl:when>
      <xsl:when test="$may/@finalize = '1'">finalize</xsl:when>
      <xsl:when test="$may/@sign = '1' and not($round[@role = $side])
                      and not($side = 'manager' and not($round[@role = 'employee']))">sign</xsl:when>
    </xsl:choose>
  </xsl:variable>

  <!-- /page/form[@restored = '1']: typed before the session ended, put
       back after login (fcgi/app_resume.c); no error, no conflict -->
  <xsl:variable name="form" select="/page/form"/>
  <xsl:variable name="restored" select="$form/@restored = '1'"/>
  <xsl:variable name="conflict" select="/page/conflict"/>
  <!-- a 409: a version conflict (item, overall or a life-cycle move) -->
  <xsl:variable name="is-conflict"
      select="boolean($conflict) or ($form and not($form/@error = '1') and not($restored))
              or boolean($form/field[@error = 'form.error.conflict'])"/>
  <!-- One editor at a time (issue 15): the plain page renders no item
       form, only links to the editors.  The one open is the editor page's
       (/page/editor: GET /conversations/{id}/items/new?kind=..., {item}/edit,
       {item}/update), or the form of a refused or restored POST. -->
  <xsl:variable name="editor" select="/page/editor"/>
  <!-- the item whose edit form is open -->
  <xsl:variable name="edit-id">
    <xsl:choose>
      <xsl:when test="$conflict"><xsl:value-of select="$conflict/@item"/></xsl:when>
      <xsl:when test="$editor/@kind = 'edit'"><xsl:value-of select="$editor/@item"/></xsl:when>
      <xsl:when test="$form/@name = 'item-edit' and $restored">
        <xsl:value-of select="$form/@item"/>
      </xsl:when>
      <xsl:when test="$form/@name = 'item-edit'">
        <xsl:value-of select="substring-after(/page/@path, '/items/')"/>
      </xsl:when>
    </xsl:choose>
  </xsl:variable>
  <!-- the kind whose add form is open -->
  <xsl:variable name="new-kind">
    <xsl:choose>
      <xsl:when test="string($editor[@kind = 'new']/@item_kind) != ''">
        <xsl:value-of select="$editor/@item_kind"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$form[@name = 'item-new']/field[@name = 'kind']/@value"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <!-- the item whose progress form is open -->
  <xsl:variable name="update-id">
    <xsl:choose>
      <xsl:when test="$editor/@kind = 'update'"><xsl:value-of select="$editor/@item"/></xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$form[@name = 'update']/field[@name = 'item']/@value"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- the current signing round: not voided, not yet sealed by a snapshot -->
  <!-- the report as last signed (after a reopen there are more) -->
  <xsl:variable name="latest-snapshot" select="$conv/snapshots/snapshot[not(../snapshot/@id &gt; @id)]"/>

  <!-- ================================================================ -->
  <!-- Errors: the summary at the top                                    -->
  <!-- ================================================================ -->

  <!-- the id prefix of the form that was refused -->
  <xsl:template name="form-prefix">
    <xsl:choose>
      <xsl:when test="$form/@name = 'item-new'"><xsl:value-of select="concat('new-', $new-kind)"/></xsl:when>
      <xsl:when test="$form/@name = 'item-edit' or $conflict"><xsl:value-of select="concat('edit-', $edit-id)"/></xsl:when>
      <xsl:when test="$form/@name = 'update'"><xsl:value-of select="concat('upd-', $update-id)"/></xsl:when>
      <xsl:when test="$form/@name = 'item-delete'">
        <xsl:value-of select="concat('item-', substring-before(substring-after(/page/@path, '/items/'), '/delete'))"/>
      </xsl:when>
      <!-- an answer of the template's form (conversation_sections.xsl) -->
      <xsl:when test="$form/@name = 'answer'">
        <xsl:value-of select="concat('ans-', $form/field[@name = 'section']/@value)"/>
        <xsl:if test="string($form/field[@name = 'competence']/@value) != ''">
          <xsl:value-of select="concat('-', $form/field[@name = 'competence']/@value)"/>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$form/@name"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- the kind of item the refused form was about ('' for forms of the conversation) -->
  <xsl:template name="form-kind">
    <xsl:choose>
      <xsl:when test="$form/@name = 'item-new'"><xsl:value-of select="$new-kind"/></xsl:when>
      <xsl:when test="$form/@name = 'item-edit'">
        <xsl:value-of select="$conv/items/item[@id = string($edit-id)]/@kind"/>
      </xsl:when>
      <xsl:when test="$form/@name = 'update'">
        <xsl:value-of select="$conv/items/item[@id = $update-id]/@kind"/>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- the visible fields of a form, ' a b c ' -->
  <xsl:template name="visible-fields">
    <xsl:param name="name"/>
    <xsl:param name="kind"/>
    <xsl:choose>
      <xsl:when test="($name = 'item-new' or $name = 'item-edit') and $kind = 'result'"> title measure deadline responsible org_goal area weight </xsl:when>
      <xsl:when test="($name = 'item-new' or $name = 'item-edit') and $kind = 'development'"> title measure deadline competence </xsl:when>
      <xsl:when test="($name = 'item-new' or $name = 'item-edit') and $kind = 'action'"> title responsible deadline measure </xsl:when>
      <xsl:when test="$name = 'update' and $kind = 'result' and $may/@rate = '1'"> status note rating </xsl:when>
      <xsl:when test="$name = 'update'"> status note </xsl:when>
      <xsl:when test="$name = 'remark'"> text </xsl:when>
      <xsl:when test="$name = 'overall'"> rating note reason </xsl:when>
      <xsl:when test="$name = 'plan'"> scheduled_at </xsl:when>
      <xsl:when test="$name = 'sign'"> verdict remark </xsl:when>
      <xsl:when test="$name = 'reopen'"> reason </xsl:when>
      <xsl:when test="$name = 'answer'"> body explanation </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- the catalog key of a field's label -->
  <xsl:template name="label-key">
    <xsl:param name="name"/>
    <xsl:param name="kind"/>
    <xsl:param name="field"/>
    <xsl:choose>
      <xsl:when test="$name = 'item-new' or $name = 'item-edit'">
        <xsl:value-of select="concat('item.field.', $kind, '.', $field)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat('conversation.', $name, '.', $field)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Who changed it (/page/last_writer, from the audit trail): a person
       by name, or the viewer in another window; nothing when unknown (then
       the box says "someone else" as before). -->
  <xsl:template name="conflict-writer">
    <xsl:variable name="w" select="/page/last_writer"/>
    <xsl:if test="$w">
      <p class="conflict-writer">
        <xsl:choose>
          <xsl:when test="$w/@self = '1'">
            <xsl:value-of select="i:t('conflict.by_self')"/>
          </xsl:when>
          <xsl:otherwise>
            <strong><xsl:value-of select="$w/@name"/></strong>
            <xsl:text> </xsl:text>
            <xsl:value-of select="i:t('conflict.by_other')"/>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:text> </xsl:text>
        <xsl:call-template name="date"><xsl:with-param name="value" select="$w/@at"/></xsl:call-template>
        <xsl:text> </xsl:text>
        <xsl:value-of select="i:t('conflict.at')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="substring($w/@at, 12, 5)"/>
        <xsl:text>.</xsl:text>
      </p>
    </xsl:if>
  </xsl:template>

  <xsl:template name="form-alert">
    <xsl:if test="($form and not($restored)) or $conflict">
      <xsl:variable name="prefix"><xsl:call-template name="form-prefix"/></xsl:variable>
      <xsl:variable name="kind"><xsl:call-template name="form-kind"/></xsl:variable>
      <xsl:variable name="visible">
        <xsl:call-template name="visible-fields">
          <xsl:with-param name="name" select="string($form/@name)"/>
          <xsl:with-param name="kind" select="string($kind)"/>
        </xsl:call-template>
      </xsl:variable>
      <div class="alert alert-error form-alert" role="alert" id="form-alert">
        <xsl:choose>
          <xsl:when test="$is-conflict">
            <xsl:call-template name="conflict-writer"/>
            <p>
              <xsl:choose>
                <xsl:when test="/page/last_writer"><xsl:value-of select="i:t('conflict.again')"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="i:t('form.error.conflict')"/></xsl:otherwise>
              </xsl:choose>
              <xsl:text> </xsl:text>
              <a>
                <xsl:attribute name="href">
                  <xsl:choose>
                    <xsl:when test="$conflict"><xsl:value-of select="concat('#item-', $conflict/@item)"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="concat('#', $prefix)"/></xsl:otherwise>
                  </xsl:choose>
                </xsl:attribute>
                <xsl:value-of select="i:t('conversation.conflict.goto')"/>
              </a>
            </p>
          </xsl:when>
          <xsl:when test="$form/field[@error = 'form.error.unavailable']">
            <!-- 503: nothing to correct, only to try again later -->
            <p><strong><xsl:value-of select="i:t('form.error.unavailable')"/></strong></p>
          </xsl:when>
          <xsl:when test="$form/@name = 'finalize' and /page/missing">
            <!-- an incomplete assessment: what it lacks, no field was wrong -->
            <p><strong><xsl:value-of select="i:t('conversation.finalize.incomplete')"/></strong></p>
            <xsl:call-template name="missing-list"/>
          </xsl:when>
          <xsl:otherwise>
            <p><strong><xsl:value-of select="i:t('form.error.summary')"/></strong></p>
            <ul class="error-list">
              <xsl:for-each select="$form/field[string(@error) != '']">
                <li>
                  <xsl:choose>
                    <xsl:when test="contains($visible, concat(' ', @name, ' '))">
                      <xsl:variable name="target">
                        <xsl:value-of select="concat($prefix, '-', @name)"/>
                        <xsl:if test="@name = 'verdict'">-agree</xsl:if>
                      </xsl:variable>
                      <xsl:variable name="key">
                        <xsl:call-template name="label-key">
                          <xsl:with-param name="name" select="string($form/@name)"/>
                          <xsl:with-param name="kind" select="string($kind)"/>
                          <xsl:with-param name="field" select="string(@name)"/>
                        </xsl:call-template>
                      </xsl:variable>
                      <a href="#{$target}">
                        <xsl:value-of select="i:t(string($key))"/>
                        <xsl:text>: </xsl:text>
                        <xsl:call-template name="error-text"><xsl:with-param name="error" select="string(@error)"/><xsl:with-param name="max" select="string(@max)"/></xsl:call-template>
                      </a>
                    </xsl:when>
                    <xsl:otherwise>
                      <xsl:call-template name="error-text"><xsl:with-param name="error" select="string(@error)"/><xsl:with-param name="max" select="string(@max)"/></xsl:call-template>
                    </xsl:otherwise>
                  </xsl:choose>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:otherwise>
        </xsl:choose>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- A refused finalize (signoff.c): what the assessment still lacks, each
       linked to its field (the overall rating on this page; the rating of a
       goal in that goal's editor) -->
  <xsl:template name="missing-list">
    <xsl:variable name="missing" select="/page/missing"/>
    <xsl:if test="$missing/@overall = '1' or $missing/@stale = '1' or $missing/item or $missing/section">
      <ul class="error-list missing-list" id="finalize-missing">
        <xsl:if test="$missing/@overall = '1'">
          <li>
            <a href="#overall-rating"><xsl:value-of select="i:t('conversation.finalize.missing.overall')"/></a>
          </li>
        </xsl:if>
        <xsl:if test="$missing/@stale = '1'">
          <li>
            <a href="#overall-rating"><xsl:value-of select="i:t('outcome.finalize.stale')"/></a>
          </li>
        </xsl:if>
        <xsl:call-template name="missing-sections"/>
        <xsl:for-each select="$missing/item">
          <li>
            <a href="/conversations/{$cid}/items/{@id}/update#upd-{@id}-rating">
              <xsl:value-of select="i:t('conversation.finalize.missing.rating')"/>
              <xsl:text>: </xsl:text>
              <xsl:value-of select="$conv/items/item[@id = current()/@id]/@title"/>
            </a>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>

  <xsl:template name="plan-form">
    <xsl:variable name="f" select="$form[@name = 'plan']"/>
    <xsl:variable name="scheduled" select="string($conv/@scheduled_at) != ''"/>
    <div class="move move-wide">
      <xsl:choose>
        <xsl:when test="$scheduled">
          <details class="disclosure">
            <xsl:if test="$f">
              <xsl:attribute name="open">open</xsl:attribute>
            </xsl:if>
            <summary><xsl:value-of select="i:t('conversation.plan.change')"/></summary>
            <xsl:call-template name="plan-form-body">
              <xsl:with-param name="f" select="$f"/>
            </xsl:call-template>
          </details>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="plan-form-body">
            <xsl:with-param name="f" select="$f"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <xsl:template name="plan-form-body">
    <xsl:param name="f"/>
    <form method="post" action="/conversations/{$cid}/plan" class="form form-compact" id="plan">
      <xsl:call-template name="csrf-input"/>
      <xsl:call-template name="version-input">
        <xsl:with-param name="f" select="$f"/>
        <xsl:with-param name="current" select="$conv/@version"/>
      </xsl:call-template>
      <xsl:call-template name="move-error">
        <xsl:with-param name="f" select="$f"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="f" select="$f"/>
        <xsl:with-param name="prefix" select="'plan'"/>
        <xsl:with-param name="name" select="'scheduled_at'"/>
        <xsl:with-param name="label-key" select="'conversation.plan.scheduled_at'"/>
        <xsl:with-param name="control" select="'datetime-local'"/>
        <xsl:with-param name="value" select="substring($conv/@scheduled_at, 1, 16)"/>
        <xsl:with-param name="required" select="true()"/>
        <xsl:with-param name="help-key" select="'conversation.plan.help'"/>
      </xsl:call-template>
      <div class="form-actions">
        <button type="submit">
          <xsl:attribute name="class">
            <xsl:text>button</xsl:text>
            <xsl:if test="$next-action = 'plan'"> button-primary</xsl:if>
          </xsl:attribute>
          <xsl:value-of select="i:t('conversation.plan.submit')"/>
        </button>
      </div>
    </form>
  </xsl:template>

  <!-- a life-cycle move without fields: help text, one button -->
  <xsl:template name="move-form">
    <xsl:param name="name"/>
    <xsl:param name="help-key"/>
    <xsl:param name="submit-key"/>
    <xsl:param name="confirm-key" select="''"/>
    <xsl:variable name="f" select="$form[@name = $name]"/>
    <form method="post" action="/conversations/{$cid}/{$name}" class="move-form" id="{$name}">
      <!-- gesprek.js asks before a step that cannot be undone -->
      <xsl:if test="$confirm-key != ''">
        <xsl:attribute name="data-confirm"><xsl:value-of select="i:t(string($confirm-key))"/></xsl:attribute>
      </xsl:if>
      <xsl:call-template name="csrf-input"/>
      <input type="hidden" name="version" value="{$conv/@version}"/>
      <p class="move-help" id="{$name}-help"><xsl:value-of select="i:t(string($help-key))"/></p>
      <xsl:call-template name="move-error">
        <xsl:with-param name="f" select="$f"/>
      </xsl:call-template>
      <button type="submit" aria-describedby="{$name}-help">
        <xsl:attribute name="class">
          <xsl:text>button</xsl:text>
          <xsl:if test="$next-action = $name"> button-primary</xsl:if>
        </xsl:attribute>
        <xsl:value-of select="i:t(string($submit-key))"/>
      </button>
    </form>
  </xsl:template>

  <!-- a 409 on a move: the version moved on -->
  <xsl:template name="move-error">
    <xsl:param name="f"/>
    <xsl:if test="$f/field[@name = 'version'][string(@error) != '']">
      <p class="field-error">
        <xsl:value-of select="i:t(string($f/field[@name = 'version']/@error))"/>
      </p>
    </xsl:if>
  </xsl:template>

  <!--
    The hidden version of a form: after a 400 the version the user's form was
    built on (so a change in between still gives a 409), else the current one
    (a fresh page, or a 409 whose new version the user saw).
  -->
  <xsl:template name="version-input">
    <xsl:param name="f"/>
    <xsl:param name="current"/>
    <xsl:variable name="typed" select="$f/field[@name = 'version']"/>
    <input type="hidden" name="version">
      <xsl:attribute name="value">
        <xsl:choose>
          <xsl:when test="not($is-conflict) and $f/@error = '1' and string($typed/@value) != ''
                          and string($typed/@error) = ''">
            <xsl:value-of select="$typed/@value"/>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="$current"/></xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
    </input>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Item forms                                                        -->
  <!-- ================================================================ -->

  <!-- the add editor of one kind (GET /conversations/{id}/items/new?kind=...,
       or a refused or restored add) -->
  <xsl:template name="item-new">
    <xsl:param name="kind"/>
    <xsl:variable name="f" select="$form[@name = 'item-new'][$new-kind = $kind]"/>
    <xsl:variable name="prefix" select="concat('new-', $kind)"/>
    <div class="editor add-item">
      <h3 class="editor-title" id="{$prefix}-heading"><xsl:value-of select="i:t(concat('conversation.add.', $kind))"/></h3>
      <form method="post" action="/conversations/{$cid}/items" class="form item-form" id="{$prefix}"
            aria-labelledby="{$prefix}-heading">
        <xsl:call-template name="csrf-input"/>
        <input type="hidden" name="kind" value="{$kind}"/>
        <xsl:call-template name="item-fields">
          <xsl:with-param name="f" select="$f"/>
          <xsl:with-param name="prefix" select="$prefix"/>
          <xsl:with-param name="kind" select="$kind"/>
          <xsl:with-param name="responsible" select="/page/dossier/@employee_id"/>
        </xsl:call-template>
        <xsl:call-template name="editor-actions">
          <xsl:with-param name="submit-key" select="'conversation.add.submit'"/>
          <xsl:with-param name="back" select="concat('#section-', $kind)"/>
        </xsl:call-template>
      </form>
    </div>
  </xsl:template>

  <!-- save, and back to the plain page without saving -->
  <xsl:template name="editor-actions">
    <xsl:param name="submit-key"/>
    <xsl:param name="back"/>
    <div class="form-actions">
      <button type="submit" class="button">
        <xsl:value-of select="i:t(string($submit-key))"/>
      </button>
      <xsl:text> </xsl:text>
      <a class="editor-cancel" href="/conversations/{$cid}{$back}"><xsl:value-of select="i:t('editor.cancel')"/></a>
    </div>
  </xsl:template>

  <!-- the links of an item to its editors, where the viewer may use them;
       context: the item -->
  <xsl:template name="editor-links">
    <xsl:variable name="id" select="string(@id)"/>
    <xsl:if test="$follow-up and string($update-id) != $id">
      <a class="editor-link" href="/conversations/{$cid}/items/{$id}/update#upd-{$id}">
        <xsl:choose>
          <xsl:when test="$may/@rate = '1' and @kind = 'result'"><xsl:value-of select="i:t('conversation.update.open.rate')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="i:t('conversation.update.open')"/></xsl:otherwise>
        </xsl:choose>
        <span class="visually-hidden">
          <xsl:text>: </xsl:text>
          <xsl:value-of select="@title"/>
        </span>
      </a>
    </xsl:if>
    <xsl:if test="string($edit-id) != $id">
      <a class="editor-link" href="/conversations/{$cid}/items/{$id}/edit#edit-{$id}">
        <xsl:value-of select="i:t('editor.edit')"/>
        <span class="visually-hidden">
          <xsl:text>: </xsl:text>
          <xsl:value-of select="@title"/>
        </span>
      </a>
    </xsl:if>
  </xsl:template>

  <!-- the context node is the item -->
  <!-- deleting one's own item added by mistake, while the conversation is
       open (POST /items/{id}/delete); context: the item -->
  <xsl:template name="item-delete">
    <form method="post" action="/items/{@id}/delete" class="inline-form item-delete"
          id="del-{@id}" data-confirm="{i:t('item.delete.confirm')}">
      <xsl:call-template name="csrf-input"/>
      <input type="hidden" name="conversation" value="{$cid}"/>
      <button type="submit" class="button button-danger">
        <xsl:value-of select="i:t('item.delete.submit')"/>
        <span class="visually-hidden">
          <xsl:text>: </xsl:text>
          <xsl:value-of select="@title"/>
        </span>
      </button>
    </form>
  </xsl:template>

  <xsl:template name="item-edit">
    <xsl:variable name="id" select="string(@id)"/>
    <xsl:variable name="kind" select="string(@kind)"/>
    <xsl:variable name="f" select="$form[@name = 'item-edit'][string($edit-id) = $id]"/>
    <xsl:variable name="prefix" select="concat('edit-', $id)"/>
    <div class="editor">
      <h4 class="editor-title" id="{$prefix}-heading">
        <xsl:value-of select="i:t('editor.edit')"/>
        <xsl:text>: </xsl:text>
        <xsl:value-of select="@title"/>
      </h4>
      <form method="post" action="/items/{$id}" class="form item-form" id="{$prefix}"
            aria-labelledby="{$prefix}-heading">
        <xsl:call-template name="csrf-input"/>
        <input type="hidden" name="conversation" value="{$cid}"/>
        <xsl:call-template name="version-input">
          <xsl:with-param name="f" select="$f"/>
          <xsl:with-param name="current">
            <xsl:choose>
              <xsl:when test="$conflict/@item = $id and $conflict/theirs/@version">
                <xsl:value-of select="$conflict/theirs/@version"/>
              </xsl:when>
              <xsl:otherwise><xsl:value-of select="@version"/></xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:if test="$kind = 'development'">
          <!-- not asked for a development point: keep who is responsible -->
          <input type="hidden" name="responsible" value="{@responsible_id}"/>
        </xsl:if>
        <xsl:call-template name="item-fields">
          <xsl:with-param name="f" select="$f"/>
          <xsl:with-param name="prefix" select="$prefix"/>
          <xsl:with-param name="kind" select="$kind"/>
          <xsl:with-param name="title" select="string(@title)"/>
          <xsl:with-param name="measure" select="string(measure)"/>
          <xsl:with-param name="deadline" select="string(@deadline)"/>
          <xsl:with-param name="responsible" select="string(@responsible_id)"/>
          <xsl:with-param name="responsible-name" select="string(@responsible)"/>
          <xsl:with-param name="org-goal" select="string(@org_goal_id)"/>
          <xsl:with-param name="org-goal-title" select="string(@org_goal)"/>
          <xsl:with-param name="weight" select="string(@weight)"/>
          <xsl:with-param name="area" select="string(area/@id)"/>
          <xsl:with-param name="area-name">
            <xsl:call-template name="link-name"><xsl:with-param name="n" select="area"/></xsl:call-template>
          </xsl:with-param>
          <xsl:with-param name="competence" select="string(competence/@id)"/>
          <xsl:with-param name="competence-name">
            <xsl:call-template name="link-name"><xsl:with-param name="n" select="competence"/></xsl:call-template>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="editor-actions">
          <xsl:with-param name="submit-key" select="'conversation.edit.submit'"/>
          <xsl:with-param name="back" select="concat('#item-', $id)"/>
        </xsl:call-template>
      </form>
    </div>
  </xsl:template>

  <!-- the fields of an item, by kind (DESIGN §7: POST /conversations/{id}/items, /items/{id}) -->
  <xsl:template name="item-fields">
    <xsl:param name="f"/>
    <xsl:param name="prefix"/>
    <xsl:param name="kind"/>
    <xsl:param name="title" select="''"/>
    <xsl:param name="measure" select="''"/>
    <xsl:param name="deadline" select="''"/>
    <xsl:param name="responsible" select="''"/>
    <xsl:param name="responsible-name" select="''"/>
    <xsl:param name="org-goal" select="''"/>
    <xsl:param name="org-goal-title" select="''"/>
    <xsl:param name="weight" select="''"/>
    <xsl:param name="area" select="''"/>
    <xsl:param name="area-name" select="''"/>
    <xsl:param name="competence" select="''"/>
    <xsl:param name="competence-name" select="''"/>
    <xsl:variable name="k" select="concat('item.field.', $kind, '.')"/>
    <!-- the goal rules of the conversation's template (issue 16): a result
         goal's measure, end date and organisation goal, each required or
         optional; the store checks them again in the write -->
    <xsl:variable name="rules" select="/page/conversation/form_template/goal_rules"/>
    <xsl:variable name="need-measure" select="$kind = 'result' and $rules/@measure = '1'"/>
    <xsl:variable name="need-end-date" select="$kind = 'result' and $rules/@end_date = '1'"/>
    <xsl:variable name="need-org-goal" select="$kind = 'result' and $rules/@org_goal = '1'"/>

    <xsl:call-template name="field">
      <xsl:with-param name="f" select="$f"/>
      <xsl:with-param name="prefix" select="$prefix"/>
      <xsl:with-param name="name" select="'title'"/>
      <xsl:with-param name="label-key" select="concat($k, 'title')"/>
      <xsl:with-param name="value" select="$title"/>
      <xsl:with-param name="required" select="true()"/>
      <xsl:with-param name="maxlength" select="'200'"/>
    </xsl:call-template>
    <xsl:if test="$kind != 'action'">
      <xsl:call-template name="field">
        <xsl:with-param name="f" select="$f"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="name" select="'measure'"/>
        <xsl:with-param name="label-key" select="concat($k, 'measure')"/>
        <xsl:with-param name="control" select="'textarea'"/>
        <xsl:with-param name="value" select="$measure"/>
        <xsl:with-param name="required" select="$need-measure"/>
        <xsl:with-param name="optional" select="not($need-measure)"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$kind != 'development'">
      <xsl:call-template name="field">
        <xsl:with-param name="f" select="$f"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="name" select="'responsible'"/>
        <xsl:with-param name="label-key" select="concat($k, 'responsible')"/>
        <xsl:with-param name="control" select="'person'"/>
        <xsl:with-param name="value" select="$responsible"/>
        <xsl:with-param name="current-name" select="$responsible-name"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:call-template name="field">
      <xsl:with-param name="f" select="$f"/>
      <xsl:with-param name="prefix" select="$prefix"/>
      <xsl:with-param name="name" select="'deadline'"/>
      <xsl:with-param name="label-key" select="concat($k, 'deadline')"/>
      <xsl:with-param name="control" select="'date'"/>
      <xsl:with-param name="value" select="$deadline"/>
      <xsl:with-param name="required" select="$need-end-date"/>
      <xsl:with-param name="optional" select="not($need-end-date)"/>
    </xsl:call-template>
    <xsl:if test="$kind = 'result'">
      <xsl:call-template name="field">
        <xsl:with-param name="f" select="$f"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="name" select="'org_goal'"/>
        <xsl:with-param name="label-key" select="concat($k, 'org_goal')"/>
        <xsl:with-param name="control" select="'org_goal'"/>
        <xsl:with-param name="value" select="$org-goal"/>
        <xsl:with-param name="current-name" select="$org-goal-title"/>
        <xsl:with-param name="required" select="$need-org-goal"/>
        <xsl:with-param name="optional" select="not($need-org-goal)"/>
      </xsl:call-template>
      <xsl:if test="/page/profile_areas/option or $area != ''">
        <xsl:call-template name="field">
          <xsl:with-param name="f" select="$f"/>
          <xsl:with-param name="prefix" select="$prefix"/>
          <xsl:with-param name="name" select="'area'"/>
          <xsl:with-param name="label-key" select="'item.field.result.area'"/>
          <xsl:with-param name="control" select="'area'"/>
          <xsl:with-param name="value" select="$area"/>
          <xsl:with-param name="current-name" select="$area-name"/>
          <xsl:with-param name="optional" select="true()"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:call-template name="field">
        <xsl:with-param name="f" select="$f"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="name" select="'weight'"/>
        <xsl:with-param name="label-key" select="concat($k, 'weight')"/>
        <xsl:with-param name="control" select="'number'"/>
        <xsl:with-param name="value" select="$weight"/>
        <xsl:with-param name="optional" select="true()"/>
        <xsl:with-param name="help-key" select="'item.help.weight'"/>
        <xsl:with-param name="min" select="'1'"/>
        <xsl:with-param name="max" select="'1000'"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$kind = 'development' and (/page/profile_competences/option or $competence != '')">
      <xsl:call-template name="field">
        <xsl:with-param name="f" select="$f"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="name" select="'competence'"/>
        <xsl:with-param name="label-key" select="'item.field.development.competence'"/>
        <xsl:with-param name="control" select="'competence'"/>
        <xsl:with-param name="value" select="$competence"/>
        <xsl:with-param name="current-name" select="$competence-name"/>
        <xsl:with-param name="optional" select="true()"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$kind = 'action'">
      <xsl:call-template name="field">
        <xsl:with-param name="f" select="$f"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="name" select="'measure'"/>
        <xsl:with-param name="label-key" select="concat($k, 'measure')"/>
        <xsl:with-param name="control" select="'textarea'"/>
        <xsl:with-param name="value" select="$measure"/>
        <xsl:with-param name="optional" select="true()"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- progress note / rating of one item in this conversation; context: the item -->
  <xsl:template name="update-form">
    <xsl:variable name="id" select="string(@id)"/>
    <xsl:variable name="f" select="$form[@name = 'update'][$update-id = $id]"/>
    <xsl:variable name="prefix" select="concat('upd-', $id)"/>
    <xsl:variable name="here" select="update[@current = '1']"/>
    <xsl:variable name="rate" select="$may/@rate = '1' and @kind = 'result'"/>
    <div class="editor">
      <h4 class="editor-title" id="{$prefix}-heading">
        <xsl:choose>
          <xsl:when test="$rate"><xsl:value-of select="i:t('conversation.update.open.rate')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="i:t('conversation.update.open')"/></xsl:otherwise>
        </xsl:choose>
        <xsl:text>: </xsl:text>
        <xsl:value-of select="@title"/>
      </h4>
      <form method="post" action="/conversations/{$cid}/updates" class="form item-form" id="{$prefix}"
            aria-labelledby="{$prefix}-heading">
        <xsl:call-template name="csrf-input"/>
        <input type="hidden" name="item" value="{$id}"/>
        <xsl:call-template name="field">
          <xsl:with-param name="f" select="$f"/>
          <xsl:with-param name="prefix" select="$prefix"/>
          <xsl:with-param name="name" select="'status'"/>
          <xsl:with-param name="label-key" select="'conversation.update.status'"/>
          <xsl:with-param name="control" select="'status'"/>
          <xsl:with-param name="value">
            <xsl:choose>
              <xsl:when test="string($here/@status) != ''"><xsl:value-of select="$here/@status"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="@status"/></xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:if test="$rate">
          <xsl:call-template name="field">
            <xsl:with-param name="f" select="$f"/>
            <xsl:with-param name="prefix" select="$prefix"/>
            <xsl:with-param name="name" select="'rating'"/>
            <xsl:with-param name="label-key" select="'conversation.update.rating'"/>
            <xsl:with-param name="control" select="'rating'"/>
            <xsl:with-param name="value" select="string($here/@rating)"/>
            <xsl:with-param name="empty-key" select="'conversation.update.rating.none'"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:call-template name="field">
          <xsl:with-param name="f" select="$f"/>
          <xsl:with-param name="prefix" select="$prefix"/>
          <xsl:with-param name="name" select="'note'"/>
          <xsl:with-param name="label-key" select="'conversation.update.note'"/>
          <xsl:with-param name="control" select="'textarea'"/>
          <xsl:with-param name="value" select="string($here/note)"/>
        </xsl:call-template>
        <xsl:call-template name="editor-actions">
          <xsl:with-param name="submit-key" select="'conversation.update.submit'"/>
          <xsl:with-param name="back" select="concat('#item-', $id)"/>
        </xsl:call-template>
      </form>
    </div>
  </xsl:template>

  <xsl:template name="sign-form">
    <xsl:variable name="f" select="$form[@name = 'sign']"/>
    <xsl:variable name="verdict-field" select="$f/field[@name = 'verdict']"/>
    <xsl:variable name="verdict" select="string($verdict-field/@value)"/>
    <xsl:variable name="verdict-error" select="string($verdict-field/@error)"/>
    <div class="panel move-panel">
      <form method="post" action="/conversations/{$cid}/sign" class="form sign-form" id="sign"
            data-confirm="{i:t('conversation.sign.confirm')}">
        <xsl:call-template name="csrf-input"/>
        <xsl:call-template name="version-input">
          <xsl:with-param name="f" select="$f"/>
          <xsl:with-param name="current" select="$conv/@version"/>
        </xsl:call-template>
        <xsl:call-template name="move-error">
          <xsl:with-param name="f" select="$f"/>
        </xsl:call-template>
        <fieldset id="sign-verdict">
          <xsl:if test="$verdict-error != ''">
            <xsl:attribute name="class">field-invalid</xsl:attribute>
          </xsl:if>
          <legend><xsl:value-of select="i:t('conversation.sign.verdict')"/></legend>
          <xsl:if test="$verdict-error != ''">
            <p class="field-error" id="sign-verdict-error">
              <xsl:value-of select="i:t($verdict-error)"/>
            </p>
          </xsl:if>
          <xsl:call-template name="verdict-choice">
            <xsl:with-param name="value" select="'agree'"/>
            <xsl:with-param name="checked" select="$verdict"/>
            <xsl:with-param name="error" select="$verdict-error"/>
          </xsl:call-template>
          <xsl:call-template name="verdict-choice">
            <xsl:with-param name="value" select="'seen'"/>
            <xsl:with-param name="checked" select="$verdict"/>
            <xsl:with-param name="error" select="$verdict-error"/>
          </xsl:call-template>
        </fieldset>
        <xsl:call-template name="field">
          <xsl:with-param name="f" select="$f"/>
          <xsl:with-param name="prefix" select="'sign'"/>
          <xsl:with-param name="name" select="'remark'"/>
          <xsl:with-param name="label-key" select="'conversation.sign.remark'"/>
          <xsl:with-param name="control" select="'textarea'"/>
          <xsl:with-param name="help-key" select="'conversation.sign.remark.help'"/>
        </xsl:call-template>
        <div class="form-actions">
          <button type="submit">
            <xsl:attribute name="class">
              <xsl:text>button</xsl:text>
              <xsl:if test="$next-action = 'sign'"> button-primary</xsl:if>
            </xsl:attribute>
            <xsl:value-of select="i:t('conversation.sign.submit')"/>
          </button>
        </div>
      </form>
    </div>
  </xsl:template>

  <xsl:template name="verdict-choice">
    <xsl:param name="value"/>
    <xsl:param name="checked"/>
    <xsl:param name="error"/>
    <div class="choice">
      <input type="radio" id="sign-verdict-{$value}" name="verdict" value="{$value}" required="required"
             data-confirm="{i:t(concat('conversation.sign.confirm.', $value))}">
        <xsl:if test="$checked = $value">
          <xsl:attribute name="checked">checked</xsl:attribute>
        </xsl:if>
        <xsl:attribute name="aria-describedby">
          <xsl:if test="$error != ''">sign-verdict-error </xsl:if>
          <xsl:value-of select="concat('sign-verdict-', $value, '-help')"/>
        </xsl:attribute>
        <xsl:if test="$error != ''">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
        </xsl:if>
      </input>
      <label for="sign-verdict-{$value}"><xsl:value-of select="i:t(concat('status.', $value))"/></label>
      <span class="field-help" id="sign-verdict-{$value}-help">
        <xsl:value-of select="i:t(concat('conversation.sign.', $value, '.help'))"/>
      </span>
    </div>
  </xsl:template>

  <xsl:template name="reopen-form">
    <xsl:variable name="f" select="$form[@name = 'reopen']"/>
    <details class="disclosure reopen">
      <xsl:if test="$f">
        <xsl:attribute name="open">open</xsl:attribute>
      </xsl:if>
      <summary><xsl:value-of select="i:t('conversation.reopen.open')"/></summary>
      <form method="post" action="/conversations/{$cid}/reopen" class="form" id="reopen">
        <xsl:call-template name="csrf-input"/>
        <xsl:call-template name="version-input">
          <xsl:with-param name="f" select="$f"/>
          <xsl:with-param name="current" select="$conv/@version"/>
        </xsl:call-template>
        <xsl:call-template name="move-error">
          <xsl:with-param name="f" select="$f"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="f" select="$f"/>
          <xsl:with-param name="prefix" select="'reopen'"/>
          <xsl:with-param name="name" select="'reason'"/>
          <xsl:with-param name="label-key" select="'conversation.reopen.reason'"/>
          <xsl:with-param name="control" select="'textarea'"/>
          <xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="help-key" select="'conversation.reopen.help'"/>
        </xsl:call-template>
        <div class="form-actions">
          <button type="submit" class="button button-danger">
            <xsl:value-of select="i:t('conversation.reopen.submit')"/>
          </button>
        </div>
      </form>
    </details>
  </xsl:template>

</xsl:stylesheet>
