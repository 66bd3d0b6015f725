<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_template_edit.xsl - GET and POST /admin/templates/new and
  /admin/templates/{id}/edit (HR): the template editor, one form that works
  without JavaScript.  Every "add", "remove", "up" and "down" is a submit
  button named op (admin_template_edit.c parses its value); the first
  button of the form is "save", so Enter in a field saves.
  Input: /page/editor/@{action, id, based-on, key, name-nl, name-en,
  desc-nl, desc-en, rule_org_goal, rule_measure, rule_end_date (1: required),
  w_result_goals, w_competences, w_rating_questions, final-scale,
  second_assessor (1: the assessment needs a second assessor, issue 17),
  scales-max, levels-max, levels-min, sections-max, failed};
  editor/scale/@{n, i, key} with level/@{n, i, value, label-nl, label-en,
  desc-nl, desc-en}; editor/form/@{n, i, type} with section/@{n, i, key,
  kind, who, scale, below, required, self, title-nl, title-en, guid-nl,
  guid-en}; editor/feedback/@{enabled, conversation, invited_by, anonymity,
  threshold, sees, threshold-min, threshold-max, questions-max} with
  question/@{n, i, key, kind, scale, title-nl, title-en}: the feedback round
  (issue 17); editor/error/@{field, key, reason, max}: a problem next to the
  field named (field "" : the form as a whole).  Field names are the
  row's @n followed by the field's own ("s2_l3" "_value").
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="e" select="/page/editor"/>
  <xsl:variable name="kinds" select="'result_goals development actions remarks open_question rating_question competences '"/>

  <xsl:template name="page-title">
    <xsl:choose>
      <xsl:when test="$e/@id"><xsl:value-of select="i:t('templates.edit.title')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="i:t('templates.new.title')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The problem of field $name, as a message. -->
  <xsl:template name="error">
    <xsl:param name="name"/>
    <xsl:for-each select="$e/error[@field = $name][1]">
      <span class="field-error" id="e-{$name}-error">
        <xsl:value-of select="i:t(@key)"/>
        <xsl:if test="@max">
          <xsl:text> </xsl:text>
          <xsl:value-of select="i:t('templates.edit.max')"/>
          <xsl:text> </xsl:text>
          <xsl:value-of select="@max"/>
        </xsl:if>
        <xsl:if test="@reason">
          <xsl:text> (</xsl:text>
          <span lang="en"><xsl:value-of select="@reason"/></span>
          <xsl:text>)</xsl:text>
        </xsl:if>
      </span>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="invalid-attrs">
    <xsl:param name="name"/>
    <xsl:if test="$e/error[@field = $name]">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
      <xsl:attribute name="aria-describedby">e-<xsl:value-of select="$name"/>-error</xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- A labelled text, number or textarea field. -->
  <xsl:template name="input">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="max"/>
    <div>
      <xsl:attribute name="class">field<xsl:if test="$e/error[@field = $name]"> field-invalid</xsl:if></xsl:attribute>
      <label for="e-{$name}"><xsl:value-of select="$label"/></label>
      <xsl:call-template name="error"><xsl:with-param name="name" select="$name"/></xsl:call-template>
      <xsl:choose>
        <xsl:when test="$type = 'textarea'">
          <textarea id="e-{$name}" name="{$name}" rows="3">
            <xsl:call-template name="invalid-attrs"><xsl:with-param name="name" select="$name"/></xsl:call-template>
            <xsl:value-of select="$value"/>
          </textarea>
        </xsl:when>
        <xsl:otherwise>
          <input type="{$type}" id="e-{$name}" name="{$name}" value="{$value}">
            <xsl:if test="$type = 'number'">
              <xsl:attribute name="min">0</xsl:attribute>
              <xsl:attribute name="max"><xsl:value-of select="$max"/></xsl:attribute>
            </xsl:if>
            <xsl:call-template name="invalid-attrs"><xsl:with-param name="name" select="$name"/></xsl:call-template>
          </input>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <xsl:template name="checkbox">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="checked"/>
    <div>
      <xsl:attribute name="class">field<xsl:if test="$e/error[@field = $name]"> field-invalid</xsl:if></xsl:attribute>
      <xsl:call-template name="error"><xsl:with-param name="name" select="$name"/></xsl:call-template>
      <label for="e-{$name}">
        <input type="checkbox" id="e-{$name}" name="{$name}" value="1">
          <xsl:if test="$checked = '1'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          <xsl:call-template name="invalid-attrs"><xsl:with-param name="name" select="$name"/></xsl:call-template>
        </input>
        <xsl:text> </xsl:text>
        <xsl:value-of select="$label"/>
      </label>
    </div>
  </xsl:template>

  <!-- A choice of the template's scales; "" is the cycle's scale.  A key
       typed but not yet among the scales stays chosen. -->
  <xsl:template name="scale-select">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="empty" select="'templates.cycle_scale'"/>
    <div>
      <xsl:attribute name="class">field<xsl:if test="$e/error[@field = $name]"> field-invalid</xsl:if></xsl:attribute>
      <label for="e-{$name}"><xsl:value-of select="$label"/></label>
      <xsl:call-template name="error"><xsl:with-param name="name" select="$name"/></xsl:call-template>
      <select id="e-{$name}" name="{$name}">
        <xsl:call-template name="invalid-attrs"><xsl:with-param name="name" select="$name"/></xsl:call-template>
        <option value=""><xsl:value-of select="i:t($empty)"/></option>
        <xsl:for-each select="$e/scale[@key != '']">
          <option value="{@key}">
            <xsl:if test="@key = $value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="@key"/>
          </option>
        </xsl:for-each>
        <xsl:if test="$value != '' and not($e/scale[@key = $value])">
          <option value="{$value}" selected="selected"><xsl:value-of select="$value"/></option>
        </xsl:if>
      </select>
    </div>
  </xsl:template>

  <xsl:template name="button">
    <xsl:param name="op"/>
    <xsl:param name="label"/>
    <button type="submit" name="op" value="{$op}" class="button button-secondary">
      <xsl:value-of select="$label"/>
    </button>
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p><a href="/admin/templates"><xsl:value-of select="i:t('templates.back')"/></a></p>
      <h1><xsl:call-template name="page-title"/></h1>
      <p class="lead"><xsl:value-of select="i:t('templates.edit.intro')"/></p>
    </div>
    <xsl:if test="$e/@failed = '1'">
      <div class="alert alert-error" role="alert">
        <p><xsl:value-of select="i:t('templates.edit.refused')"/></p>
        <xsl:for-each select="$e/error[@field = '']">
          <p>
            <xsl:value-of select="i:t(@key)"/>
            <xsl:if test="@reason">
              <xsl:text> (</xsl:text>
              <span lang="en"><xsl:value-of select="@reason"/></span>
              <xsl:text>)</xsl:text>
            </xsl:if>
          </p>
        </xsl:for-each>
      </div>
    </xsl:if>
    <form method="post" action="{$e/@action}" class="form template-editor">
      <xsl:call-template name="csrf-input"/>
      <xsl:if test="$e/@id">
        <input type="hidden" name="based_on" value="{$e/@based-on}"/>
      </xsl:if>
      <div class="form-actions">
        <button type="submit" name="op" value="save" class="button button-primary" id="e-save-top">
          <xsl:value-of select="i:t('templates.edit.save')"/>
        </button>
      </div>
      <xsl:call-template name="general"/>
      <xsl:call-template name="scales"/>
      <xsl:call-template name="rules"/>
      <xsl:apply-templates select="$e/form"/>
      <xsl:apply-templates select="$e/feedback"/>
      <div class="form-actions">
        <button type="submit" name="op" value="save" class="button button-primary" id="e-save">
          <xsl:value-of select="i:t('templates.edit.save')"/>
        </button>
      </div>
    </form>
  </xsl:template>

  <xsl:template name="general">
    <fieldset class="section">
      <legend><xsl:value-of select="i:t('templates.edit.general')"/></legend>
      <xsl:choose>
        <xsl:when test="$e/@id">
          <p>
            <xsl:value-of select="i:t('templates.col.key')"/>
            <xsl:text> </xsl:text>
            <code><xsl:value-of select="$e/@key"/></code>
            <xsl:text>, </xsl:text>
            <xsl:value-of select="i:t('templates.edit.based_on')"/>
            <xsl:text> </xsl:text>
            <xsl:value-of select="$e/@based-on"/>
          </p>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="input">
            <xsl:with-param name="name" select="'key'"/>
            <xsl:with-param name="label" select="i:t('templates.edit.key')"/>
            <xsl:with-param name="value" select="$e/@key"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="'name_nl'"/>
        <xsl:with-param name="label" select="i:t('templates.edit.name_nl')"/>
        <xsl:with-param name="value" select="$e/@name-nl"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="'name_en'"/>
        <xsl:with-param name="label" select="i:t('templates.edit.name_en')"/>
        <xsl:with-param name="value" select="$e/@name-en"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="'desc_nl'"/>
        <xsl:with-param name="label" select="i:t('templates.edit.desc_nl')"/>
        <xsl:with-param name="value" select="$e/@desc-nl"/>
        <xsl:with-param name="type" select="'textarea'"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="'desc_en'"/>
        <xsl:with-param name="label" select="i:t('templates.edit.desc_en')"/>
        <xsl:with-param name="value" select="$e/@desc-en"/>
        <xsl:with-param name="type" select="'textarea'"/>
      </xsl:call-template>
    </fieldset>
  </xsl:template>

  <xsl:template name="scales">
    <fieldset class="section">
      <legend><xsl:value-of select="i:t('templates.scales.title')"/></legend>
      <p><xsl:value-of select="i:t('templates.edit.scales_intro')"/></p>
      <xsl:apply-templates select="$e/scale"/>
      <xsl:if test="count($e/scale) &lt; $e/@scales-max">
        <div class="form-actions">
          <xsl:call-template name="button">
            <xsl:with-param name="op" select="'add_scale'"/>
            <xsl:with-param name="label" select="i:t('templates.edit.add_scale')"/>
          </xsl:call-template>
        </div>
      </xsl:if>
    </fieldset>
  </xsl:template>

  <xsl:template match="scale">
    <fieldset class="template-scale">
      <legend>
        <xsl:value-of select="i:t('templates.edit.scale')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="@i"/>
      </legend>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="concat(@n, '_key')"/>
        <xsl:with-param name="label" select="i:t('templates.edit.scale_key')"/>
        <xsl:with-param name="value" select="@key"/>
      </xsl:call-template>
      <xsl:apply-templates select="level"/>
      <div class="form-actions">
        <xsl:if test="count(level) &lt; $e/@levels-max">
          <xsl:call-template name="button">
            <xsl:with-param name="op" select="concat('add_level_', @i)"/>
            <xsl:with-param name="label" select="i:t('templates.edit.add_level')"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:call-template name="button">
          <xsl:with-param name="op" select="concat('del_scale_', @i)"/>
          <xsl:with-param name="label" select="i:t('templates.edit.del_scale')"/>
        </xsl:call-template>
      </div>
    </fieldset>
  </xsl:template>

  <xsl:template match="level">
    <fieldset class="template-level">
      <legend>
        <xsl:value-of select="i:t('templates.edit.level')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="@i"/>
      </legend>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="concat(@n, '_value')"/>
        <xsl:with-param name="label" select="i:t('templates.edit.value')"/>
        <xsl:with-param name="value" select="@value"/>
        <xsl:with-param name="type" select="'number'"/>
        <xsl:with-param name="max" select="100"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="concat(@n, '_label_nl')"/>
        <xsl:with-param name="label" select="i:t('templates.edit.label_nl')"/>
        <xsl:with-param name="value" select="@label-nl"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="concat(@n, '_label_en')"/>
        <xsl:with-param name="label" select="i:t('templates.edit.label_en')"/>
        <xsl:with-param name="value" select="@label-en"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="concat(@n, '_desc_nl')"/>
        <xsl:with-param name="label" select="i:t('templates.edit.desc_nl')"/>
        <xsl:with-param name="value" select="@desc-nl"/>
        <xsl:with-param name="type" select="'textarea'"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="concat(@n, '_desc_en')"/>
        <xsl:with-param name="label" select="i:t('templates.edit.desc_en')"/>
        <xsl:with-param name="value" select="@desc-en"/>
        <xsl:with-param name="type" select="'textarea'"/>
      </xsl:call-template>
      <div class="form-actions">
        <xsl:call-template name="button">
          <xsl:with-param name="op" select="concat('del_level_', ../@i, '_', @i)"/>
          <xsl:with-param name="label" select="i:t('templates.edit.del_level')"/>
        </xsl:call-template>
      </div>
    </fieldset>
  </xsl:template>

  <xsl:template name="rules">
    <fieldset class="section">
      <legend><xsl:value-of select="i:t('templates.rules')"/></legend>
      <p><xsl:value-of select="i:t('templates.edit.rules_intro')"/></p>
      <xsl:call-template name="checkbox">
        <xsl:with-param name="name" select="'rule_org_goal'"/>
        <xsl:with-param name="label" select="i:t('templates.rule.org-goal')"/>
        <xsl:with-param name="checked" select="$e/@rule_org_goal"/>
      </xsl:call-template>
      <xsl:call-template name="checkbox">
        <xsl:with-param name="name" select="'rule_measure'"/>
        <xsl:with-param name="label" select="i:t('templates.rule.measure')"/>
        <xsl:with-param name="checked" select="$e/@rule_measure"/>
      </xsl:call-template>
      <xsl:call-template name="checkbox">
        <xsl:with-param name="name" select="'rule_end_date'"/>
        <xsl:with-param name="label" select="i:t('templates.rule.end-date')"/>
        <xsl:with-param name="checked" select="$e/@rule_end_date"/>
      </xsl:call-template>
      <div id="e-weights">
        <xsl:attribute name="class">field<xsl:if test="$e/error[@field = 'weights']"> field-invalid</xsl:if></xsl:attribute>
        <p><xsl:value-of select="i:t('templates.edit.weights_intro')"/></p>
        <xsl:call-template name="error"><xsl:with-param name="name" select="'weights'"/></xsl:call-template>
      </div>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="'w_result_goals'"/>
        <xsl:with-param name="label" select="i:t('templates.part.result_goals')"/>
        <xsl:with-param name="value" select="$e/@w_result_goals"/>
        <xsl:with-param name="type" select="'number'"/>
        <xsl:with-param name="max" select="100"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="'w_competences'"/>
        <xsl:with-param name="label" select="i:t('templates.part.competences')"/>
        <xsl:with-param name="value" select="$e/@w_competences"/>
        <xsl:with-param name="type" select="'number'"/>
        <xsl:with-param name="max" select="100"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="'w_rating_questions'"/>
        <xsl:with-param name="label" select="i:t('templates.part.rating_questions')"/>
        <xsl:with-param name="value" select="$e/@w_rating_questions"/>
        <xsl:with-param name="type" select="'number'"/>
        <xsl:with-param name="max" select="100"/>
      </xsl:call-template>
      <xsl:call-template name="scale-select">
        <xsl:with-param name="name" select="'final_scale'"/>
        <xsl:with-param name="label" select="i:t('templates.final_scale')"/>
        <xsl:with-param name="value" select="$e/@final-scale"/>
      </xsl:call-template>
      <xsl:call-template name="checkbox">
        <xsl:with-param name="name" select="'second_assessor'"/>
        <xsl:with-param name="label" select="i:t('templates.second_assessor')"/>
        <xsl:with-param name="checked" select="$e/@second_assessor"/>
      </xsl:call-template>
    </fieldset>
  </xsl:template>

  <xsl:template match="form">
    <fieldset class="section" id="e-{@n}">
      <legend><xsl:value-of select="i:t(concat('conversation.type.', @type))"/></legend>
      <xsl:call-template name="error"><xsl:with-param name="name" select="@n"/></xsl:call-template>
      <xsl:if test="not(section)">
        <p class="empty"><xsl:value-of select="i:t('templates.edit.no_form')"/></p>
      </xsl:if>
      <xsl:apply-templates select="section"/>
      <xsl:if test="count(section) &lt; $e/@sections-max">
        <div class="form-actions">
          <xsl:call-template name="button">
            <xsl:with-param name="op" select="concat('add_section_', @i)"/>
            <xsl:with-param name="label" select="i:t('templates.edit.add_section')"/>
          </xsl:call-template>
        </div>
      </xsl:if>
    </fieldset>
  </xsl:template>

  <xsl:template match="section">
    <xsl:variable name="n" select="@n"/>
    <xsl:variable name="kind" select="@kind"/>
    <!-- The goal setting's result goals cannot be switched off (issue 16). -->
    <xsl:variable name="fixed" select="../@type = 'goal_setting' and @kind = 'result_goals'"/>
    <fieldset class="template-section">
      <legend>
        <xsl:value-of select="i:t('templates.edit.section')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="@i"/>
      </legend>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="concat($n, '_key')"/>
        <xsl:with-param name="label" select="i:t('templates.edit.section_key')"/>
        <xsl:with-param name="value" select="@key"/>
      </xsl:call-template>
      <div>
        <xsl:attribute name="class">field<xsl:if test="$e/error[@field = concat($n, '_kind')]"> field-invalid</xsl:if></xsl:attribute>
        <label for="e-{$n}_kind"><xsl:value-of select="i:t('templates.edit.kind')"/></label>
        <xsl:call-template name="error"><xsl:with-param name="name" select="concat($n, '_kind')"/></xsl:call-template>
        <select id="e-{$n}_kind" name="{$n}_kind">
          <xsl:call-template name="invalid-attrs"><xsl:with-param name="name" select="concat($n, '_kind')"/></xsl:call-template>
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="$kinds"/>
            <xsl:with-param name="prefix" select="'templates.kind.'"/>
            <xsl:with-param name="value" select="$kind"/>
            <xsl:with-param name="fixed" select="$fixed"/>
          </xsl:call-template>
        </select>
      </div>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="concat($n, '_title_nl')"/>
        <xsl:with-param name="label" select="i:t('templates.edit.title_nl')"/>
        <xsl:with-param name="value" select="@title-nl"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="concat($n, '_title_en')"/>
        <xsl:with-param name="label" select="i:t('templates.edit.title_en')"/>
        <xsl:with-param name="value" select="@title-en"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="concat($n, '_guid_nl')"/>
        <xsl:with-param name="label" select="i:t('templates.edit.guid_nl')"/>
        <xsl:with-param name="value" select="@guid-nl"/>
        <xsl:with-param name="type" select="'textarea'"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="concat($n, '_guid_en')"/>
        <xsl:with-param name="label" select="i:t('templates.edit.guid_en')"/>
        <xsl:with-param name="value" select="@guid-en"/>
        <xsl:with-param name="type" select="'textarea'"/>
      </xsl:call-template>
      <div class="field">
        <label for="e-{$n}_who"><xsl:value-of select="i:t('templates.edit.who')"/></label>
        <xsl:call-template name="error"><xsl:with-param name="name" select="concat($n, '_who')"/></xsl:call-template>
        <select id="e-{$n}_who" name="{$n}_who">
          <xsl:call-template name="options">
            <xsl:with-param name="list" select="'employee manager both '"/>
            <xsl:with-param name="prefix" select="'templates.who.'"/>
            <xsl:with-param name="value" select="@who"/>
            <xsl:with-param name="fixed" select="false()"/>
          </xsl:call-template>
        </select>
      </div>
      <xsl:call-template name="checkbox">
        <xsl:with-param name="name" select="concat($n, '_required')"/>
        <xsl:with-param name="label" select="i:t('templates.required')"/>
        <xsl:with-param name="checked" select="@required"/>
      </xsl:call-template>
      <xsl:call-template name="checkbox">
        <xsl:with-param name="name" select="concat($n, '_self')"/>
        <xsl:with-param name="label" select="i:t('templates.self_assessment')"/>
        <xsl:with-param name="checked" select="@self"/>
      </xsl:call-template>
      <xsl:call-template name="scale-select">
        <xsl:with-param name="name" select="concat($n, '_scale')"/>
        <xsl:with-param name="label" select="i:t('templates.scale')"/>
        <xsl:with-param name="value" select="@scale"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="concat($n, '_below')"/>
        <xsl:with-param name="label" select="i:t('templates.explain_below')"/>
        <xsl:with-param name="value" select="@below"/>
        <xsl:with-param name="type" select="'number'"/>
        <xsl:with-param name="max" select="100"/>
      </xsl:call-template>
      <div class="form-actions">
        <xsl:if test="preceding-sibling::section">
          <xsl:call-template name="button">
            <xsl:with-param name="op" select="concat('up_', ../@i, '_', @i)"/>
            <xsl:with-param name="label" select="i:t('templates.edit.up')"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:if test="following-sibling::section">
          <xsl:call-template name="button">
            <xsl:with-param name="op" select="concat('down_', ../@i, '_', @i)"/>
            <xsl:with-param name="label" select="i:t('templates.edit.down')"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:if test="not($fixed)">
          <xsl:call-template name="button">
            <xsl:with-param name="op" select="concat('del_section_', ../@i, '_', @i)"/>
            <xsl:with-param name="label" select="i:t('templates.edit.del_section')"/>
          </xsl:call-template>
        </xsl:if>
      </div>
    </fieldset>
  </xsl:template>

  <!-- A labelled choice of the words of $list (texts: $prefix + word). -->
  <xsl:template name="select">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="list"/>
    <xsl:param name="prefix"/>
    <xsl:param name="value"/>
    <div>
      <xsl:attribute name="class">field<xsl:if test="$e/error[@field = $name]"> field-invalid</xsl:if></xsl:attribute>
      <label for="e-{$name}"><xsl:value-of select="$label"/></label>
      <xsl:call-template name="error"><xsl:with-param name="name" select="$name"/></xsl:call-template>
      <select id="e-{$name}" name="{$name}">
        <xsl:call-template name="invalid-attrs"><xsl:with-param name="name" select="$name"/></xsl:call-template>
        <xsl:call-template name="options">
          <xsl:with-param name="list" select="$list"/>
          <xsl:with-param name="prefix" select="$prefix"/>
          <xsl:with-param name="value" select="$value"/>
          <xsl:with-param name="fixed" select="false()"/>
        </xsl:call-template>
      </select>
    </div>
  </xsl:template>

  <!-- The feedback round (issue 17): whether the version has one, its
       settings, and its questions with their buttons. -->
  <xsl:template match="feedback">
    <fieldset class="section" id="e-feedback">
      <legend><xsl:value-of select="i:t('templates.edit.feedback')"/></legend>
      <p><xsl:value-of select="i:t('templates.edit.feedback_intro')"/></p>
      <xsl:call-template name="checkbox">
        <xsl:with-param name="name" select="'fb_enabled'"/>
        <xsl:with-param name="label" select="i:t('templates.edit.fb_enabled')"/>
        <xsl:with-param name="checked" select="@enabled"/>
      </xsl:call-template>
      <xsl:call-template name="select">
        <xsl:with-param name="name" select="'fb_conversation'"/>
        <xsl:with-param name="label" select="i:t('templates.edit.fb_conversation')"/>
        <xsl:with-param name="list" select="'goal_setting progress assessment '"/>
        <xsl:with-param name="prefix" select="'conversation.type.'"/>
        <xsl:with-param name="value" select="@conversation"/>
      </xsl:call-template>
      <xsl:call-template name="select">
        <xsl:with-param name="name" select="'fb_invited_by'"/>
        <xsl:with-param name="label" select="i:t('feedback.invited_by')"/>
        <xsl:with-param name="list" select="'employee manager both '"/>
        <xsl:with-param name="prefix" select="'feedback.invited_by.'"/>
        <xsl:with-param name="value" select="@invited_by"/>
      </xsl:call-template>
      <xsl:call-template name="select">
        <xsl:with-param name="name" select="'fb_anonymity'"/>
        <xsl:with-param name="label" select="i:t('feedback.anonymity')"/>
        <xsl:with-param name="list" select="'anonymous named '"/>
        <xsl:with-param name="prefix" select="'feedback.anonymity.'"/>
        <xsl:with-param name="value" select="@anonymity"/>
      </xsl:call-template>
      <div>
        <xsl:attribute name="class">field<xsl:if test="$e/error[@field = 'fb_threshold']"> field-invalid</xsl:if></xsl:attribute>
        <label for="e-fb_threshold"><xsl:value-of select="i:t('templates.edit.fb_threshold')"/></label>
        <xsl:call-template name="error"><xsl:with-param name="name" select="'fb_threshold'"/></xsl:call-template>
        <input type="number" id="e-fb_threshold" name="fb_threshold" value="{@threshold}"
               min="{@threshold-min}" max="{@threshold-max}">
          <xsl:call-template name="invalid-attrs"><xsl:with-param name="name" select="'fb_threshold'"/></xsl:call-template>
        </input>
      </div>
      <xsl:call-template name="select">
        <xsl:with-param name="name" select="'fb_sees'"/>
        <xsl:with-param name="label" select="i:t('feedback.employee_sees')"/>
        <xsl:with-param name="list" select="'always after_conversation never '"/>
        <xsl:with-param name="prefix" select="'feedback.employee_sees.'"/>
        <xsl:with-param name="value" select="@sees"/>
      </xsl:call-template>
      <div id="e-fb_questions">
        <xsl:attribute name="class">field<xsl:if test="$e/error[@field = 'fb_questions']"> field-invalid</xsl:if></xsl:attribute>
        <p><xsl:value-of select="i:t('templates.edit.fb_questions_intro')"/></p>
        <xsl:call-template name="error"><xsl:with-param name="name" select="'fb_questions'"/></xsl:call-template>
      </div>
      <xsl:apply-templates select="question"/>
      <xsl:if test="count(question) &lt; @questions-max">
        <div class="form-actions">
          <xsl:call-template name="button">
            <xsl:with-param name="op" select="'add_question'"/>
            <xsl:with-param name="label" select="i:t('templates.edit.add_question')"/>
          </xsl:call-template>
        </div>
      </xsl:if>
    </fieldset>
  </xsl:template>

  <xsl:template match="feedback/question">
    <xsl:variable name="n" select="@n"/>
    <fieldset class="template-section">
      <legend>
        <xsl:value-of select="i:t('templates.edit.question')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="@i"/>
      </legend>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="concat($n, '_key')"/>
        <xsl:with-param name="label" select="i:t('templates.edit.question_key')"/>
        <xsl:with-param name="value" select="@key"/>
      </xsl:call-template>
      <xsl:call-template name="select">
        <xsl:with-param name="name" select="concat($n, '_kind')"/>
        <xsl:with-param name="label" select="i:t('templates.edit.kind')"/>
        <xsl:with-param name="list" select="'open rating '"/>
        <xsl:with-param name="prefix" select="'templates.edit.fb_kind.'"/>
        <xsl:with-param name="value" select="@kind"/>
      </xsl:call-template>
      <xsl:call-template name="scale-select">
        <xsl:with-param name="name" select="concat($n, '_scale')"/>
        <xsl:with-param name="label" select="i:t('templates.edit.fb_scale')"/>
        <xsl:with-param name="value" select="@scale"/>
        <xsl:with-param name="empty" select="'templates.edit.fb_no_scale'"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="concat($n, '_title_nl')"/>
        <xsl:with-param name="label" select="i:t('templates.edit.title_nl')"/>
        <xsl:with-param name="value" select="@title-nl"/>
      </xsl:call-template>
      <xsl:call-template name="input">
        <xsl:with-param name="name" select="concat($n, '_title_en')"/>
        <xsl:with-param name="label" select="i:t('templates.edit.title_en')"/>
        <xsl:with-param name="value" select="@title-en"/>
      </xsl:call-template>
      <div class="form-actions">
        <xsl:if test="preceding-sibling::question">
          <xsl:call-template name="button">
            <xsl:with-param name="op" select="concat('up_question_', @i)"/>
            <xsl:with-param name="label" select="i:t('templates.edit.up')"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:if test="following-sibling::question">
          <xsl:call-template name="button">
            <xsl:with-param name="op" select="concat('down_question_', @i)"/>
            <xsl:with-param name="label" select="i:t('templates.edit.down')"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:call-template name="button">
          <xsl:with-param name="op" select="concat('del_question_', @i)"/>
          <xsl:with-param name="label" select="i:t('templates.edit.del_question')"/>
        </xsl:call-template>
      </div>
    </fieldset>
  </xsl:template>

  <!-- One option per word of $list (its text: $prefix + word); fixed: only
       the chosen one (the goal setting's result goals keep their kind). -->
  <xsl:template name="options">
    <xsl:param name="list"/>
    <xsl:param name="prefix"/>
    <xsl:param name="value"/>
    <xsl:param name="fixed"/>
    <xsl:if test="$list != ''">
      <xsl:variable name="k" select="substring-before($list, ' ')"/>
      <xsl:if test="not($fixed) or $k = $value">
        <option value="{$k}">
          <xsl:if test="$k = $value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
          <xsl:value-of select="i:t(concat($prefix, $k))"/>
        </option>
      </xsl:if>
      <xsl:call-template name="options">
        <xsl:with-param name="list" select="substring-after($list, ' ')"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="value" select="$value"/>
        <xsl:with-param name="fixed" select="$fixed"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
