<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_parts.xsl - not a page (no route renders with it): the form fields,
  form alerts and audit rows that the HR stylesheets share.  Included by
  admin_cycle_new.xsl, admin_cycle.xsl and admin_audit.xsl
  (<xsl:include href="admin_parts.xsl"/> after their import of layout.xsl).

  A form is filled from the data, or after a refused POST from
  /page//form[@name]: then every value is what was typed, every error
  (a catalog key) stands next to its field, and @conflict="1" says the
  form lost to a newer version of the row.

    f-input, f-textarea, f-checkbox   labelled controls, ids $prefix-$name
    schedule-table                    the schedule rows (step{n}_type, step{n}_due)
    form-alert                        the alert above a refused form
    version-input                     the hidden version of an edit form
    text-block                        text as typed, line breaks kept
    audit-row                         an audit <entry> as a table row
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <!-- ============================================================ fields -->


  <!-- The value of field $name: what was typed when $form was refused, else $default. -->
  <xsl:template name="f-value">
    <xsl:param name="form" select="/.."/>
    <xsl:param name="name"/>
    <xsl:param name="default" select="''"/>
    <xsl:choose>
      <xsl:when test="$form"><xsl:value-of select="$form/field[@name = $name]/@value"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$default"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- aria-invalid and aria-describedby of a control with id $id -->
  <xsl:template name="f-aria">
    <xsl:param name="id"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="error" select="''"/>
    <xsl:if test="$error != ''">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
    </xsl:if>
    <xsl:if test="$hint != '' or $error != ''">
      <xsl:attribute name="aria-describedby">
        <xsl:if test="$hint != ''"><xsl:value-of select="concat($id, '-hint')"/></xsl:if>
        <xsl:if test="$hint != '' and $error != ''"><xsl:text> </xsl:text></xsl:if>
        <xsl:if test="$error != ''"><xsl:value-of select="concat($id, '-error')"/></xsl:if>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- The label, hint and error of a control with id $id -->
  <xsl:template name="f-label">
    <xsl:param name="id"/>
    <xsl:param name="label"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="error" select="''"/>
    <xsl:param name="max" select="''"/>
    <label for="{$id}"><xsl:value-of select="$label"/></label>
    <xsl:if test="$hint != ''">
      <span class="field-help" id="{$id}-hint"><xsl:value-of select="$hint"/></span>
    </xsl:if>
    <xsl:if test="$error != ''">
      <span class="field-error" id="{$id}-error">
        <xsl:call-template name="error-text">
          <xsl:with-param name="error" select="$error"/>
          <xsl:with-param name="max" select="$max"/>
        </xsl:call-template>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- A labelled input; its id is $prefix-$name. -->
  <xsl:template name="f-input">
    <xsl:param name="form" select="/.."/>
    <xsl:param name="prefix" select="'cycle'"/>
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="default" select="''"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="maxlength" select="''"/>
    <xsl:variable name="id" select="concat($prefix, '-', $name)"/>
    <xsl:variable name="error" select="string($form/field[@name = $name]/@error)"/>
    <div class="field">
      <xsl:if test="$error != ''"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
      <xsl:call-template name="f-label">
        <xsl:with-param name="id" select="$id"/>
        <xsl:with-param name="label" select="$label"/>
        <xsl:with-param name="hint" select="$hint"/>
        <xsl:with-param name="error" select="$error"/>
        <xsl:with-param name="max" select="string($form/field[@name = $name]/@max)"/>
      </xsl:call-template>
      <input type="{$type}" id="{$id}" name="{$name}">
        <xsl:attribute name="value">
          <xsl:call-template name="f-value">
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="name" select="$name"/>
            <xsl:with-param name="default" select="$default"/>
          </xsl:call-template>
        </xsl:attribute>
        <xsl:if test="$maxlength != ''">
          <xsl:attribute name="maxlength"><xsl:value-of select="$maxlength"/></xsl:attribute>
        </xsl:if>
        <xsl:call-template name="f-aria">
          <xsl:with-param name="id" select="$id"/>
          <xsl:with-param name="hint" select="$hint"/>
          <xsl:with-param name="error" select="$error"/>
        </xsl:call-template>
      </input>
    </div>
  </xsl:template>

  <!-- The schedule as a table of rows, one per $slots/slot/@n; $steps are
       the defaults (step/@{seq, type, due_on}). -->
  <xsl:template name="schedule-table">
    <xsl:param name="form" select="/.."/>
    <xsl:param name="prefix" select="'cycle'"/>
    <xsl:param name="slots"/>
    <xsl:param name="steps" select="/.."/>
    <div class="table-wrap">
      <table class="list stack">
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="i:t('admin.cycle.step')"/></th>
            <th scope="col"><xsl:value-of select="i:t('admin.cycle.step.type')"/></th>
            <th scope="col"><xsl:value-of select="i:t('admin.cycle.step.due')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$slots/slot">
            <xsl:variable name="n" select="string(@n)"/>
            <xsl:call-template name="step-row">
              <xsl:with-param name="form" select="$form"/>
              <xsl:with-param name="prefix" select="$prefix"/>
              <xsl:with-param name="n" select="$n"/>
              <xsl:with-param name="type" select="$steps[@seq = $n]/@type"/>
              <xsl:with-param name="due" select="$steps[@seq = $n]/@due_on"/>
            </xsl:call-template>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <!-- One row of a schedule: a conversation type and its due date, each
       labelled (visually hidden: the column heads say it on screen). -->
  <xsl:template name="step-row">
    <xsl:param name="form" select="/.."/>
    <xsl:param name="prefix" select="'cycle'"/>
    <xsl:param name="n"/>
    <xsl:param name="type" select="''"/>
    <xsl:param name="due" select="''"/>
    <xsl:variable name="tname" select="concat('step', $n, '_type')"/>
    <xsl:variable name="dname" select="concat('step', $n, '_due')"/>
    <xsl:variable name="tid" select="concat($prefix, '-', $tname)"/>
    <xsl:variable name="did" select="concat($prefix, '-', $dname)"/>
    <xsl:variable name="terror" select="string($form/field[@name = $tname]/@error)"/>
    <xsl:variable name="derror" select="string($form/field[@name = $dname]/@error)"/>
    <xsl:variable name="tvalue">
      <xsl:call-template name="f-value">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name" select="$tname"/>
        <xsl:with-param name="default" select="$type"/>
      </xsl:call-template>
    </xsl:variable>
    <tr>
      <th scope="row"><xsl:value-of select="$n"/></th>
      <td data-label="{i:t('admin.cycle.step.type')}">
        <label for="{$tid}" class="visually-hidden">
          <xsl:value-of select="concat(i:t('admin.cycle.step.type'), ' ', $n)"/>
        </label>
        <xsl:if test="$terror != ''">
          <span class="field-error" id="{$tid}-error"><xsl:value-of select="i:t($terror)"/></span>
        </xsl:if>
        <select id="{$tid}" name="{$tname}">
          <xsl:call-template name="f-aria">
            <xsl:with-param name="id" select="$tid"/>
            <xsl:with-param name="error" select="$terror"/>
          </xsl:call-template>
          <option value=""><xsl:value-of select="i:t('admin.cycle.step.none')"/></option>
          <xsl:call-template name="type-option">
            <xsl:with-param name="type" select="'goal_setting'"/>
            <xsl:with-param name="current" select="$tvalue"/>
          </xsl:call-template>
          <xsl:call-template name="type-option">
            <xsl:with-param name="type" select="'progress'"/>
            <xsl:with-param name="current" select="$tvalue"/>
          </xsl:call-template>
          <xsl:call-template name="type-option">
            <xsl:with-param name="type" select="'assessment'"/>
            <xsl:with-param name="current" select="$tvalue"/>
          </xsl:call-template>
        </select>
      </td>
      <td data-label="{i:t('admin.cycle.step.due')}">
        <label for="{$did}" class="visually-hidden">
          <xsl:value-of select="concat(i:t('admin.cycle.step.due'), ' ', $n)"/>
        </label>
        <xsl:if test="$derror != ''">
          <span class="field-error" id="{$did}-error"><xsl:value-of select="i:t($derror)"/></span>
        </xsl:if>
        <input type="date" id="{$did}" name="{$dname}">
          <xsl:attribute name="value">
            <xsl:call-template name="f-value">
              <xsl:with-param name="form" select="$form"/>
              <xsl:with-param name="name" select="$dname"/>
              <xsl:with-param name="default" select="$due"/>
            </xsl:call-template>
          </xsl:attribute>
          <xsl:call-template name="f-aria">
            <xsl:with-param name="id" select="$did"/>
            <xsl:with-param name="error" select="$derror"/>
          </xsl:call-template>
        </input>
      </td>
    </tr>
  </xsl:template>

  <xsl:template name="type-option">
    <xsl:param name="type"/>
    <xsl:param name="current"/>
    <option value="{$type}">
      <xsl:if test="$current = $type"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
      <xsl:value-of select="i:t(concat('conversation.type.', $type))"/>
    </option>
  </xsl:template>

  <xsl:template name="f-checkbox">
    <xsl:param name="form" select="/.."/>
    <xsl:param name="prefix"/>
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="default" select="false()"/>
    <xsl:variable name="id" select="concat($prefix, '-', $name)"/>
    <div class="choice">
      <input type="checkbox" id="{$id}" name="{$name}" value="1">
        <xsl:choose>
          <xsl:when test="$form">
            <xsl:if test="string($form/field[@name = $name]/@value) != ''">
              <xsl:attribute name="checked">checked</xsl:attribute>
            </xsl:if>
          </xsl:when>
          <xsl:when test="$default"><xsl:attribute name="checked">checked</xsl:attribute></xsl:when>
        </xsl:choose>
      </input>
      <label for="{$id}"><xsl:value-of select="$label"/></label>
    </div>
  </xsl:template>

  <xsl:template name="f-textarea">
    <xsl:param name="form" select="/.."/>
    <xsl:param name="prefix"/>
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="default" select="''"/>
    <xsl:variable name="id" select="concat($prefix, '-', $name)"/>
    <xsl:variable name="error" select="string($form/field[@name = $name]/@error)"/>
    <div class="field">
      <xsl:if test="$error != ''"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
      <xsl:call-template name="f-label">
        <xsl:with-param name="id" select="$id"/>
        <xsl:with-param name="label" select="$label"/>
        <xsl:with-param name="hint" select="$hint"/>
        <xsl:with-param name="error" select="$error"/>
        <xsl:with-param name="max" select="string($form/field[@name = $name]/@max)"/>
      </xsl:call-template>
      <textarea id="{$id}" name="{$name}" rows="4">
        <xsl:call-template name="f-aria">
          <xsl:with-param name="id" select="$id"/>
          <xsl:with-param name="hint" select="$hint"/>
          <xsl:with-param name="error" select="$error"/>
        </xsl:call-template>
        <xsl:call-template name="f-value">
          <xsl:with-param name="form" select="$form"/>
          <xsl:with-param name="name" select="$name"/>
          <xsl:with-param name="default" select="$default"/>
        </xsl:call-template>
      </textarea>
    </div>
  </xsl:template>

  <!-- ====================================================== form parts -->

  <!-- Text as typed: its line breaks kept (white-space: pre-line). -->
  <xsl:template name="text-block">
    <xsl:param name="text"/>
    <xsl:if test="normalize-space($text) != ''">
      <p class="note-text"><xsl:value-of select="$text"/></p>
    </xsl:if>
  </xsl:template>

  <!-- The alert of a refused form: what is wrong, or that it lost to a newer version. -->
  <xsl:template name="form-alert">
    <xsl:param name="form" select="/.."/>
    <xsl:choose>
      <xsl:when test="$form/@conflict = '1'">
        <div class="alert alert-error" role="alert"><p><xsl:value-of select="i:t('admin.cycle.conflict')"/></p></div>
      </xsl:when>
      <xsl:when test="$form/@error = '1'">
        <div class="alert alert-error" role="alert"><p><xsl:value-of select="i:t('form.error.summary')"/></p></div>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- The version a form edits: the one it was read at, except after a
       conflict, when saving again means "mine over the newer one". -->
  <xsl:template name="version-input">
    <xsl:param name="form" select="/.."/>
    <xsl:param name="version"/>
    <input type="hidden" name="version">
      <xsl:attribute name="value">
        <xsl:choose>
          <xsl:when test="$form and not($form/@conflict = '1')"><xsl:value-of select="$form/field[@name = 'version']/@value"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$version"/></xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
    </input>
  </xsl:template>

  <!-- ============================================================ audit -->

  <!-- One audit row (context: an <entry>) as a table row: when, who, what, details. -->
  <xsl:template name="audit-row">
    <tr>
      <td data-label="{i:t('audit.at')}">
        <xsl:call-template name="date"><xsl:with-param name="value" select="@at"/></xsl:call-template>
        <xsl:text> </xsl:text>
        <xsl:value-of select="substring(@at, 12, 5)"/>
      </td>
      <td data-label="{i:t('audit.actor')}">
        <xsl:choose>
          <xsl:when test="string(@actor) != ''"><xsl:value-of select="@actor"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="i:t('audit.system')"/></xsl:otherwise>
        </xsl:choose>
      </td>
      <td data-label="{i:t('audit.what')}">
        <xsl:call-template name="known">
          <xsl:with-param name="value" select="@entity"/>
          <xsl:with-param name="prefix" select="'audit.entity.'"/>
          <xsl:with-param name="known" select="' employee dossier cycle org_goal collective_goal conversation item department organisation export mail competence job_profile feedback calibration_round '"/>
        </xsl:call-template>
        <xsl:text> </xsl:text>
        <xsl:call-template name="known">
          <xsl:with-param name="value" select="@action"/>
          <xsl:with-param name="prefix" select="'audit.action.'"/>
          <xsl:with-param name="known" select="' advisor_assigned advisor_removed create update start close status joiner_dismissed generate import leave left manager delete progress retry mapping activate deactivate remind plan share held finalize rate remark sign reopen answer templates deputy deputy_end deputy_use deputy_lapse review_approve review_return review_change second_assessor read invite calibration_open calibration_close calibration_propose calibration_accept calibration_reject hold release access_export '"/>
        </xsl:call-template>
      </td>
      <td data-label="{i:t('audit.detail')}" class="audit-detail">
        <xsl:choose>
          <!-- private preparation: the store sent no detail (admin_audit.c) -->
          <xsl:when test="@private = '1'">
            <span class="muted"><xsl:value-of select="i:t('audit.private')"/></span>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="audit-detail"><xsl:with-param name="text" select="string(detail)"/></xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </td>
    </tr>
  </xsl:template>

  <!-- An audit detail in the reader's language.  The store writes parts
       "key: value" separated by "; " (audit_diff, audit_value and the
       writes' own summaries); a known key is translated (audit.field.*),
       and so are the fixed words of a value (statuses, the start's scope).
       Names, dates and free text stay as typed.  A part of no known shape
       is shown as it is: nothing is ever dropped. -->
  <xsl:variable name="audit-keys" select="' advisor bonus deadline department description email ends_on from hr login manager measure name parent scale schedule starts_on status status_note title to scope cycle period format employee dossiers conversations items via import created active dossiers_created already_present dossiers_closed team_of proposal from_item proposals organisation_goals_copied unfinished_goals_proposed metric recursive team count again key name_en definition definition_en competences job_profile '"/>
  <xsl:variable name="audit-words" select="' planned open closed preparing held finalized achieved not_achieved cancelled on_track at_risk active inactive agree seen employee manager deactivated accepted dropped '"/>

  <xsl:template name="audit-detail">
    <xsl:param name="text"/>
    <xsl:variable name="t" select="normalize-space($text)"/>
    <xsl:if test="$t != ''">
      <xsl:variable name="part">
        <xsl:choose>
          <xsl:when test="contains($t, '; ')"><xsl:value-of select="substring-before($t, '; ')"/></xsl:when>
          <xsl:when test="substring($t, string-length($t)) = ';'"><xsl:value-of select="substring($t, 1, string-length($t) - 1)"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$t"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:call-template name="audit-part"><xsl:with-param name="p" select="string($part)"/></xsl:call-template>
      <xsl:if test="contains($t, '; ') and normalize-space(substring-after($t, '; ')) != ''">
        <xsl:text>; </xsl:text>
        <xsl:call-template name="audit-detail"><xsl:with-param name="text" select="substring-after($t, '; ')"/></xsl:call-template>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template name="audit-part">
    <xsl:param name="p"/>
    <xsl:variable name="key" select="translate(substring-before($p, ': '), ' ', '_')"/>
    <xsl:choose>
      <!-- a competence's behaviour indicator: "level N" or "level N en" -->
      <xsl:when test="starts-with($key, 'level_') and translate(substring-before(concat(substring-after($key, 'level_'), '_'), '_'), '0123456789', '') = ''">
        <xsl:value-of select="i:t('audit.field.level')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="substring-before(concat(substring-after($key, 'level_'), '_'), '_')"/>
        <xsl:if test="substring($key, string-length($key) - 2) = '_en'">
          <xsl:text> </xsl:text>
          <xsl:value-of select="i:t('audit.field.in_english')"/>
        </xsl:if>
        <xsl:text>: </xsl:text>
        <xsl:call-template name="audit-value"><xsl:with-param name="v" select="substring-after($p, ': ')"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$key != '' and contains($audit-keys, concat(' ', $key, ' '))">
        <xsl:value-of select="i:t(concat('audit.field.', $key))"/>
        <xsl:text>: </xsl:text>
        <xsl:call-template name="audit-value"><xsl:with-param name="v" select="substring-after($p, ': ')"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="audit-value"><xsl:with-param name="v" select="$p"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "before -> after", a known word, the start's scope, or the value as typed -->
  <xsl:template name="audit-value">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="contains($v, ' -> ')">
        <xsl:call-template name="audit-value"><xsl:with-param name="v" select="substring-before($v, ' -> ')"/></xsl:call-template>
        <xsl:text> → </xsl:text>
        <xsl:call-template name="audit-value"><xsl:with-param name="v" select="substring-after($v, ' -> ')"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$v != '' and contains($audit-words, concat(' ', $v, ' '))">
        <xsl:value-of select="i:t(concat('audit.word.', $v))"/>
      </xsl:when>
      <xsl:when test="$v = 'all active employees'"><xsl:value-of select="i:t('audit.scope.all')"/></xsl:when>
      <xsl:when test="starts-with($v, 'list of ')">
        <xsl:value-of select="i:t('audit.scope.list')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="substring-after($v, 'list of ')"/>
      </xsl:when>
      <xsl:when test="starts-with($v, 'department ') and substring($v, string-length($v) - 20) = ' with sub-departments'">
        <xsl:value-of select="i:t('audit.scope.department')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="substring($v, 12, string-length($v) - 32)"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="i:t('audit.scope.recursive')"/>
      </xsl:when>
      <xsl:when test="starts-with($v, 'department ')">
        <xsl:value-of select="i:t('audit.scope.department')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="substring-after($v, 'department ')"/>
      </xsl:when>
      <xsl:when test="substring($v, string-length($v) - 20) = ' with sub-departments'">
        <xsl:value-of select="substring($v, 1, string-length($v) - 21)"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="i:t('audit.scope.recursive')"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The text of $prefix$value when $value is in the word list $known, else $value itself. -->
  <xsl:template name="known">
    <xsl:param name="value"/>
    <xsl:param name="prefix"/>
    <xsl:param name="known"/>
    <xsl:choose>
      <xsl:when test="contains($known, concat(' ', $value, ' '))"><xsl:value-of select="i:t(concat($prefix, $value))"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$value"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
