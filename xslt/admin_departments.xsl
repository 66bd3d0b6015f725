<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_departments.xsl - GET /admin/departments and a refused
  POST /admin/departments: the department tree and a form for a new one.
  Input: /page/departments (nested department(@id, @name, @employees);
  @more when not all are shown), /page/form[@name='department'] (name,
  parent as typed, with errors).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="pad" select="'&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;'"/>
  <xsl:variable name="f" select="/page/form[@name='department']"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('admin.departments.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p><a href="/admin"><xsl:value-of select="i:t('admin.org.back')"/></a></p>
      <h1><xsl:value-of select="i:t('admin.departments.title')"/></h1>
      <p class="lead"><xsl:value-of select="i:t('admin.departments.intro')"/></p>
    </div>

    <section class="section" aria-labelledby="tree-title">
      <h2 id="tree-title"><xsl:value-of select="i:t('admin.departments.tree')"/></h2>
      <xsl:choose>
        <xsl:when test="departments/department">
          <ul class="tree">
            <xsl:apply-templates select="departments/department"/>
          </ul>
          <xsl:if test="departments/@more = '1'">
            <p class="muted"><xsl:value-of select="i:t('admin.departments.more')"/></p>
          </xsl:if>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('admin.departments.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>

    <section class="section" aria-labelledby="new-title">
      <h2 id="new-title"><xsl:value-of select="i:t('admin.departments.new')"/></h2>
      <xsl:if test="$f/@error = '1'">
        <div class="alert alert-error" role="alert">
          <p><xsl:value-of select="i:t('form.error.summary')"/></p>
        </div>
      </xsl:if>
      <form method="post" action="/admin/departments" class="form">
        <xsl:call-template name="csrf-input"/>
        <xsl:call-template name="name-field"/>
        <xsl:call-template name="parent-field"/>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            <xsl:value-of select="i:t('admin.departments.create')"/>
          </button>
        </div>
      </form>
    </section>
  </xsl:template>

  <xsl:template match="department">
    <li>
      <a href="/admin/departments/{@id}"><xsl:value-of select="@name"/></a>
      <xsl:text> </xsl:text>
      <span class="muted">
        <xsl:text>(</xsl:text>
        <xsl:value-of select="@employees"/>
        <xsl:text> </xsl:text>
        <!-- "1 actieve medewerker", "2 actieve medewerkers" (and 0: plural) -->
        <xsl:choose>
          <xsl:when test="@employees = 1">
            <xsl:value-of select="i:t('admin.departments.employees.one')"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="i:t('admin.departments.employees')"/>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:text>)</xsl:text>
      </span>
      <xsl:if test="department">
        <ul>
          <xsl:apply-templates select="department"/>
        </ul>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template name="name-field">
    <xsl:variable name="error" select="string($f/field[@name='name']/@error)"/>
    <div>
      <xsl:attribute name="class">field<xsl:if test="$error != ''"> field-invalid</xsl:if></xsl:attribute>
      <label for="f-name"><xsl:value-of select="i:t('admin.department.field.name')"/></label>
      <xsl:if test="$error != ''">
        <span class="field-error" id="f-name-error"><xsl:call-template name="error-text"><xsl:with-param name="error" select="$error"/><xsl:with-param name="max" select="string($f/field[@name='name']/@max)"/></xsl:call-template></span>
      </xsl:if>
      <input type="text" id="f-name" name="name" value="{$f/field[@name='name']/@value}"
             maxlength="200" required="required">
        <xsl:if test="$error != ''">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby">f-name-error</xsl:attribute>
        </xsl:if>
      </input>
    </div>
  </xsl:template>

  <xsl:template name="parent-field">
    <xsl:variable name="error" select="string($f/field[@name='parent']/@error)"/>
    <xsl:variable name="value" select="string($f/field[@name='parent']/@value)"/>
    <div>
      <xsl:attribute name="class">field<xsl:if test="$error != ''"> field-invalid</xsl:if></xsl:attribute>
      <label for="f-parent"><xsl:value-of select="i:t('admin.department.field.parent')"/></label>
      <xsl:if test="$error != ''">
        <span class="field-error" id="f-parent-error"><xsl:value-of select="i:t($error)"/></span>
      </xsl:if>
      <select id="f-parent" name="parent">
        <xsl:if test="$error != ''">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby">f-parent-error</xsl:attribute>
        </xsl:if>
        <option value=""><xsl:value-of select="i:t('admin.department.field.parent.none')"/></option>
        <xsl:for-each select="/page/departments//department">
          <option value="{@id}">
            <xsl:if test="string(@id) = $value">
              <xsl:attribute name="selected">selected</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="substring($pad, 1, 2 * count(ancestor::department))"/>
            <xsl:value-of select="@name"/>
          </option>
        </xsl:for-each>
      </select>
    </div>
  </xsl:template>

</xsl:stylesheet>
