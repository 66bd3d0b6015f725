<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_profile.xsl - GET /admin/profiles/{id} and a refused POST: edit a
  job profile's key, names and competences.
  Input: /page/profile (@id, @key, @name, @name-en, @keys: the competence
  keys in order, @version, @employees; competence (@id, @key, @name,
  @name-en) in order, area (@id, @key, @name, @name-en, @goals: the key
  result areas, issue 16) in order), /page/competences (all, to choose from),
  /page/alert/@key (a conflict), /page/refused-key/@key,
  /page/form[@name='profile'], /page/form[@name='area'] (a refused change
  of the areas; @area: the area's row), /page/audit/entry.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="admin_profiles.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="p" select="/page/profile"/>
  <!-- a refused change of the key result areas: @area names the row's area,
       none the new one -->
  <xsl:variable name="af" select="/page/form[@name='area']"/>

  <xsl:template name="page-title">
    <xsl:value-of select="$p/@name"/>
    <xsl:text> – </xsl:text>
    <xsl:value-of select="i:t('admin.profile.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p><a href="/admin/profiles"><xsl:value-of select="i:t('admin.profile.back')"/></a></p>
      <h1><xsl:for-each select="$p"><xsl:call-template name="competence-name"/></xsl:for-each></h1>
      <p><xsl:value-of select="i:t('admin.profiles.employees')"/>: <xsl:value-of select="$p/@employees"/></p>
    </div>

    <xsl:if test="alert">
      <div class="alert alert-error" role="alert">
        <p><xsl:value-of select="i:t(string(alert/@key))"/></p>
      </div>
    </xsl:if>
    <xsl:if test="not(alert)">
      <xsl:call-template name="form-alert"><xsl:with-param name="form" select="$pf"/></xsl:call-template>
    </xsl:if>

    <section class="section" aria-labelledby="current-title">
      <h2 id="current-title"><xsl:value-of select="i:t('admin.profiles.competences')"/></h2>
      <xsl:choose>
        <xsl:when test="$p/competence">
          <ol>
            <xsl:for-each select="$p/competence">
              <li><a href="/admin/competences/{@id}"><xsl:call-template name="competence-name"/></a></li>
            </xsl:for-each>
          </ol>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('admin.profile.none')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>

    <section class="section" id="areas" aria-labelledby="areas-title">
      <h2 id="areas-title"><xsl:value-of select="i:t('admin.profile.areas')"/></h2>
      <p class="field-help"><xsl:value-of select="i:t('admin.profile.areas.help')"/></p>
      <xsl:if test="$af/@error = '1'">
        <div class="alert alert-error" role="alert">
          <p><xsl:value-of select="i:t('form.error.summary')"/></p>
          <!-- what no field of the page shows: a change without its area
               or op (not sent by these forms) -->
          <xsl:for-each select="$af[not(@area)]/field[@name = 'area' or @name = 'op'][@error]">
            <p><xsl:value-of select="@name"/>: <xsl:value-of select="i:t(string(@error))"/></p>
          </xsl:for-each>
        </div>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="$p/area">
          <ol class="area-list">
            <xsl:for-each select="$p/area">
              <li><xsl:call-template name="area-row"/></li>
            </xsl:for-each>
          </ol>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('admin.profile.areas.none')"/></p>
        </xsl:otherwise>
      </xsl:choose>
      <h3 id="area-new-title"><xsl:value-of select="i:t('admin.profile.area.new')"/></h3>
      <form method="post" action="/admin/profiles/{$p/@id}/areas" class="form" aria-labelledby="area-new-title">
        <xsl:variable name="nf" select="$af[not(@area)]"/>
        <xsl:call-template name="csrf-input"/>
        <input type="hidden" name="version" value="{$p/@version}"/>
        <xsl:call-template name="f-input">
          <xsl:with-param name="form" select="$nf"/>
          <xsl:with-param name="prefix" select="'area-new'"/>
          <xsl:with-param name="name" select="'area_key'"/>
          <xsl:with-param name="label" select="i:t('admin.competence.field.key')"/>
          <xsl:with-param name="hint" select="i:t('admin.competence.field.key.hint')"/>
          <xsl:with-param name="maxlength" select="'64'"/>
        </xsl:call-template>
        <xsl:call-template name="f-input">
          <xsl:with-param name="form" select="$nf"/>
          <xsl:with-param name="prefix" select="'area-new'"/>
          <xsl:with-param name="name" select="'area_name'"/>
          <xsl:with-param name="label" select="i:t('admin.competence.field.name')"/>
          <xsl:with-param name="maxlength" select="'200'"/>
        </xsl:call-template>
        <xsl:call-template name="f-input">
          <xsl:with-param name="form" select="$nf"/>
          <xsl:with-param name="prefix" select="'area-new'"/>
          <xsl:with-param name="name" select="'area_name_en'"/>
          <xsl:with-param name="label" select="i:t('admin.competence.field.name_en')"/>
          <xsl:with-param name="hint" select="i:t('admin.competence.field.en.hint')"/>
          <xsl:with-param name="maxlength" select="'200'"/>
        </xsl:call-template>
        <div class="form-actions">
          <button type="submit" name="op" value="add" id="area-add" class="button button-primary">
            <xsl:value-of select="i:t('admin.profile.area.add')"/>
          </button>
        </div>
      </form>
    </section>

    <section class="section" aria-labelledby="edit-title">
      <h2 id="edit-title"><xsl:value-of select="i:t('admin.profile.edit')"/></h2>
      <form method="post" action="/admin/profiles/{$p/@id}" class="form">
        <xsl:call-template name="csrf-input"/>
        <xsl:call-template name="version-input">
          <xsl:with-param name="form" select="$pf[not(/page/alert)]"/>
          <xsl:with-param name="version" select="$p/@version"/>
        </xsl:call-template>
        <xsl:call-template name="profile-fields">
          <xsl:with-param name="p" select="$p"/>
        </xsl:call-template>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            <xsl:value-of select="i:t('admin.profile.save')"/>
          </button>
        </div>
      </form>
    </section>
    <xsl:call-template name="available"/>
    <xsl:call-template name="audit-section"/>
  </xsl:template>

  <!-- One key result area (context: profile/area) as a form of its own:
       its names, moved up or down, removed while no result goal names it. -->
  <xsl:template name="area-row">
    <xsl:variable name="rf" select="$af[@area = current()/@id]"/>
    <xsl:variable name="prefix" select="concat('area-', @id)"/>
    <form method="post" action="/admin/profiles/{$p/@id}/areas" class="form area-row">
      <xsl:call-template name="csrf-input"/>
      <input type="hidden" name="version" value="{$p/@version}"/>
      <input type="hidden" name="area" value="{@id}"/>
      <fieldset>
        <legend>
          <code><xsl:value-of select="@key"/></code><xsl:text> – </xsl:text>
          <xsl:call-template name="competence-name"/>
        </legend>
        <xsl:if test="$rf/field[@name = 'area']/@error">
          <p class="field-error" role="alert" id="{$prefix}-error">
            <xsl:value-of select="i:t(string($rf/field[@name = 'area']/@error))"/>
          </p>
        </xsl:if>
        <xsl:call-template name="f-input">
          <xsl:with-param name="form" select="$rf"/>
          <xsl:with-param name="prefix" select="$prefix"/>
          <xsl:with-param name="name" select="'area_name'"/>
          <xsl:with-param name="label" select="i:t('admin.competence.field.name')"/>
          <xsl:with-param name="default" select="string(@name)"/>
          <xsl:with-param name="maxlength" select="'200'"/>
        </xsl:call-template>
        <xsl:call-template name="f-input">
          <xsl:with-param name="form" select="$rf"/>
          <xsl:with-param name="prefix" select="$prefix"/>
          <xsl:with-param name="name" select="'area_name_en'"/>
          <xsl:with-param name="label" select="i:t('admin.competence.field.name_en')"/>
          <xsl:with-param name="default" select="string(@name-en)"/>
          <xsl:with-param name="maxlength" select="'200'"/>
        </xsl:call-template>
        <xsl:if test="@goals &gt; 0">
          <p class="field-help"><xsl:value-of select="i:t('admin.profile.area.goals')"/>: <xsl:value-of select="@goals"/></p>
        </xsl:if>
        <div class="form-actions">
          <button type="submit" name="op" value="save" id="{$prefix}-save" class="button">
            <xsl:value-of select="i:t('admin.profile.area.save')"/>
          </button>
          <xsl:if test="position() &gt; 1">
            <button type="submit" name="op" value="up" id="{$prefix}-up" class="button">
              <xsl:value-of select="i:t('admin.profile.area.up')"/>
            </button>
          </xsl:if>
          <xsl:if test="position() &lt; last()">
            <button type="submit" name="op" value="down" id="{$prefix}-down" class="button">
              <xsl:value-of select="i:t('admin.profile.area.down')"/>
            </button>
          </xsl:if>
          <xsl:if test="not(@goals &gt; 0)">
            <button type="submit" name="op" value="remove" id="{$prefix}-remove" class="button">
              <xsl:value-of select="i:t('admin.profile.area.remove')"/>
            </button>
          </xsl:if>
        </div>
      </fieldset>
    </form>
  </xsl:template>

</xsl:stylesheet>
