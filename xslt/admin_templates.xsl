<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_templates.xsl - GET /admin/templates (HR) and POST
  /admin/templates/import: the form templates and the import of a template
  file (dry run or for real).
  Input: /page/templates/template/@{id, key, name-nl, name-en, versions,
  default, in-use}; after a refused import /page/template-refused/@{line,
  reason}; after a dry run /page/template-dry-run/@{key, number, new} with
  the template read (admin_template.xsl's shape);
  /page/form[@name='template-import'] (mode, file errors).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="f" select="/page/form[@name='template-import']"/>
  <xsl:variable name="file-error" select="$f/field[@name='file']/@error"/>
  <xsl:variable name="mode-error" select="$f/field[@name='mode']/@error"/>
  <xsl:variable name="mode" select="$f/field[@name='mode']/@value"/>
  <xsl:variable name="en" select="/page/@lang = 'en'"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('templates.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p><a href="/admin"><xsl:value-of select="i:t('admin.org.back')"/></a></p>
      <h1><xsl:value-of select="i:t('templates.title')"/></h1>
      <p class="lead"><xsl:value-of select="i:t('templates.intro')"/></p>
    </div>
    <p><a href="/admin/templates/new" class="button button-primary"><xsl:value-of select="i:t('templates.new')"/></a></p>
    <xsl:apply-templates select="template-refused"/>
    <xsl:apply-templates select="template-dry-run"/>

    <section class="section" aria-labelledby="list-title">
      <h2 id="list-title"><xsl:value-of select="i:t('templates.list')"/></h2>
      <xsl:choose>
        <xsl:when test="templates/template">
          <div class="table-wrap">
          <table class="list stack">
            <caption class="visually-hidden"><xsl:value-of select="i:t('templates.list')"/></caption>
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="i:t('templates.col.name')"/></th>
                <th scope="col"><xsl:value-of select="i:t('templates.col.key')"/></th>
                <th scope="col" class="num"><xsl:value-of select="i:t('templates.col.version')"/></th>
                <th scope="col" class="num"><xsl:value-of select="i:t('templates.col.in_use')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="templates/template"/>
            </tbody>
          </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('templates.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>

    <section class="section" aria-labelledby="import-title">
      <h2 id="import-title"><xsl:value-of select="i:t('templates.import')"/></h2>
      <p><xsl:value-of select="i:t('templates.import.intro')"/></p>
      <xsl:if test="$f/@error = '1'">
        <div class="alert alert-error" role="alert">
          <p><xsl:value-of select="i:t('form.error.summary')"/></p>
        </div>
      </xsl:if>
      <form method="post" action="/admin/templates/import" enctype="multipart/form-data" class="form">
        <xsl:call-template name="csrf-input"/>
        <div>
          <xsl:attribute name="class">field<xsl:if test="$file-error != ''"> field-invalid</xsl:if></xsl:attribute>
          <label for="t-file"><xsl:value-of select="i:t('templates.field.file')"/></label>
          <xsl:if test="$file-error != ''">
            <span class="field-error" id="t-file-error"><xsl:value-of select="i:t($file-error)"/></span>
          </xsl:if>
          <input type="file" id="t-file" name="file" required="required"
                 accept=".xml,application/xml,text/xml">
            <xsl:if test="$file-error != ''">
              <xsl:attribute name="aria-invalid">true</xsl:attribute>
              <xsl:attribute name="aria-describedby">t-file-error</xsl:attribute>
            </xsl:if>
          </input>
        </div>
        <fieldset>
          <legend><xsl:value-of select="i:t('import.field.mode')"/></legend>
          <xsl:if test="$mode-error != ''">
            <span class="field-error"><xsl:value-of select="i:t($mode-error)"/></span>
          </xsl:if>
          <div class="field">
            <label for="t-mode-dry">
              <input type="radio" id="t-mode-dry" name="mode" value="dry-run">
                <xsl:if test="$mode != 'apply'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input>
              <xsl:text> </xsl:text>
              <xsl:value-of select="i:t('templates.mode.dry_run')"/>
            </label>
          </div>
          <div class="field">
            <label for="t-mode-apply">
              <input type="radio" id="t-mode-apply" name="mode" value="apply">
                <xsl:if test="$mode = 'apply'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input>
              <xsl:text> </xsl:text>
              <xsl:value-of select="i:t('templates.mode.apply')"/>
            </label>
          </div>
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            <xsl:value-of select="i:t('import.submit')"/>
          </button>
        </div>
      </form>
    </section>
  </xsl:template>

  <xsl:template match="templates/template">
    <tr>
      <th scope="row">
        <a href="/admin/templates/{@id}">
          <xsl:choose>
            <xsl:when test="$en and @name-en"><xsl:value-of select="@name-en"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="@name-nl"/></xsl:otherwise>
          </xsl:choose>
        </a>
        <xsl:if test="@default = '1'">
          <xsl:text> </xsl:text>
          <span class="badge"><xsl:value-of select="i:t('templates.default')"/></span>
        </xsl:if>
      </th>
      <td data-label="{i:t('templates.col.key')}"><code><xsl:value-of select="@key"/></code></td>
      <td data-label="{i:t('templates.col.version')}" class="num"><xsl:value-of select="@versions"/></td>
      <td data-label="{i:t('templates.col.in_use')}" class="num"><xsl:value-of select="@in-use"/></td>
    </tr>
  </xsl:template>

  <xsl:template match="template-refused">
    <div class="alert alert-error" role="alert">
      <p><xsl:value-of select="i:t('templates.refused')"/></p>
      <p>
        <xsl:if test="@line">
          <xsl:value-of select="i:t('templates.refused.line')"/>
          <xsl:text> </xsl:text>
          <xsl:value-of select="@line"/>
          <xsl:text>: </xsl:text>
        </xsl:if>
        <xsl:value-of select="@reason"/>
      </p>
    </div>
  </xsl:template>

  <xsl:template match="template-dry-run">
    <div class="alert" role="status">
      <p>
        <xsl:choose>
          <xsl:when test="@new = '1'"><xsl:value-of select="i:t('templates.dry_run.new')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="i:t('templates.dry_run.version')"/></xsl:otherwise>
        </xsl:choose>
        <xsl:text> </xsl:text>
        <code><xsl:value-of select="@key"/></code>
        <xsl:text>, </xsl:text>
        <xsl:value-of select="i:t('templates.col.version')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="@number"/>
        <xsl:text>. </xsl:text>
        <xsl:value-of select="i:t('templates.dry_run.nothing')"/>
      </p>
      <p>
        <xsl:value-of select="count(template/form/section)"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="i:t('templates.sections')"/>
        <xsl:text>, </xsl:text>
        <xsl:value-of select="count(template/scale)"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="i:t('templates.scales')"/>
      </p>
    </div>
  </xsl:template>

</xsl:stylesheet>
