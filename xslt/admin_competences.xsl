<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_competences.xsl - GET /admin/competences and a refused
  POST /admin/competences: the competence dictionary and a form for a new
  competence (its indicators per level are added on its own page).
  Input: /page/competences/competence (@id, @key, @name, @name-en,
  @levels: levels with indicators, @profiles: profiles naming it),
  /page/form[@name='competence'] (as typed, with errors); after
  POST /admin/competences/import: /page/form[@name='competence-import'],
  /page/import-problems (@total; problem (@line, text)) when the file was
  refused, or /page/import-result (@mode dry-run|apply, @competences-added,
  -changed, -same, @profiles-added, -changed, -same).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>
  <xsl:include href="admin_parts.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="f" select="/page/form[@name='competence']"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('admin.competences.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p><a href="/admin"><xsl:value-of select="i:t('admin.org.back')"/></a></p>
      <h1><xsl:value-of select="i:t('admin.competences.title')"/></h1>
      <p class="lead"><xsl:value-of select="i:t('admin.competences.intro')"/></p>
      <p><a href="/admin/profiles"><xsl:value-of select="i:t('admin.profiles.title')"/></a></p>
    </div>

    <section class="section" aria-labelledby="list-title">
      <h2 id="list-title"><xsl:value-of select="i:t('admin.competences.list')"/></h2>
      <xsl:choose>
        <xsl:when test="competences/competence">
          <div class="table-wrap">
            <table class="list stack">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('admin.competence.field.name')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.competence.field.key')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.competences.levels')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.competences.profiles')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="competences/competence">
                  <tr>
                    <th scope="row">
                      <a href="/admin/competences/{@id}"><xsl:call-template name="competence-name"/></a>
                    </th>
                    <td data-label="{i:t('admin.competence.field.key')}"><code><xsl:value-of select="@key"/></code></td>
                    <td data-label="{i:t('admin.competences.levels')}"><xsl:value-of select="@levels"/></td>
                    <td data-label="{i:t('admin.competences.profiles')}"><xsl:value-of select="@profiles"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('admin.competences.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>

    <xsl:call-template name="xml-section"/>

    <section class="section" aria-labelledby="new-title">
      <h2 id="new-title"><xsl:value-of select="i:t('admin.competences.new')"/></h2>
      <xsl:call-template name="form-alert"><xsl:with-param name="form" select="$f"/></xsl:call-template>
      <form method="post" action="/admin/competences" class="form">
        <xsl:call-template name="csrf-input"/>
        <xsl:call-template name="competence-fields"/>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            <xsl:value-of select="i:t('admin.competences.create')"/>
          </button>
        </div>
      </form>
    </section>
  </xsl:template>

  <!-- Export and import as XML (competences.xsd), with a dry run first. -->
  <xsl:template name="xml-section">
    <xsl:variable name="imp" select="/page/form[@name='competence-import']"/>
    <xsl:variable name="file-error" select="string($imp/field[@name='file']/@error)"/>
    <section class="section" aria-labelledby="xml-title">
      <h2 id="xml-title"><xsl:value-of select="i:t('admin.competences.xml')"/></h2>
      <p>
        <a href="/admin/competences/export" download="competenties.xml">
          <xsl:value-of select="i:t('admin.competences.export')"/>
        </a>
      </p>
      <xsl:if test="/page/import-problems">
        <div class="alert alert-error" role="alert">
          <p><xsl:value-of select="i:t('admin.competences.import.refused')"/></p>
          <ul>
            <xsl:for-each select="/page/import-problems/problem">
              <li>
                <xsl:if test="@line != '0'">
                  <xsl:value-of select="i:t('admin.competences.import.line')"/>
                  <xsl:text> </xsl:text>
                  <xsl:value-of select="@line"/>
                  <xsl:text>: </xsl:text>
                </xsl:if>
                <xsl:value-of select="."/>
              </li>
            </xsl:for-each>
          </ul>
          <xsl:if test="/page/import-problems/@total &gt; count(/page/import-problems/problem)">
            <p><xsl:value-of select="i:t('admin.competences.import.more')"/></p>
          </xsl:if>
        </div>
      </xsl:if>
      <xsl:for-each select="/page/import-result">
        <div class="alert alert-success" role="status">
          <p><xsl:value-of select="i:t(concat('admin.competences.import.done.', @mode))"/></p>
          <ul>
            <li><xsl:value-of select="i:t('admin.competences.import.competences')"/>: <xsl:value-of select="@competences-added"/><xsl:text> </xsl:text><xsl:value-of select="i:t('admin.competences.import.added')"/>, <xsl:value-of select="@competences-changed"/><xsl:text> </xsl:text><xsl:value-of select="i:t('admin.competences.import.changed')"/>, <xsl:value-of select="@competences-same"/><xsl:text> </xsl:text><xsl:value-of select="i:t('admin.competences.import.same')"/></li>
            <li><xsl:value-of select="i:t('admin.competences.profiles')"/>: <xsl:value-of select="@profiles-added"/><xsl:text> </xsl:text><xsl:value-of select="i:t('admin.competences.import.added')"/>, <xsl:value-of select="@profiles-changed"/><xsl:text> </xsl:text><xsl:value-of select="i:t('admin.competences.import.changed')"/>, <xsl:value-of select="@profiles-same"/><xsl:text> </xsl:text><xsl:value-of select="i:t('admin.competences.import.same')"/></li>
          </ul>
        </div>
      </xsl:for-each>
      <form method="post" action="/admin/competences/import" enctype="multipart/form-data" class="form">
        <xsl:call-template name="csrf-input"/>
        <div>
          <xsl:attribute name="class">field<xsl:if test="$file-error != ''"> field-invalid</xsl:if></xsl:attribute>
          <label for="import-file"><xsl:value-of select="i:t('admin.competences.import.file')"/></label>
          <xsl:if test="$file-error != ''">
            <span class="field-error" id="import-file-error"><xsl:value-of select="i:t($file-error)"/></span>
          </xsl:if>
          <input type="file" id="import-file" name="file" required="required" accept=".xml,application/xml,text/xml">
            <xsl:if test="$file-error != ''">
              <xsl:attribute name="aria-invalid">true</xsl:attribute>
              <xsl:attribute name="aria-describedby">import-file-error</xsl:attribute>
            </xsl:if>
          </input>
        </div>
        <fieldset>
          <legend><xsl:value-of select="i:t('import.field.mode')"/></legend>
          <div class="field">
            <label for="import-mode-dry">
              <input type="radio" id="import-mode-dry" name="mode" value="dry-run" checked="checked"/>
              <xsl:text> </xsl:text>
              <xsl:value-of select="i:t('import.mode.dry_run')"/>
            </label>
          </div>
          <div class="field">
            <label for="import-mode-apply">
              <input type="radio" id="import-mode-apply" name="mode" value="apply"/>
              <xsl:text> </xsl:text>
              <xsl:value-of select="i:t('import.mode.apply')"/>
            </label>
          </div>
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button"><xsl:value-of select="i:t('import.submit')"/></button>
        </div>
      </form>
    </section>
  </xsl:template>

  <!-- The name in the reader's language; Dutch when no English is given. -->
  <xsl:template name="competence-name">
    <xsl:choose>
      <xsl:when test="/page/@lang = 'en' and string(@name-en) != ''"><xsl:value-of select="@name-en"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@name"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- key, names and definitions: the fields of a new competence and of an edit. -->
  <xsl:template name="competence-fields">
    <xsl:param name="c" select="/.."/>
    <xsl:call-template name="f-input">
      <xsl:with-param name="form" select="$f"/>
      <xsl:with-param name="prefix" select="'competence'"/>
      <xsl:with-param name="name" select="'key'"/>
      <xsl:with-param name="label" select="i:t('admin.competence.field.key')"/>
      <xsl:with-param name="hint" select="i:t('admin.competence.field.key.hint')"/>
      <xsl:with-param name="default" select="string($c/@key)"/>
      <xsl:with-param name="maxlength" select="'64'"/>
    </xsl:call-template>
    <xsl:call-template name="f-input">
      <xsl:with-param name="form" select="$f"/>
      <xsl:with-param name="prefix" select="'competence'"/>
      <xsl:with-param name="name" select="'name'"/>
      <xsl:with-param name="label" select="i:t('admin.competence.field.name')"/>
      <xsl:with-param name="default" select="string($c/@name)"/>
      <xsl:with-param name="maxlength" select="'200'"/>
    </xsl:call-template>
    <xsl:call-template name="f-input">
      <xsl:with-param name="form" select="$f"/>
      <xsl:with-param name="prefix" select="'competence'"/>
      <xsl:with-param name="name" select="'name_en'"/>
      <xsl:with-param name="label" select="i:t('admin.competence.field.name_en')"/>
      <xsl:with-param name="hint" select="i:t('admin.competence.field.en.hint')"/>
      <xsl:with-param name="default" select="string($c/@name-en)"/>
      <xsl:with-param name="maxlength" select="'200'"/>
    </xsl:call-template>
    <xsl:call-template name="f-textarea">
      <xsl:with-param name="form" select="$f"/>
      <xsl:with-param name="prefix" select="'competence'"/>
      <xsl:with-param name="name" select="'definition'"/>
      <xsl:with-param name="label" select="i:t('admin.competence.field.definition')"/>
      <xsl:with-param name="default" select="string($c/definition)"/>
    </xsl:call-template>
    <xsl:call-template name="f-textarea">
      <xsl:with-param name="form" select="$f"/>
      <xsl:with-param name="prefix" select="'competence'"/>
      <xsl:with-param name="name" select="'definition_en'"/>
      <xsl:with-param name="label" select="i:t('admin.competence.field.definition_en')"/>
      <xsl:with-param name="hint" select="i:t('admin.competence.field.en.hint')"/>
      <xsl:with-param name="default" select="string($c/definition-en)"/>
    </xsl:call-template>
    <fieldset>
      <legend><xsl:value-of select="i:t('admin.competence.levels')"/></legend>
      <p class="field-help"><xsl:value-of select="i:t('admin.competence.levels.hint')"/></p>
      <xsl:call-template name="level-fields">
        <xsl:with-param name="c" select="$c"/>
      </xsl:call-template>
    </fieldset>
  </xsl:template>

  <!-- The indicators of levels $n .. 10 (routes.c declares level1 .. level10),
       in Dutch and in English. -->
  <xsl:template name="level-fields">
    <xsl:param name="c" select="/.."/>
    <xsl:param name="n" select="1"/>
    <xsl:call-template name="f-textarea">
      <xsl:with-param name="form" select="$f"/>
      <xsl:with-param name="prefix" select="'competence'"/>
      <xsl:with-param name="name" select="concat('level', $n)"/>
      <xsl:with-param name="label" select="concat(i:t('admin.competence.level'), ' ', $n)"/>
      <xsl:with-param name="default" select="string($c/level[@n = $n]/nl)"/>
    </xsl:call-template>
    <xsl:call-template name="f-textarea">
      <xsl:with-param name="form" select="$f"/>
      <xsl:with-param name="prefix" select="'competence'"/>
      <xsl:with-param name="name" select="concat('level', $n, '_en')"/>
      <xsl:with-param name="label" select="concat(i:t('admin.competence.level'), ' ', $n, ' ', i:t('admin.competence.in_english'))"/>
      <xsl:with-param name="default" select="string($c/level[@n = $n]/en)"/>
    </xsl:call-template>
    <xsl:if test="$n &lt; 10">
      <xsl:call-template name="level-fields">
        <xsl:with-param name="c" select="$c"/>
        <xsl:with-param name="n" select="$n + 1"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- The last changes of the competence or profile (org_audit_xml). -->
  <xsl:template name="audit-section">
    <section class="section" aria-labelledby="audit-title">
      <h2 id="audit-title"><xsl:value-of select="i:t('admin.org.audit.title')"/></h2>
      <xsl:choose>
        <xsl:when test="/page/audit/entry">
          <div class="table-wrap">
            <table class="list stack">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('audit.at')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('audit.actor')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('audit.what')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('audit.detail')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="/page/audit/entry"><xsl:call-template name="audit-row"/></xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('audit.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

</xsl:stylesheet>
