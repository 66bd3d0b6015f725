<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_employee_new.xsl - GET /admin/employees/new and a refused
  POST /admin/employees: the form for a new employee.
  Input: /page/employee-new, /page/form[@name='employee'] (typed values and
  errors), /page/department_tree (the bounded department choice,
  xslt/dept_choice.xsl).  The field templates are those of
  admin_employee.xsl without a stored employee.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>
  <xsl:include href="dept_choice.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="pad" select="'&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;'"/>
  <!-- no stored employee: every field starts empty -->
  <xsl:variable name="e" select="/page/employee"/>
  <xsl:variable name="f" select="/page/form[@name='employee']"/>
  <xsl:variable name="conflict" select="false()"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('admin.employee.new.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p><a href="/admin/employees"><xsl:value-of select="i:t('admin.employee.back')"/></a></p>
      <h1><xsl:value-of select="i:t('admin.employee.new.title')"/></h1>
      <p class="lead"><xsl:value-of select="i:t('admin.employee.new.intro')"/></p>
    </div>
    <xsl:if test="$f/@error = '1'">
      <div class="alert alert-error" role="alert">
        <p><xsl:value-of select="i:t('form.error.summary')"/></p>
      </div>
    </xsl:if>
    <xsl:call-template name="dept-search-form">
      <xsl:with-param name="form-id" select="'dept-search'"/>
      <xsl:with-param name="action" select="'/admin/employees/new#f-department'"/>
    </xsl:call-template>
    <form method="post" action="/admin/employees" class="form">
      <xsl:call-template name="csrf-input"/>
      <xsl:call-template name="employee-fields"/>
      <div class="form-actions">
        <button type="submit" class="button button-primary">
          <xsl:value-of select="i:t('admin.employee.create')"/>
        </button>
        <a href="/admin/employees"><xsl:value-of select="i:t('admin.employee.cancel')"/></a>
      </div>
    </form>
  </xsl:template>

  <!-- ============================================================ form -->

  <xsl:template name="employee-fields">
    <xsl:call-template name="text-field">
      <xsl:with-param name="name" select="'login'"/>
      <xsl:with-param name="stored" select="string($e/@login)"/>
      <xsl:with-param name="maxlength" select="64"/>
      <xsl:with-param name="hint" select="true()"/>
      <xsl:with-param name="required" select="true()"/>
    </xsl:call-template>
    <xsl:call-template name="text-field">
      <xsl:with-param name="name" select="'name'"/>
      <xsl:with-param name="stored" select="string($e/@name)"/>
      <xsl:with-param name="maxlength" select="200"/>
      <xsl:with-param name="required" select="true()"/>
    </xsl:call-template>
    <xsl:call-template name="text-field">
      <xsl:with-param name="name" select="'email'"/>
      <xsl:with-param name="type" select="'email'"/>
      <xsl:with-param name="stored" select="string($e/@email)"/>
      <xsl:with-param name="maxlength" select="254"/>
    </xsl:call-template>
    <xsl:call-template name="department-field"/>
    <xsl:call-template name="text-field">
      <xsl:with-param name="name" select="'manager'"/>
      <xsl:with-param name="stored" select="string($e/@manager)"/>
      <xsl:with-param name="maxlength" select="64"/>
      <xsl:with-param name="hint" select="true()"/>
    </xsl:call-template>
    <xsl:call-template name="hr-field"/>
  </xsl:template>

  <!-- the value shown: as typed after a refused POST, else as stored -->
  <xsl:template name="value-of">
    <xsl:param name="name"/>
    <xsl:param name="stored"/>
    <xsl:choose>
      <xsl:when test="$f"><xsl:value-of select="$f/field[@name=$name]/@value"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$stored"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="text-field">
    <xsl:param name="name"/>
    <xsl:param name="stored"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="maxlength"/>
    <xsl:param name="hint" select="false()"/>
    <xsl:param name="required" select="false()"/>
    <xsl:variable name="value">
      <xsl:call-template name="value-of">
        <xsl:with-param name="name" select="$name"/>
        <xsl:with-param name="stored" select="$stored"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="error" select="string($f/field[@name=$name]/@error)"/>
    <div>
      <xsl:attribute name="class">field<xsl:if test="$error != ''"> field-invalid</xsl:if></xsl:attribute>
      <label for="f-{$name}"><xsl:value-of select="i:t(concat('admin.employee.field.', $name))"/></label>
      <xsl:if test="$hint">
        <span class="field-help" id="f-{$name}-hint">
          <xsl:value-of select="i:t(concat('admin.employee.field.', $name, '.hint'))"/>
        </span>
      </xsl:if>
      <xsl:if test="$error != ''">
        <span class="field-error" id="f-{$name}-error"><xsl:call-template name="error-text"><xsl:with-param name="error" select="$error"/><xsl:with-param name="max" select="string($f/field[@name=$name]/@max)"/></xsl:call-template></span>
      </xsl:if>
      <input type="{$type}" id="f-{$name}" name="{$name}" value="{$value}" maxlength="{$maxlength}"
             autocomplete="off" spellcheck="false">
        <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
        <xsl:call-template name="aria">
          <xsl:with-param name="name" select="$name"/>
          <xsl:with-param name="error" select="$error"/>
          <xsl:with-param name="hint" select="$hint"/>
        </xsl:call-template>
      </input>
      <xsl:call-template name="stored-note">
        <xsl:with-param name="typed" select="string($value)"/>
        <xsl:with-param name="stored" select="$stored"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <xsl:template name="aria">
    <xsl:param name="name"/>
    <xsl:param name="error"/>
    <xsl:param name="hint" select="false()"/>
    <xsl:if test="$error != ''">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
    </xsl:if>
    <xsl:if test="$error != '' or $hint">
      <xsl:attribute name="aria-describedby">
        <xsl:if test="$error != ''">f-<xsl:value-of select="$name"/>-error</xsl:if>
        <xsl:if test="$error != '' and $hint"><xsl:text> </xsl:text></xsl:if>
        <xsl:if test="$hint">f-<xsl:value-of select="$name"/>-hint</xsl:if>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- after a conflict: the stored value beside a typed one that differs -->
  <xsl:template name="stored-note">
    <xsl:param name="typed"/>
    <xsl:param name="stored"/>
    <xsl:param name="shown" select="$stored"/>
    <xsl:if test="$conflict and $typed != $stored">
      <span class="field-help">
        <xsl:value-of select="i:t('admin.employee.conflict.stored')"/>
        <xsl:text>: </xsl:text>
        <xsl:choose>
          <xsl:when test="string($shown) != ''"><xsl:value-of select="$shown"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="i:t('admin.org.none')"/></xsl:otherwise>
        </xsl:choose>
      </span>
    </xsl:if>
  </xsl:template>

  <xsl:template name="department-field">
    <xsl:variable name="value">
      <xsl:call-template name="value-of">
        <xsl:with-param name="name" select="'department'"/>
        <xsl:with-param name="stored" select="string($e/@department)"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="error" select="string($f/field[@name='department']/@error)"/>
    <div>
      <xsl:attribute name="class">field<xsl:if test="$error != ''"> field-invalid</xsl:if></xsl:attribute>
      <label for="f-department"><xsl:value-of select="i:t('admin.employee.field.department')"/></label>
      <xsl:if test="$error != ''">
        <span class="field-error" id="f-department-error"><xsl:value-of select="i:t($error)"/></span>
      </xsl:if>
      <select id="f-department" name="department">
        <xsl:call-template name="aria">
          <xsl:with-param name="name" select="'department'"/>
          <xsl:with-param name="error" select="$error"/>
        </xsl:call-template>
        <option value=""><xsl:value-of select="i:t('admin.employee.field.department.none')"/></option>
        <xsl:call-template name="dept-options">
          <xsl:with-param name="selected" select="string($value)"/>
          <xsl:with-param name="selected-name">
            <xsl:if test="string($value) = '-'"><xsl:value-of select="''"/></xsl:if>
          </xsl:with-param>
        </xsl:call-template>
      </select>
      <xsl:call-template name="stored-note">
        <xsl:with-param name="typed" select="string($value)"/>
        <xsl:with-param name="stored" select="string($e/@department)"/>
        <xsl:with-param name="shown" select="string($e/@department-name)"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <xsl:template name="hr-field">
    <xsl:variable name="checked" select="($f and string($f/field[@name='hr']/@value) != '') or (not($f) and $e/@hr = '1')"/>
    <div class="field">
      <label for="f-hr">
        <input type="checkbox" id="f-hr" name="hr" value="1">
          <xsl:if test="$checked"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        </input>
        <xsl:text> </xsl:text>
        <xsl:value-of select="i:t('admin.employee.field.hr')"/>
      </label>
      <xsl:if test="$conflict and $checked != ($e/@hr = '1')">
        <span class="field-help">
          <xsl:value-of select="i:t('admin.employee.conflict.stored')"/>
          <xsl:text>: </xsl:text>
          <xsl:choose>
            <xsl:when test="$e/@hr = '1'"><xsl:value-of select="i:t('role.hr')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="i:t('admin.org.none')"/></xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:if>
    </div>
  </xsl:template>

</xsl:stylesheet>
