<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_cycle_new.xsl - GET /admin/cycles/new and a refused POST /admin/cycles
  (HR): the form of a new cycle with its rating scale and schedule.
  Input: /page/cycle-new/defaults/@{name, starts_on, ends_on, scale} with
  step/@{seq, type, due_on} (the proposal), cycle-new/slots/slot/@n (the
  schedule rows), and after a refused POST cycle-new/form[@name='cycle']
  with field/@{name, value, error}: then every value comes from the form.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>
  <xsl:include href="admin_parts.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('admin.cycle.new.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <xsl:variable name="form" select="cycle-new/form[@name = 'cycle']"/>
    <xsl:variable name="d" select="cycle-new/defaults"/>
    <p class="back-link"><a href="/admin/cycles"><xsl:value-of select="i:t('admin.cycles.back')"/></a></p>
    <div class="page-head">
      <h1><xsl:value-of select="i:t('admin.cycle.new.title')"/></h1>
      <p class="lead"><xsl:value-of select="i:t('admin.cycle.new.intro')"/></p>
    </div>
    <form method="post" action="/admin/cycles" class="form">
      <xsl:call-template name="csrf-input"/>
      <xsl:if test="$form/@error = '1'">
        <div class="alert alert-error" role="alert">
          <p><xsl:value-of select="i:t('form.error.summary')"/></p>
        </div>
      </xsl:if>
      <xsl:call-template name="f-input">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="label" select="i:t('admin.cycle.field.name')"/>
        <xsl:with-param name="hint" select="i:t('admin.cycle.field.name.hint')"/>
        <xsl:with-param name="default" select="$d/@name"/>
        <xsl:with-param name="maxlength" select="'100'"/>
      </xsl:call-template>
      <xsl:call-template name="f-input">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name" select="'starts_on'"/>
        <xsl:with-param name="label" select="i:t('admin.cycle.field.starts_on')"/>
        <xsl:with-param name="hint" select="i:t('admin.cycle.field.date.hint')"/>
        <xsl:with-param name="default" select="$d/@starts_on"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <xsl:call-template name="f-input">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name" select="'ends_on'"/>
        <xsl:with-param name="label" select="i:t('admin.cycle.field.ends_on')"/>
        <xsl:with-param name="hint" select="i:t('admin.cycle.field.date.hint')"/>
        <xsl:with-param name="default" select="$d/@ends_on"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <xsl:call-template name="f-input">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name" select="'scale'"/>
        <xsl:with-param name="label" select="i:t('admin.cycle.field.scale')"/>
        <xsl:with-param name="hint" select="i:t('admin.cycle.field.scale.hint')"/>
        <xsl:with-param name="default" select="$d/@scale"/>
      </xsl:call-template>
      <fieldset>
        <legend><xsl:value-of select="i:t('admin.cycle.schedule')"/></legend>
        <p class="form-hint"><xsl:value-of select="i:t('admin.cycle.schedule.hint')"/></p>
        <xsl:call-template name="schedule-table">
          <xsl:with-param name="form" select="$form"/>
          <xsl:with-param name="slots" select="cycle-new/slots"/>
          <xsl:with-param name="steps" select="$d/step"/>
        </xsl:call-template>
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="button button-primary">
          <xsl:value-of select="i:t('admin.cycle.create')"/>
        </button>
        <a href="/admin/cycles"><xsl:value-of select="i:t('admin.cycle.cancel')"/></a>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
